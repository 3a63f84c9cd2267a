#define CRIER_CURL_DL_SELF
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curl_dl.h"

/* The ABI name every libcurl since 7.16 carries. */
#define LIBCURL_SONAME "libcurl.so.4"

struct crier_curl_api crier_curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void *
symbol(void *lib, const char *name)
{
	void *p = dlsym(lib, name);

	if (p == NULL) {
		fprintf(stderr, "crier: %s lacks %s\n", LIBCURL_SONAME, name);
		abort();
	}
	return p;
}

/*
 * Object pointers from dlsym become function pointers through memcpy:
 * POSIX guarantees the representation, ISO C does not allow the cast.
 */
#define LOAD(field, name) do { \
	void *p_ = symbol(lib, name); \
	memcpy(&crier_curl.field, &p_, sizeof(p_)); \
} while (0)

static void
load(void)
{
	void *lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (lib == NULL) {
		fprintf(stderr, "crier: cannot load %s, which publishing "
		        "needs: %s\n", LIBCURL_SONAME, dlerror());
		abort();
	}
	LOAD(global_init, "curl_global_init");
	LOAD(global_cleanup, "curl_global_cleanup");
	LOAD(easy_init, "curl_easy_init");
	LOAD(easy_setopt, "curl_easy_setopt");
	LOAD(easy_getinfo, "curl_easy_getinfo");
	LOAD(easy_perform, "curl_easy_perform");
	LOAD(easy_reset, "curl_easy_reset");
	LOAD(easy_cleanup, "curl_easy_cleanup");
	LOAD(easy_strerror, "curl_easy_strerror");
	LOAD(easy_escape, "curl_easy_escape");
	LOAD(slist_append, "curl_slist_append");
	LOAD(slist_free_all, "curl_slist_free_all");
	LOAD(url, "curl_url");
	LOAD(url_set, "curl_url_set");
	LOAD(url_get, "curl_url_get");
	LOAD(url_cleanup, "curl_url_cleanup");
	LOAD(free, "curl_free");
	/* The library stays loaded for the life of the process. */
}

void
crier_curl_load(void)
{
	pthread_once(&load_once, load);
}
