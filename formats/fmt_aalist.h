/* fmt_aalist - the monthly lists an aggregator (AA) sends: one header, a month, then rows with
 * one row per key. demande-perimetre (urn:passerelle:demande-perimetre:1, 2.F.3.3.2, 2.F.3.4):
 * add, withdraw or modify a site of an EDA, AA to GRD; capacite (urn:passerelle:capacite:1,
 * 2.F.3.4.2): the capacity of each EDA from effectiveMonth M+1, AA to RTE and the GRDs;
 * grd-list (urn:passerelle:grd-list:1, 2.F.3.3.2): per EDA the GRDs on whose networks it has a
 * site, AA to RTE with the change request. All due by the end of the Jour Ouvré preceding the
 * last 10 Jours Ouvrés of month M (cal_deadline: demande-perimetre and capacite are in its
 * table; grd-list goes with the change request and takes its deadline). Checked in the
 * schema's streaming pass: one row per key (DEMANDE-SITE-DUP, CAPA-EDA-DUP, GRDLIST-EDA-DUP,
 * GRDLIST-GRD-DUP) and EIC check characters. Memory: one entry per row key. Fills rep->mrid,
 * revision, sender, receiver, period (month M) and deadline (holidays of fmt_opts). */
#ifndef FMT_AALIST_H
#define FMT_AALIST_H

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_demande_perimetre_flow;
extern const struct fmt_xml_flow fmt_capacite_flow;
extern const struct fmt_xml_flow fmt_grd_list_flow;

#endif
