/*
 * test_bytes.c - the word-at-a-time tests and masks of bytes.h agree
 * with a byte at a time: every byte value, in every place of a word,
 * among bytes that answer no and bytes that answer yes.
 */
#include "test_common.h"

#include "bytes.h"

/* Fillers: one that no test flags, and the edges of each range. */
static const unsigned char fillers[] = {'a', 0x00, 0x1F, 0x20, 0x7E, 0x7F,
                                        0x80, 0xFF};

static int
any(const unsigned char *s, int (*flag)(unsigned char))
{
	int i;

	for (i = 0; i < CRIER_WORD_BYTES; i++)
		if (flag(s[i]))
			return 1;
	return 0;
}

static int below_space(unsigned char b) { return b < 0x20; }
static int above_tilde(unsigned char b) { return b > 0x7E; }
static int above_del(unsigned char b) { return b > 0x7F; }
static int is_lt(unsigned char b) { return b == '<'; }
static int not_printable(unsigned char b) { return b < 0x20 || b > 0x7E; }

/* The high bit of each byte of S that FLAG picks, as the masks give it. */
static uint64_t
mask_of(const unsigned char *s, int (*flag)(unsigned char))
{
	unsigned char m[CRIER_WORD_BYTES];
	int i;

	for (i = 0; i < CRIER_WORD_BYTES; i++)
		m[i] = flag(s[i]) ? 0x80 : 0;
	return crier_word_at(m);
}

static int below_a(unsigned char b) { return b < 'a'; }
static int is_space(unsigned char b) { return b == ' '; }

/* Each word: filler F everywhere but byte value V at place AT. */
static void
agree_on_every_word(void **state)
{
	unsigned char s[CRIER_WORD_BYTES];
	size_t f;
	int v, at;
	uint64_t w;

	(void)state;
	for (f = 0; f < sizeof(fillers); f++) {
		for (v = 0; v < 256; v++) {
			for (at = 0; at < CRIER_WORD_BYTES; at++) {
				memset(s, fillers[f], sizeof(s));
				s[at] = (unsigned char)v;
				w = crier_word_at(s);
				assert_int_equal(crier_word_has_below(w, 0x20),
				                 any(s, below_space));
				assert_int_equal(crier_word_has_above(w, 0x7E),
				                 any(s, above_tilde));
				assert_int_equal(crier_word_has_above(w, 0x7F),
				                 any(s, above_del));
				assert_int_equal(crier_word_has(w, '<'),
				                 any(s, is_lt));
				assert_int_equal(crier_word_is_printable(w),
				                 !any(s, not_printable));
				assert_true(crier_word_below_mask(w, 'a') ==
				            mask_of(s, below_a));
				assert_true(crier_word_equal_mask(w, ' ') ==
				            mask_of(s, is_space));
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agree_on_every_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
