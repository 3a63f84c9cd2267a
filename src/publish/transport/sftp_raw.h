/*
 * sftp_raw.h - SFTP spoken directly on a second SSH channel, for what
 * libssh 0.10's SFTP session cannot do: posix-rename@openssh.com, and
 * writes that do not wait for each other.
 *
 * Each request returns an SSH_FX_* status (SSH_FX_OK on success), or -1
 * when the channel failed, with the server's message, if any, in WHY
 * (WHY_SIZE bytes).  After a failure the replies may be out of step:
 * close the channel, and the next open starts a new one.
 */
#ifndef CRIER_SFTP_RAW_H
#define CRIER_SFTP_RAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ssh_dl.h"

#define CRIER_SFTP_CHUNK_BYTES 32768   /* below every server's limit */

struct crier_sftp_raw {
	ssh_session ssh;            /* borrowed; set by the caller */
	long read_timeout_ms;       /* for each reply; set by the caller */
	ssh_channel channel;        /* NULL until opened */
	unsigned char *reply;       /* the last reply read */
	uint32_t next_id;
};

/* An open remote file; its handle freed by the caller with free(). */
struct crier_sftp_raw_file {
	char *handle;
	size_t handle_len;
};

/* Opens the channel and its SFTP session unless open: 0, or -1. */
int crier_sftp_raw_open(struct crier_sftp_raw *s);

/* Closes the channel (not the connection).  Accepts a closed one. */
void crier_sftp_raw_close(struct crier_sftp_raw *s);

/* Closes the channel and frees what S holds. */
void crier_sftp_raw_free(struct crier_sftp_raw *s);

/* Renames FROM over TO with rename(2)'s semantics, on OpenSSH. */
int crier_sftp_raw_rename(struct crier_sftp_raw *s, const char *from,
                          const char *to, char *why, size_t why_size);

/* Opens PATH for writing, created or truncated, mode 0644, into *F. */
int crier_sftp_raw_create(struct crier_sftp_raw *s, const char *path,
                          struct crier_sftp_raw_file *f, char *why,
                          size_t why_size);

/*
 * Copies LOCAL to F from its start, several writes at a time, until
 * LOCAL's end (or a read error, which the caller checks with ferror()).
 * Returns -2 when that took longer than TIMEOUT_MS.
 */
int crier_sftp_raw_write_all(struct crier_sftp_raw *s,
                             const struct crier_sftp_raw_file *f,
                             FILE *local, long timeout_ms, char *why,
                             size_t why_size);

/* Flushes F to the server's disk (fsync@openssh.com). */
int crier_sftp_raw_fsync(struct crier_sftp_raw *s,
                         const struct crier_sftp_raw_file *f, char *why,
                         size_t why_size);

/* Closes F on the server. */
int crier_sftp_raw_close_file(struct crier_sftp_raw *s,
                              const struct crier_sftp_raw_file *f, char *why,
                              size_t why_size);

#endif /* CRIER_SFTP_RAW_H */
