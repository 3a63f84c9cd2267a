/*
 * timeapi.c - the times and zones crier.h offers a program's command
 * line, on top of times.h and suggest.h.
 */
#include <stdlib.h>
#include <string.h>

#include "crier.h"
#include "suggest.h"
#include "times.h"

_Static_assert(CRIER_TIME_TEXT_SIZE >= CRIER_RFC3339_SIZE,
               "crier.h's time text holds an RFC 3339 time");

int
crier_time_read(const char *text, int64_t *epoch_s)
{
	struct crier_time t;
	size_t col;

	if (crier_time_parse(text, strlen(text), NULL, &t, &col) !=
	    CRIER_TIME_OK)
		return -1;
	*epoch_s = t.epoch_s;
	return 0;
}

void
crier_time_write(int64_t epoch_s, char text[CRIER_TIME_TEXT_SIZE])
{
	crier_time_rfc3339((struct crier_time){epoch_s, 0}, text);
}

int
crier_zone_check(const char *zone, char **suggestion)
{
	if (suggestion != NULL)
		*suggestion = NULL;
	if (crier_zone_exists(zone))
		return 1;
	if (suggestion != NULL)
		*suggestion = crier_zone_suggest(zone);
	return 0;
}
