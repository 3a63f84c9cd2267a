/*
 * mhd_dl.h - libmicrohttpd, loaded when crier serve starts.
 *
 * Only crier serve needs an HTTP server, and Debian's libmicrohttpd
 * brings GnuTLS and its dozen libraries with it: linked, they would cost
 * every cron run their loading time.  So, as libcurl (curl_dl.h), it is
 * looked up by crier_lazy_load(), and including this header instead of
 * <microhttpd.h> makes the usual names call through the table.
 */
#ifndef CRIER_MHD_DL_H
#define CRIER_MHD_DL_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdint.h>
#include <microhttpd.h>

#include "lazy.h"

#define CRIER_MHD_FUNCTIONS(F) \
	F(MHD_start_daemon) F(MHD_stop_daemon) \
	F(MHD_lookup_connection_value) F(MHD_queue_response) \
	F(MHD_create_response_from_buffer) F(MHD_create_response_from_fd) \
	F(MHD_add_response_header) F(MHD_destroy_response)

struct crier_mhd_api {
	CRIER_MHD_FUNCTIONS(CRIER_LAZY_FIELD)
};

extern struct crier_mhd_api crier_mhd;

/* Its loading: crier_lazy_load(&crier_mhd_lib) returns 0 or -1. */
extern struct crier_lazy_lib crier_mhd_lib;

#define MHD_start_daemon crier_mhd.MHD_start_daemon
#define MHD_stop_daemon crier_mhd.MHD_stop_daemon
#define MHD_lookup_connection_value crier_mhd.MHD_lookup_connection_value
#define MHD_queue_response crier_mhd.MHD_queue_response
#define MHD_create_response_from_buffer \
	crier_mhd.MHD_create_response_from_buffer
#define MHD_create_response_from_fd crier_mhd.MHD_create_response_from_fd
#define MHD_add_response_header crier_mhd.MHD_add_response_header
#define MHD_destroy_response crier_mhd.MHD_destroy_response

#endif /* CRIER_MHD_DL_H */
