/* gw_clock - the settable clock every deadline decision reads.
 * By default the system clock. PASSERELLE_NOW=<YYYY-MM-DDTHH:MM:SSZ | epoch seconds> in the
 * environment, or `serve --now INSTANT` (gw_clock_set, which wins), shifts it: the clock starts
 * at that instant and then advances in real time (tests and replays use it; passerelle(8)). */
#ifndef GW_CLOCK_H
#define GW_CLOCK_H

#include <time.h>

/* clock_init - read PASSERELLE_NOW; -1 (EINVAL) if it is set but malformed. */
int gw_clock_init(void);
time_t gw_clock_now(void);
/* gw_clock_parse_utc - "YYYY-MM-DDTHH:MM:SSZ" or all-digit epoch seconds. */
int gw_clock_parse_utc(const char *s, time_t *out);
/* gw_clock_set - start the clock at instant s: what gw_clock_parse_utc takes, or an ISO 8601
 * instant with an offset (cal_parse_instant). -1 (EINVAL, ERANGE), the clock unchanged. */
int gw_clock_set(const char *s);

/* gw_clock_synced - 1 when the kernel says the system clock is synchronised (NTP), 0 when it
 * says it is not (adjtimex: TIME_ERROR), -1 when it cannot tell. Late or on time is judged on
 * this clock: the daemon warns loudly when it is not synchronised. */
int gw_clock_synced(void);

#endif
