/* fmt_cles_csv - the CSV form of the répartition keys document (cles), and its conversions.
 * Checking feeds the XML checker (fmt_cles_flow) with the EDA/Period/Point/Key events the
 * rows stand for, so both forms obey the same rules with the same reason codes; what
 * cles.xsd says for XML is checked here in C and reported as XSD. Conversions stream both
 * ways in the canonical layouts (README "CSV forms"). Errors: -1 with errno; nothing exits. */
#ifndef FMT_CLES_CSV_H
#define FMT_CLES_CSV_H

#include <stdio.h>

#include "fmt_csv.h"

extern const struct fmt_csv_form fmt_cles_csv_form;
extern const struct fmt_csv_flow fmt_cles_csv_flow;

/* fmt_cles_csv_to_xml - the CSV document open on fd (an accepted one) written to out as
 * canonical XML (decimal commas written as points). 0, or -1 with errno (EBADMSG when the
 * input does not parse as the CSV form). */
int fmt_cles_csv_to_xml(int fd, FILE *out);

/* fmt_cles_xml_to_csv - the XML document open on fd (an accepted one) written to out as the
 * canonical CSV form. 0, or -1 with errno (EBADMSG when the input is not well-formed). */
int fmt_cles_xml_to_csv(int fd, FILE *out);

#endif
