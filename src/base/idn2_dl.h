/*
 * idn2_dl.h - libidn2's IDNA conversion, loaded when a host first needs
 * it.
 *
 * Only an address whose host is in another script needs libidn2, yet
 * loading it, with the libunistring it brings, costs a few tenths of a
 * millisecond on every run.  So it is not linked (see lazy.h): the
 * functions below are looked up the first time crier_lazy_load() is
 * called.  Including this header instead of <idn2.h> makes their usual
 * names call through that table.
 */
#ifndef CRIER_IDN2_DL_H
#define CRIER_IDN2_DL_H

#include <idn2.h>

#include "lazy.h"

#define CRIER_IDN2_FUNCTIONS(F) F(idn2_to_ascii_8z) F(idn2_free)

struct crier_idn2_api {
	CRIER_IDN2_FUNCTIONS(CRIER_LAZY_FIELD)
};

extern struct crier_idn2_api crier_idn2;

/* Its loading: crier_lazy_load(&crier_idn2_lib) returns 0 or -1. */
extern struct crier_lazy_lib crier_idn2_lib;

#define idn2_to_ascii_8z crier_idn2.idn2_to_ascii_8z
#define idn2_free crier_idn2.idn2_free

#endif /* CRIER_IDN2_DL_H */
