/*
 * schedxml.c - reading schedule.xml, as a tree or element by element.
 *
 * A schedule comes from someone else's server, so it is read as hostile:
 * at most CRIER_SCHEDULE_MAX_BYTES as a whole tree, at most
 * CRIER_SCHEDULE_STREAM_MAX_BYTES element by element, with libxml2's
 * network access off
 * (XML_PARSE_NONET) and without entity substitution, DTD loading or the
 * "huge" limits (no XML_PARSE_NOENT, XML_PARSE_DTDLOAD or
 * XML_PARSE_HUGE), so neither an external entity nor "billion laughs" can
 * make it read or grow anything; and a schedule that declares entities at
 * all is refused.  libxml2's errors keep their line and column.
 */
#define _GNU_SOURCE   /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "diag.h"
#include "html2md.h"
#include "import.h"
#include "record.h"

/*
 * libxml2 goes on after a fatal error, but what it says next follows
 * from the first (every enclosing element is then "mismatched").
 */
#define MAX_XML_ERRORS 1

static int
read_file(const char *path, struct crier_diags *diags, char **buf_out,
          size_t *len_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, capacity = 0;
	struct stat st;
	char *buf = NULL;
	ssize_t n = 1;

	*buf_out = NULL;
	if (fd < 0 || fstat(fd, &st) != 0) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           "it is a directory");
		close(fd);
		return -1;
	}
	/* Read to the end rather than trust st_size: it may be a pipe. */
	while (n > 0 && len <= CRIER_SCHEDULE_MAX_BYTES) {
		buf = crier_xgrow(buf, &capacity, len + 65536 + 1, 1);
		n = read(fd, buf + len, capacity - len - 1);
		if (n < 0 && errno == EINTR)
			n = 1;
		else if (n > 0)
			len += (size_t)n;
	}
	close(fd);
	if (n < 0 || len > CRIER_SCHEDULE_MAX_BYTES) {
		if (n < 0)
			crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
			           strerror(errno));
		else
			crier_diag(diags, path, 0, 0, MSG_FILE_TOO_BIG,
			           CRIER_SCHEDULE_MAX_BYTES >> 20);
		free(buf);
		return -1;
	}
	buf[len] = '\0';
	*buf_out = buf;
	*len_out = len;
	return 0;
}

struct xml_errors {
	struct crier_diags *diags;
	const char *path;
	unsigned reported;
	int errors;
	char *unplaced;   /* the first message without a place in the file */
};

/*
 * libxml2's structured errors, at their line and column.  Errors inside
 * an entity's text have no place in the file; the first is kept in case
 * no other error says what went wrong.
 */
static void
report_xml_error(struct xml_errors *x, xmlErrorPtr e)
{
	struct crier_buf msg = {0};

	if (e->level != XML_ERR_WARNING)
		x->errors++;
	crier_text_fold(&msg, e->message != NULL ? e->message : "error");
	if (e->file == NULL || strcmp(e->file, x->path) != 0 || e->line <= 0) {
		if (x->unplaced == NULL)
			x->unplaced = crier_buf_take(&msg);
	} else if (x->reported++ < MAX_XML_ERRORS) {
		crier_diag(x->diags, x->path, (unsigned)e->line,
		           e->int2 > 0 ? (unsigned)e->int2 : 0,
		           e->level == XML_ERR_WARNING ? MSG_XML_WARNING
		           : MSG_XML_ERROR, msg.data != NULL ? msg.data : "");
	}
	crier_buf_free(&msg);
}

static void
on_xml_error(void *ctx, xmlErrorPtr e)
{
	report_xml_error(((xmlParserCtxtPtr)ctx)->_private, e);
}

static int
declares_entities(const xmlDoc *doc)
{
	const xmlDtd *dtd = doc != NULL ? doc->intSubset : NULL;

	return dtd != NULL && ((dtd->entities != NULL &&
	    xmlHashSize(dtd->entities) > 0) || (dtd->pentities != NULL &&
	    xmlHashSize(dtd->pentities) > 0));
}

/* Points at the first entity declaration in BUF. */
static void
report_entities(const char *path, const char *buf, size_t len,
                struct crier_diags *diags)
{
	const char *at = memmem(buf, len, "<!ENTITY", 8), *line = buf, *p;
	unsigned number = 1;

	if (at == NULL)
		at = buf;
	for (p = buf; p < at; p++)
		if (*p == '\n')
			number++, line = p + 1;
	crier_diag(diags, path, number, crier_utf8_count(line,
	           (size_t)(at - line)) + 1, MSG_XML_ENTITIES);
}

/*
 * After the parse of BUF (LEN bytes): reports what went wrong, if
 * anything did, and frees X's message.  Returns 0 when the document is
 * well-formed and declares no entities, else -1.
 */
static int
judge(struct xml_errors *x, const char *buf, size_t len, int is_parsed,
      int has_entities)
{
	if (has_entities || (!is_parsed && buf != NULL &&
	    memmem(buf, len, "<!ENTITY", 8) != NULL)) {
		/* Read from a file, there is no text to point into. */
		if (buf != NULL)
			report_entities(x->path, buf, len, x->diags);
		else
			crier_diag(x->diags, x->path, 1, 1, MSG_XML_ENTITIES);
		x->errors++;
	}
	if ((!is_parsed || x->errors > 0) && x->reported == 0)
		crier_diag(x->diags, x->path, 0, 0, MSG_XML_ERROR,
		           x->unplaced != NULL ? x->unplaced
		           : "not a well-formed XML document");
	free(x->unplaced);
	x->unplaced = NULL;
	return is_parsed && x->errors == 0 ? 0 : -1;
}

static xmlDoc *
parse_xml(const char *path, const char *buf, size_t len,
          struct crier_diags *diags)
{
	struct xml_errors x = {diags, path, 0, 0, NULL};
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDoc *doc;

	if (ctxt == NULL)
		crier_xmalloc(SIZE_MAX);   /* the one out-of-memory policy */
	ctxt->_private = &x;
	ctxt->sax->serror = on_xml_error;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL,
	                        XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	xmlFreeParserCtxt(ctxt);
	if (judge(&x, buf, len, doc != NULL, declares_entities(doc)) != 0) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* ------------------------------------------------------------------ */
/* Element by element                                                  */
/* ------------------------------------------------------------------ */

/*
 * libxml2's reader builds only the part of the tree it stands in, and
 * frees what it has walked past: a schedule of 100,000 events costs the
 * memory of one.  It runs the same parser, with the same options and
 * errors, as the whole-tree parse above.
 */
struct crier_sched_xml {
	xmlTextReaderPtr reader;
	struct xml_errors x;
	const char *buf;    /* the document in memory, or NULL */
	size_t len;
	int fd;             /* else the file it is read from */
	size_t read_bytes;  /* from FD */
	int is_too_big;     /* FD went past CRIER_SCHEDULE_STREAM_MAX_BYTES */
	int has_entities;
	int is_over;        /* at the end, or after an error */
	int is_failed;      /* libxml2 gave up */
	int is_skipping;    /* the next step passes over the current element */
};

static void
on_reader_error(void *arg, xmlErrorPtr e)
{
	report_xml_error(arg, e);
}

/*
 * libxml2 asks for the file in chunks; past the limit it is told of an
 * error, and stops.
 */
static int
read_chunk(void *arg, char *out, int len)
{
	struct crier_sched_xml *x = arg;
	ssize_t n;

	do
		n = read(x->fd, out, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		x->read_bytes += (size_t)n;
	if (x->read_bytes > CRIER_SCHEDULE_STREAM_MAX_BYTES) {
		/* What libxml2 says next only follows from this. */
		if (!x->is_too_big++)
			crier_diag(x->x.diags, x->x.path, 0, 0, MSG_FILE_TOO_BIG,
			           CRIER_SCHEDULE_STREAM_MAX_BYTES >> 20);
		x->x.errors++;
		x->x.reported = MAX_XML_ERRORS;
		return -1;
	}
	return (int)n;
}

static struct crier_sched_xml *
open_reader(struct crier_sched_xml *x, const char *path,
            struct crier_diags *diags)
{
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES;

	x->x = (struct xml_errors){diags, path, 0, 0, NULL};
	x->reader = x->buf != NULL ? xmlReaderForMemory(x->buf, (int)x->len,
	    path, NULL, options) : xmlReaderForIO(read_chunk, NULL, x, path,
	    NULL, options);
	if (x->reader == NULL)
		crier_xmalloc(SIZE_MAX);   /* the one out-of-memory policy */
	xmlTextReaderSetStructuredErrorHandler(x->reader, on_reader_error,
	                                       &x->x);
	return x;
}

struct crier_sched_xml *
crier_sched_xml_open(const char *path, const char *buf, size_t len,
                     struct crier_diags *diags)
{
	struct crier_sched_xml *x = crier_xcalloc(1, sizeof(*x));

	x->buf = buf;
	x->len = len;
	x->fd = -1;
	return open_reader(x, path, diags);
}

struct crier_sched_xml *
crier_sched_xml_open_fd(const char *path, int fd, struct crier_diags *diags)
{
	struct crier_sched_xml *x = crier_xcalloc(1, sizeof(*x));

	x->fd = fd;
	return open_reader(x, path, diags);
}

/* One step of the reader: into the current element, or past it. */
static int
step(struct crier_sched_xml *x)
{
	int rc;

	if (x->is_over)
		return 0;
	rc = x->is_skipping ? xmlTextReaderNext(x->reader)
	    : xmlTextReaderRead(x->reader);
	x->is_skipping = 0;
	if (rc != 1) {
		x->is_over = 1;
		x->is_failed = rc < 0;
	}
	return rc == 1;
}

const xmlNode *
crier_sched_xml_next(struct crier_sched_xml *x, int *depth)
{
	const xmlNode *node;

	while (step(x)) {
		if (xmlTextReaderNodeType(x->reader) != XML_READER_TYPE_ELEMENT)
			continue;
		node = xmlTextReaderCurrentNode(x->reader);
		*depth = xmlTextReaderDepth(x->reader);
		/* The internal subset is read before the root element. */
		if (*depth == 0 && declares_entities(node->doc)) {
			x->has_entities = 1;
			x->is_skipping = 1;
			return NULL;
		}
		return node;
	}
	return NULL;
}

const xmlNode *
crier_sched_xml_expand(struct crier_sched_xml *x)
{
	const xmlNode *node = xmlTextReaderExpand(x->reader);

	x->is_skipping = 1;
	if (node == NULL) {
		x->is_over = 1;
		x->is_failed = 1;
	}
	return node;
}

void
crier_sched_xml_skip(struct crier_sched_xml *x)
{
	x->is_skipping = 1;
}

int
crier_sched_xml_close(struct crier_sched_xml *x)
{
	int rc;

	/* The rest, for its errors, as the whole-tree parse would see them. */
	while (step(x))
		x->is_skipping = 1;
	rc = judge(&x->x, x->buf, x->len, !x->is_failed, x->has_entities);
	xmlFreeTextReader(x->reader);
	free(x);
	return rc;
}

int
crier_schedule_file_read(const char *path, struct crier_diags *diags,
                         char **buf_out, size_t *len_out)
{
	return read_file(path, diags, buf_out, len_out);
}

xmlDoc *
crier_schedule_xml_memory(const char *path, const char *buf, size_t len,
                          struct crier_diags *diags)
{
	return parse_xml(path, buf, len, diags);
}
