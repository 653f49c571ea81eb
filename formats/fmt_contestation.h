/* fmt_contestation - the contestation of load curves, urn:passerelle:contestation:1 (root
 * Contestation; 2.L.2.2.1): an AA names the contested document (contested @mRID @revision) and,
 * per site, the disputed steps and an optional reason. Checked in the schema's streaming pass:
 * real instants on the 5-minute grid, steps that end after they start, in chronological order
 * and not overlapping within a site, a site once, EIC check characters. Memory: the set of
 * sites. Fills rep->mrid, revision, sender, receiver and period (the first day of the week S,
 * fmt_opts.week_start, holding the first disputed step). rep->deadline stays 0: the deadline
 * is the end of the 3rd Jour Ouvré after the GRD's sending of the contested curves, an instant
 * the daemon knows (cal_deadline_contestation) and the document does not. */
#ifndef FMT_CONTESTATION_H
#define FMT_CONTESTATION_H

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_contestation_flow;

#endif
