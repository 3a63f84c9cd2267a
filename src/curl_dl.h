/*
 * curl_dl.h - libcurl, loaded when the first upload needs it.
 *
 * Debian's libcurl brings some thirty libraries with it (TLS, LDAP,
 * Kerberos, RTMP, ...), and loading them costs about 6 ms, more than a
 * whole build of a small feed.  Only publishing needs libcurl, so crier
 * does not link it: the functions it uses are looked up with dlopen(3)
 * the first time crier_curl_load() is called.  Including this header
 * instead of <curl/curl.h> makes the usual names call through that table.
 */
#ifndef CRIER_CURL_DL_H
#define CRIER_CURL_DL_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

struct crier_curl_api {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_reset)(CURL *);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	char *(*easy_escape)(CURL *, const char *, int);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	void (*url_cleanup)(CURLU *);
	void (*free)(void *);
};

extern struct crier_curl_api crier_curl;

/*
 * Loads libcurl once; later calls do nothing.  A libcurl that cannot be
 * loaded is an installation problem crier cannot work around: it says
 * so and aborts, as it does when memory runs out.
 */
void crier_curl_load(void);

#ifndef CRIER_CURL_DL_SELF
/* curl.h wraps these two in macros that count arguments. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init crier_curl.global_init
#define curl_global_cleanup crier_curl.global_cleanup
#define curl_easy_init crier_curl.easy_init
#define curl_easy_setopt crier_curl.easy_setopt
#define curl_easy_getinfo crier_curl.easy_getinfo
#define curl_easy_perform crier_curl.easy_perform
#define curl_easy_reset crier_curl.easy_reset
#define curl_easy_cleanup crier_curl.easy_cleanup
#define curl_easy_strerror crier_curl.easy_strerror
#define curl_easy_escape crier_curl.easy_escape
#define curl_slist_append crier_curl.slist_append
#define curl_slist_free_all crier_curl.slist_free_all
#define curl_url crier_curl.url
#define curl_url_set crier_curl.url_set
#define curl_url_get crier_curl.url_get
#define curl_url_cleanup crier_curl.url_cleanup
#define curl_free crier_curl.free
#endif

#endif /* CRIER_CURL_DL_H */
