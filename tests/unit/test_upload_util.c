/*
 * test_upload_util.c - what the ftp, sftp and s3 transports share: target
 * URLs taken apart without their secrets, and temporary names.
 */
#include "test_common.h"

#include "crier.h"
#include "upload_util.h"

/* A URL's parts come out decoded, with the user name kept for logins. */
static void
test_parse_parts(void **state)
{
	struct crier_diags *d = crier_diags_new();
	struct crier_upload_url u;

	(void)state;
	assert_int_equal(crier_upload_parse_url(
	    "sftp://deploy%2B1@web.example.org:2222/srv/my%20feeds/", &u, d), 0);
	assert_string_equal(u.host, "web.example.org");
	assert_string_equal(u.user, "deploy+1");
	assert_string_equal(u.path, "/srv/my feeds/");
	assert_int_equal(u.port, 2222);
	/* Messages never show the user name. */
	assert_null(strstr(u.shown, "deploy"));
	crier_upload_url_free(&u);
	assert_int_equal(crier_diags_count(d), 0);
	crier_diags_free(d);
}

/* An IPv6 literal loses its brackets; no path means the root. */
static void
test_parse_ipv6_no_path(void **state)
{
	struct crier_diags *d = crier_diags_new();
	struct crier_upload_url u;

	(void)state;
	assert_int_equal(crier_upload_parse_url("s3://[::1]", &u, d), 0);
	assert_string_equal(u.host, "::1");
	assert_null(u.user);
	assert_string_equal(u.path, "/");
	assert_int_equal(u.port, 0);
	crier_upload_url_free(&u);
	crier_diags_free(d);
}

/* A password in the URL is refused, and not repeated in the message. */
static void
test_parse_refuses_password(void **state)
{
	struct crier_diags *d = crier_diags_new();
	struct crier_upload_url u;
	const struct crier_diag *e;

	(void)state;
	assert_int_equal(crier_upload_parse_url(
	    "ftp://crier:hunter2@ftp.example.org/feeds/", &u, d), -1);
	assert_int_equal(crier_diags_error_count(d), 1);
	e = crier_diags_get(d, 0);
	assert_null(strstr(e->file, "hunter2"));
	assert_null(strstr(e->message, "hunter2"));
	assert_non_null(strstr(e->message, "netrc"));
	crier_diags_free(d);
}

/* A temporary name sits beside its target, hidden, the same every run. */
static void
test_temp_name(void **state)
{
	char *t;

	(void)state;
	t = crier_upload_temp_name("xen/feed.atom");
	assert_string_equal(t, "xen/.feed.atom.crier-tmp");
	free(t);
	t = crier_upload_temp_name("/srv/www/index.html");
	assert_string_equal(t, "/srv/www/.index.html.crier-tmp");
	free(t);
	t = crier_upload_temp_name("talks.ics");
	assert_string_equal(t, ".talks.ics.crier-tmp");
	free(t);
}

/* ~/.ssh follows HOME; an option wins; trailing slashes go. */
static void
test_ssh_dir(void **state)
{
	char *dir;

	(void)state;
	setenv("HOME", "/home/test", 1);
	dir = crier_upload_ssh_dir(NULL);
	assert_string_equal(dir, "/home/test/.ssh");
	free(dir);
	dir = crier_upload_ssh_dir("/etc/crier/ssh//");
	assert_string_equal(dir, "/etc/crier/ssh");
	free(dir);
}

/*
 * A status line keeps its reason phrase, printable, and forgets the last
 * ETag; an ETag with a blank or a control character is not kept, since
 * it would break its line of the state file.
 */
static void
header_line(const char *line, char *phrase, size_t size, char **etag)
{
	crier_http_header_line(line, strlen(line), phrase, size, etag);
}

static void
test_header_line(void **state)
{
	char phrase[16] = "old", *etag = NULL;
	static const char status[] = "HTTP/1.1 404 Not\x1b[31m Found\r\n";

	(void)state;
	crier_http_header_line(status, sizeof(status) - 1, phrase,
	                       sizeof(phrase), &etag);
	assert_string_equal(phrase, "Not?[31m Found");
	header_line("ETag:  \"ab-1\" \r\n", phrase,
	                       sizeof(phrase), &etag);
	assert_non_null(etag);
	assert_string_equal(etag, "\"ab-1\"");
	header_line("etag: \"a\tb\"\r\n", NULL, 0, &etag);
	assert_null(etag);
	header_line("ETag: \"c\"\r\n", NULL, 0, &etag);
	assert_string_equal(etag, "\"c\"");
	header_line("HTTP/2 200\r\n", phrase, sizeof(phrase),
	                       &etag);
	assert_null(etag);
	assert_string_equal(phrase, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_parts),
		cmocka_unit_test(test_parse_ipv6_no_path),
		cmocka_unit_test(test_parse_refuses_password),
		cmocka_unit_test(test_temp_name),
		cmocka_unit_test(test_ssh_dir),
		cmocka_unit_test(test_header_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
