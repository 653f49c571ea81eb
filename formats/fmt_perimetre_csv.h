/* fmt_perimetre_csv - the CSV form of the perimeter notice (perimetre), and its conversions.
 * One row per Site; checking feeds the XML checker (fmt_perimetre_flow) with the events the
 * rows stand for (same rules, same codes); what perimetre.xsd says is checked here in C and
 * reported as XSD. Conversions stream both ways in the canonical layouts (README "CSV
 * forms"). Errors: -1 with errno; nothing exits. */
#ifndef FMT_PERIMETRE_CSV_H
#define FMT_PERIMETRE_CSV_H

#include <stdio.h>

#include "fmt_csv.h"

extern const struct fmt_csv_form fmt_perimetre_csv_form;
extern const struct fmt_csv_flow fmt_perimetre_csv_flow;

/* fmt_perimetre_csv_to_xml - the CSV document open on fd (an accepted one) written to out as
 * canonical XML (decimal commas written as points). 0, or -1 with errno (EBADMSG when the
 * input does not parse as the CSV form). */
int fmt_perimetre_csv_to_xml(int fd, FILE *out);

/* fmt_perimetre_xml_to_csv - the XML document open on fd (an accepted one) written to out as
 * the canonical CSV form. 0, or -1 with errno (EBADMSG when the input is not well-formed). */
int fmt_perimetre_xml_to_csv(int fd, FILE *out);

#endif
