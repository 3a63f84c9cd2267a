#include <pthread.h>

#include "crypto_dl.h"

struct crier_crypto_api crier_crypto;

static const char *const names[] = {
	CRIER_CRYPTO_FUNCTIONS(CRIER_LAZY_NAME)
	NULL
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	/* OpenSSL 3, as Debian 12 ships it. */
	crier_lazy_load("libcrypto.so.3", names, &crier_crypto);
}

void
crier_crypto_load(void)
{
	pthread_once(&load_once, load);
}
