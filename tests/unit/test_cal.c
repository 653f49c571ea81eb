/* test_cal - French legal time: change instants, gap and repeated hour, range limits, week
 * bounds, CDC deadlines, and a cross-check against the system zone database when it has one
 * (the module never reads it; only this test does). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cal.h"

#ifndef ZONEINFO_PARIS /* -D to try the skip path */
#define ZONEINFO_PARIS "/usr/share/zoneinfo/Europe/Paris"
#endif

/* utc - a UTC instant from fields, asserting it is supported */
static time_t
utc(int y, int mo, int d, int hh, int mi, int ss)
{
    time_t t = 0;

    assert_int_equal(cal_utc_from_fields(y, mo, d, hh, mi, ss, &t), 0);
    return t;
}

static int
offset_of(time_t t)
{
    int off = 0;

    assert_int_equal(cal_offset(t, &off), 0);
    return off;
}

static void
assert_local(time_t t, const char *want)
{
    char buf[CAL_LOCAL_LEN + 1];

    assert_int_equal(cal_format_local(t, buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

static void
assert_utc(time_t t, const char *want)
{
    char buf[CAL_UTC_LEN + 1];

    assert_int_equal(cal_format_utc(t, buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

/* last_sunday - day of month of the last Sunday of March or October, through the module's
 * own weekday (checked independently in test_cal_weekday_known_dates) */
static int
last_sunday(int y, int mo)
{
    int d = 31; /* both months have 31 days */

    return d - cal_weekday(y, mo, d);
}

static void
test_cal_offset_march_change(void **state)
{
    (void)state;
    assert_int_equal(offset_of(utc(2026, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(offset_of(utc(2026, 3, 29, 1, 0, 0)), 7200);
    assert_int_equal(offset_of(utc(1996, 3, 31, 0, 59, 59)), 3600);
    assert_int_equal(offset_of(utc(1996, 3, 31, 1, 0, 0)), 7200);
    assert_int_equal(offset_of(utc(2099, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(offset_of(utc(2099, 3, 29, 1, 0, 0)), 7200);
}

static void
test_cal_offset_october_change(void **state)
{
    (void)state;
    assert_int_equal(offset_of(utc(2026, 10, 25, 0, 59, 59)), 7200);
    assert_int_equal(offset_of(utc(2026, 10, 25, 1, 0, 0)), 3600);
    assert_int_equal(offset_of(utc(2000, 10, 29, 0, 59, 59)), 7200);
    assert_int_equal(offset_of(utc(2000, 10, 29, 1, 0, 0)), 3600);
}

/* Before 1996 France ended summer time in September; the rule here must not be applied. */
static void
test_cal_offset_range_limits(void **state)
{
    time_t t = 0;
    int off = 0;

    (void)state;
    t = utc(1996, 1, 1, 0, 0, 0) - 3601; /* 1995-12-31T22:59:59Z */
    errno = 0;
    assert_int_equal(cal_offset(t, &off), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(offset_of(t + 1), 3600); /* 1996-01-01T00:00:00+01:00 */
    assert_int_equal(cal_utc_from_fields(2099, 12, 31, 23, 59, 59, &t), 0);
    assert_int_equal(offset_of(t), 3600); /* 2100-01-01T00:59:59+01:00: UTC year 2099 */
    errno = 0;
    assert_int_equal(cal_offset(t + 1, &off), -1); /* 2100-01-01T00:00:00Z */
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_offset(0, &off), -1);
    assert_int_equal(errno, ERANGE);
}

static void
test_cal_format_local_change_instants(void **state)
{
    (void)state;
    assert_local(utc(2026, 3, 29, 0, 59, 59), "2026-03-29T01:59:59+01:00");
    assert_local(utc(2026, 3, 29, 1, 0, 0), "2026-03-29T03:00:00+02:00");
    assert_local(utc(2026, 10, 25, 0, 59, 59), "2026-10-25T02:59:59+02:00");
    assert_local(utc(2026, 10, 25, 1, 0, 0), "2026-10-25T02:00:00+01:00");
    assert_local(utc(2026, 12, 31, 23, 30, 0), "2027-01-01T00:30:00+01:00");
}

static void
test_cal_format_local_buffer_too_small(void **state)
{
    char buf[CAL_LOCAL_LEN];

    (void)state;
    errno = 0;
    assert_int_equal(cal_format_local(utc(2026, 1, 1, 0, 0, 0), buf, sizeof(buf)), -1);
    assert_int_equal(errno, ENOSPC);
}

static void
test_cal_format_utc_basic(void **state)
{
    char buf[CAL_UTC_LEN];

    (void)state;
    assert_utc(utc(2026, 3, 29, 1, 0, 0), "2026-03-29T01:00:00Z");
    assert_utc(utc(2099, 12, 31, 23, 59, 59), "2099-12-31T23:59:59Z");
    assert_local(utc(2099, 12, 31, 23, 59, 59), "2100-01-01T00:59:59+01:00");
    errno = 0;
    assert_int_equal(cal_format_utc(utc(2026, 1, 1, 0, 0, 0), buf, sizeof(buf)), -1);
    assert_int_equal(errno, ENOSPC);
}

static void
test_cal_utc_from_fields_epoch_values(void **state)
{
    (void)state;
    assert_int_equal((long long)utc(1996, 1, 1, 0, 0, 0), 820454400LL);
    assert_int_equal((long long)utc(2000, 3, 1, 0, 0, 0), 951868800LL);
    assert_int_equal((long long)utc(2038, 1, 19, 3, 14, 8), 2147483648LL);
    assert_int_equal((long long)utc(2099, 12, 31, 23, 59, 59), 4102444799LL);
}

static void
test_cal_utc_from_fields_rejects(void **state)
{
    time_t t = 0;

    (void)state;
    errno = 0;
    assert_int_equal(cal_utc_from_fields(1995, 12, 31, 23, 59, 59, &t), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_utc_from_fields(2100, 1, 1, 0, 0, 0, &t), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_utc_from_fields(2026, 2, 29, 0, 0, 0, &t), -1);
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_int_equal(cal_utc_from_fields(2026, 1, 1, 0, 0, 60, &t), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(t, 0); /* untouched on failure */
}

static void
test_cal_local_to_utc_summer_and_winter(void **state)
{
    time_t t = 0;

    (void)state;
    assert_int_equal(cal_local_to_utc(2026, 7, 14, 12, 0, 0, &t), 0);
    assert_utc(t, "2026-07-14T10:00:00Z");
    assert_int_equal(cal_local_to_utc(2026, 1, 15, 12, 0, 0, &t), 0);
    assert_utc(t, "2026-01-15T11:00:00Z");
    /* around the gap */
    assert_int_equal(cal_local_to_utc(2026, 3, 29, 1, 59, 59, &t), 0);
    assert_utc(t, "2026-03-29T00:59:59Z");
    assert_int_equal(cal_local_to_utc(2026, 3, 29, 3, 0, 0, &t), 0);
    assert_utc(t, "2026-03-29T01:00:00Z");
    /* around the repeated hour */
    assert_int_equal(cal_local_to_utc(2026, 10, 25, 1, 59, 59, &t), 0);
    assert_utc(t, "2026-10-24T23:59:59Z");
    assert_int_equal(cal_local_to_utc(2026, 10, 25, 3, 0, 0, &t), 0);
    assert_utc(t, "2026-10-25T02:00:00Z");
}

static void
test_cal_local_to_utc_gap(void **state)
{
    time_t t = 0;

    (void)state;
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 3, 29, 2, 30, 0, &t), -1);
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 3, 29, 2, 0, 0, &t), -1);
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 3, 29, 2, 59, 59, &t), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(t, 0);
}

static void
test_cal_local_to_utc_repeated_hour(void **state)
{
    time_t t = 0;

    (void)state;
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 10, 25, 2, 30, 0, &t), -1);
    assert_int_equal(errno, EEXIST);
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 10, 25, 2, 0, 0, &t), -1);
    assert_int_equal(errno, EEXIST);
    errno = 0;
    assert_int_equal(cal_local_to_utc(2026, 10, 25, 2, 59, 59, &t), -1);
    assert_int_equal(errno, EEXIST);
    assert_int_equal(t, 0);
}

static void
test_cal_local_to_utc_gap_and_repeat_every_year(void **state)
{
    time_t t = 0;

    (void)state;
    for (int y = 1996; y <= 2099; y++) {
        int mar = last_sunday(y, 3), oct = last_sunday(y, 10);

        errno = 0;
        assert_int_equal(cal_local_to_utc(y, 3, mar, 2, 15, 0, &t), -1);
        assert_int_equal(errno, ENOENT);
        errno = 0;
        assert_int_equal(cal_local_to_utc(y, 10, oct, 2, 15, 0, &t), -1);
        assert_int_equal(errno, EEXIST);
        /* a week earlier the same wall times are ordinary */
        assert_int_equal(cal_local_to_utc(y, 3, mar - 7, 2, 15, 0, &t), 0);
        assert_int_equal(cal_local_to_utc(y, 10, oct - 7, 2, 15, 0, &t), 0);
    }
}

static void
test_cal_local_to_utc_range_limits(void **state)
{
    time_t t = 0;

    (void)state;
    errno = 0;
    assert_int_equal(cal_local_to_utc(1995, 12, 31, 23, 59, 59, &t), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_local_to_utc(2100, 1, 1, 0, 0, 0, &t), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(cal_local_to_utc(1996, 1, 1, 0, 0, 0, &t), 0);
    assert_utc(t, "1995-12-31T23:00:00Z");
    assert_local(t, "1996-01-01T00:00:00+01:00");
    assert_int_equal(cal_local_to_utc(2099, 12, 31, 23, 59, 59, &t), 0);
    assert_utc(t, "2099-12-31T22:59:59Z");
}

static void
test_cal_local_to_utc_invalid(void **state)
{
    time_t t = 0;
    static const int bad[][6] = {
        {2026, 2, 29, 0, 0, 0}, {2026, 4, 31, 0, 0, 0}, {2026, 13, 1, 0, 0, 0},
        {2026, 0, 1, 0, 0, 0},  {2026, 1, 0, 0, 0, 0},  {2026, 1, 1, 24, 0, 0},
        {2026, 1, 1, -1, 0, 0}, {2026, 1, 1, 0, 60, 0}, {2026, 1, 1, 0, 0, 60},
        {2100, 2, 29, 0, 0, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errno = 0;
        assert_int_equal(
            cal_local_to_utc(bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5], &t),
            -1);
        assert_int_equal(errno, EINVAL);
    }
    assert_int_equal(cal_local_to_utc(2024, 2, 29, 0, 0, 0, &t), 0);
    assert_int_equal(cal_local_to_utc(2000, 2, 29, 0, 0, 0, &t), 0);
}

/* Every quarter-hour of two years goes local and back; only the repeated hour refuses. */
static void
test_cal_local_to_utc_round_trip(void **state)
{
    int y, mo, d, hh, mi, ss, off, repeated = 0;
    time_t t, back;

    (void)state;
    for (t = utc(2026, 1, 1, 0, 0, 0); t < utc(2028, 1, 1, 0, 0, 0); t += 900) {
        assert_int_equal(cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, &off), 0);
        if (cal_local_to_utc(y, mo, d, hh, mi, ss, &back) == -1) {
            assert_int_equal(errno, EEXIST);
            repeated++;
            continue;
        }
        assert_int_equal(back, t);
    }
    /* 2 years x 2 instants per repeated wall time x 4 quarter-hours */
    assert_int_equal(repeated, 16);
}

static void
test_cal_parse_date_strict(void **state)
{
    int y = 0, mo = 0, d = 0;
    static const char *const bad[] = {
        "",           "2026-3-29",   "2026-03-2",  "2026-03-29x", "2026/03/29", " 2026-03-29",
        "+026-03-29", "2026-02-29",  "2026-00-10", "2026-13-10",  "2026-03-00", "2026-03-32",
        "20260329",   "2026-03-29 ", "2026-0a-29",
    };

    (void)state;
    assert_int_equal(cal_parse_date("2026-03-29", &y, &mo, &d), 0);
    assert_int_equal(y, 2026);
    assert_int_equal(mo, 3);
    assert_int_equal(d, 29);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errno = 0;
        assert_int_equal(cal_parse_date(bad[i], &y, &mo, &d), -1);
        assert_int_equal(errno, EINVAL);
    }
    errno = 0;
    assert_int_equal(cal_parse_date(NULL, &y, &mo, &d), -1);
    assert_int_equal(errno, EINVAL);
    errno = 0;
    assert_int_equal(cal_parse_date("1995-12-31", &y, &mo, &d), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_parse_date("2100-01-01", &y, &mo, &d), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(y, 2026); /* untouched on failure */
}

static void
test_cal_weekday_known_dates(void **state)
{
    (void)state;
    assert_int_equal(cal_weekday(2026, 3, 29), 0);  /* Sunday */
    assert_int_equal(cal_weekday(2026, 3, 21), 6);  /* Saturday */
    assert_int_equal(cal_weekday(2000, 2, 29), 2);  /* Tuesday */
    assert_int_equal(cal_weekday(1996, 1, 1), 1);   /* Monday */
    assert_int_equal(cal_weekday(2099, 12, 31), 4); /* Thursday */
    assert_int_equal(cal_weekday(2030, 8, 15), 4);  /* Thursday, a holiday (DOMAIN.md) */
    errno = 0;
    assert_int_equal(cal_weekday(1970, 1, 1), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_weekday(2026, 2, 30), -1);
    assert_int_equal(errno, EINVAL);
}

static void
test_cal_add_days_crosses_boundaries(void **state)
{
    int y, mo, d;

    (void)state;
    y = 2024, mo = 2, d = 28;
    cal_add_days(&y, &mo, &d, 1);
    assert_true(y == 2024 && mo == 2 && d == 29);
    cal_add_days(&y, &mo, &d, 1);
    assert_true(y == 2024 && mo == 3 && d == 1);
    y = 2026, mo = 12, d = 31;
    cal_add_days(&y, &mo, &d, 1);
    assert_true(y == 2027 && mo == 1 && d == 1);
    cal_add_days(&y, &mo, &d, -366);
    assert_true(y == 2025 && mo == 12 && d == 31);
    y = 1996, mo = 1, d = 1;
    cal_add_days(&y, &mo, &d, 104 * 365 + 26 - 1); /* 26 leap years, 2000 included */
    assert_true(y == 2099 && mo == 12 && d == 31);
    cal_add_days(&y, &mo, &d, -(104 * 365 + 26 - 1));
    assert_true(y == 1996 && mo == 1 && d == 1);
    y = 2026, mo = 2, d = 30; /* invalid: left as is */
    cal_add_days(&y, &mo, &d, 1);
    assert_true(y == 2026 && mo == 2 && d == 30);
}

static void
test_cal_days_between_and_month_lengths(void **state)
{
    int days = 0;

    (void)state;
    assert_int_equal(cal_days_between(2026, 3, 21, 2026, 4, 3, &days), 0);
    assert_int_equal(days, 13);
    assert_int_equal(cal_days_between(2026, 4, 3, 2026, 3, 21, &days), 0);
    assert_int_equal(days, -13);
    assert_int_equal(cal_days_in_month(2024, 2), 29);
    assert_int_equal(cal_days_in_month(2026, 2), 28);
    assert_int_equal(cal_days_in_month(2000, 2), 29);
    assert_int_equal(cal_days_in_month(2026, 4), 30);
    errno = 0;
    assert_int_equal(cal_days_in_month(2026, 13), -1);
    assert_int_equal(errno, EINVAL);
}

static void
test_cal_easter_known_years(void **state)
{
    static const int want[][3] = {
        {1996, 4, 7},  {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24}, {2024, 3, 31},
        {2025, 4, 20}, {2026, 4, 5},  {2038, 4, 25}, {2099, 4, 12},
    };
    int mo, d;

    (void)state;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_int_equal(cal_easter(want[i][0], &mo, &d), 0);
        assert_int_equal(mo, want[i][1]);
        assert_int_equal(d, want[i][2]);
    }
    errno = 0;
    assert_int_equal(cal_easter(2100, &mo, &d), -1);
    assert_int_equal(errno, ERANGE);
}

/* week_hours - length of the local week starting on y-m-d, in hours */
static long
week_hours(int y, int mo, int d)
{
    time_t s = 0, e = 0;

    assert_int_equal(cal_week_bounds(y, mo, d, &s, &e), 0);
    assert_int_equal((e - s) % 3600, 0);
    return (long)((e - s) / 3600);
}

static void
test_cal_week_bounds_2026(void **state)
{
    time_t s = 0, e = 0;

    (void)state;
    assert_int_equal(cal_week_bounds(2026, 3, 28, &s, &e), 0);
    assert_utc(s, "2026-03-27T23:00:00Z");
    assert_utc(e, "2026-04-03T22:00:00Z");
    assert_int_equal(week_hours(2026, 3, 28), 167);
    assert_int_equal(week_hours(2026, 3, 21), 168);
    assert_int_equal(week_hours(2026, 4, 4), 168);
    assert_int_equal(week_hours(2026, 10, 24), 169);
    assert_int_equal(week_hours(2026, 10, 31), 168);
    assert_int_equal(week_hours(2026, 3, 23), 167);  /* Monday start */
    assert_int_equal(week_hours(2026, 10, 19), 169); /* Monday start */
    assert_int_equal(week_hours(2026, 3, 29), 167);  /* starting on the change day itself */
    assert_int_equal(week_hours(2026, 3, 30), 168);
}

static void
test_cal_week_bounds_dst_weeks_every_year(void **state)
{
    static const int known[][3] = {
        /* year, last Sunday of March, of October (from the zone database, zdump) */
        {1996, 31, 27}, {2000, 26, 29}, {2024, 31, 27}, {2026, 29, 25}, {2099, 29, 25},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        assert_int_equal(last_sunday(known[i][0], 3), known[i][1]);
        assert_int_equal(last_sunday(known[i][0], 10), known[i][2]);
    }
    for (int y = 1996; y <= 2099; y++) {
        int mar = last_sunday(y, 3), oct = last_sunday(y, 10);
        int ny = y, nmo = 10, nd = oct;

        cal_add_days(&ny, &nmo, &nd, 6); /* the Saturday after, maybe in November */
        assert_int_equal(week_hours(y, 3, mar - 1), 167); /* Saturday start */
        assert_int_equal(week_hours(y, 3, mar - 6), 167); /* Monday start */
        assert_int_equal(week_hours(y, 3, mar - 8), 168);
        assert_int_equal(week_hours(y, 10, oct - 1), 169);
        assert_int_equal(week_hours(y, 10, oct - 6), 169);
        assert_int_equal(week_hours(ny, nmo, nd), 168);
    }
}

static void
test_cal_week_bounds_range_limits(void **state)
{
    time_t s = 0, e = 0;

    (void)state;
    assert_int_equal(week_hours(2099, 12, 24), 168); /* ends 2099-12-31 00:00 local */
    errno = 0;
    assert_int_equal(cal_week_bounds(2099, 12, 26, &s, &e), -1); /* would end in 2100 */
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_week_bounds(1995, 12, 30, &s, &e), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_week_bounds(2026, 2, 29, &s, &e), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(s, 0);
    assert_int_equal(e, 0);
}

static void
assert_deadline(int y, int mo, int d, const char *local, const char *utcs)
{
    time_t t = 0;

    assert_int_equal(cal_cdc_deadline(y, mo, d, &t), 0);
    assert_local(t, local);
    assert_utc(t, utcs);
}

static void
test_cal_cdc_deadline_spring_weeks(void **state)
{
    (void)state;
    assert_deadline(2026, 3, 21, "2026-04-03T12:00:00+02:00", "2026-04-03T10:00:00Z");
    assert_deadline(2026, 3, 28, "2026-04-10T12:00:00+02:00", "2026-04-10T10:00:00Z");
}

static void
test_cal_cdc_deadline_winter_week(void **state)
{
    (void)state;
    assert_deadline(2026, 1, 10, "2026-01-23T12:00:00+01:00", "2026-01-23T11:00:00Z");
    /* week of the October change: the deadline is already in winter time */
    assert_deadline(2026, 10, 17, "2026-10-30T12:00:00+01:00", "2026-10-30T11:00:00Z");
    assert_deadline(2026, 10, 10, "2026-10-23T12:00:00+02:00", "2026-10-23T10:00:00Z");
}

static void
test_cal_cdc_deadline_monday_start(void **state)
{
    (void)state;
    /* Monday 23 March -> S+1 starts Monday 30 March -> Friday 3 April */
    assert_deadline(2026, 3, 23, "2026-04-03T12:00:00+02:00", "2026-04-03T10:00:00Z");
    /* Monday 28 December 2026 -> Monday 4 January 2027 -> Friday 8 January, across years */
    assert_deadline(2026, 12, 28, "2027-01-08T12:00:00+01:00", "2027-01-08T11:00:00Z");
}

static void
test_cal_cdc_deadline_friday_start(void **state)
{
    (void)state;
    /* "on or after start + 7": a Friday start gives the Friday exactly a week later */
    assert_deadline(2026, 1, 9, "2026-01-16T12:00:00+01:00", "2026-01-16T11:00:00Z");
}

static void
test_cal_cdc_deadline_range_limits(void **state)
{
    time_t t = 0;

    (void)state;
    assert_deadline(2099, 12, 12, "2099-12-25T12:00:00+01:00", "2099-12-25T11:00:00Z");
    errno = 0;
    assert_int_equal(cal_cdc_deadline(2099, 12, 19, &t), -1); /* Friday 2100-01-01 */
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_cdc_deadline(1995, 12, 30, &t), -1);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    assert_int_equal(cal_cdc_deadline(2026, 4, 31, &t), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(t, 0);
}

/* xorshift64 - a fixed sequence, so a failure can be replayed */
static uint64_t
xorshift64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void
check_against_zoneinfo(time_t t)
{
    struct tm tm;
    int y, mo, d, hh, mi, ss, off;

    assert_non_null(localtime_r(&t, &tm));
    assert_int_equal(cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, &off), 0);
    if (off != tm.tm_gmtoff || y != tm.tm_year + 1900 || mo != tm.tm_mon + 1 || d != tm.tm_mday ||
        hh != tm.tm_hour || mi != tm.tm_min || ss != tm.tm_sec)
        fail_msg("t=%lld: cal %04d-%02d-%02dT%02d:%02d:%02d off %d, zoneinfo off %ld", (long long)t,
                 y, mo, d, hh, mi, ss, off, (long)tm.tm_gmtoff);
}

/* Only the test reads the zone database; the module must agree with it where it exists. */
static void
test_cal_offset_matches_zoneinfo(void **state)
{
    char *saved = NULL;
    const char *old;
    uint64_t seed = 0x5041535345524cULL;
    time_t lo, hi;

    (void)state;
    if (access(ZONEINFO_PARIS, R_OK) == -1) {
        print_message("skipped: %s not found, no zone database to compare with\n", ZONEINFO_PARIS);
        skip();
    }
    old = getenv("TZ");
    if (old != NULL)
        saved = strdup(old);
    assert_int_equal(setenv("TZ", "Europe/Paris", 1), 0);
    tzset();

    lo = utc(1996, 1, 1, 0, 0, 0);
    hi = utc(2099, 12, 31, 22, 0, 0);
    for (int i = 0; i < 500; i++)
        check_against_zoneinfo(lo + (time_t)(xorshift64(&seed) % (uint64_t)(hi - lo)));
    /* and each change instant of every year, with its neighbours */
    for (int y = 1996; y <= 2099; y++) {
        time_t mar = utc(y, 3, last_sunday(y, 3), 1, 0, 0);
        time_t oct = utc(y, 10, last_sunday(y, 10), 1, 0, 0);

        for (int k = -1; k <= 1; k++) {
            check_against_zoneinfo(mar + k);
            check_against_zoneinfo(oct + k);
        }
    }

    if (saved != NULL) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cal_offset_march_change),
        cmocka_unit_test(test_cal_offset_october_change),
        cmocka_unit_test(test_cal_offset_range_limits),
        cmocka_unit_test(test_cal_format_local_change_instants),
        cmocka_unit_test(test_cal_format_local_buffer_too_small),
        cmocka_unit_test(test_cal_format_utc_basic),
        cmocka_unit_test(test_cal_utc_from_fields_epoch_values),
        cmocka_unit_test(test_cal_utc_from_fields_rejects),
        cmocka_unit_test(test_cal_local_to_utc_summer_and_winter),
        cmocka_unit_test(test_cal_local_to_utc_gap),
        cmocka_unit_test(test_cal_local_to_utc_repeated_hour),
        cmocka_unit_test(test_cal_local_to_utc_gap_and_repeat_every_year),
        cmocka_unit_test(test_cal_local_to_utc_range_limits),
        cmocka_unit_test(test_cal_local_to_utc_invalid),
        cmocka_unit_test(test_cal_local_to_utc_round_trip),
        cmocka_unit_test(test_cal_parse_date_strict),
        cmocka_unit_test(test_cal_weekday_known_dates),
        cmocka_unit_test(test_cal_add_days_crosses_boundaries),
        cmocka_unit_test(test_cal_days_between_and_month_lengths),
        cmocka_unit_test(test_cal_easter_known_years),
        cmocka_unit_test(test_cal_week_bounds_2026),
        cmocka_unit_test(test_cal_week_bounds_dst_weeks_every_year),
        cmocka_unit_test(test_cal_week_bounds_range_limits),
        cmocka_unit_test(test_cal_cdc_deadline_spring_weeks),
        cmocka_unit_test(test_cal_cdc_deadline_winter_week),
        cmocka_unit_test(test_cal_cdc_deadline_monday_start),
        cmocka_unit_test(test_cal_cdc_deadline_friday_start),
        cmocka_unit_test(test_cal_cdc_deadline_range_limits),
        cmocka_unit_test(test_cal_offset_matches_zoneinfo),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
