/*
 * test_upload_util.c - what the transports share: target URLs taken
 * apart without their secrets, temporary names, and what a conditional
 * HEAD's answer says.
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

/* crier_probe_answer() for STATUS, KNOWN and a copy of ETAG. */
static enum crier_probe_result
probe(long status, const char *known, const char *etag, char **out)
{
	char *server = etag != NULL ? strdup(etag) : NULL;
	enum crier_probe_result r = crier_probe_answer(status, known, &server,
	                                               out);

	assert_null(server);
	return r;
}

/*
 * One rule for HTTP and S3: 304 and a 2xx with the known ETag are the
 * file put last; a 2xx with another ETag, 404 and 410 (gone) mean send it
 * again; no answer, 403 or 5xx say nothing.
 */
static void
test_probe_answer(void **state)
{
	char *etag;

	(void)state;
	assert_int_equal(probe(304, "\"a\"", "\"a\"", &etag),
	                 CRIER_PROBE_SAME);
	assert_string_equal(etag, "\"a\"");
	free(etag);
	/* A 304 without an ETag keeps the one known. */
	assert_int_equal(probe(304, "\"a\"", NULL, &etag), CRIER_PROBE_SAME);
	assert_string_equal(etag, "\"a\"");
	free(etag);
	assert_int_equal(probe(200, "\"a\"", "\"a\"", &etag),
	                 CRIER_PROBE_SAME);
	free(etag);
	assert_int_equal(probe(200, "\"a\"", "\"b\"", &etag),
	                 CRIER_PROBE_CHANGED);
	assert_string_equal(etag, "\"b\"");
	free(etag);
	/* Without a known ETag, a 2xx only reads the server's. */
	assert_int_equal(probe(200, NULL, "\"b\"", &etag),
	                 CRIER_PROBE_CHANGED);
	assert_string_equal(etag, "\"b\"");
	free(etag);
	assert_int_equal(probe(404, "\"a\"", NULL, &etag),
	                 CRIER_PROBE_CHANGED);
	assert_null(etag);
	/* S3 once took 410 for "cannot tell"; the file is gone either way. */
	assert_int_equal(probe(410, "\"a\"", "\"x\"", &etag),
	                 CRIER_PROBE_CHANGED);
	assert_null(etag);
	assert_int_equal(probe(0, "\"a\"", NULL, &etag), CRIER_PROBE_UNKNOWN);
	assert_null(etag);
	assert_int_equal(probe(403, "\"a\"", NULL, &etag),
	                 CRIER_PROBE_UNKNOWN);
	assert_int_equal(probe(503, "\"a\"", "\"a\"", &etag),
	                 CRIER_PROBE_UNKNOWN);
	assert_null(etag);
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
		cmocka_unit_test(test_probe_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
