/*
 * progress.c - telling the program how far a long stage is (progress.h).
 */
#include <stdatomic.h>

#include "progress.h"

static crier_progress_fn *_Atomic report;
static void *_Atomic report_ctx;
static atomic_size_t done_count[CRIER_PROGRESS_UPLOADING + 1];
static atomic_size_t total_count[CRIER_PROGRESS_UPLOADING + 1];

void
crier_progress_set(crier_progress_fn *fn, void *ctx)
{
	atomic_store(&report_ctx, ctx);
	atomic_store(&report, fn);
}

void
crier_progress_begin(enum crier_progress_stage stage, size_t total)
{
	crier_progress_fn *fn = atomic_load_explicit(&report,
	                                             memory_order_relaxed);

	if (fn == NULL)
		return;
	atomic_store(&done_count[stage], 0);
	atomic_store(&total_count[stage], total);
	fn(atomic_load(&report_ctx), stage, 0, total);
}

void
crier_progress_step(enum crier_progress_stage stage)
{
	crier_progress_fn *fn = atomic_load_explicit(&report,
	                                             memory_order_relaxed);
	size_t done;

	if (fn == NULL)
		return;
	done = atomic_fetch_add(&done_count[stage], 1) + 1;
	fn(atomic_load(&report_ctx), stage, done,
	   atomic_load(&total_count[stage]));
}
