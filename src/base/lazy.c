#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lazy.h"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "dlsym(3) results are stored as function pointers");

void
crier_lazy_load(const char *soname, const char *const names[], void *table)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL), *p;
	size_t i;

	if (lib == NULL) {
		fprintf(stderr, "crier: cannot load %s: %s\n", soname,
		        dlerror());
		abort();
	}
	for (i = 0; names[i] != NULL; i++) {
		p = dlsym(lib, names[i]);
		if (p == NULL) {
			fprintf(stderr, "crier: cannot load %s: it lacks %s\n",
			        soname, names[i]);
			abort();
		}
		/*
		 * POSIX guarantees that a function's address survives the
		 * trip through void *; ISO C does not allow the cast, so the
		 * bytes are copied.  A struct of pointers has no padding.
		 */
		memcpy((char *)table + i * sizeof(void (*)(void)), &p,
		       sizeof(p));
	}
}
