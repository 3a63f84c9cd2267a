/*
 * websub.h - telling a WebSub hub that a feed changed (W3C WebSub,
 * section 7: a form POST with hub.mode=publish and hub.url=TOPIC).
 */
#ifndef CRIER_WEBSUB_H
#define CRIER_WEBSUB_H

#include <stddef.h>

#include "transport.h"

/*
 * POSTs the publish notification for TOPIC_URL to HUB_URL, once, with
 * the timeouts, netrc and TLS rules of the uploads.  Returns 0 when the
 * hub answers 2xx; -1 with the reason in WHY (SIZE bytes) otherwise.
 */
int crier_websub_ping(const char *hub_url, const char *topic_url,
                      const struct crier_upload_options *opts, char *why,
                      size_t size);

#endif /* CRIER_WEBSUB_H */
