/* cal - French legal time (Europe/Paris) without the TZ variable or the system zone database.
 * EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC, UTC+2 in summer, UTC+1 otherwise. Supported for instants in years 1996-2099;
 * outside that range every function fails with ERANGE (an error, not a guess).
 * Pure functions of their arguments: 0 or -1 with errno. */
#ifndef CAL_H
#define CAL_H

#include <time.h>

/* cal_offset - UTC offset in seconds (3600 or 7200) in force at instant t. */
int cal_offset(time_t t, int *offset);

/* cal_local_to_utc - the instant of local wall time y-m-d hh:mm:ss. -1 with EINVAL when the
 * date is not a valid date, ENOENT when the time falls in the March gap, EEXIST when it falls
 * in the October repeated hour (ambiguous: the caller must give an offset). */
int cal_local_to_utc(int y, int mo, int d, int hh, int mi, int ss, time_t *out);

/* cal_utc_from_fields - y-m-d hh:mm:ss UTC to time_t (proleptic Gregorian, no zone). */
int cal_utc_from_fields(int y, int mo, int d, int hh, int mi, int ss, time_t *out);

/* cal_format_local - "YYYY-MM-DDTHH:MM:SS+01:00" (buf at least 26 bytes). */
int cal_format_local(time_t t, char *buf, size_t size);
/* cal_format_utc - "YYYY-MM-DDTHH:MM:SSZ" (buf at least 21 bytes). */
int cal_format_utc(time_t t, char *buf, size_t size);

/* cal_parse_date - "YYYY-MM-DD", strict. */
int cal_parse_date(const char *s, int *y, int *mo, int *d);
/* cal_weekday - 0=Sunday .. 6=Saturday of a calendar date. */
int cal_weekday(int y, int mo, int d);
/* cal_add_days - calendar date arithmetic, in place. */
void cal_add_days(int *y, int *mo, int *d, int days);

/* cal_week_bounds - UTC bounds [start, end) of the local week beginning on date y-m-d
 * (00:00 local of that day to 00:00 local seven days later: 167, 168 or 169 hours). */
int cal_week_bounds(int y, int mo, int d, time_t *start, time_t *end);

/* cal_cdc_deadline - last on-time instant for the load curves of the week starting y-m-d:
 * Friday 12:00:00 local of week S+1, i.e. the first Friday on or after (start + 7 days). */
int cal_cdc_deadline(int y, int mo, int d, time_t *deadline);

#endif
