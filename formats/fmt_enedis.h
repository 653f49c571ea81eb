/* fmt_enedis - Enedis load-curve files (R4x, root Courbe; R50, root R50) judged as the
 * canonical load-curve document: each is converted, as a stream, into the events of a
 * urn:passerelle:cdc:1 document (week S, one Series per PRM, one Period spanning week S, a
 * Point per valued step) fed to the cdc checker, so every cdc rule applies unchanged.
 * Only active energy (EA) is carried; only 5- and 15-minute steps are accepted (2.L.2.2.1,
 * 2.L.2.2.2). Errors as in fmt.h (0 or -1 with errno; nothing exits). No schema: the
 * structure is checked by hand. Memory: per document, as for cdc; nothing per point. */
#ifndef FMT_ENEDIS_H
#define FMT_ENEDIS_H

#include <stddef.h>
#include <time.h>

#include "fmt_xml.h"

extern const struct fmt_xml_flow fmt_enedis_r4x_flow; /* "enedis-r4x", root Courbe */
extern const struct fmt_xml_flow fmt_enedis_r50_flow; /* "enedis-r50", root R50 */

/* fmt_enedis_parse_time - "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM" (a
 * fraction of a second is refused) to the instant it names. 0 and *out set; -1 with errno
 * ENOENT when it is well formed but has no offset (ambiguous: refused), EINVAL otherwise
 * (malformed, not a real date or time, or outside the supported years of cal.h). */
int fmt_enedis_parse_time(const char *s, size_t len, time_t *out);

/* fmt_enedis_week_of - the local date (Europe/Paris) of the first day of the week that
 * contains instant t, weeks starting on week_start (0=Sunday .. 6=Saturday). 0 or -1 (errno). */
int fmt_enedis_week_of(time_t t, int week_start, int *y, int *mo, int *d);

/* fmt_enedis_position - the 1-based position, in a period starting at wstart with steps of
 * `minutes`, of the step stamped `stamp`: at its start (R4x, end_stamped 0) or at its end
 * (R50, end_stamped 1). 0 when the step starts before wstart or off the step grid. */
long fmt_enedis_position(time_t stamp, int end_stamped, time_t wstart, int minutes);

#endif
