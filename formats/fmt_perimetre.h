/* fmt_perimetre - the perimeter notice, urn:passerelle:perimetre:1 (root NotificationPerimetre),
 * sent by a GRD before the end of month M for the perimeter of M+1 (2.F.3.3.3.2.1 injection,
 * 2.F.3.3.3.2.2 soutirage). The rules its schema (xsd/perimetre.xsd) cannot say, checked in the
 * same streaming pass: the attributes each kind requires or excludes (PERIM-ATTR), a site once
 * per notice (PERIM-SITE-DUP), one kind (nature, or curve type) per EDA (PERIM-EDA-KIND), one
 * owning AA per EDA (PERIM-EDA-AA), EIC check characters of sender, receiver, @aa, @re and
 * @supplier. Memory: one entry per site and one per EDA, nothing else.
 * Fills rep->mrid, revision, sender, receiver, period (month M = effectiveMonth - 1) and
 * deadline (cal_deadline, with the holidays of fmt_opts). */
#ifndef FMT_PERIMETRE_H
#define FMT_PERIMETRE_H

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_perimetre_flow;

#endif
