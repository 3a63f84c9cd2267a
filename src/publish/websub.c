/*
 * websub.c - the WebSub publish ping, over libcurl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "upload_curl.h"
#include "websub.h"

static size_t
discard_cb(char *data, size_t size, size_t count, void *userp)
{
	(void)data;
	(void)userp;
	return size * count;
}

int
crier_websub_ping(const char *hub_url, const char *topic_url,
                  const struct crier_upload_options *opts, char *why,
                  size_t size)
{
	struct crier_curl *c;
	char *topic, *form, lib_why[256];
	long status = 0;
	CURLcode rc;
	int result = 0;

	if (crier_curl_start(lib_why, sizeof(lib_why)) != 0) {
		snprintf(why, size, "cannot load libcurl: %s", lib_why);
		return -1;
	}
	c = crier_curl_new(opts);
	topic = curl_easy_escape(c->handle, topic_url, 0);
	if (topic == NULL)
		crier_out_of_memory("curl_easy_escape");
	form = crier_xmalloc(strlen(topic) + 64);
	sprintf(form, "hub.mode=publish&hub.url=%s", topic);
	crier_curl_reset(c, "http,https");
	curl_easy_setopt(c->handle, CURLOPT_URL, hub_url);
	curl_easy_setopt(c->handle, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c->handle, CURLOPT_WRITEFUNCTION, discard_cb);
	crier_trace(opts, "telling the WebSub hub about %s", topic_url);
	rc = crier_curl_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c->handle, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		snprintf(why, size, "%s", crier_curl_reason(c, rc));
		result = -1;
	} else if (status < 200 || status >= 300) {
		snprintf(why, size, "the hub answered HTTP %ld", status);
		result = -1;
	}
	curl_free(topic);
	free(form);
	crier_curl_free(c);
	return result;
}
