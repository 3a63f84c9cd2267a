#include <pthread.h>

#include "curl_dl.h"

struct crier_curl_api crier_curl;

static const char *const names[] = {
	CRIER_CURL_FUNCTIONS(CRIER_LAZY_NAME)
	NULL
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	/* The ABI name every libcurl since 7.16 carries. */
	crier_lazy_load("libcurl.so.4", names, &crier_curl);
}

void
crier_curl_load(void)
{
	pthread_once(&load_once, load);
}
