/*
 * cli_serve_http.c - crier serve's answers to HTTP requests (see
 * cli_serve.h).  libmicrohttpd parses HTTP; this file only picks the
 * file, its content type and, for pages, adds the reload script.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli_serve.h"

/* The ABI name of libmicrohttpd since 0.9.53. */
CRIER_LAZY_LIBRARY(crier_mhd_api, crier_mhd, "libmicrohttpd.so.12",
                   CRIER_MHD_FUNCTIONS);

#define GENERATION_URL "/.crier/generation"

/* The types a host should send (crier(1), FILES), by file name suffix. */
static const struct {
	const char *suffix, *type;
} types[] = {
	{".atom", "application/atom+xml"},
	{".rss", "application/rss+xml"},
	{".json", "application/feed+json"},
	{".ics", "text/calendar; charset=utf-8"},
	{".html", "text/html; charset=utf-8"},
	{".xsl", "application/xml"},
	{".xml", "application/xml"},
};

/*
 * A browser (whose Accept starts with text/html) gets feeds as
 * application/xml: the only type under which every browser applies
 * their stylesheet, feed.xsl, instead of showing the XML as text.
 */
static const char *
content_type(struct MHD_Connection *c, const char *path)
{
	const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                                 "Accept");
	size_t len = strlen(path), n, i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		n = strlen(types[i].suffix);
		if (len <= n || strcmp(path + len - n, types[i].suffix) != 0)
			continue;
		if (i < 2 && accept != NULL &&
		    strncmp(accept, "text/html", 9) == 0)
			return "application/xml";
		return types[i].type;
	}
	return "application/octet-stream";
}

char *
crier_serve_script(unsigned long generation)
{
	struct crier_buf b = {0};

	crier_buf_printf(&b, "<script>/* crier serve: reloads the page when "
	    "the records change; published pages have no script. */\n"
	    "(function () {\n"
	    "  function poll() {\n"
	    "    fetch(\"" GENERATION_URL "\", {cache: \"no-store\"})\n"
	    "      .then(function (r) { return r.text(); })\n"
	    "      .then(function (t) {\n"
	    "        if (t !== \"%lu\") location.reload();\n"
	    "        else setTimeout(poll, 250);\n"
	    "      }, function () { setTimeout(poll, 1000); });\n"
	    "  }\n"
	    "  setTimeout(poll, 250);\n"
	    "})();\n"
	    "</script>\n", generation);
	return crier_buf_take(&b);
}

/* Queues TEXT (LEN bytes, then owned by the response) with STATUS. */
static enum MHD_Result
answer_text(struct MHD_Connection *c, unsigned status, const char *type,
            char *text, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text,
	    MHD_RESPMEM_MUST_FREE);
	enum MHD_Result rc;

	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
answer_status(struct MHD_Connection *c, unsigned status, const char *text)
{
	char *copy = strdup(text);

	if (copy == NULL)
		abort();
	return answer_text(c, status, "text/plain; charset=utf-8", copy,
	                   strlen(copy));
}

/* A page read from FD, with the reload script before its </body>. */
static enum MHD_Result
answer_page(struct MHD_Connection *c, int fd, size_t size,
            unsigned long generation)
{
	struct crier_buf b = {0};
	char *page = malloc(size + 1), *script, *end;
	ssize_t n;
	size_t done = 0;

	if (page == NULL)
		abort();
	while (done < size && (n = read(fd, page + done, size - done)) > 0)
		done += (size_t)n;
	close(fd);
	page[done] = '\0';
	end = strstr(page, "</body>");
	if (end == NULL)
		end = page + done;
	script = crier_serve_script(generation);
	crier_buf_add(&b, page, (size_t)(end - page));
	crier_buf_puts(&b, script);
	crier_buf_puts(&b, end);
	free(script);
	free(page);
	n = (ssize_t)b.len;
	return answer_text(c, 200, "text/html; charset=utf-8",
	                   crier_buf_take(&b), (size_t)n);
}

/*
 * Whether URL may name an output: no segment that starts with '.', so
 * neither "..", which would leave the directory, nor the ledger; no
 * control character, which a Location header could not carry.
 * libmicrohttpd has already decoded %2e and the like.
 */
static int
is_servable(const char *url)
{
	const char *p;

	if (url[0] != '/')
		return 0;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	for (p = url; p != NULL; p = strchr(p + 1, '/'))
		if (p[1] == '.')
			return 0;
	return strchr(url, '\\') == NULL;
}

/* With several sources, "/" lists them. */
static enum MHD_Result
answer_listing(struct MHD_Connection *c, const struct serve_site *site,
               unsigned long generation)
{
	struct crier_buf b = {0};
	char *script = crier_serve_script(generation);
	size_t len;
	int i;

	crier_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	               "<meta charset=\"utf-8\"><title>crier serve</title>"
	               "</head><body>\n<h1>Feed sources</h1>\n<ul>\n");
	for (i = 0; i < site->source_count; i++) {
		crier_buf_puts(&b, "<li><a href=\"");
		crier_buf_html(&b, site->names[i]);
		crier_buf_puts(&b, "/\">");
		crier_buf_html(&b, site->names[i]);
		crier_buf_puts(&b, "</a></li>\n");
	}
	crier_buf_puts(&b, "</ul>\n");
	crier_buf_puts(&b, script);
	crier_buf_puts(&b, "</body></html>\n");
	free(script);
	len = b.len;
	return answer_text(c, 200, "text/html; charset=utf-8",
	                   crier_buf_take(&b), len);
}

/* The file below the site's root that URL names; a new string. */
static char *
file_path(const struct serve_site *site, const char *url)
{
	struct crier_buf b = {0};

	crier_buf_puts(&b, site->root);
	if (site->source_count == 1) {
		crier_buf_puts(&b, "/");
		crier_buf_puts(&b, site->names[0]);
	}
	crier_buf_puts(&b, url);
	if (url[strlen(url) - 1] == '/')
		crier_buf_puts(&b, "index.html");
	return crier_buf_take(&b);
}

/* "/name" is a directory: its page is at "/name/". */
static enum MHD_Result
answer_redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL,
	    MHD_RESPMEM_PERSISTENT);
	struct crier_buf b = {0};
	enum MHD_Result rc;

	crier_buf_puts(&b, url);
	crier_buf_puts(&b, "/");
	MHD_add_response_header(r, "Location", b.data);
	rc = MHD_queue_response(c, 301, r);
	MHD_destroy_response(r);
	crier_buf_free(&b);
	return rc;
}

/* The output URL names, from disk. */
static enum MHD_Result
answer_file(struct MHD_Connection *c, const struct serve_site *site,
            const char *url, unsigned long generation)
{
	char *path = file_path(site, url);
	const char *type = content_type(c, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct MHD_Response *r;
	enum MHD_Result rc;
	struct stat st;

	free(path);
	if (fd < 0)
		return answer_status(c, 404, "not found\n");
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISDIR(st.st_mode))
			return answer_redirect(c, url);
		return answer_status(c, 404, "not found\n");
	}
	if (strncmp(type, "text/html", 9) == 0)
		return answer_page(c, fd, (size_t)st.st_size, generation);
	r = MHD_create_response_from_fd((size_t)st.st_size, fd);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	rc = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result
crier_serve_answer(void *cls, struct MHD_Connection *c, const char *url,
                   const char *method, const char *version,
                   const char *upload_data, size_t *upload_data_size,
                   void **state)
{
	struct serve_site *site = cls;
	unsigned long generation;
	char *page = NULL, number[32];

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return answer_status(c, 405, "only GET and HEAD\n");
	pthread_mutex_lock(&site->lock);
	generation = site->generation;
	if (site->error_page != NULL)
		page = strdup(site->error_page);
	pthread_mutex_unlock(&site->lock);
	if (strcmp(url, GENERATION_URL) == 0) {
		free(page);
		snprintf(number, sizeof(number), "%lu", generation);
		return answer_status(c, 200, number);
	}
	/* While the records have errors, no stale output is shown. */
	if (page != NULL)
		return answer_text(c, 500, "text/html; charset=utf-8", page,
		                   strlen(page));
	if (!is_servable(url))
		return answer_status(c, 404, "not found\n");
	if (site->source_count > 1 && strcmp(url, "/") == 0)
		return answer_listing(c, site, generation);
	return answer_file(c, site, url, generation);
}
