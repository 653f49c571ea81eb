/* fmt_flexloc_csv - the CSV form of the local flexibility chronicles (flexloc), and its
 * conversions. Checking feeds the XML checker (fmt_flexloc_flow) with the Series/Period/Point
 * events the rows stand for, so both forms obey the same rules with the same reason codes;
 * what flexloc.xsd says for XML is checked here in C and reported as XSD. Conversions stream
 * both ways in the canonical layouts (README "CSV forms"). Errors: -1 with errno. */
#ifndef FMT_FLEXLOC_CSV_H
#define FMT_FLEXLOC_CSV_H

#include <stdio.h>

#include "fmt_csv.h"

extern const struct fmt_csv_form fmt_flexloc_csv_form;
extern const struct fmt_csv_flow fmt_flexloc_csv_flow;

/* fmt_flexloc_csv_to_xml - the CSV document open on fd (an accepted one) written to out as
 * canonical XML. 0, or -1 with errno (EBADMSG when the
 * input does not parse as the CSV form). */
int fmt_flexloc_csv_to_xml(int fd, FILE *out);

/* fmt_flexloc_xml_to_csv - the XML document open on fd (an accepted one) written to out as the
 * canonical CSV form. 0, or -1 with errno (EBADMSG when the input is not well-formed). */
int fmt_flexloc_xml_to_csv(int fd, FILE *out);

#endif
