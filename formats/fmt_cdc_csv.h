/* fmt_cdc_csv - the CSV form of the load-curve document (cdc), and its conversions.
 * Checking feeds the XML checker (fmt_cdc_flow) with the Series/Period/Point events the rows
 * stand for, so both forms obey the same rules with the same reason codes; what cdc.xsd says
 * for XML (patterns, enumerations, integers) is checked here in C and reported as XSD.
 * Conversions stream both ways in the canonical layouts (README "CSV forms"): no document is
 * held in memory. Errors: -1 with errno; nothing exits. */
#ifndef FMT_CDC_CSV_H
#define FMT_CDC_CSV_H

#include <stdio.h>

#include "fmt_csv.h"

extern const struct fmt_csv_form fmt_cdc_csv_form;
extern const struct fmt_csv_flow fmt_cdc_csv_flow;

/* fmt_cdc_csv_to_xml - the CSV document open on fd (an accepted one: nothing is checked)
 * written to out as canonical XML. 0, or -1 with errno (read or write error, ENOMEM; EBADMSG
 * when the input does not parse as the CSV form). */
int fmt_cdc_csv_to_xml(int fd, FILE *out);

/* fmt_cdc_xml_to_csv - the XML document open on fd (an accepted one) written to out as the
 * canonical CSV form. 0, or -1 with errno (EBADMSG when the input is not well-formed). */
int fmt_cdc_xml_to_csv(int fd, FILE *out);

/* fmt_cdc_split_fd - the cdc XML document open on fd (an accepted one) written to out in the
 * canonical layout with only the series whose site keep_site() accepts: the part of a
 * document an aggregator receives (its own sites). *kept: the series written (0: nothing for
 * that receiver). 0, or -1 with errno (EBADMSG when the input is not well-formed). */
int fmt_cdc_split_fd(int fd, int (*keep_site)(const char *site, void *arg), void *arg, FILE *out,
                     long *kept);

#endif
