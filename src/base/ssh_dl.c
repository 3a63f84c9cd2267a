#include <pthread.h>

#include "ssh_dl.h"

struct crier_ssh_api crier_ssh;

static const char *const names[] = {
	CRIER_SSH_FUNCTIONS(CRIER_LAZY_NAME)
	NULL
};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	/* Debian 12's libssh 0.10; the ABI name since 0.5. */
	crier_lazy_load("libssh.so.4", names, &crier_ssh);
}

void
crier_ssh_load(void)
{
	pthread_once(&load_once, load);
}
