/*
 * progress.h - telling the program how far a long stage is (see
 * crier_progress_set() in crier.h).  Counters are shared by the threads
 * of a stage; with no callback set, a step costs one load.
 */
#ifndef CRIER_PROGRESS_H
#define CRIER_PROGRESS_H

#include "crier.h"

/* STAGE begins, with TOTAL items to go. */
void crier_progress_begin(enum crier_progress_stage stage, size_t total);

/* One more item of STAGE is done; safe from any thread. */
void crier_progress_step(enum crier_progress_stage stage);

#endif /* CRIER_PROGRESS_H */
