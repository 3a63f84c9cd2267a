/*
 * lazy.h - libraries loaded when first needed, not at startup.
 *
 * Only publishing needs libcurl, libssh and libcrypto, and loading them
 * with the program costs milliseconds on every run, more than a whole
 * build of a small feed: libcurl and libssh bring Kerberos, TLS and more
 * with them, and libcrypto runs its constructors.  So crier does not link
 * them.  Each has a header (curl_dl.h, ssh_dl.h, crypto_dl.h) that lists
 * the functions crier calls, declares a table of pointers to them and
 * turns the usual names into calls through that table, and a load
 * function that fills the table once, with crier_lazy_load().
 */
#ifndef CRIER_LAZY_H
#define CRIER_LAZY_H

/*
 * Applied to a header's list of function names: the table field of one
 * function, typed like the function its library's header declares, and
 * the name dlsym(3) looks up.
 */
#define CRIER_LAZY_FIELD(name) __typeof__(name) *name;
#define CRIER_LAZY_NAME(name) #name,

/*
 * Opens SONAME and stores the address of each function in NAMES (ended by
 * NULL) in TABLE, a struct of one function pointer per name, in the same
 * order.  A missing library or function is an installation problem crier
 * cannot work around: it prints "crier: cannot load SONAME: why" and
 * aborts, as when memory runs out.  The library stays loaded for the life
 * of the process.  Callers make sure this runs once (pthread_once(3)).
 */
void crier_lazy_load(const char *soname, const char *const names[],
                     void *table);

#endif /* CRIER_LAZY_H */
