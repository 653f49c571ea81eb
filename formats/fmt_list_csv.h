/* fmt_list_csv - the CSV forms of the flat list flows (facteur-impact, eif-sites, sites-j1,
 * demande-perimetre, capacite, eif-activations, and grd-list whose rows nest): a header of text
 * elements and one row element with attributes, repeated. One table per flow (header keys, row
 * element, columns and their schema types) drives the check (values checked as the flow's XSD,
 * reported XSD, then fed to the flow's XML checker: same rules, same codes) and both streaming
 * writers. */
#ifndef FMT_LIST_CSV_H
#define FMT_LIST_CSV_H

#include <stdio.h>

#include "fmt_csv.h"

extern const struct fmt_csv_flow fmt_facteur_impact_csv_flow;
extern const struct fmt_csv_flow fmt_eif_sites_csv_flow;
extern const struct fmt_csv_flow fmt_sites_j1_csv_flow;
extern const struct fmt_csv_flow fmt_demande_perimetre_csv_flow;
extern const struct fmt_csv_flow fmt_capacite_csv_flow;
extern const struct fmt_csv_flow fmt_eif_activations_csv_flow;
extern const struct fmt_csv_flow fmt_grd_list_csv_flow;

/* fmt_list_csv_to_xml - the CSV document of `flow` open on fd (an accepted one) written to
 * out as canonical XML. 0, or -1 with errno (ENOTSUP: not a list flow; EBADMSG: the input
 * does not parse as the CSV form; else the write error). */
int fmt_list_csv_to_xml(const char *flow, int fd, FILE *out);

/* fmt_list_xml_to_csv - the XML document of `flow` open on fd (an accepted one) written to
 * out as the canonical CSV form. 0, or -1 with errno (ENOTSUP, EBADMSG). */
int fmt_list_xml_to_csv(const char *flow, int fd, FILE *out);

#endif
