/*
 * curl_dl.h - libcurl, loaded when the first upload needs it.
 *
 * Debian's libcurl brings some thirty libraries with it (TLS, LDAP,
 * Kerberos, RTMP, ...), and loading them costs about 6 ms, more than a
 * whole build of a small feed.  Only publishing needs libcurl, so crier
 * does not link it (see lazy.h): the functions below are looked up the
 * first time crier_lazy_load() is called.  Including this header instead
 * of <curl/curl.h> makes their usual names call through that table.
 */
#ifndef CRIER_CURL_DL_H
#define CRIER_CURL_DL_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "lazy.h"

#define CRIER_CURL_FUNCTIONS(F) \
	F(curl_global_init) F(curl_global_cleanup) \
	F(curl_easy_init) F(curl_easy_setopt) F(curl_easy_getinfo) \
	F(curl_easy_perform) F(curl_easy_reset) F(curl_easy_cleanup) \
	F(curl_easy_strerror) F(curl_easy_escape) \
	F(curl_slist_append) F(curl_slist_free_all) \
	F(curl_url) F(curl_url_set) F(curl_url_get) F(curl_url_cleanup) \
	F(curl_free)

struct crier_curl_api {
	CRIER_CURL_FUNCTIONS(CRIER_LAZY_FIELD)
};

extern struct crier_curl_api crier_curl;

/* Its loading: crier_lazy_load(&crier_curl_lib) returns 0 or -1. */
extern struct crier_lazy_lib crier_curl_lib;

/* curl.h wraps these two in macros that count arguments. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init crier_curl.curl_global_init
#define curl_global_cleanup crier_curl.curl_global_cleanup
#define curl_easy_init crier_curl.curl_easy_init
#define curl_easy_setopt crier_curl.curl_easy_setopt
#define curl_easy_getinfo crier_curl.curl_easy_getinfo
#define curl_easy_perform crier_curl.curl_easy_perform
#define curl_easy_reset crier_curl.curl_easy_reset
#define curl_easy_cleanup crier_curl.curl_easy_cleanup
#define curl_easy_strerror crier_curl.curl_easy_strerror
#define curl_easy_escape crier_curl.curl_easy_escape
#define curl_slist_append crier_curl.curl_slist_append
#define curl_slist_free_all crier_curl.curl_slist_free_all
#define curl_url crier_curl.curl_url
#define curl_url_set crier_curl.curl_url_set
#define curl_url_get crier_curl.curl_url_get
#define curl_url_cleanup crier_curl.curl_url_cleanup
#define curl_free crier_curl.curl_free

#endif /* CRIER_CURL_DL_H */
