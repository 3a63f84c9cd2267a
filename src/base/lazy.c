#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "crypto_dl.h"
#include "curl_dl.h"
#include "idn2_dl.h"
#include "lazy.h"
#include "ssh_dl.h"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "dlsym(3) results are stored as function pointers");

/* The ABI name every libcurl since 7.16 carries. */
CRIER_LAZY_LIBRARY(crier_curl_api, crier_curl, "libcurl.so.4",
                   CRIER_CURL_FUNCTIONS);
/* Debian 12's libssh 0.10; the ABI name since 0.5. */
CRIER_LAZY_LIBRARY(crier_ssh_api, crier_ssh, "libssh.so.4",
                   CRIER_SSH_FUNCTIONS);
/* OpenSSL 3, as Debian 12 ships it. */
CRIER_LAZY_LIBRARY(crier_crypto_api, crier_crypto, "libcrypto.so.3",
                   CRIER_CRYPTO_FUNCTIONS);
/* The ABI name of libidn2 2.x. */
CRIER_LAZY_LIBRARY(crier_idn2_api, crier_idn2, "libidn2.so.0",
                   CRIER_IDN2_FUNCTIONS);

/* Uploads run on several threads; one lock serves every library. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
open_library(struct crier_lazy_lib *lib)
{
	void *handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL), *p;
	const char *why;
	size_t i;

	if (handle == NULL) {
		why = dlerror();
		snprintf(lib->why, sizeof(lib->why), "%s",
		         why != NULL ? why : "not found");
		return false;
	}
	for (i = 0; lib->names[i] != NULL; i++) {
		p = dlsym(handle, lib->names[i]);
		if (p == NULL) {
			snprintf(lib->why, sizeof(lib->why), "it lacks %s",
			         lib->names[i]);
			dlclose(handle);
			return false;
		}
		/*
		 * POSIX guarantees that a function's address survives the
		 * trip through void *; ISO C does not allow the cast, so the
		 * bytes are copied.  A struct of pointers has no padding.
		 */
		memcpy((char *)lib->table + i * sizeof(void (*)(void)), &p,
		       sizeof(p));
	}
	return true;
}

int
crier_lazy_load(struct crier_lazy_lib *lib)
{
	bool is_loaded;

	pthread_mutex_lock(&load_lock);
	if (!lib->is_tried) {
		lib->is_loaded = open_library(lib);
		lib->is_tried = true;
	}
	is_loaded = lib->is_loaded;
	pthread_mutex_unlock(&load_lock);
	return is_loaded ? 0 : -1;
}
