/* fmt_grdlist - the monthly GRD lists: one header, a month M, then rows with one row per key.
 * facteur-impact (urn:passerelle:facteur-impact:1, 2.F.3.3.3.2.3): per EDA and source
 * substation, the maximum transit variation up and down; eif-sites (urn:passerelle:eif-sites:1,
 * 2.F.3.3.4.2): the withdrawal sites with an EIF offer; sites-j1 (urn:passerelle:sites-j1:1,
 * 2.F.3.3.3.2.2 last paragraph): the sites of telemetered withdrawal EDAs on day 1 of M with
 * their RE and supplier that day. Checked in the schema's streaming pass: one row per key
 * (IMPACT-DUP, EIF-SITE-DUP, J1-SITE-DUP) and EIC check characters. Memory: one entry per
 * row key. Fills rep->mrid, revision, sender, receiver, period (month M) and deadline
 * (cal_deadline, with the holidays of fmt_opts). */
#ifndef FMT_GRDLIST_H
#define FMT_GRDLIST_H

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_facteur_impact_flow;
extern const struct fmt_xml_flow fmt_eif_sites_flow;
extern const struct fmt_xml_flow fmt_sites_j1_flow;

#endif
