/*
 * upload_sftp.c - the sftp:// transport, over libssh.
 *
 * A file goes up under a temporary name beside its target and is then
 * renamed over it.  SFTP version 3's RENAME (all OpenSSH speaks) refuses
 * to replace an existing file, and libssh 0.10's sftp_rename() sends only
 * that; OpenSSH's posix-rename@openssh.com extension replaces atomically,
 * with rename(2) on the server, but libssh exposes no way to send it and
 * libcurl over libssh2 1.10 cannot either.  So the rename goes over a second
 * SFTP channel on the same connection, where this file speaks the few
 * packets it needs itself (draft-ietf-secsh-filexfer-02, section 3, and
 * OpenSSH's PROTOCOL file, section 4.3).  A server without the extension
 * gets remove-then-rename, which leaves the target missing (never partial)
 * for one round trip; crier(1) documents the gap.
 *
 * Trust: the host key must be in ~/.ssh/known_hosts (or the system's
 * list); an unknown or changed key ends the session before
 * authentication.  Keys come from the SSH agent, then ~/.ssh/id_*; a key
 * with a passphrase needs the agent, since cron has no terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "curl_dl.h"
#include "ssh_dl.h"
#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "transport.h"
#include "upload_util.h"

/* SFTP packet types and status codes this file speaks itself. */
enum {
	FXP_INIT = 1,
	FXP_VERSION = 2,
	FXP_STATUS = 101,
	FXP_EXTENDED = 200
};

#define CHUNK_BYTES 32768          /* below every server's packet limit */
#define MAX_REPLY_BYTES 65536

struct crier_session {
	char *host, *user;             /* user: from the URL, else ours */
	char *base_dir;                /* "" or ends with '/' */
	char *shown_base;              /* the base URL, for messages */
	int port;
	char *ssh_dir, *known_hosts;
	long connect_timeout_ms, timeout_ms;
	struct crier_upload_options opts;  /* for traces */

	ssh_session ssh;
	sftp_session sftp;
	ssh_channel rename_channel;    /* raw SFTP for posix-rename */
	uint32_t next_id;
	int has_posix_rename, has_fsync;
	char *made_dir;                /* the last directory known to exist */
};

/* ------------------------------------------------------------------ */
/* Connecting                                                          */
/* ------------------------------------------------------------------ */

static void
disconnect(struct crier_session *s)
{
	if (s->rename_channel != NULL) {
		ssh_channel_close(s->rename_channel);
		ssh_channel_free(s->rename_channel);
		s->rename_channel = NULL;
	}
	if (s->sftp != NULL) {
		sftp_free(s->sftp);
		s->sftp = NULL;
	}
	if (s->ssh != NULL) {
		ssh_disconnect(s->ssh);
		ssh_free(s->ssh);
		s->ssh = NULL;
	}
}

/*
 * Refuses a host whose key is not known, or has changed, before anything
 * is sent to it.  The message says how to trust it on purpose.
 */
/* "ED25519 SHA256:..." for the server's key, into OUT. */
static void
host_fingerprint(struct crier_session *s, char *out, size_t size)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	char *text = NULL;
	size_t len = 0;

	snprintf(out, size, "(no key)");
	if (ssh_get_server_publickey(s->ssh, &key) == SSH_OK &&
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	                           &len) == 0 &&
	    (text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	                                     len)) != NULL)
		snprintf(out, size, "%s %s",
		         ssh_key_type_to_char(ssh_key_type(key)), text);
	ssh_string_free_char(text);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
}

static enum crier_put_result
check_host_key(struct crier_session *s, const char *what, const char *shown,
               struct crier_diags *diags)
{
	enum ssh_known_hosts_e known = ssh_session_is_known_server(s->ssh);
	char key[160];

	host_fingerprint(s, key, sizeof(key));
	switch (known) {
	case SSH_KNOWN_HOSTS_OK:
		crier_trace(&s->opts, "* sftp: host key %s is in %s", key,
		            s->known_hosts);
		return CRIER_PUT_OK;
	case SSH_KNOWN_HOSTS_CHANGED:
		crier_upload_fail(diags, what, shown, "the host key has CHANGED "
		                  "since it was recorded in %s: the server now "
		                  "shows %s (someone may be intercepting the "
		                  "connection); if the change is expected, "
		                  "replace the entry", s->known_hosts, key);
		break;
	case SSH_KNOWN_HOSTS_OTHER:
		crier_upload_fail(diags, what, shown, "the host shows a key of "
		                  "another type than the one recorded in %s: %s "
		                  "(someone may be intercepting the connection)",
		                  s->known_hosts, key);
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		crier_upload_fail(diags, what, shown, "unknown host key: the "
		                  "host is not in %s; check that its key is %s "
		                  "and add it (ssh-keyscan, or one interactive "
		                  "ssh login)", s->known_hosts, key);
		break;
	default:
		crier_upload_fail(diags, what, shown, "cannot check the host "
		                  "key: %s", ssh_get_error(s->ssh));
		break;
	}
	return CRIER_PUT_PERMANENT;
}

static enum crier_put_result
authenticate(struct crier_session *s, const char *what, const char *shown,
             struct crier_diags *diags)
{
	int rc;

	/*
	 * The agent first, then the ~/.ssh/id_* keys (SSH_OPTIONS_SSH_DIR
	 * points libssh there).  No passphrase callback: cron has no one
	 * to ask, so an encrypted key is skipped.
	 */
	rc = ssh_userauth_publickey_auto(s->ssh, NULL, NULL);
	if (rc == SSH_AUTH_SUCCESS) {
		crier_trace(&s->opts, "* sftp: logged in with a key");
		return CRIER_PUT_OK;
	}
	if (rc == SSH_AUTH_ERROR) {
		crier_upload_fail(diags, what, shown,
		                  "authentication failed: %s",
		                  ssh_get_error(s->ssh));
		return CRIER_PUT_TRANSIENT;
	}
	crier_upload_fail(diags, what, shown,
	                  "the server accepted none of the keys (from the "
	                  "SSH agent and %s/id_*) for user '%s'",
	                  s->ssh_dir, s->user != NULL ? s->user : "?");
	return CRIER_PUT_PERMANENT;
}

static enum crier_put_result
connect_session(struct crier_session *s, const char *what, const char *shown,
                struct crier_diags *diags)
{
	enum crier_put_result r;
	long timeout_s = (s->connect_timeout_ms + 999) / 1000;
	int no = 0, yes = 1, verbosity = SSH_LOG_NOLOG;

	if (s->ssh != NULL && ssh_is_connected(s->ssh) && s->sftp != NULL)
		return CRIER_PUT_OK;
	disconnect(s);
	crier_ssh_load();
	s->ssh = ssh_new();
	if (s->ssh == NULL) {
		crier_upload_fail(diags, what, shown,
		                  "cannot start an SSH session");
		return CRIER_PUT_PERMANENT;
	}
	/*
	 * No ssh_config: what is used is what crier(1) documents (the
	 * URL, ~/.ssh, the agent), the same under cron as at a terminal.
	 */
	ssh_options_set(s->ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(s->ssh, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	ssh_options_set(s->ssh, SSH_OPTIONS_HOST, s->host);
	ssh_options_set(s->ssh, SSH_OPTIONS_PORT, &s->port);
	if (s->user != NULL)
		ssh_options_set(s->ssh, SSH_OPTIONS_USER, s->user);
	ssh_options_set(s->ssh, SSH_OPTIONS_SSH_DIR, s->ssh_dir);
	ssh_options_set(s->ssh, SSH_OPTIONS_KNOWNHOSTS, s->known_hosts);
	ssh_options_set(s->ssh, SSH_OPTIONS_TIMEOUT, &timeout_s);
	/*
	 * Without TCP_NODELAY, each write request waits for the delayed ACK
	 * of the one before (Nagle's algorithm): 1 MB/s on loopback.
	 */
	ssh_options_set(s->ssh, SSH_OPTIONS_NODELAY, &yes);

	crier_trace(&s->opts, "* sftp: connecting to %s port %d", s->host,
	            s->port);
	if (ssh_connect(s->ssh) != SSH_OK) {
		crier_upload_fail(diags, what, shown,
		                  "cannot connect: %s", ssh_get_error(s->ssh));
		disconnect(s);
		return CRIER_PUT_TRANSIENT;
	}
	if ((r = check_host_key(s, what, shown, diags)) != CRIER_PUT_OK ||
	    (r = authenticate(s, what, shown, diags)) != CRIER_PUT_OK) {
		disconnect(s);
		return r;
	}
	s->sftp = sftp_new(s->ssh);
	if (s->sftp == NULL || sftp_init(s->sftp) != SSH_OK) {
		crier_upload_fail(diags, what, shown,
		                  "cannot start SFTP: %s", ssh_get_error(s->ssh));
		disconnect(s);
		return CRIER_PUT_PERMANENT;
	}
	s->has_posix_rename = sftp_extension_supported(s->sftp,
	                          "posix-rename@openssh.com", "1");
	s->has_fsync = sftp_extension_supported(s->sftp,
	                   "fsync@openssh.com", "1");
	free(s->made_dir);
	s->made_dir = NULL;
	return CRIER_PUT_OK;
}

/* ------------------------------------------------------------------ */
/* posix-rename@openssh.com over a raw SFTP channel                     */
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
put_string(struct crier_buf *b, const char *s)
{
	put_u32(b, (uint32_t)strlen(s));
	crier_buf_add(b, s, strlen(s));
}

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Sends B (whose first four bytes are room for the length) as a packet. */
static int
send_packet(struct crier_session *s, struct crier_buf *b)
{
	uint32_t len = (uint32_t)b->len - 4;
	unsigned char *p = (unsigned char *)b->data;
	size_t sent = 0;
	int n;

	set_u32(p, len);
	while (sent < b->len) {
		n = ssh_channel_write(s->rename_channel, p + sent,
		                      (uint32_t)(b->len - sent));
		if (n <= 0)
			return -1;
		sent += (size_t)n;
	}
	return 0;
}

static int
read_exactly(struct crier_session *s, unsigned char *p, size_t len)
{
	size_t got = 0;
	int n;

	while (got < len) {
		n = ssh_channel_read_timeout(s->rename_channel, p + got,
		                             (uint32_t)(len - got), 0,
		                             (int)s->connect_timeout_ms);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* Reads one packet into REPLY (at most MAX_REPLY_BYTES); returns length. */
static long
read_packet(struct crier_session *s, unsigned char *reply)
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

static int
open_rename_channel(struct crier_session *s)
{
	struct crier_buf b = {0};
	unsigned char *reply;
	long len;
	int rc = -1;

	s->rename_channel = ssh_channel_new(s->ssh);
	if (s->rename_channel == NULL ||
	    ssh_channel_open_session(s->rename_channel) != SSH_OK ||
	    ssh_channel_request_subsystem(s->rename_channel, "sftp") != SSH_OK)
		return -1;
	crier_buf_add(&b, "\0\0\0\0", 4);
	crier_buf_add(&b, (const char[]){FXP_INIT}, 1);
	put_u32(&b, 3);
	reply = crier_xmalloc(MAX_REPLY_BYTES);
	if (send_packet(s, &b) == 0 && (len = read_packet(s, reply)) >= 5 &&
	    reply[0] == FXP_VERSION)
		rc = 0;
	free(reply);
	crier_buf_free(&b);
	return rc;
}

/*
 * Renames FROM over TO with rename(2) semantics on the server.  Returns
 * an SSH_FX_* status, or -1 when the channel failed; *why gets the
 * server's message (static storage, or NULL).
 */
static int
posix_rename(struct crier_session *s, const char *from, const char *to,
             char *why, size_t why_size)
{
	struct crier_buf b = {0};
	unsigned char *reply;
	uint32_t id = ++s->next_id, msg_len;
	long len;
	int status = -1;

	why[0] = '\0';
	if (s->rename_channel == NULL && open_rename_channel(s) != 0)
		return -1;
	crier_buf_add(&b, "\0\0\0\0", 4);
	crier_buf_add(&b, (const char[]){(char)FXP_EXTENDED}, 1);
	put_u32(&b, id);
	put_string(&b, "posix-rename@openssh.com");
	put_string(&b, from);
	put_string(&b, to);
	reply = crier_xmalloc(MAX_REPLY_BYTES);
	if (send_packet(s, &b) == 0 && (len = read_packet(s, reply)) >= 9 &&
	    reply[0] == FXP_STATUS && get_u32(reply + 1) == id) {
		status = (int)get_u32(reply + 5);
		if (len >= 13) {
			msg_len = get_u32(reply + 9);
			if (msg_len <= (uint32_t)(len - 13) && msg_len < why_size) {
				memcpy(why, reply + 13, msg_len);
				why[msg_len] = '\0';
			}
		}
	}
	free(reply);
	crier_buf_free(&b);
	return status;
}

/* ------------------------------------------------------------------ */
/* Putting one file                                                    */
/* ------------------------------------------------------------------ */

static const char *
sftp_reason(struct crier_session *s, const char *fallback)
{
	switch (sftp_get_error(s->sftp)) {
	case SSH_FX_NO_SUCH_FILE: return "no such file or directory";
	case SSH_FX_PERMISSION_DENIED: return "permission denied";
	case SSH_FX_NO_SUCH_PATH: return "no such directory";
	case SSH_FX_WRITE_PROTECT: return "write-protected";
	case SSH_FX_NO_MEDIA:
	case SSH_FX_FAILURE: return fallback;
	default: break;
	}
	return ssh_get_error(s->ssh);
}

/* Lost connections are worth retrying; the server's refusals are not. */
static enum crier_put_result
sftp_result(struct crier_session *s)
{
	if (!ssh_is_connected(s->ssh))
		return CRIER_PUT_TRANSIENT;
	switch (sftp_get_error(s->sftp)) {
	case SSH_FX_NO_SUCH_FILE:
	case SSH_FX_PERMISSION_DENIED:
	case SSH_FX_NO_SUCH_PATH:
	case SSH_FX_WRITE_PROTECT:
	case SSH_FX_OP_UNSUPPORTED:
		return CRIER_PUT_PERMANENT;
	default:
		return CRIER_PUT_TRANSIENT;
	}
}

static int
is_directory(struct crier_session *s, const char *path)
{
	sftp_attributes a = sftp_stat(s->sftp, path);
	int yes = a != NULL && a->type == SSH_FILEXFER_TYPE_DIRECTORY;

	sftp_attributes_free(a);
	return yes;
}

/* Creates DIR (ending in '/') and its missing parents, like mkdir -p. */
static int
make_dirs(struct crier_session *s, const char *dir)
{
	char *path, *p;
	int rc = 0;

	if (dir[0] == '\0' || (s->made_dir && strcmp(s->made_dir, dir) == 0))
		return 0;
	path = crier_xstrdup(dir);
	if (!is_directory(s, path)) {
		for (p = path + 1; *p != '\0' && rc == 0; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			if (sftp_mkdir(s->sftp, path, 0755) != 0 &&
			    !is_directory(s, path))
				rc = -1;
			*p = '/';
		}
	}
	free(path);
	if (rc == 0) {
		free(s->made_dir);
		s->made_dir = crier_xstrdup(dir);
	}
	return rc;
}

/* Copies the local file into the open remote file, flushing it at the end. */
static enum crier_put_result
send_file(struct crier_session *s, sftp_file remote, FILE *local,
          const char *what, const char *target, struct crier_diags *diags)
{
	char buf[CHUNK_BYTES];
	size_t n;
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while ((n = fread(buf, 1, sizeof(buf), local)) > 0) {
		if (sftp_write(remote, buf, n) != (ssize_t)n) {
			crier_upload_fail(diags, what, target,
			                  "upload failed: %s",
			                  sftp_reason(s, "write failed"));
			return sftp_result(s);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000L +
		    (now.tv_nsec - start.tv_nsec) / 1000000L > s->timeout_ms) {
			crier_upload_fail(diags, what, target,
			                  "upload timed out after %ld ms",
			                  s->timeout_ms);
			return CRIER_PUT_TRANSIENT;
		}
	}
	if (ferror(local)) {
		crier_upload_fail(diags, what, target, "cannot read %s: %s",
		                  what, strerror(errno));
		return CRIER_PUT_PERMANENT;
	}
	/* The new bytes reach the server's disk before they replace the old. */
	if (s->has_fsync && sftp_fsync(remote) != 0) {
		crier_upload_fail(diags, what, target, "fsync failed: %s",
		                  sftp_reason(s, "failure"));
		return sftp_result(s);
	}
	return CRIER_PUT_OK;
}

/* Puts the temporary file TMP in TARGET's place. */
static enum crier_put_result
replace(struct crier_session *s, const char *tmp, const char *target,
        const char *what, const char *shown, struct crier_diags *diags)
{
	char why[256];
	int status;

	if (s->has_posix_rename) {
		status = posix_rename(s, tmp, target, why, sizeof(why));
		if (status == SSH_FX_OK)
			return CRIER_PUT_OK;
		crier_upload_fail(diags, what, shown, "cannot rename %s into "
		                  "place: %s", tmp, status < 0 ?
		                  "the connection failed" : why[0] ? why :
		                  "failure");
		return status < 0 || !ssh_is_connected(s->ssh) ?
		       CRIER_PUT_TRANSIENT : CRIER_PUT_PERMANENT;
	}
	/*
	 * Without the extension, SFTP v3 can rename only onto a free name:
	 * remove the old file first (documented in crier(1)).
	 */
	if (sftp_rename(s->sftp, tmp, target) == 0)
		return CRIER_PUT_OK;
	sftp_unlink(s->sftp, target);
	if (sftp_rename(s->sftp, tmp, target) == 0)
		return CRIER_PUT_OK;
	crier_upload_fail(diags, what, shown, "cannot rename %s into place: "
	                  "%s", tmp, sftp_reason(s, "failure"));
	return sftp_result(s);
}

static enum crier_put_result
sftp_put(struct crier_session *s, const char *rel_path,
         const char *local_path, const char *content_type,
         struct crier_diags *diags)
{
	enum crier_put_result r;
	char *target, *tmp, *shown, *slash;
	sftp_file remote;
	FILE *local;

	(void)content_type;  /* SFTP carries none; the web server decides */
	shown = crier_url_join(s->shown_base, rel_path);
	local = fopen(local_path, "rb");
	if (local == NULL) {
		crier_upload_fail(diags, local_path, shown, "cannot read: %s",
		                  strerror(errno));
		free(shown);
		return CRIER_PUT_PERMANENT;
	}
	target = crier_upload_join(s->base_dir, rel_path);
	tmp = crier_upload_temp_name(target);
	r = connect_session(s, local_path, shown, diags);
	if (r != CRIER_PUT_OK)
		goto out;

	slash = strrchr(target, '/');
	if (slash != NULL) {
		char *dir = crier_xstrdup(target);

		dir[slash - target + 1] = '\0';
		if (make_dirs(s, dir) != 0) {
			crier_upload_fail(diags, local_path, shown,
			                  "cannot create the directory %s: %s",
			                  dir, sftp_reason(s, "failure"));
			r = sftp_result(s);
			free(dir);
			goto out;
		}
		free(dir);
	}

	/* O_TRUNC: a leftover from a failed run is simply overwritten. */
	remote = sftp_open(s->sftp, tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (remote == NULL) {
		crier_upload_fail(diags, local_path, shown, "cannot create %s: "
		                  "%s", tmp, sftp_reason(s, "failure"));
		r = sftp_result(s);
		goto out;
	}
	r = send_file(s, remote, local, local_path, shown, diags);
	if (sftp_close(remote) != 0 && r == CRIER_PUT_OK) {
		crier_upload_fail(diags, local_path, shown, "closing %s failed: "
		                  "%s", tmp, sftp_reason(s, "failure"));
		r = sftp_result(s);
	}
	if (r == CRIER_PUT_OK) {
		crier_trace(&s->opts, "* sftp: uploaded %s; renaming it to %s",
		            tmp, target);
		r = replace(s, tmp, target, local_path, shown, diags);
	}
	if (r != CRIER_PUT_OK && ssh_is_connected(s->ssh))
		sftp_unlink(s->sftp, tmp);
out:
	if (r == CRIER_PUT_TRANSIENT)
		disconnect(s);  /* the next try starts afresh */
	fclose(local);
	free(target);
	free(tmp);
	free(shown);
	return r;
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

static void
sftp_close_session(struct crier_session *s)
{
	if (s == NULL)
		return;
	disconnect(s);
	free(s->host);
	free(s->user);
	free(s->base_dir);
	free(s->shown_base);
	free(s->ssh_dir);
	free(s->known_hosts);
	free(s->made_dir);
	free(s);
}

/* The login name of this process's user, as ssh(1) takes it, or NULL. */
static char *
local_user(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL ? crier_xstrdup(pw->pw_name) : NULL;
}

/*
 * sftp://[USER@]HOST[:PORT]/PATH/ names PATH from the server's root;
 * sftp://HOST/~/PATH/, as in curl, names it from the login directory.
 */
static int
sftp_open_session(const char *base_url,
                  const struct crier_upload_options *options,
                  struct crier_diags *diags, struct crier_session **out)
{
	struct crier_upload_url u;
	struct crier_session *s;
	const char *path;

	*out = NULL;
	if (crier_upload_parse_url(base_url, &u, diags) != 0)
		return -1;
	s = crier_xcalloc(1, sizeof(*s));
	s->host = u.host;
	s->user = u.user != NULL ? u.user : local_user();
	s->port = u.port > 0 ? u.port : 22;
	s->shown_base = crier_upload_join(u.shown,
	                    u.shown[strlen(u.shown) - 1] == '/' ? "" : "/");
	free(u.shown);
	path = u.path;
	/* "/~/PATH" and "/~", as in curl: from the login directory. */
	if (strcmp(path, "/~") == 0)
		path = "";
	else if (strncmp(path, "/~/", 3) == 0)
		path += 3;
	s->base_dir = crier_upload_join(path, path[0] != '\0' &&
	                                path[strlen(path) - 1] != '/' ? "/" : "");
	free(u.path);
	s->ssh_dir = crier_upload_ssh_dir(options->ssh_dir);
	s->known_hosts = crier_upload_join(s->ssh_dir, "/known_hosts");
	s->connect_timeout_ms = options->connect_timeout_ms > 0 ?
	                        options->connect_timeout_ms : 30000;
	s->timeout_ms = options->timeout_ms > 0 ? options->timeout_ms : 300000;
	s->opts = *options;
	s->opts.netrc_file = NULL;
	s->opts.ssh_dir = NULL;
	/* Connecting waits for the first put, which can say "retry". */
	*out = s;
	return 0;
}

const struct crier_transport crier_transport_sftp = {
	.scheme = "sftp",
	.open = sftp_open_session,
	.put = sftp_put,
	.close = sftp_close_session,
};
