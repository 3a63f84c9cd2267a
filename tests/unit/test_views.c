/*
 * test_views.c - the slugs that name facet feeds (views.c).
 */
#include "test_common.h"

#include "model.h"

static void
expect(const char *value, const char *want)
{
	char *got = crier_facet_slug(value);

	assert_string_equal(got, want);
	free(got);
}

/* ASCII: lower case, every run of other characters one '-'. */
static void
keeps_ascii_words(void **state)
{
	(void)state;
	expect("Virtualization", "virtualization");
	expect("UD2.120 (Chavanne)", "ud2-120-chavanne");
	expect("  Go -- and   Rust!  ", "go-and-rust");
	expect("C++", "c");
	expect("++", "");
}

/* Latin letters lose their accents; two-letter ones stay two letters. */
static void
drops_accents(void **state)
{
	(void)state;
	expect("Jürgen Groß", "jurgen-gross");
	expect("Sécurité & Privacy", "securite-privacy");
	expect("Ævar Þór", "aevar-thor");
	expect("Łukasz Ĳssel Œuvre", "lukasz-ijssel-oeuvre");
	expect("a×b÷c", "a-b-c");
	expect("Foo — “Bar”\xc2\xa0" "baz", "foo-bar-baz");
}

/* Other scripts: each character its code point, apart. */
static void
writes_other_characters_as_code_points(void **state)
{
	(void)state;
	expect("李雷", "u674e-u96f7");
	expect("李、雷", "u674e-u96f7");
	expect("Ops 🚀 team", "ops-u1f680-team");
	expect("Ελένη", "u0395-u03bb-u03ad-u03bd-u03b7");
}

/* At most 63 bytes, never ending in a separator. */
static void
stays_short(void **state)
{
	char *got;

	(void)state;
	got = crier_facet_slug("a very long track name that goes on and on "
	                       "and on well past any sensible file name");
	assert_true(strlen(got) <= 63);
	assert_string_equal(got, "a-very-long-track-name-that-goes-on-and-on-"
	                         "and-on-well-past-any");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_ascii_words),
		cmocka_unit_test(drops_accents),
		cmocka_unit_test(writes_other_characters_as_code_points),
		cmocka_unit_test(stays_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
