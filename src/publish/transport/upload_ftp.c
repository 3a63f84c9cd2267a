/*
 * upload_ftp.c - the ftp:// and ftps:// transports, over libcurl.
 *
 * A file is stored under a temporary name in its target's directory
 * (created if missing), then renamed over the target with RNFR/RNTO
 * (RFC 959, 4.1.3) on the same control connection.  Servers that rename
 * with rename(2), as vsftpd and ProFTPD do, replace the old file
 * atomically.  ftps:// is FTP over implicit TLS (port 990), as in curl;
 * ftp:// is plain FTP, where the password crosses the network in clear.
 * Passive mode only: it works through NAT and firewalls.
 *
 * Logins come from netrc, never from the URL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "diag.h"
#include "transport.h"
#include "upload_curl.h"
#include "upload_util.h"

struct crier_session {
	struct crier_curl *curl;   /* one handle: one login per publish */
	char *base_url;            /* ends in '/' */
	char *shown_base;          /* the same without the user name */
	const char *protocols;     /* "ftp" or "ftps" */
	char *netrc_file;          /* the options' copy, owned */
};

static void
ftp_close_session(struct crier_session *s)
{
	if (s == NULL)
		return;
	crier_curl_free(s->curl);
	free(s->base_url);
	free(s->shown_base);
	free(s->netrc_file);
	free(s);
}

static char *
with_slash(const char *url)
{
	return crier_upload_join(url, url[strlen(url) - 1] == '/' ? "" : "/");
}

static int
open_session(const char *base_url, const struct crier_upload_options *o,
             const char *protocols, struct crier_diags *diags,
             struct crier_session **out)
{
	struct crier_upload_options copy = *o;
	struct crier_upload_url u;
	struct crier_session *s;

	*out = NULL;
	if (crier_upload_parse_url(base_url, &u, diags) != 0)
		return -1;
	s = crier_xcalloc(1, sizeof(*s));
	/* The URL as given: a login name in it picks the netrc entry. */
	s->base_url = with_slash(base_url);
	s->shown_base = with_slash(u.shown);
	crier_upload_url_free(&u);
	s->protocols = protocols;
	s->netrc_file = o->netrc_file ? crier_xstrdup(o->netrc_file) : NULL;
	copy.netrc_file = s->netrc_file;
	s->curl = crier_curl_new(&copy);
	*out = s;
	return 0;
}

static int
ftp_open(const char *base_url, const struct crier_upload_options *o,
         struct crier_diags *diags, struct crier_session **out)
{
	return open_session(base_url, o, "ftp", diags, out);
}

static int
ftps_open(const char *base_url, const struct crier_upload_options *o,
          struct crier_diags *diags, struct crier_session **out)
{
	return open_session(base_url, o, "ftps", diags, out);
}

/* The shared settings, and TLS for every command of an ftps:// session. */
static void
reset(struct crier_session *s, const char *url)
{
	CURL *h = s->curl->handle;

	crier_curl_reset(s->curl, s->protocols);
	curl_easy_setopt(h, CURLOPT_URL, url);
	if (strcmp(s->protocols, "ftps") == 0)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
}

/*
 * Removes the temporary file after a failed put, if the server still
 * answers: the next run would overwrite it anyway, but it should not sit
 * in the served tree until then.
 */
static void
remove_temp(struct crier_session *s, const char *dir_url, const char *tmp)
{
	CURL *h = s->curl->handle;
	struct curl_slist *cmd;
	char *dele = crier_upload_join("DELE ", tmp);

	cmd = curl_slist_append(NULL, dele);
	reset(s, dir_url);
	curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(h, CURLOPT_QUOTE, cmd);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
	crier_curl_perform(s->curl);
	curl_slist_free_all(cmd);
	free(dele);
}

/*
 * Whether a retry could help.  Besides connection trouble, an FTP reply
 * of 4xx to STOR, RNFR or RNTO means "not now" (RFC 959, 4.2), 5xx "no".
 */
static enum crier_put_result
result(struct crier_session *s, CURLcode rc)
{
	long code = 0;

	curl_easy_getinfo(s->curl->handle, CURLINFO_RESPONSE_CODE, &code);
	if ((rc == CURLE_UPLOAD_FAILED || rc == CURLE_QUOTE_ERROR ||
	     rc == CURLE_FTP_COULDNT_RETR_FILE) && code >= 400 && code < 500)
		return CRIER_PUT_TRANSIENT;
	return crier_curl_result(rc);
}

static const char *
basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * The commands that rename the upload TMP_REL to REL_PATH once stored.
 * libcurl changes into the file's directory (CURLFTPMETHOD_MULTICWD)
 * before STOR, so the names are relative to it.
 */
static struct curl_slist *
rename_commands(const char *tmp_rel, const char *rel_path)
{
	struct curl_slist *after = NULL;
	char *cmd;

	cmd = crier_upload_join("RNFR ", basename_of(tmp_rel));
	after = curl_slist_append(after, cmd);
	free(cmd);
	cmd = crier_upload_join("RNTO ", basename_of(rel_path));
	after = curl_slist_append(after, cmd);
	free(cmd);
	return after;
}

static enum crier_put_result
ftp_put(struct crier_session *s, const char *rel_path, const char *local_path,
        const char *content_type, struct crier_diags *diags)
{
	enum crier_put_result r = CRIER_PUT_OK;
	struct curl_slist *after;
	char *shown, *tmp_rel, *url, *dir_url;
	CURL *h = s->curl->handle;
	struct stat st;
	CURLcode rc;
	FILE *local;

	(void)content_type;  /* FTP carries none; the web server decides */
	shown = crier_url_join(s->shown_base, rel_path);
	local = fopen(local_path, "rb");
	if (local == NULL || fstat(fileno(local), &st) != 0) {
		crier_upload_fail(diags, local_path, shown, "cannot read: %s",
		                  strerror(errno));
		if (local != NULL)
			fclose(local);
		free(shown);
		return CRIER_PUT_PERMANENT;
	}
	tmp_rel = crier_upload_temp_name(rel_path);
	url = crier_url_join(s->base_url, tmp_rel);
	dir_url = crier_xstrdup(url);
	*(strrchr(dir_url, '/') + 1) = '\0';

	after = rename_commands(tmp_rel, rel_path);
	reset(s, url);
	curl_easy_setopt(h, CURLOPT_FTP_CREATE_MISSING_DIRS,
	                 (long)CURLFTP_CREATE_DIR_RETRY);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READDATA, local);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)st.st_size);
	curl_easy_setopt(h, CURLOPT_POSTQUOTE, after);
	rc = crier_curl_perform(s->curl);
	if (rc != CURLE_OK) {
		r = result(s, rc);
		crier_upload_fail(diags, local_path, shown, "%s%s",
		                  rc == CURLE_QUOTE_ERROR ?
		                  "cannot rename the upload into place: " : "",
		                  crier_curl_reason(s->curl, rc));
		if (rc != CURLE_LOGIN_DENIED && rc != CURLE_COULDNT_CONNECT &&
		    rc != CURLE_PEER_FAILED_VERIFICATION)
			remove_temp(s, dir_url, basename_of(tmp_rel));
	}
	curl_slist_free_all(after);
	fclose(local);
	free(shown);
	free(tmp_rel);
	free(url);
	free(dir_url);
	return r;
}

const struct crier_transport crier_transport_ftp = {
	.scheme = "ftp",
	.open = ftp_open,
	.put = ftp_put,
	.close = ftp_close_session,
};

const struct crier_transport crier_transport_ftps = {
	.scheme = "ftps",
	.open = ftps_open,
	.put = ftp_put,
	.close = ftp_close_session,
};
