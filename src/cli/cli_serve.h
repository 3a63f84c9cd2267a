/*
 * cli_serve.h - what crier serve's two halves share: the site that the
 * main thread rebuilds (cli_serve.c) and the HTTP thread answers from
 * (cli_serve_http.c).
 */
#ifndef CRIER_CLI_SERVE_H
#define CRIER_CLI_SERVE_H

#include <pthread.h>

#include "mhd_dl.h"

struct serve_site {
	pthread_mutex_t lock;    /* guards generation and error_page */
	char *root;              /* the temporary directory built into */
	char **names;            /* each source's directory below ROOT */
	int source_count;
	unsigned long generation;  /* counts rebuilds; pages poll it */
	char *error_page;        /* HTML listing the diagnostics while the
	                            records have errors, else NULL */
};

/*
 * The request handler: outputs of ROOT with the content types a real
 * host should send, the error page instead while there is one, and
 * /.crier/generation for the reload script that HTML responses (and
 * only they, never the built files) get.
 */
enum MHD_Result crier_serve_answer(void *site, struct MHD_Connection *c,
                                   const char *url, const char *method,
                                   const char *version,
                                   const char *upload_data,
                                   size_t *upload_data_size, void **state);

/*
 * The script added before </body> of every page served: it asks for
 * /.crier/generation and reloads the page when it is not GENERATION.
 * A new string (free() it).
 */
char *crier_serve_script(unsigned long generation);

#endif /* CRIER_CLI_SERVE_H */
