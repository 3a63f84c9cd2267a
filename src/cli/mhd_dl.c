#include <pthread.h>

#include "mhd_dl.h"

struct crier_mhd_api crier_mhd;

static const char *const names[] = {
	CRIER_MHD_FUNCTIONS(CRIER_LAZY_NAME)
	NULL
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	/* The ABI name of libmicrohttpd since 0.9.53. */
	crier_lazy_load("libmicrohttpd.so.12", names, &crier_mhd);
}

void
crier_mhd_load(void)
{
	pthread_once(&load_once, load);
}
