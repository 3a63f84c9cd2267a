#include <pthread.h>
#include <stdlib.h>

#include "alloc.h"
#include "content.h"
#include "diag.h"
#include "render.h"

struct slot {
	char *html;                   /* NULL when the body was unreadable */
	struct crier_diags *diags;    /* why, if so */
};

struct crier_renderer {
	const struct crier_feed *feed;
	size_t count;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t produced, consumed;    /* entries; guarded by lock */
	int is_stopping;              /* guarded by lock */
	struct slot slots[CRIER_RENDER_AHEAD];
};

static void *
render_all(void *arg)
{
	struct crier_renderer *r = arg;
	struct slot s;
	size_t i;

	for (i = 0; i < r->count; i++) {
		pthread_mutex_lock(&r->lock);
		while (!r->is_stopping &&
		    r->produced - r->consumed == CRIER_RENDER_AHEAD)
			pthread_cond_wait(&r->changed, &r->lock);
		pthread_mutex_unlock(&r->lock);
		if (r->is_stopping)
			break;

		/* Diagnostics lists are not shared across threads. */
		s.diags = crier_diags_new();
		if (crier_entry_html(r->feed, r->feed->published[i], s.diags,
		    &s.html) == 0) {
			crier_diags_free(s.diags);
			s.diags = NULL;
		}
		pthread_mutex_lock(&r->lock);
		r->slots[i % CRIER_RENDER_AHEAD] = s;
		r->produced++;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

struct crier_renderer *
crier_renderer_start(const struct crier_feed *feed, size_t count)
{
	struct crier_renderer *r = crier_xcalloc(1, sizeof(*r));

	r->feed = feed;
	r->count = count;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->changed, NULL);
	if (pthread_create(&r->thread, NULL, render_all, r) != 0) {
		/* No second thread: render in the caller instead. */
		r->thread = pthread_self();
	}
	return r;
}

static int
is_threaded(const struct crier_renderer *r)
{
	return !pthread_equal(r->thread, pthread_self());
}

int
crier_renderer_next(struct crier_renderer *r, struct crier_diags *diags,
                    char **html_out)
{
	struct slot s;

	if (!is_threaded(r))
		return crier_entry_html(r->feed, r->feed->published[r->consumed++],
		                        diags, html_out);
	pthread_mutex_lock(&r->lock);
	while (r->produced == r->consumed)
		pthread_cond_wait(&r->changed, &r->lock);
	s = r->slots[r->consumed % CRIER_RENDER_AHEAD];
	r->consumed++;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);

	*html_out = s.html;
	if (s.diags != NULL) {
		crier_diags_append(diags, s.diags);
		crier_diags_free(s.diags);
		return -1;
	}
	return 0;
}

void
crier_renderer_stop(struct crier_renderer *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (is_threaded(r)) {
		pthread_mutex_lock(&r->lock);
		r->is_stopping = 1;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->thread, NULL);
		for (i = r->consumed; i < r->produced; i++) {
			free(r->slots[i % CRIER_RENDER_AHEAD].html);
			crier_diags_free(r->slots[i % CRIER_RENDER_AHEAD].diags);
		}
	}
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	free(r);
}
