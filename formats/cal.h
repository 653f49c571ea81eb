/* cal - French legal time (Europe/Paris) without the TZ variable or the system zone database.
 * EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC, UTC+2 in summer, UTC+1 otherwise. Supported for instants in years 1996-2099;
 * outside that range every function fails with ERANGE (an error, not a guess). Functions that
 * take date fields check the year they are given (local or UTC as named); functions that take
 * an instant accept it when its local or its UTC year is 1996-2099, i.e. from
 * 1995-12-31T23:00:00Z up to 2100-01-01T00:00:00Z excluded (both ends are in winter time).
 * Pure functions of their arguments, thread-safe, no allocation: 0 or -1 with errno (EINVAL:
 * not a date or time; ENOSPC: buffer too small). Out-parameters are set only on success. */
#ifndef CAL_H
#define CAL_H

#include <stddef.h>
#include <time.h>

#define CAL_LOCAL_LEN 25 /* strlen("2026-03-29T03:00:00+02:00") */
#define CAL_UTC_LEN   20 /* strlen("2026-03-29T01:00:00Z") */

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
/* cal_weekday - 0=Sunday .. 6=Saturday of a calendar date; -1 (EINVAL, ERANGE) otherwise. */
int cal_weekday(int y, int mo, int d);
/* cal_add_days - calendar date arithmetic, in place (proleptic Gregorian, no range check:
 * callers check the year of the result). An invalid date is left unchanged. */
void cal_add_days(int *y, int *mo, int *d, int days);

/* cal_week_bounds - UTC bounds [start, end) of the local week beginning on date y-m-d
 * (00:00 local of that day to 00:00 local seven days later: 167, 168 or 169 hours). */
int cal_week_bounds(int y, int mo, int d, time_t *start, time_t *end);

/* cal_cdc_deadline - last on-time instant for the load curves of the week starting y-m-d:
 * Friday 12:00:00 local of week S+1, i.e. the first Friday on or after (start + 7 days). */
int cal_cdc_deadline(int y, int mo, int d, time_t *deadline);

/* For the deadline and holiday work. */

/* cal_local_fields - split instant t into local wall time; *offset (3600 or 7200) if not NULL. */
int cal_local_fields(time_t t, int *y, int *mo, int *d, int *hh, int *mi, int *ss, int *offset);
/* cal_utc_fields - split instant t into UTC fields. */
int cal_utc_fields(time_t t, int *y, int *mo, int *d, int *hh, int *mi, int *ss);
/* cal_days_in_month - 28..31; -1 with EINVAL (month) or ERANGE (year). */
int cal_days_in_month(int y, int mo);
/* cal_days_between - *days = (y2-mo2-d2) - (y1-mo1-d1), in calendar days (may be negative). */
int cal_days_between(int y1, int mo1, int d1, int y2, int mo2, int d2, int *days);
/* cal_easter - Easter Sunday of year y (Gregorian); Easter Monday, Ascension (+39) and Whit
 * Monday (+50) follow with cal_add_days. */
int cal_easter(int y, int *mo, int *d);

/* Weeks, weekdays of a month, and the deadline of every flow (holiday set: cal_holidays.h;
 * NULL means the built-in French list). */
struct cal_holidays;

/* cal_week_first - the first day of the week that contains y-m-d, weeks starting on weekday
 * week_start (0=Sunday .. 6=Saturday). */
int cal_week_first(int y, int mo, int d, int week_start, int *yy, int *mm, int *dd);

/* cal_nth_weekday - *d = day of month of the n-th (1..5) weekday wd (0=Sunday) of month y-mo,
 * or of the last one when n is -1. ENOENT when the month has no such 5th weekday. */
int cal_nth_weekday(int y, int mo, int wd, int n, int *d);

/* cal_end_of_day - 23:59:59 local of y-m-d (it exists exactly once on every French day). */
int cal_end_of_day(int y, int mo, int d, time_t *out);

/* cal_parse_instant - "YYYY-MM-DDTHH:MM:SS" then "Z" or "+HH:MM" / "-HH:MM", strict (no
 * fraction, no missing offset: a wall time alone is ambiguous in the October repeated hour).
 * EINVAL when malformed, ERANGE outside the supported span. */
int cal_parse_instant(const char *s, time_t *out);
/* cal_parse_month - "YYYY-MM", strict; ERANGE outside 1996-2099. */
int cal_parse_month(const char *s, int *y, int *mo);

/* The flows that have a deadline, and what their reference (REF) is. */
enum cal_ref { CAL_REF_WEEK, CAL_REF_MONTH, CAL_REF_INSTANT };
struct cal_flow {
    const char *name; /* "cdc", "cles", ... */
    enum cal_ref ref; /* a day of week S (YYYY-MM-DD), month M (YYYY-MM), a sending instant */
    const char *rule; /* the deadline in words, English */
};
/* cal_flows - the static table and its length; cal_flow_lookup - by name, NULL if none. */
const struct cal_flow *cal_flows(size_t *n);
const struct cal_flow *cal_flow_lookup(const char *name);

/* cal_deadline - the last on-time instant of flow for ref, inclusive, to the second:
 *   cdc, cdc-profilee, flexloc, eif-activations (ref: any day YYYY-MM-DD of week S): Friday
 *     12:00:00 of week S+1. Weeks start on Saturday; cal_deadline_ws takes the week start.
 *   cles (ref: month M, YYYY-MM): 23:59:59 of the third Thursday of M+1, holiday or not.
 *   perimetre, facteur-impact, eif-sites, sites-j1 (YYYY-MM): 23:59:59 of the Jour Ouvré
 *     preceding the last 5 Jours Ouvrés of M. demande-perimetre, capacite: the last 10.
 *   contestation (ref: the sending instant, cal_parse_instant): 23:59:59 of the 3rd Jour Ouvré
 *     after the (local) sending day.
 * -1 with ENOENT (unknown flow), EINVAL (malformed or impossible ref, bad week_start), ERANGE
 * (outside 1996-2099). */
int cal_deadline(const char *flow, const char *ref, const struct cal_holidays *h, time_t *deadline);
int cal_deadline_ws(const char *flow, const char *ref, const struct cal_holidays *h, int week_start,
                    time_t *deadline);
/* cal_deadline_week - week flows: any day y-m-d of week S. */
int cal_deadline_week(int y, int mo, int d, int week_start, time_t *deadline);
/* cal_deadline_month - a monthly flow (cles, perimetre, ...) for month y-mo. EINVAL when flow
 * is not monthly. */
int cal_deadline_month(const char *flow, int y, int mo, const struct cal_holidays *h,
                       time_t *deadline);
/* cal_deadline_contestation - curves sent at instant sent. */
int cal_deadline_contestation(time_t sent, const struct cal_holidays *h, time_t *deadline);

/* cal_effective_date - the day a perimeter change request received at t takes effect: day 1
 * of M+1 when t is not after the demande-perimetre deadline of its (local) month M, else day 1
 * of M+2. */
int cal_effective_date(time_t t, const struct cal_holidays *h, int *y, int *mo, int *d);

#endif
