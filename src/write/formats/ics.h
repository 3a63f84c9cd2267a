/*
 * ics.h - the iCalendar file (RFC 5545) of the feed's talks and events.
 */
#ifndef CRIER_ICS_H
#define CRIER_ICS_H

#include <stdio.h>

#include "model.h"
#include "render.h"
#include "selfcheck.h"

/*
 * The entries the calendar holds, in its order: of the entries the
 * outputs hold, every talk and every announcement with an event time,
 * by start, then by uri.  Returns an array of *count_out borrowed
 * pointers that the caller frees with free() (NULL when empty).
 */
const struct crier_entry **crier_ics_events(const struct crier_feed *feed,
                                            size_t *count_out);

/*
 * Writes FEED's calendar to OUT.  Returns CRIER_OK, CRIER_EINPUT if a
 * record's body could no longer be read (reported in DIAGS), or CRIER_EIO
 * if writing failed.
 */
int crier_write_ics(const struct crier_feed *feed,
                    struct crier_entries *entries, FILE *out,
                    struct crier_diags *diags);

/*
 * The calendar's checker: CRLF line ends only, no line longer than 75
 * octets and none that splits a UTF-8 character, BEGIN and END balanced
 * inside one VCALENDAR with VERSION and PRODID, and exactly the events of
 * crier_ics_events(), in order, each with its UID, DTSTAMP and DTSTART.
 */
crier_check_new_fn crier_check_ics_new;

#endif /* CRIER_ICS_H */
