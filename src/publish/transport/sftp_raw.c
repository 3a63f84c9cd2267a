/*
 * sftp_raw.c - SFTP spoken directly on an SSH channel of libssh's
 * connection (sftp_raw.h): the few packets of draft-ietf-secsh-filexfer-02
 * (section 3) and OpenSSH's PROTOCOL file (section 4) the sftp://
 * transport needs and libssh 0.10 does not send, or sends one at a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ssh_dl.h"
#include "alloc.h"
#include "buf.h"
#include "sftp_raw.h"

/* SFTP packet types this file speaks itself. */
enum {
	FXP_INIT = 1,
	FXP_VERSION = 2,
	FXP_OPEN = 3,
	FXP_CLOSE = 4,
	FXP_WRITE = 6,
	FXP_STATUS = 101,
	FXP_HANDLE = 102,
	FXP_EXTENDED = 200
};

/* FXP_OPEN's flags, and the attribute that carries the mode. */
#define FXF_WRITE 0x02
#define FXF_CREAT 0x08
#define FXF_TRUNC 0x10
#define FILEXFER_ATTR_PERMISSIONS 0x04

#define MAX_REPLY_BYTES 65536

/*
 * 1 MiB on its way: half of OpenSSH's channel window, so that writing
 * never waits for the window while the replies queue up unread.
 */
#define WRITES_IN_FLIGHT 32

/*
 * Closes the raw channel; the next request opens it again.  Only
 * ssh_channel_free(): it closes an open channel, while ssh_channel_close()
 * on one the server refused sends EOF to the server's channel 0, which
 * is libssh's SFTP session.
 */
void
crier_sftp_raw_close(struct crier_sftp_raw *s)
{
	if (s->channel != NULL) {
		ssh_channel_free(s->channel);
		s->channel = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* Packets                                                             */
/* ------------------------------------------------------------------ */

/* Writes V big-endian at P (SFTP's uint32). */
static void
set_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16 & 0xFF);
	p[2] = (unsigned char)(v >> 8 & 0xFF);
	p[3] = (unsigned char)(v & 0xFF);
}

static void
put_u32(struct crier_buf *b, uint32_t v)
{
	unsigned char c[4];

	set_u32(c, v);
	crier_buf_add(b, (const char *)c, 4);
}

static void
put_u64(struct crier_buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)(v >> 32));
	put_u32(b, (uint32_t)(v & 0xFFFFFFFFu));
}

static void
put_bytes(struct crier_buf *b, const char *p, size_t len)
{
	put_u32(b, (uint32_t)len);
	crier_buf_add(b, p, len);
}

static void
put_string(struct crier_buf *b, const char *s)
{
	put_bytes(b, s, strlen(s));
}

/*
 * Empties B and starts in it a request of TYPE with a new id, leaving
 * four bytes of room for the length.  Returns the id.
 */
static uint32_t
start_request(struct crier_sftp_raw *s, struct crier_buf *b, int type)
{
	uint32_t id = ++s->next_id;

	b->len = 0;
	crier_buf_add(b, "\0\0\0\0", 4);
	crier_buf_add(b, (const char[]){(char)type}, 1);
	put_u32(b, id);
	return id;
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Sends B (whose first four bytes are room for the length) as a packet. */
static int
send_packet(struct crier_sftp_raw *s, struct crier_buf *b)
{
	uint32_t len = (uint32_t)b->len - 4;
	unsigned char *p = (unsigned char *)b->data;
	size_t sent = 0;
	int n;

	set_u32(p, len);
	while (sent < b->len) {
		n = ssh_channel_write(s->channel, p + sent,
		                      (uint32_t)(b->len - sent));
		if (n <= 0)
			return -1;
		sent += (size_t)n;
	}
	return 0;
}

static int
read_exactly(struct crier_sftp_raw *s, unsigned char *p, size_t len)
{
	size_t got = 0;
	int n;

	while (got < len) {
		n = ssh_channel_read_timeout(s->channel, p + got,
		                             (uint32_t)(len - got), 0,
		                             (int)s->read_timeout_ms);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* Reads one packet into REPLY (at most MAX_REPLY_BYTES); returns length. */
static long
read_packet(struct crier_sftp_raw *s, unsigned char *reply)
{
	unsigned char head[4];
	uint32_t len;

	if (read_exactly(s, head, 4) != 0)
		return -1;
	len = get_u32(head);
	if (len < 1 || len > MAX_REPLY_BYTES)
		return -1;
	if (read_exactly(s, reply, len) != 0)
		return -1;
	return (long)len;
}

int
crier_sftp_raw_open(struct crier_sftp_raw *s)
{
	struct crier_buf b = {0};
	long len;
	int rc = -1;

	if (s->channel != NULL)
		return 0;
	if (s->reply == NULL)
		s->reply = crier_xmalloc(MAX_REPLY_BYTES);
	s->channel = ssh_channel_new(s->ssh);
	if (s->channel != NULL &&
	    ssh_channel_open_session(s->channel) == SSH_OK &&
	    ssh_channel_request_subsystem(s->channel, "sftp") == SSH_OK) {
		crier_buf_add(&b, "\0\0\0\0", 4);
		crier_buf_add(&b, (const char[]){FXP_INIT}, 1);
		put_u32(&b, 3);
		if (send_packet(s, &b) == 0 &&
		    (len = read_packet(s, s->reply)) >= 5 &&
		    s->reply[0] == FXP_VERSION)
			rc = 0;
	}
	crier_buf_free(&b);
	if (rc != 0)
		crier_sftp_raw_close(s);
	return rc;
}

/*
 * The SSH_FX_* status in the reply REPLY (LEN bytes) to a request whose
 * id is from FIRST to LAST, with the server's message in WHY; or -1 if
 * it is no such reply.
 */
static int
parse_status(const unsigned char *reply, long len, uint32_t first,
             uint32_t last, char *why, size_t why_size)
{
	uint32_t id, msg_len;

	why[0] = '\0';
	if (len < 9 || reply[0] != FXP_STATUS)
		return -1;
	id = get_u32(reply + 1);
	if (id - first > last - first)
		return -1;
	if (len >= 13) {
		msg_len = get_u32(reply + 9);
		if (msg_len <= (uint32_t)(len - 13) && msg_len < why_size) {
			memcpy(why, reply + 13, msg_len);
			why[msg_len] = '\0';
		}
	}
	return (int)get_u32(reply + 5);
}

/* Sends request B (id ID) and returns the status it gets, or -1. */
static int
request_status(struct crier_sftp_raw *s, struct crier_buf *b, uint32_t id,
               char *why, size_t why_size)
{
	long len;

	why[0] = '\0';
	if (send_packet(s, b) != 0 || (len = read_packet(s, s->reply)) < 0)
		return -1;
	return parse_status(s->reply, len, id, id, why, why_size);
}

int
crier_sftp_raw_rename(struct crier_sftp_raw *s, const char *from, const char *to,
             char *why, size_t why_size)
{
	struct crier_buf b = {0};
	uint32_t id;
	int status;

	why[0] = '\0';
	if (crier_sftp_raw_open(s) != 0)
		return -1;
	id = start_request(s, &b, FXP_EXTENDED);
	put_string(&b, "posix-rename@openssh.com");
	put_string(&b, from);
	put_string(&b, to);
	status = request_status(s, &b, id, why, why_size);
	crier_buf_free(&b);
	return status;
}


/* ------------------------------------------------------------------ */
/* A file over the raw SFTP channel, its writes pipelined              */
/* ------------------------------------------------------------------ */

int
crier_sftp_raw_create(struct crier_sftp_raw *s, const char *path, struct crier_sftp_raw_file *f,
         char *why, size_t why_size)
{
	struct crier_buf b = {0};
	uint32_t id = start_request(s, &b, FXP_OPEN);
	long len;
	int status = -1;

	why[0] = '\0';
	put_string(&b, path);
	put_u32(&b, FXF_WRITE | FXF_CREAT | FXF_TRUNC);
	put_u32(&b, FILEXFER_ATTR_PERMISSIONS);
	put_u32(&b, 0644);
	if (send_packet(s, &b) == 0 && (len = read_packet(s, s->reply)) > 0) {
		if (len >= 9 && s->reply[0] == FXP_HANDLE &&
		    get_u32(s->reply + 1) == id &&
		    get_u32(s->reply + 5) <= (uint32_t)(len - 9)) {
			f->handle_len = get_u32(s->reply + 5);
			f->handle = crier_xmalloc(f->handle_len + 1);
			memcpy(f->handle, s->reply + 9, f->handle_len);
			status = SSH_FX_OK;
		} else {
			status = parse_status(s->reply, len, id, id, why,
			                      why_size);
			if (status == SSH_FX_OK)
				status = -1;   /* a file needs a handle */
		}
	}
	crier_buf_free(&b);
	return status;
}

/*
 * Sends F's request TYPE (FXP_CLOSE, or FXP_EXTENDED named by EXTENSION)
 * and returns its status, or -1.
 */
static int
raw_handle_request(struct crier_sftp_raw *s, const struct crier_sftp_raw_file *f,
                   int type, const char *extension, char *why,
                   size_t why_size)
{
	struct crier_buf b = {0};
	uint32_t id = start_request(s, &b, type);
	int status;

	if (extension != NULL)
		put_string(&b, extension);
	put_bytes(&b, f->handle, f->handle_len);
	status = request_status(s, &b, id, why, why_size);
	crier_buf_free(&b);
	return status;
}

/* Sends the next chunk of LOCAL as a write at *OFFSET; 0 at the end. */
static long
send_chunk(struct crier_sftp_raw *s, const struct crier_sftp_raw_file *f, FILE *local,
           uint64_t *offset, struct crier_buf *b, char *chunk)
{
	size_t n = fread(chunk, 1, CRIER_SFTP_CHUNK_BYTES, local);

	if (n == 0)
		return 0;
	start_request(s, b, FXP_WRITE);
	put_bytes(b, f->handle, f->handle_len);
	put_u64(b, *offset);
	put_bytes(b, chunk, n);
	if (send_packet(s, b) != 0)
		return -1;
	*offset += n;
	return (long)n;
}

/* Keeps up to WRITES_IN_FLIGHT writes on their way. */
int
crier_sftp_raw_write_all(struct crier_sftp_raw *s,
                         const struct crier_sftp_raw_file *f, FILE *local,
                         long timeout_ms, char *why, size_t why_size)
{
	struct crier_buf b = {0};
	char *chunk = crier_xmalloc(CRIER_SFTP_CHUNK_BYTES);
	uint32_t first = s->next_id + 1;
	unsigned in_flight = 0;
	struct timespec start, now;
	uint64_t offset = 0;
	int status = SSH_FX_OK, is_end = 0;
	long n, len;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (status == SSH_FX_OK && (!is_end || in_flight > 0)) {
		while (status == SSH_FX_OK && !is_end &&
		       in_flight < WRITES_IN_FLIGHT) {
			n = send_chunk(s, f, local, &offset, &b, chunk);
			if (n == 0)
				is_end = 1;
			else if (n < 0)
				status = -1;
			else
				in_flight++;
		}
		if (status != SSH_FX_OK || in_flight == 0)
			break;
		len = read_packet(s, s->reply);
		status = len < 0 ? -1 : parse_status(s->reply, len, first,
		                                    s->next_id, why, why_size);
		in_flight--;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (status == SSH_FX_OK && (now.tv_sec - start.tv_sec) * 1000L +
		    (now.tv_nsec - start.tv_nsec) / 1000000L > timeout_ms)
			status = -2;
	}
	free(chunk);
	crier_buf_free(&b);
	return status;
}

int
crier_sftp_raw_fsync(struct crier_sftp_raw *s,
                     const struct crier_sftp_raw_file *f, char *why,
                     size_t why_size)
{
	return raw_handle_request(s, f, FXP_EXTENDED, "fsync@openssh.com",
	                          why, why_size);
}

int
crier_sftp_raw_close_file(struct crier_sftp_raw *s,
                          const struct crier_sftp_raw_file *f, char *why,
                          size_t why_size)
{
	return raw_handle_request(s, f, FXP_CLOSE, NULL, why, why_size);
}

void
crier_sftp_raw_free(struct crier_sftp_raw *s)
{
	crier_sftp_raw_close(s);
	free(s->reply);
	s->reply = NULL;
}
