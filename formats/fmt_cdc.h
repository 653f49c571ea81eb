/* fmt_cdc - the canonical load-curve document, urn:passerelle:cdc:1 (root CourbesDeCharge).
 * The rules its schema (xsd/cdc.xsd) cannot say, checked in the same streaming pass as the
 * schema: resolution by segment, week S bounds, grid and whole steps, positions in range and
 * unique, periods that do not overlap, one series per site, negative quantities, quality S,
 * EIC check characters, real instants, and missing steps (a warning). State is per series and
 * per period, plus the document's set of sites; nothing is allocated per point.
 * Fills rep->mrid, revision, sender, receiver, period (week start) and deadline. */
#ifndef FMT_CDC_H
#define FMT_CDC_H

#include <time.h>

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_cdc_flow;

/* fmt_cdc_week_steps - number of steps of `minutes` (5 or 15) in the local week that begins
 * on y-m-d: 2016/672 in a plain week, 2004/668 with the March change, 2028/676 with the
 * October one. 0 and *steps set, or -1 with errno (EINVAL, ERANGE). */
int fmt_cdc_week_steps(int y, int mo, int d, int minutes, long *steps);

#endif
