/*
 * lazy.h - libraries loaded when first needed, not at startup.
 *
 * Only publishing needs libcurl, libssh and libcrypto, and only a host in
 * another script libidn2, and loading them with the program costs
 * milliseconds on every run, more than a whole build of a small feed:
 * libcurl and libssh bring Kerberos, TLS and more with them, libcrypto
 * runs its constructors, libidn2 brings libunistring.  So crier does not
 * link them.  Each has a header (curl_dl.h, ssh_dl.h, crypto_dl.h,
 * idn2_dl.h, and the command's mhd_dl.h) that lists the functions crier
 * calls, declares a table of pointers to them and turns the usual names
 * into calls through that table.  One line of CRIER_LAZY_LIBRARY()
 * defines the table and its struct crier_lazy_lib; crier_lazy_load()
 * fills it.
 */
#ifndef CRIER_LAZY_H
#define CRIER_LAZY_H

#include <stdbool.h>

/*
 * Applied to a header's list of function names: the table field of one
 * function, typed like the function its library's header declares, and
 * the name dlsym(3) looks up.
 */
#define CRIER_LAZY_FIELD(name) __typeof__(name) *name;
#define CRIER_LAZY_NAME(name) #name,

/* One library loaded on demand, and how its loading went. */
struct crier_lazy_lib {
	const char *soname;
	const char *const *names;  /* the functions, ended by NULL */
	void *table;               /* a struct of one pointer per name */
	bool is_tried;
	bool is_loaded;
	char why[256];             /* when the loading failed: why */
};

/*
 * Defines the table VAR of type struct API filled from SONAME with the
 * functions FUNCTIONS lists, and its descriptor VAR_lib.
 */
#define CRIER_LAZY_LIBRARY(api, var, soname, functions) \
	struct api var; \
	static const char *const var##_names[] = { \
		functions(CRIER_LAZY_NAME) NULL \
	}; \
	struct crier_lazy_lib var##_lib = { soname, var##_names, &var, \
	                                    false, false, "" }

/*
 * Opens LIB->soname and fills its table, once per process, from any
 * thread; later calls return what the first one found.  Returns 0, or -1
 * with the reason in LIB->why ("file too short", "it lacks ssh_new"): a
 * missing library or function is an installation problem that the
 * caller reports as an error.  The library stays loaded for the life of
 * the process.
 */
int crier_lazy_load(struct crier_lazy_lib *lib);

#endif /* CRIER_LAZY_H */
