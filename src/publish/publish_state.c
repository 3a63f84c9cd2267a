/*
 * publish_state.c - the state file: what was last published where.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "crypto_dl.h"
#include "diag.h"
#include "output.h"
#include "publish_state.h"

#define STATE_HEADER "crier-publish-state 1\n"
#define MAX_STATE_BYTES (16 * 1024 * 1024)
/* A target is a URL, so no entry's line starts so. */
#define PING_MARK "ping\t"

static void
entry_free(struct crier_state_entry *e)
{
	free(e->target);
	free(e->path);
	free(e->etag);
}

void
crier_state_free(struct crier_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->count; i++)
		entry_free(&st->entries[i]);
	free(st->entries);
	for (i = 0; i < st->ping_count; i++) {
		free(st->pings[i].hub);
		free(st->pings[i].topic);
	}
	free(st->pings);
	free(st->file);
	free(st);
}

static int
is_hex_digest(const char *s, size_t len)
{
	size_t i;

	if (len != CRIER_SHA256_HEX_SIZE - 1)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* "ping\tHUB\tTOPIC": a ping still owed. */
static void
parse_ping(struct crier_state *st, char *line)
{
	char *hub = line + strlen(PING_MARK), *topic = strchr(hub, '\t');

	if (topic == NULL || topic == hub || topic[1] == '\0' ||
	    strchr(topic + 1, '\t') != NULL)
		return;
	*topic++ = '\0';
	crier_state_ping_add(st, hub, topic);
}

/* "TARGET\tPATH\tHASH\tETAG": adds the entry, or ignores a bad line. */
static void
parse_line(struct crier_state *st, char *line)
{
	char *field[4], *p = line;
	size_t i;

	if (strncmp(line, PING_MARK, strlen(PING_MARK)) == 0) {
		parse_ping(st, line);
		return;
	}

	for (i = 0; i < 4; i++) {
		field[i] = p;
		p = strchr(p, '\t');
		if ((p == NULL) != (i == 3))
			return;
		if (p != NULL)
			*p++ = '\0';
	}
	if (field[0][0] == '\0' || field[1][0] == '\0' ||
	    !is_hex_digest(field[2], strlen(field[2])) || field[3][0] == '\0')
		return;
	crier_state_set(st, field[0], field[1], field[2],
	                strcmp(field[3], "-") == 0 ? NULL : field[3]);
}

static char *
read_all(const char *path, size_t *len_out)
{
	struct crier_buf b = {0};
	char chunk[8192];
	struct stat st;
	ssize_t n;
	/* Not through a symlink, and a FIFO planted here must not block. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > MAX_STATE_BYTES) {
			if (n > 0)
				errno = EFBIG;
			crier_buf_free(&b);
			close(fd);
			return NULL;
		}
		crier_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (b.data == NULL)
		crier_buf_add(&b, "", 0);
	*len_out = b.len;
	return crier_buf_take(&b);
}

void
crier_state_parse(struct crier_state *st, char *text, size_t len,
                  struct crier_diags *diags)
{
	char *line, *next;

	if (len < strlen(STATE_HEADER) ||
	    strncmp(text, STATE_HEADER, strlen(STATE_HEADER)) != 0 ||
	    memchr(text, '\0', len) != NULL) {
		crier_diag(diags, st->file, 0, 0, MSG_PUBLISH_STATE,
		           "not a state file of this crier");
		return;
	}
	for (line = text + strlen(STATE_HEADER); *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			break;   /* a last line without its newline is cut off */
		*next++ = '\0';
		parse_line(st, line);
	}
}

struct crier_state *
crier_state_load(const char *dir, struct crier_diags *diags)
{
	struct crier_state *st = crier_xcalloc(1, sizeof(*st));
	char *text;
	size_t len;

	st->file = crier_xmalloc(strlen(dir) + sizeof(CRIER_PUBLISH_STATE_FILE) + 1);
	sprintf(st->file, "%s/%s", dir, CRIER_PUBLISH_STATE_FILE);
	text = read_all(st->file, &len);
	if (text == NULL) {
		if (errno != ENOENT)
			crier_diag(diags, st->file, 0, 0, MSG_PUBLISH_STATE,
			           strerror(errno));
		return st;
	}
	crier_state_parse(st, text, len, diags);
	free(text);
	return st;
}

static struct crier_state_entry *
find(const struct crier_state *st, const char *target, const char *path)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (strcmp(st->entries[i].target, target) == 0 &&
		    strcmp(st->entries[i].path, path) == 0)
			return &st->entries[i];
	return NULL;
}

const struct crier_state_entry *
crier_state_get(const struct crier_state *st, const char *target,
                const char *path)
{
	return find(st, target, path);
}

void
crier_state_set(struct crier_state *st, const char *target, const char *path,
                const char *hash, const char *etag)
{
	struct crier_state_entry *e = find(st, target, path);

	if (e == NULL) {
		st->entries = crier_xgrow(st->entries, &st->capacity,
		                          st->count + 1, sizeof(*st->entries));
		e = &st->entries[st->count++];
		e->target = crier_xstrdup(target);
		e->path = crier_xstrdup(path);
		e->etag = NULL;
	}
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
	free(e->etag);
	e->etag = etag != NULL ? crier_xstrdup(etag) : NULL;
}

static struct crier_state_ping *
find_ping(const struct crier_state *st, const char *hub, const char *topic)
{
	size_t i;

	for (i = 0; i < st->ping_count; i++)
		if (strcmp(st->pings[i].hub, hub) == 0 &&
		    strcmp(st->pings[i].topic, topic) == 0)
			return &st->pings[i];
	return NULL;
}

int
crier_state_ping_add(struct crier_state *st, const char *hub,
                     const char *topic)
{
	struct crier_state_ping *p;

	if (find_ping(st, hub, topic) != NULL)
		return 0;
	st->pings = crier_xgrow(st->pings, &st->ping_capacity,
	                        st->ping_count + 1, sizeof(*st->pings));
	p = &st->pings[st->ping_count++];
	p->hub = crier_xstrdup(hub);
	p->topic = crier_xstrdup(topic);
	return 1;
}

size_t
crier_state_ping_remove(struct crier_state *st, const char *hub,
                        const char *topic)
{
	size_t i, kept = 0, removed;
	int is_gone;

	for (i = 0; i < st->ping_count; i++) {
		is_gone = topic != NULL ?
		    strcmp(st->pings[i].hub, hub) == 0 &&
		    strcmp(st->pings[i].topic, topic) == 0 :
		    hub == NULL || strcmp(st->pings[i].hub, hub) != 0;
		if (is_gone) {
			free(st->pings[i].hub);
			free(st->pings[i].topic);
		} else {
			st->pings[kept++] = st->pings[i];
		}
	}
	removed = st->ping_count - kept;
	st->ping_count = kept;
	return removed;
}

int
crier_state_save(const struct crier_state *st, struct crier_diags *diags)
{
	const char *slash = strrchr(st->file, '/');
	struct crier_buf b = {0};
	char *dir;
	size_t i;
	int rc;

	crier_buf_puts(&b, STATE_HEADER);
	for (i = 0; i < st->count; i++)
		crier_buf_printf(&b, "%s\t%s\t%s\t%s\n", st->entries[i].target,
		                 st->entries[i].path, st->entries[i].hash,
		                 st->entries[i].etag != NULL ?
		                 st->entries[i].etag : "-");
	for (i = 0; i < st->ping_count; i++)
		crier_buf_printf(&b, PING_MARK "%s\t%s\n", st->pings[i].hub,
		                 st->pings[i].topic);
	dir = crier_xmalloc((size_t)(slash - st->file) + 1);
	memcpy(dir, st->file, (size_t)(slash - st->file));
	dir[slash - st->file] = '\0';
	rc = crier_output_save(dir, CRIER_PUBLISH_STATE_FILE, b.data, b.len,
	                       diags);
	free(dir);
	crier_buf_free(&b);
	return rc;
}

int
crier_sha256_file(const char *path, char hex[CRIER_SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0, i;
	char *chunk;
	EVP_MD_CTX *ctx;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (crier_lazy_load(&crier_crypto_lib) != 0) {
		close(fd);
		errno = ELIBACC;
		return -1;
	}
	ctx = EVP_MD_CTX_new();
	/* With libcrypto loaded, only memory can be missing. */
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		crier_out_of_memory("EVP_MD_CTX_new");
	chunk = crier_xmalloc(256 * 1024);
	while ((n = read(fd, chunk, 256 * 1024)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			break;
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)n);
	}
	free(chunk);
	close(fd);
	EVP_DigestFinal_ex(ctx, md, &md_len);
	EVP_MD_CTX_free(ctx);
	if (err != 0) {
		errno = err;
		return -1;
	}
	for (i = 0; i < md_len && i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * i] = '\0';
	return 0;
}
