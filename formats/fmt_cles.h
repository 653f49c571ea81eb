/* fmt_cles - the répartition keys document, urn:passerelle:cles:1 (root ClesDeRepartition),
 * 2.L.6.1.1-2. The rules its schema (xsd/cles.xsd) cannot say, checked in the same streaming
 * pass as the schema: keys of a point sum to exactly 1 (fmt_decimal: no floating point), the
 * same set of at least two sites on every point of an EDA, one key per site and point, keys
 * outside [0, 1] only under EDA@justification (then a warning), periods inside month M (local
 * bounds), PT5M grid, whole steps, positions in range and unique, periods of an EDA that do
 * not overlap, one block per EDA, EIC check characters; the gateway's own 1/n document
 * (ClesParDefaut) is refused from a sender. Memory: the site set of one EDA, the month's
 * 5-minute bitmap of the current EDA, the document's set of EDA ids; nothing per point.
 * Fills rep->mrid, revision, sender, receiver, period (month M, "YYYY-MM") and deadline
 * (23:59:59 local of the third Thursday of month M+1, even when it is a holiday: cal_deadline). */
#ifndef FMT_CLES_H
#define FMT_CLES_H

#include <time.h>

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_cles_flow;

/* fmt_cles_deadline - the last on-time instant for the keys of month y-mo: 23:59:59 local
 * time of the third Thursday of the next month. 0 and *deadline set, or -1 with errno
 * (EINVAL: not a month; ERANGE: outside cal.h's years). */
int fmt_cles_deadline(int y, int mo, time_t *deadline);

/* fmt_cles_month_bounds - UTC bounds [start, end) of local month y-mo (00:00 local of day 1
 * to 00:00 local of day 1 of the next month). 0, or -1 with errno (EINVAL, ERANGE). */
int fmt_cles_month_bounds(int y, int mo, time_t *start, time_t *end);

#endif
