/* cal - French legal time (Europe/Paris) from the EU rule, without TZ or the zone database.
 *
 * DESCRIPTION
 *	Dates are turned into day numbers (days since 1970-01-01, proleptic Gregorian) with
 *	Howard Hinnant's days_from_civil / civil_from_days, so no timegm(), mktime(),
 *	localtime() or TZ is involved: the result does not depend on the host's configuration.
 *	Summer time (UTC+2) runs from the last Sunday of March 01:00 UTC to the last Sunday of
 *	October 01:00 UTC; UTC+1 otherwise. Internally we work in int64_t seconds.
 *
 * DIAGNOSTICS
 *	0 or -1 with errno: EINVAL (not a date or time), ERANGE (outside 1996-2099), ENOENT
 *	(the March gap), EEXIST (the October repeated hour), ENOSPC (buffer too small).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cal.h"
#include "cal_holidays.h"

#define CAL_YEAR_MIN 1996
#define CAL_YEAR_MAX 2099
#define DAY_SECS     86400
#define WINTER       3600
#define SUMMER       7200

/* days_from_civil - day number of y-m-d (1970-01-01 is 0); any y, m 1-12, d 1-31 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* civil_from_days - the inverse of days_from_civil */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* weekday_from_days - 0=Sunday; 1970-01-01 was a Thursday */
static int
weekday_from_days(int64_t z)
{
    return (int)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

/* floor_div - division rounding toward minus infinity (instants before 1970 exist) */
static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;

    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* valid_date - EINVAL unless y-m-d is a calendar date; ERANGE outside the supported years.
 * The shape is checked first: a month 13 is wrong in any year. */
static int
valid_date(int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1 || d > month_days(y, m)) {
        errno = EINVAL;
        return -1;
    }
    if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
        errno = ERANGE;
        return -1;
    }
    return 0;
}

static int
valid_time(int hh, int mi, int ss)
{
    /* No leap seconds: time_t does not count them either. */
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

/* last_sunday - day number of the last Sunday of month m of year y */
static int64_t
last_sunday(int64_t y, int m)
{
    int64_t last = days_from_civil(y, m, month_days(y, m));

    return last - weekday_from_days(last);
}

/* offset_at - the EU rule at t, for any t (range checks are the callers' business).
 * Both change instants are 01:00 UTC, so the UTC year of t picks the right pair. */
static int
offset_at(int64_t t)
{
    int64_t y, start, end;
    int m, d;

    civil_from_days(floor_div(t, DAY_SECS), &y, &m, &d);
    start = last_sunday(y, 3) * DAY_SECS + 3600;
    end = last_sunday(y, 10) * DAY_SECS + 3600;
    return t >= start && t < end ? SUMMER : WINTER;
}

/* in_range - ERANGE unless t is in 1996-2099 in local time or in UTC, that is from
 * 1996-01-01T00:00+01:00 (1995-12-31T23:00Z) up to, not including, 2100-01-01T00:00Z. One
 * span for every instant function, so whatever cal_local_to_utc returns can be formatted in
 * UTC and whatever cal_utc_from_fields returns in local time. */
static int
in_range(int64_t t)
{
    int64_t lo = days_from_civil(CAL_YEAR_MIN, 1, 1) * DAY_SECS - WINTER;
    int64_t hi = days_from_civil(CAL_YEAR_MAX + 1, 1, 1) * DAY_SECS;

    if (t < lo || t >= hi) {
        errno = ERANGE;
        return -1;
    }
    return 0;
}

/* split - seconds since the epoch (in whatever zone) to fields */
static void
split(int64_t s, int64_t *y, int *mo, int *d, int *hh, int *mi, int *ss)
{
    int64_t days = floor_div(s, DAY_SECS);
    int64_t sec = s - days * DAY_SECS;

    civil_from_days(days, y, mo, d);
    *hh = (int)(sec / 3600);
    *mi = (int)(sec / 60 % 60);
    *ss = (int)(sec % 60);
}

int
cal_offset(time_t t, int *offset)
{
    if (in_range(t) == -1)
        return -1;
    *offset = offset_at(t);
    return 0;
}

/* cal_local_to_utc - try both offsets: the wall time is valid under an offset when that
 * offset is the one in force at the resulting instant. None: the gap; both: the repeated
 * hour. This holds for any rule whose changes are an hour apart, so no special cases. */
int
cal_local_to_utc(int y, int mo, int d, int hh, int mi, int ss, time_t *out)
{
    int64_t wall, winter, summer;
    int ok_winter, ok_summer;

    if (valid_date(y, mo, d) == -1 || valid_time(hh, mi, ss) == -1)
        return -1;
    wall = days_from_civil(y, mo, d) * DAY_SECS + hh * 3600 + mi * 60 + ss;
    winter = wall - WINTER;
    summer = wall - SUMMER;
    ok_winter = offset_at(winter) == WINTER;
    ok_summer = offset_at(summer) == SUMMER;
    if (ok_winter && ok_summer) {
        errno = EEXIST;
        return -1;
    }
    if (!ok_winter && !ok_summer) {
        errno = ENOENT;
        return -1;
    }
    *out = (time_t)(ok_winter ? winter : summer);
    return 0;
}

int
cal_utc_from_fields(int y, int mo, int d, int hh, int mi, int ss, time_t *out)
{
    if (valid_date(y, mo, d) == -1 || valid_time(hh, mi, ss) == -1)
        return -1;
    *out = (time_t)(days_from_civil(y, mo, d) * DAY_SECS + hh * 3600 + mi * 60 + ss);
    return 0;
}

int
cal_local_fields(time_t t, int *y, int *mo, int *d, int *hh, int *mi, int *ss, int *offset)
{
    int64_t yy;
    int off;

    if (in_range(t) == -1)
        return -1;
    off = offset_at(t);
    split((int64_t)t + off, &yy, mo, d, hh, mi, ss);
    *y = (int)yy;
    if (offset != NULL)
        *offset = off;
    return 0;
}

int
cal_utc_fields(time_t t, int *y, int *mo, int *d, int *hh, int *mi, int *ss)
{
    int64_t yy;
    int m, dd, h, n, s;

    if (in_range(t) == -1)
        return -1;
    split(t, &yy, &m, &dd, &h, &n, &s);
    *y = (int)yy;
    *mo = m;
    *d = dd;
    *hh = h;
    *mi = n;
    *ss = s;
    return 0;
}

int
cal_format_local(time_t t, char *buf, size_t size)
{
    int y, mo, d, hh, mi, ss, off;

    if (cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, &off) == -1)
        return -1;
    if (size < CAL_LOCAL_LEN + 1) {
        errno = ENOSPC;
        return -1;
    }
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", y, mo, d, hh, mi, ss, off / 3600);
    return 0;
}

int
cal_format_utc(time_t t, char *buf, size_t size)
{
    int y, mo, d, hh, mi, ss;

    if (cal_utc_fields(t, &y, &mo, &d, &hh, &mi, &ss) == -1)
        return -1;
    if (size < CAL_UTC_LEN + 1) {
        errno = ENOSPC;
        return -1;
    }
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, hh, mi, ss);
    return 0;
}

/* digits - n ASCII digits as a number, -1 if any is not a digit (isdigit() is locale-bound) */
static int
digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int
cal_parse_date(const char *s, int *y, int *mo, int *d)
{
    int yy, mm, dd;

    /* Each field is read only after the previous separator matched, so a short string
     * stops at its NUL and nothing past it is read. */
    if (s == NULL || (yy = digits(s, 4)) < 0 || s[4] != '-' || (mm = digits(s + 5, 2)) < 0 ||
        s[7] != '-' || (dd = digits(s + 8, 2)) < 0 || s[10] != '\0') {
        errno = EINVAL;
        return -1;
    }
    if (valid_date(yy, mm, dd) == -1)
        return -1;
    *y = yy;
    *mo = mm;
    *d = dd;
    return 0;
}

int
cal_weekday(int y, int mo, int d)
{
    if (valid_date(y, mo, d) == -1)
        return -1;
    return weekday_from_days(days_from_civil(y, mo, d));
}

/* cal_add_days - an invalid date is left as it is: there is no way to report it */
void
cal_add_days(int *y, int *mo, int *d, int days)
{
    int64_t yy;

    if (*mo < 1 || *mo > 12 || *d < 1 || *d > month_days(*y, *mo))
        return;
    civil_from_days(days_from_civil(*y, *mo, *d) + days, &yy, mo, d);
    *y = (int)yy;
}

int
cal_days_in_month(int y, int mo)
{
    if (mo < 1 || mo > 12) {
        errno = EINVAL;
        return -1;
    }
    if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
        errno = ERANGE;
        return -1;
    }
    return month_days(y, mo);
}

/* cal_days_between - day number difference, so week and month spans need no loops */
int
cal_days_between(int y1, int mo1, int d1, int y2, int mo2, int d2, int *days)
{
    if (valid_date(y1, mo1, d1) == -1 || valid_date(y2, mo2, d2) == -1)
        return -1;
    *days = (int)(days_from_civil(y2, mo2, d2) - days_from_civil(y1, mo1, d1));
    return 0;
}

/* cal_easter - Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/
 * Butcher"); valid for every Gregorian year, range-checked like the rest. */
int
cal_easter(int y, int *mo, int *d)
{
    int a, b, c, dd, e, f, g, h, i, k, l, m;

    if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
        errno = ERANGE;
        return -1;
    }
    a = y % 19;
    b = y / 100;
    c = y % 100;
    dd = b / 4;
    e = b % 4;
    f = (b + 8) / 25;
    g = (b - f + 1) / 3;
    h = (19 * a + b - dd - g + 15) % 30;
    i = c / 4;
    k = c % 4;
    l = (32 + 2 * e + 2 * i - h - k) % 7;
    m = (a + 11 * h + 22 * l) / 451;
    *mo = (h + l - 7 * m + 114) / 31;
    *d = (h + l - 7 * m + 114) % 31 + 1;
    return 0;
}

/* step_date - y-m-d plus n days, checked: the result must still be a supported date */
static int
step_date(int *y, int *mo, int *d, int n)
{
    int yy = *y, mm = *mo, dd = *d;

    cal_add_days(&yy, &mm, &dd, n);
    if (yy < CAL_YEAR_MIN || yy > CAL_YEAR_MAX) {
        errno = ERANGE;
        return -1;
    }
    *y = yy;
    *mo = mm;
    *d = dd;
    return 0;
}

/* cal_week_bounds - midnight local always exists exactly once in France (the changes happen
 * at 02:00 and 03:00 local), so cal_local_to_utc cannot fail on ENOENT or EEXIST here. */
int
cal_week_bounds(int y, int mo, int d, time_t *start, time_t *end)
{
    time_t s, e;
    int y2 = y, mo2 = mo, d2 = d;

    if (valid_date(y, mo, d) == -1 || step_date(&y2, &mo2, &d2, 7) == -1)
        return -1;
    if (cal_local_to_utc(y, mo, d, 0, 0, 0, &s) == -1 ||
        cal_local_to_utc(y2, mo2, d2, 0, 0, 0, &e) == -1)
        return -1;
    *start = s;
    *end = e;
    return 0;
}

int
cal_cdc_deadline(int y, int mo, int d, time_t *deadline)
{
    int wd;

    if (valid_date(y, mo, d) == -1 || step_date(&y, &mo, &d, 7) == -1)
        return -1;
    wd = weekday_from_days(days_from_civil(y, mo, d));
    if (step_date(&y, &mo, &d, (5 - wd + 7) % 7) == -1)
        return -1;
    return cal_local_to_utc(y, mo, d, 12, 0, 0, deadline);
}

/* ---------------------------------------------------------------- weeks and deadlines */

int
cal_week_first(int y, int mo, int d, int week_start, int *yy, int *mm, int *dd)
{
    int wd;

    if (week_start < 0 || week_start > 6) {
        errno = EINVAL;
        return -1;
    }
    if ((wd = cal_weekday(y, mo, d)) < 0 || step_date(&y, &mo, &d, -((wd - week_start + 7) % 7)))
        return -1;
    *yy = y;
    *mm = mo;
    *dd = d;
    return 0;
}

int
cal_nth_weekday(int y, int mo, int wd, int n, int *d)
{
    int first, day, last;

    if (wd < 0 || wd > 6 || n == 0 || n < -1 || n > 5) {
        errno = EINVAL;
        return -1;
    }
    if (valid_date(y, mo, 1) == -1)
        return -1;
    first = weekday_from_days(days_from_civil(y, mo, 1));
    last = month_days(y, mo);
    day = 1 + (wd - first + 7) % 7;
    if (n == -1) {
        day += (last - day) / 7 * 7;
    } else {
        day += (n - 1) * 7;
        if (day > last) {
            errno = ENOENT;
            return -1;
        }
    }
    *d = day;
    return 0;
}

int
cal_end_of_day(int y, int mo, int d, time_t *out)
{
    return cal_local_to_utc(y, mo, d, 23, 59, 59, out);
}

int
cal_parse_instant(const char *s, time_t *out)
{
    int y, mo, d, hh, mi, ss, oh = 0, om = 0, sign = 1;
    int64_t t;

    if (s == NULL || (y = digits(s, 4)) < 0 || s[4] != '-' || (mo = digits(s + 5, 2)) < 0 ||
        s[7] != '-' || (d = digits(s + 8, 2)) < 0 || s[10] != 'T' || (hh = digits(s + 11, 2)) < 0 ||
        s[13] != ':' || (mi = digits(s + 14, 2)) < 0 || s[16] != ':' ||
        (ss = digits(s + 17, 2)) < 0)
        goto bad;
    if (s[19] == 'Z') {
        if (s[20] != '\0')
            goto bad;
    } else if (s[19] == '+' || s[19] == '-') {
        sign = s[19] == '-' ? -1 : 1;
        if ((oh = digits(s + 20, 2)) < 0 || s[22] != ':' || (om = digits(s + 23, 2)) < 0 ||
            s[25] != '\0' || oh > 23 || om > 59)
            goto bad;
    } else {
        goto bad;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || valid_time(hh, mi, ss) == -1)
        goto bad;
    t = days_from_civil(y, mo, d) * DAY_SECS + hh * 3600 + mi * 60 + ss -
        sign * (oh * 3600 + om * 60);
    if (in_range(t) == -1)
        return -1;
    *out = (time_t)t;
    return 0;
bad:
    errno = EINVAL;
    return -1;
}

int
cal_parse_month(const char *s, int *y, int *mo)
{
    int yy, mm;

    if (s == NULL || (yy = digits(s, 4)) < 0 || s[4] != '-' || (mm = digits(s + 5, 2)) < 0 ||
        s[7] != '\0') {
        errno = EINVAL;
        return -1;
    }
    if (valid_date(yy, mm, 1) == -1)
        return -1;
    *y = yy;
    *mo = mm;
    return 0;
}

/* What each flow's deadline is made of: kinds[i] goes with flows[i]. */
enum dl_kind { DL_WEEK, DL_THIRD_THURSDAY, DL_JO5, DL_JO10, DL_CONTEST };

#define WEEK_RULE "Friday 12:00 of week S+1"
#define JO5_RULE  "end of the Jour Ouvre preceding the last 5 Jours Ouvres of M"
#define JO10_RULE "end of the Jour Ouvre preceding the last 10 Jours Ouvres of M"

static const struct cal_flow flows[] = {
    {"cdc", CAL_REF_WEEK, WEEK_RULE},
    {"cdc-profilee", CAL_REF_WEEK, WEEK_RULE},
    {"flexloc", CAL_REF_WEEK, WEEK_RULE},
    {"eif-activations", CAL_REF_WEEK, WEEK_RULE},
    {"cles", CAL_REF_MONTH, "end of the third Thursday of M+1 (holiday or not)"},
    {"perimetre", CAL_REF_MONTH, JO5_RULE},
    {"facteur-impact", CAL_REF_MONTH, JO5_RULE},
    {"eif-sites", CAL_REF_MONTH, JO5_RULE},
    {"sites-j1", CAL_REF_MONTH, JO5_RULE},
    {"demande-perimetre", CAL_REF_MONTH, JO10_RULE},
    {"capacite", CAL_REF_MONTH, JO10_RULE},
    {"contestation", CAL_REF_INSTANT, "end of the 3rd Jour Ouvre after the sending day"},
};

static const enum dl_kind kinds[] = {
    DL_WEEK, DL_WEEK, DL_WEEK, DL_WEEK, DL_THIRD_THURSDAY, DL_JO5,
    DL_JO5,  DL_JO5,  DL_JO5,  DL_JO10, DL_JO10,           DL_CONTEST,
};

#define NFLOWS (sizeof(flows) / sizeof(flows[0]))
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == NFLOWS, "one kind per flow");

const struct cal_flow *
cal_flows(size_t *n)
{
    *n = NFLOWS;
    return flows;
}

/* flow_index - position in flows[], -1 if unknown */
static int
flow_index(const char *name)
{
    for (size_t i = 0; name != NULL && i < NFLOWS; i++)
        if (!strcmp(flows[i].name, name))
            return (int)i;
    return -1;
}

const struct cal_flow *
cal_flow_lookup(const char *name)
{
    int i = flow_index(name);

    return i < 0 ? NULL : &flows[i];
}

/* cal_deadline_week - from any day of week S: the first Friday on or after the first day of
 * week S+1, computed without stepping to the first day of S (which may lie before 1996). */
int
cal_deadline_week(int y, int mo, int d, int week_start, time_t *deadline)
{
    int wd;

    if (week_start < 0 || week_start > 6) {
        errno = EINVAL;
        return -1;
    }
    if ((wd = cal_weekday(y, mo, d)) < 0)
        return -1;
    if (step_date(&y, &mo, &d, 7 - (wd - week_start + 7) % 7) == -1)
        return -1;
    wd = weekday_from_days(days_from_civil(y, mo, d));
    if (step_date(&y, &mo, &d, (5 - wd + 7) % 7) == -1)
        return -1;
    return cal_local_to_utc(y, mo, d, 12, 0, 0, deadline);
}

/* month_deadline - the monthly kinds */
static int
month_deadline(enum dl_kind kind, int y, int mo, const struct cal_holidays *h, time_t *deadline)
{
    int yy, mm, dd;

    if (valid_date(y, mo, 1) == -1)
        return -1;
    switch (kind) {
    case DL_THIRD_THURSDAY:
        yy = mo == 12 ? y + 1 : y;
        mm = mo == 12 ? 1 : mo + 1;
        if (cal_nth_weekday(yy, mm, 4, 3, &dd) == -1)
            return -1;
        break;
    case DL_JO5:
    case DL_JO10:
        if (cal_jo_before_last(h, y, mo, kind == DL_JO5 ? 5 : 10, &yy, &mm, &dd) == -1)
            return -1;
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    return cal_end_of_day(yy, mm, dd, deadline);
}

int
cal_deadline_month(const char *flow, int y, int mo, const struct cal_holidays *h, time_t *deadline)
{
    int i = flow_index(flow);

    if (i < 0) {
        errno = ENOENT;
        return -1;
    }
    if (flows[i].ref != CAL_REF_MONTH) {
        errno = EINVAL;
        return -1;
    }
    return month_deadline(kinds[i], y, mo, h, deadline);
}

int
cal_deadline_contestation(time_t sent, const struct cal_holidays *h, time_t *deadline)
{
    int y, mo, d, hh, mi, ss;

    if (cal_local_fields(sent, &y, &mo, &d, &hh, &mi, &ss, NULL) == -1 ||
        cal_jo_add(h, &y, &mo, &d, 3) == -1)
        return -1;
    return cal_end_of_day(y, mo, d, deadline);
}

int
cal_deadline_ws(const char *flow, const char *ref, const struct cal_holidays *h, int week_start,
                time_t *deadline)
{
    int i = flow_index(flow), y, mo, d;
    time_t t;

    if (i < 0) {
        errno = ENOENT;
        return -1;
    }
    switch (flows[i].ref) {
    case CAL_REF_WEEK:
        if (cal_parse_date(ref, &y, &mo, &d) == -1)
            return -1;
        return cal_deadline_week(y, mo, d, week_start, deadline);
    case CAL_REF_MONTH:
        if (cal_parse_month(ref, &y, &mo) == -1)
            return -1;
        return month_deadline(kinds[i], y, mo, h, deadline);
    case CAL_REF_INSTANT:
        if (cal_parse_instant(ref, &t) == -1)
            return -1;
        return cal_deadline_contestation(t, h, deadline);
    }
    errno = EINVAL;
    return -1;
}

int
cal_deadline(const char *flow, const char *ref, const struct cal_holidays *h, time_t *deadline)
{
    return cal_deadline_ws(flow, ref, h, 6, deadline);
}

int
cal_effective_date(time_t t, const struct cal_holidays *h, int *y, int *mo, int *d)
{
    int yy, mm, dd, hh, mi, ss, add;
    time_t dl;

    if (cal_local_fields(t, &yy, &mm, &dd, &hh, &mi, &ss, NULL) == -1 ||
        month_deadline(DL_JO10, yy, mm, h, &dl) == -1)
        return -1;
    add = t <= dl ? 1 : 2;
    mm += add;
    if (mm > 12) {
        mm -= 12;
        yy++;
    }
    *y = yy;
    *mo = mm;
    *d = 1;
    return 0;
}
