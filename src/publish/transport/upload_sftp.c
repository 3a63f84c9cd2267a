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
 * The file's bytes go over that channel too (sftp_raw.c), many writes
 * at once; libssh 0.10's sftp_write() waits for each 32 KB write to be
 * acknowledged before it sends the next.  Only if the server refuses a
 * second channel does sftp_write() carry them, and remove-then-rename
 * replace the target.
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
#include "diag.h"
#include "sftp_raw.h"
#include "transport.h"
#include "upload_util.h"

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
	struct crier_sftp_raw raw;     /* writes and posix-rename */
	int has_no_raw;                /* the server refused that channel */
	int has_posix_rename, has_fsync;
	char *made_dir;                /* the last directory known to exist */
};

/* ------------------------------------------------------------------ */
/* Connecting                                                          */
/* ------------------------------------------------------------------ */

static void
disconnect(struct crier_session *s)
{
	crier_sftp_raw_close(&s->raw);
	s->has_no_raw = 0;
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

/* The new session's options, from the URL and crier's own defaults. */
static void
set_options(struct crier_session *s)
{
	long timeout_s = (s->connect_timeout_ms + 999) / 1000;
	int no = 0, yes = 1, verbosity = SSH_LOG_NOLOG;

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
}

static enum crier_put_result
connect_session(struct crier_session *s, const char *what, const char *shown,
                struct crier_diags *diags)
{
	enum crier_put_result r;

	if (s->ssh != NULL && ssh_is_connected(s->ssh) && s->sftp != NULL)
		return CRIER_PUT_OK;
	disconnect(s);
	/* Loaded when the session opened (sftp_open_session). */
	s->ssh = ssh_new();
	if (s->ssh == NULL) {
		crier_upload_fail(diags, what, shown,
		                  "cannot start an SSH session");
		return CRIER_PUT_PERMANENT;
	}
	set_options(s);
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
	s->raw.ssh = s->ssh;
	s->raw.read_timeout_ms = s->connect_timeout_ms;
	free(s->made_dir);
	s->made_dir = NULL;
	return CRIER_PUT_OK;
}

/* ------------------------------------------------------------------ */
/* Putting one file                                                    */
/* ------------------------------------------------------------------ */

/* The SSH_FX_* STATUS in words, or NULL for those that say little. */
static const char *
status_text(int status)
{
	switch (status) {
	case SSH_FX_NO_SUCH_FILE: return "no such file or directory";
	case SSH_FX_PERMISSION_DENIED: return "permission denied";
	case SSH_FX_NO_SUCH_PATH: return "no such directory";
	case SSH_FX_WRITE_PROTECT: return "write-protected";
	default: return NULL;
	}
}

static const char *
sftp_reason(struct crier_session *s, const char *fallback)
{
	int status = sftp_get_error(s->sftp);

	if (status_text(status) != NULL)
		return status_text(status);
	if (status == SSH_FX_NO_MEDIA || status == SSH_FX_FAILURE)
		return fallback;
	return ssh_get_error(s->ssh);
}

/* Lost connections are worth retrying; the server's refusals are not. */
static enum crier_put_result
status_result(struct crier_session *s, int status)
{
	if (status < 0 || !ssh_is_connected(s->ssh))
		return CRIER_PUT_TRANSIENT;
	switch (status) {
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

static enum crier_put_result
sftp_result(struct crier_session *s)
{
	return status_result(s, sftp_get_error(s->sftp));
}

/* Why a raw request failed: STATUS (-1: the channel), the server's WHY. */
static const char *
raw_reason(int status, const char *why, const char *fallback)
{
	if (status < 0)
		return "the connection failed";
	if (status_text(status) != NULL)
		return status_text(status);
	return why[0] != '\0' ? why : fallback;
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

/*
 * Copies the local file into the open remote file, flushing it at the
 * end, with libssh's one write at a time: for servers that refuse a
 * second channel.
 */
static enum crier_put_result
send_file(struct crier_session *s, sftp_file remote, FILE *local,
          const char *what, const char *target, struct crier_diags *diags)
{
	char buf[CRIER_SFTP_CHUNK_BYTES];
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

/*
 * Writes LOCAL to TMP over the raw channel, flushed to the server's disk
 * when it can.  A failure closes the channel, whose replies are then out
 * of step; the server closes the file with it.
 */
static enum crier_put_result
put_raw(struct crier_session *s, const char *tmp, FILE *local,
        const char *what, const char *shown, struct crier_diags *diags)
{
	struct crier_sftp_raw_file f = {0};
	char why[256];
	int status;

	status = crier_sftp_raw_create(&s->raw, tmp, &f, why, sizeof(why));
	if (status != SSH_FX_OK) {
		crier_upload_fail(diags, what, shown, "cannot create %s: %s", tmp,
		                  raw_reason(status, why, "failure"));
	} else if ((status = crier_sftp_raw_write_all(&s->raw, &f, local,
	            s->timeout_ms, why, sizeof(why))) != SSH_FX_OK) {
		if (status == -2)
			crier_upload_fail(diags, what, shown, "upload timed out "
			                  "after %ld ms", s->timeout_ms);
		else
			crier_upload_fail(diags, what, shown, "upload failed: %s",
			                  raw_reason(status, why, "write failed"));
	} else if (ferror(local)) {
		crier_upload_fail(diags, what, shown, "cannot read %s: %s",
		                  what, strerror(errno));
		status = SSH_FX_PERMISSION_DENIED;   /* not worth a retry */
	} else if (s->has_fsync && (status = crier_sftp_raw_fsync(&s->raw,
	           &f, why, sizeof(why))) != SSH_FX_OK) {
		/* The new bytes reach the disk before they replace the old. */
		crier_upload_fail(diags, what, shown, "fsync failed: %s",
		                  raw_reason(status, why, "failure"));
	} else if ((status = crier_sftp_raw_close_file(&s->raw, &f, why,
	                                               sizeof(why))) != SSH_FX_OK) {
		crier_upload_fail(diags, what, shown, "closing %s failed: %s",
		                  tmp, raw_reason(status, why, "failure"));
	}
	free(f.handle);
	if (status == SSH_FX_OK)
		return CRIER_PUT_OK;
	crier_sftp_raw_close(&s->raw);
	return status == -2 ? CRIER_PUT_TRANSIENT : status_result(s, status);
}

/* Writes LOCAL to TMP with libssh's SFTP session. */
static enum crier_put_result
put_libssh(struct crier_session *s, const char *tmp, FILE *local,
           const char *what, const char *shown, struct crier_diags *diags)
{
	enum crier_put_result r;
	sftp_file remote;

	/* O_TRUNC: a leftover from a failed run is simply overwritten. */
	remote = sftp_open(s->sftp, tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (remote == NULL) {
		crier_upload_fail(diags, what, shown, "cannot create %s: %s",
		                  tmp, sftp_reason(s, "failure"));
		return sftp_result(s);
	}
	r = send_file(s, remote, local, what, shown, diags);
	if (sftp_close(remote) != 0 && r == CRIER_PUT_OK) {
		crier_upload_fail(diags, what, shown, "closing %s failed: %s",
		                  tmp, sftp_reason(s, "failure"));
		r = sftp_result(s);
	}
	return r;
}

/* Puts the temporary file TMP in TARGET's place. */
static enum crier_put_result
replace(struct crier_session *s, const char *tmp, const char *target,
        const char *what, const char *shown, struct crier_diags *diags)
{
	char why[256];
	int status;

	if (s->has_posix_rename && !s->has_no_raw) {
		status = crier_sftp_raw_rename(&s->raw, tmp, target, why,
		                               sizeof(why));
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
	 * Without the extension, or a second channel to send it over, SFTP
	 * v3 can rename only onto a free name: remove the old file first
	 * (documented in crier(1)).
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

/* TARGET's directory, made on the server where it is missing. */
static enum crier_put_result
make_parent(struct crier_session *s, const char *target,
            const char *local_path, const char *shown,
            struct crier_diags *diags)
{
	const char *slash = strrchr(target, '/');
	enum crier_put_result r = CRIER_PUT_OK;
	char *dir;

	if (slash == NULL)
		return CRIER_PUT_OK;
	dir = crier_xstrdup(target);
	dir[slash - target + 1] = '\0';
	if (make_dirs(s, dir) != 0) {
		crier_upload_fail(diags, local_path, shown,
		                  "cannot create the directory %s: %s",
		                  dir, sftp_reason(s, "failure"));
		r = sftp_result(s);
	}
	free(dir);
	return r;
}

static enum crier_put_result
sftp_put(struct crier_session *s, const char *rel_path,
         const char *local_path, const char *content_type,
         struct crier_diags *diags)
{
	enum crier_put_result r;
	char *target, *tmp, *shown;
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
	if (r == CRIER_PUT_OK)
		r = make_parent(s, target, local_path, shown, diags);
	if (r != CRIER_PUT_OK)
		goto out;
	/* A leftover from a failed run is simply overwritten (truncated). */
	if (!s->has_no_raw && crier_sftp_raw_open(&s->raw) != 0)
		s->has_no_raw = 1;
	if (s->raw.channel != NULL)
		r = put_raw(s, tmp, local, local_path, shown, diags);
	else
		r = put_libssh(s, tmp, local, local_path, shown, diags);
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
	crier_sftp_raw_free(&s->raw);
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
	if (crier_transport_load(&crier_ssh_lib, u.shown, diags) != 0) {
		crier_upload_url_free(&u);
		return -1;
	}
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
