/*
 * tzif.h - UTC offsets read from the time zone database's files (TZif,
 * RFC 8536), without the C library's TZ, which is state of the whole
 * process.
 *
 * The answers are the ones glibc's localtime_r() gives under TZ=ZONE:
 * before the first transition, the first standard-time type; from the
 * last one on, the POSIX TZ rule at the file's end (such as
 * "CET-1CEST,M3.5.0,M10.5.0/3"), computed as glibc does.
 */
#ifndef CRIER_TZIF_H
#define CRIER_TZIF_H

#include <stdint.h>

struct crier_tzif;

/*
 * The zone in the TZif file at PATH, or NULL when it cannot be read or is
 * not TZif.  Free with crier_tzif_free(), which accepts NULL.
 */
struct crier_tzif *crier_tzif_load(const char *path);
void crier_tzif_free(struct crier_tzif *zone);

/* The zone's offset from UTC at instant EPOCH_S, in seconds east. */
int32_t crier_tzif_offset(const struct crier_tzif *zone, int64_t epoch_s);

#endif /* CRIER_TZIF_H */
