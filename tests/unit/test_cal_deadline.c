/* test_cal_deadline - every flow's deadline, the effective date of a perimeter change, weeks,
 * n-th weekdays and instant parsing: hand-derived tables (DST weeks, Easter-based holidays in
 * different months, months ending on a weekend, December -> January, leap years, the issue's
 * reference values), then the property checks of issue 3 over 2020-2040. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cal.h"
#include "cal_holidays.h"

/* local - instant t as local ISO text */
static const char *
local(time_t t)
{
    static char buf[CAL_LOCAL_LEN + 1];

    assert_int_equal(cal_format_local(t, buf, sizeof(buf)), 0);
    return buf;
}

struct dl_case {
    const char *flow, *ref, *want;
};

static void
run_table(const struct dl_case *t, size_t n, const struct cal_holidays *h, int week_start)
{
    size_t i;

    for (i = 0; i < n; i++) {
        time_t dl = 0;

        if (cal_deadline_ws(t[i].flow, t[i].ref, h, week_start, &dl) != 0)
            fail_msg("%s %s: %s", t[i].flow, t[i].ref, strerror(errno));
        if (strcmp(local(dl), t[i].want) != 0)
            fail_msg("%s %s: got %s, want %s", t[i].flow, t[i].ref, local(dl), t[i].want);
    }
}

static void
test_cal_deadline_reference_values(void **state)
{
    static const struct dl_case t[] = {
        /* The reference values. */
        {"cles", "2030-07", "2030-08-15T23:59:59+02:00"}, /* third Thursday, a holiday */
        {"perimetre", "2026-05", "2026-05-21T23:59:59+02:00"},
        {"contestation", "2026-12-31T23:30:00Z", "2027-01-06T23:59:59+01:00"},
        {"cdc", "2026-03-27", "2026-04-03T12:00:00+02:00"}, /* the example of the issue */
        /* DOMAIN.md: March 2026's last 5 are 25, 26, 27, 30, 31 March. */
        {"perimetre", "2026-03", "2026-03-24T23:59:59+01:00"},
        {"facteur-impact", "2026-03", "2026-03-24T23:59:59+01:00"},
        {"eif-sites", "2026-03", "2026-03-24T23:59:59+01:00"},
        {"sites-j1", "2026-03", "2026-03-24T23:59:59+01:00"},
    };

    (void)state;
    run_table(t, sizeof(t) / sizeof(t[0]), NULL, 6);
}

static void
test_cal_deadline_weeks(void **state)
{
    static const struct dl_case sat[] = {
        /* Week S = Saturday 28 March .. Friday 3 April 2026 (holds the 23-hour Sunday). */
        {"cdc", "2026-03-28", "2026-04-10T12:00:00+02:00"},
        {"cdc", "2026-03-29", "2026-04-10T12:00:00+02:00"},
        {"cdc", "2026-04-03", "2026-04-10T12:00:00+02:00"},
        {"cdc-profilee", "2026-03-21", "2026-04-03T12:00:00+02:00"}, /* deadline after it */
        {"flexloc", "2026-03-14", "2026-03-27T12:00:00+01:00"},      /* deadline before it */
        /* October: the 25-hour Sunday 25 October 2026. */
        {"eif-activations", "2026-10-10", "2026-10-23T12:00:00+02:00"},
        {"cdc", "2026-10-17", "2026-10-30T12:00:00+01:00"},
        {"cdc", "2026-10-25", "2026-11-06T12:00:00+01:00"},
        /* December -> January, and a deadline on a holiday Friday (1 January 2027). */
        {"cdc", "2026-12-26", "2027-01-08T12:00:00+01:00"},
        {"cdc", "2026-12-19", "2027-01-01T12:00:00+01:00"},
        /* Leap day inside week S. */
        {"cdc", "2028-02-29", "2028-03-10T12:00:00+01:00"},
        {"cdc", "1996-01-01", "1996-01-12T12:00:00+01:00"}, /* week begun in 1995 */
    };
    static const struct dl_case mon[] = {
        /* Monday weeks: 30 March .. 5 April 2026, S+1 ends Sunday 12 April. */
        {"cdc", "2026-03-30", "2026-04-10T12:00:00+02:00"},
        {"cdc", "2026-04-05", "2026-04-10T12:00:00+02:00"},
        {"cdc", "2026-03-29", "2026-04-03T12:00:00+02:00"},
    };
    static const struct dl_case fri[] = {
        /* Friday weeks: S+1 starts on a Friday, which is its own deadline day. */
        {"cdc", "2026-04-03", "2026-04-10T12:00:00+02:00"},
        {"cdc", "2026-04-09", "2026-04-10T12:00:00+02:00"},
    };

    (void)state;
    run_table(sat, sizeof(sat) / sizeof(sat[0]), NULL, 6);
    run_table(mon, sizeof(mon) / sizeof(mon[0]), NULL, 1);
    run_table(fri, sizeof(fri) / sizeof(fri[0]), NULL, 5);
}

static void
test_cal_deadline_months(void **state)
{
    static const struct dl_case t[] = {
        /* cles: third Thursday of M+1. */
        {"cles", "2026-09", "2026-10-15T23:59:59+02:00"}, /* October starts on a Thursday */
        {"cles", "2026-12", "2027-01-21T23:59:59+01:00"}, /* December -> January */
        {"cles", "2028-01", "2028-02-17T23:59:59+01:00"}, /* leap February */
        {"cles", "2026-02", "2026-03-19T23:59:59+01:00"},
        {"cles", "2038-04", "2038-05-20T23:59:59+02:00"},
        /* Last 5 Jours Ouvrés. */
        {"perimetre", "2026-01", "2026-01-23T23:59:59+01:00"}, /* ends Saturday: 26..30 */
        {"perimetre", "2026-02", "2026-02-20T23:59:59+01:00"}, /* ends Saturday 28 */
        {"perimetre", "2028-02", "2028-02-22T23:59:59+01:00"}, /* leap: 23, 24, 25, 28, 29 */
        {"perimetre", "2025-06", "2025-06-23T23:59:59+02:00"}, /* Whit Monday 9 June: no effect */
        {"perimetre", "2038-06", "2038-06-23T23:59:59+02:00"}, /* 24, 25, 28, 29, 30 */
        {"perimetre", "2026-12", "2026-12-23T23:59:59+01:00"}, /* 24, 28, 29, 30, 31 */
        {"perimetre", "2026-10", "2026-10-23T23:59:59+02:00"}, /* 26..30; still summer time */
        /* Last 10. */
        {"demande-perimetre", "2026-01", "2026-01-16T23:59:59+01:00"},
        {"capacite", "2026-05", "2026-05-13T23:59:59+02:00"}, /* 15..29 less 25; 14 a holiday */
        {"demande-perimetre", "2026-12", "2026-12-16T23:59:59+01:00"},
        {"demande-perimetre", "2028-02", "2028-02-15T23:59:59+01:00"},
        {"capacite", "2026-03", "2026-03-17T23:59:59+01:00"},
        /* Contestation: 3rd Jour Ouvré after the sending day. */
        {"contestation", "2026-05-13T10:00:00+02:00", "2026-05-19T23:59:59+02:00"},
        {"contestation", "2026-03-28T09:00:00+01:00", "2026-04-01T23:59:59+02:00"},
        {"contestation", "2026-12-31T22:59:59Z", "2027-01-06T23:59:59+01:00"},
        {"contestation", "2026-12-31T12:00:00-11:00", "2027-01-06T23:59:59+01:00"},
        {"contestation", "2026-04-02T10:00:00+02:00", "2026-04-08T23:59:59+02:00"},
        {"contestation", "2026-10-23T23:59:59+02:00", "2026-10-28T23:59:59+01:00"},
    };

    (void)state;
    run_table(t, sizeof(t) / sizeof(t[0]), NULL, 6);
}

static void
test_cal_deadline_with_overrides(void **state)
{
    static const char alsace[] = "add easter-2 Vendredi saint\nadd 12-26 Saint-Étienne\n";
    static const struct dl_case t[] = {
        /* Good Friday 3 April 2026 now counts: 7, 8, 9. */
        {"contestation", "2026-04-02T10:00:00+02:00", "2026-04-09T23:59:59+02:00"},
        /* 26 December 2029 is a Wednesday: last 5 of December 2029 become 24, 27, 28, 31 and
         * 21 (25 and 26 holidays), so the one before is 20. */
        {"perimetre", "2029-12", "2029-12-20T23:59:59+01:00"},
        /* cles ignores holidays (third Thursday, whatever it is). */
        {"cles", "2030-07", "2030-08-15T23:59:59+02:00"},
    };
    static const struct dl_case removed[] = {
        /* Whit Monday removed: the last 5 of May 2026 are 25..29. */
        {"perimetre", "2026-05", "2026-05-22T23:59:59+02:00"},
    };
    struct cal_holidays *h = cal_holidays_new();
    char err[256];
    time_t dl;

    (void)state;
    assert_int_equal(cal_holidays_parse(h, alsace, strlen(alsace), "t", err, sizeof(err)), 0);
    run_table(t, sizeof(t) / sizeof(t[0]), h, 6);
    assert_int_equal(cal_deadline("perimetre", "2029-12", NULL, &dl), 0);
    assert_string_equal(local(dl), "2029-12-21T23:59:59+01:00");
    cal_holidays_free(h);
    h = cal_holidays_new();
    assert_int_equal(cal_holidays_parse(h, "remove easter+50", 16, "t", err, sizeof(err)), 0);
    run_table(removed, 1, h, 6);
    cal_holidays_free(h);
}

static void
test_cal_deadline_bad_input(void **state)
{
    static const struct {
        const char *flow, *ref;
        int err;
    } t[] = {
        {"foo", "2026-03", ENOENT},
        {"", "2026-03", ENOENT},
        {"CDC", "2026-03-28", ENOENT},
        {"cles", "2026-13", EINVAL},
        {"cles", "2026-00", EINVAL},
        {"cles", "2026-1", EINVAL},
        {"cles", "2026-03-01", EINVAL},
        {"cles", "26-03", EINVAL},
        {"cles", "", EINVAL},
        {"perimetre", "1995-12", ERANGE},
        {"perimetre", "2100-01", ERANGE},
        {"cles", "2099-12", ERANGE}, /* its deadline is in 2100 */
        {"cdc", "2026-02-29", EINVAL},
        {"cdc", "2026-03", EINVAL},
        {"cdc", "2026-3-28", EINVAL},
        {"cdc", "2026-03-28x", EINVAL},
        {"cdc", "2099-12-31", ERANGE},
        {"contestation", "2026-12-31T23:30:00", EINVAL}, /* no offset */
        {"contestation", "2026-12-31T23:30:00z", EINVAL},
        {"contestation", "2026-12-31 23:30:00Z", EINVAL},
        {"contestation", "2026-12-31T24:00:00Z", EINVAL},
        {"contestation", "2026-12-31T23:30:00.5Z", EINVAL},
        {"contestation", "2026-12-31T23:30:00+0100", EINVAL},
        {"contestation", "2026-12-31T23:30:00+24:00", EINVAL},
        {"contestation", "2026-02-30T10:00:00Z", EINVAL},
        {"contestation", "2026-03-31", EINVAL},
        {"contestation", "1995-12-31T22:59:59Z", ERANGE},
        {"contestation", "2099-12-31T23:00:00Z", ERANGE}, /* 3 Jours Ouvrés later is 2100 */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        time_t dl = 12345;

        errno = 0;
        if (cal_deadline(t[i].flow, t[i].ref, NULL, &dl) != -1 || errno != t[i].err)
            fail_msg("%s %s: want errno %d, got %d", t[i].flow, t[i].ref, t[i].err, errno);
        assert_int_equal(dl, 12345);
    }
    {
        time_t dl;

        assert_int_equal(cal_deadline(NULL, "2026-03", NULL, &dl), -1);
        assert_int_equal(errno, ENOENT);
        assert_int_equal(cal_deadline_ws("cdc", "2026-03-28", NULL, 7, &dl), -1);
        assert_int_equal(errno, EINVAL);
        assert_int_equal(cal_deadline_month("cdc", 2026, 3, NULL, &dl), -1);
        assert_int_equal(errno, EINVAL);
    }
}

static void
test_cal_effective_date_table(void **state)
{
    static const struct {
        const char *instant, *want;
    } t[] = {
        {"2026-01-17T00:00:00+01:00", "2026-03-01"}, /* the issue: the Saturday after */
        {"2026-01-16T23:59:59+01:00", "2026-02-01"}, /* the last on-time second */
        {"2026-01-16T22:59:59Z", "2026-02-01"},
        {"2026-01-16T23:00:00Z", "2026-03-01"},
        {"2026-01-01T00:00:00+01:00", "2026-02-01"},
        {"2025-12-31T23:30:00Z", "2026-02-01"},      /* already January in France */
        {"2026-12-16T23:59:59+01:00", "2027-01-01"}, /* December -> January */
        {"2026-12-17T00:00:00+01:00", "2027-02-01"},
        {"2026-11-30T12:00:00+01:00", "2027-01-01"}, /* end of November: M+2 */
        {"2028-02-15T23:59:59+01:00", "2028-03-01"}, /* leap February */
        {"2028-02-29T10:00:00+01:00", "2028-04-01"},
        {"2026-05-13T23:59:59+02:00", "2026-06-01"},
        {"2026-05-14T00:00:00+02:00", "2026-07-01"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        char buf[16];
        time_t at;
        int y, mo, d;

        assert_int_equal(cal_parse_instant(t[i].instant, &at), 0);
        assert_int_equal(cal_effective_date(at, NULL, &y, &mo, &d), 0);
        snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, mo, d);
        if (strcmp(buf, t[i].want) != 0)
            fail_msg("%s: got %s, want %s", t[i].instant, buf, t[i].want);
    }
}

static void
test_cal_nth_weekday_and_week_first(void **state)
{
    int d = 0, y, mo;

    (void)state;
    assert_int_equal(cal_nth_weekday(2026, 10, 4, 3, &d), 0);
    assert_int_equal(d, 15);
    assert_int_equal(cal_nth_weekday(2026, 10, 4, 5, &d), 0);
    assert_int_equal(d, 29);
    assert_int_equal(cal_nth_weekday(2026, 10, 4, -1, &d), 0);
    assert_int_equal(d, 29);
    assert_int_equal(cal_nth_weekday(2026, 3, 0, -1, &d), 0); /* last Sunday: the change */
    assert_int_equal(d, 29);
    assert_int_equal(cal_nth_weekday(2026, 10, 0, -1, &d), 0);
    assert_int_equal(d, 25);
    assert_int_equal(cal_nth_weekday(2028, 2, 2, 5, &d), 0); /* Tuesday 29 February 2028 */
    assert_int_equal(d, 29);
    d = 0;
    assert_int_equal(cal_nth_weekday(2026, 2, 0, 5, &d), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(d, 0);
    assert_int_equal(cal_nth_weekday(2026, 2, 7, 1, &d), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_nth_weekday(2026, 2, 1, 0, &d), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_nth_weekday(2026, 2, 1, 6, &d), -1);
    assert_int_equal(errno, EINVAL);

    assert_int_equal(cal_week_first(2026, 4, 1, 6, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 3 && d == 28);
    assert_int_equal(cal_week_first(2026, 4, 1, 1, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 3 && d == 30);
    assert_int_equal(cal_week_first(2026, 4, 1, 3, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 4 && d == 1);
    assert_int_equal(cal_week_first(2027, 1, 1, 6, &y, &mo, &d), 0);
    assert_true(y == 2026 && mo == 12 && d == 26);
    assert_int_equal(cal_week_first(2026, 4, 1, -1, &y, &mo, &d), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_week_first(1996, 1, 1, 6, &y, &mo, &d), -1);
    assert_int_equal(errno, ERANGE);
}

static void
test_cal_parse_instant_and_month(void **state)
{
    time_t a, b;
    int y, mo;

    (void)state;
    assert_int_equal(cal_parse_instant("2026-10-25T02:30:00+02:00", &a), 0);
    assert_int_equal(cal_parse_instant("2026-10-25T02:30:00+01:00", &b), 0);
    assert_int_equal(b - a, 3600); /* the repeated hour, told apart by the offset */
    assert_int_equal(cal_parse_instant("2026-10-25T00:30:00Z", &b), 0);
    assert_int_equal(a, b);
    assert_int_equal(cal_parse_instant("2026-10-24T19:30:00-05:00", &b), 0);
    assert_int_equal(a, b);
    assert_int_equal(cal_parse_instant("1995-12-31T23:00:00Z", &a), 0); /* 1996 in France */
    assert_int_equal(cal_parse_instant("2099-12-31T23:59:59Z", &a), 0);
    assert_int_equal(cal_parse_instant("2100-01-01T00:59:59+01:00", &a), 0);
    assert_int_equal(cal_parse_instant("2100-01-01T00:00:00Z", &a), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(cal_parse_month("2026-03", &y, &mo), 0);
    assert_true(y == 2026 && mo == 3);
    assert_int_equal(cal_parse_month("2026-03-", &y, &mo), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(cal_parse_month("1995-12", &y, &mo), -1);
    assert_int_equal(errno, ERANGE);
    assert_int_equal(cal_parse_month(NULL, &y, &mo), -1);
    assert_int_equal(errno, EINVAL);
}

static void
test_cal_flows_table(void **state)
{
    static const char *const names[] = {
        "cdc",         "cdc-profilee",   "flexloc",   "eif-activations",   "cles",
        "perimetre",   "facteur-impact", "eif-sites", "demande-perimetre", "capacite",
        "contestation"};
    const struct cal_flow *f;
    size_t n, i;

    (void)state;
    f = cal_flows(&n);
    assert_true(n >= sizeof(names) / sizeof(names[0]));
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const struct cal_flow *l = cal_flow_lookup(names[i]);

        assert_non_null(l);
        assert_string_equal(l->name, names[i]);
        assert_true(l >= f && l < f + n);
    }
    assert_int_equal(cal_flow_lookup("cdc")->ref, CAL_REF_WEEK);
    assert_int_equal(cal_flow_lookup("cles")->ref, CAL_REF_MONTH);
    assert_int_equal(cal_flow_lookup("contestation")->ref, CAL_REF_INSTANT);
    assert_null(cal_flow_lookup("nope"));
}

/* Property checks, 2020-2040. */

static void
test_cal_property_jo_deadlines(void **state)
{
    static const struct {
        const char *flow;
        int n;
    } fl[] = {{"perimetre", 5},
              {"facteur-impact", 5},
              {"eif-sites", 5},
              {"demande-perimetre", 10},
              {"capacite", 10}};
    size_t i;
    int y, mo;

    (void)state;
    for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
        for (y = 2020; y <= 2040; y++)
            for (mo = 1; mo <= 12; mo++) {
                int dy, dmo, dd, hh, mi, ss, after = 0;
                time_t dl;

                assert_int_equal(cal_deadline_month(fl[i].flow, y, mo, NULL, &dl), 0);
                assert_int_equal(cal_local_fields(dl, &dy, &dmo, &dd, &hh, &mi, &ss, NULL), 0);
                assert_true(dy == y && dmo == mo);
                assert_true(hh == 23 && mi == 59 && ss == 59);
                assert_int_equal(cal_jour_ouvre(NULL, dy, dmo, dd), 1);
                if (dd < cal_days_in_month(y, mo))
                    assert_int_equal(cal_jours_ouvres(NULL, y, mo, dd + 1, y, mo,
                                                      cal_days_in_month(y, mo), &after),
                                     0);
                assert_int_equal(after, fl[i].n);
                /* The day after the deadline is not on time: 23:59:59 + 1 s is midnight. */
                assert_int_equal(cal_local_fields(dl + 1, &dy, &dmo, &dd, &hh, &mi, &ss, NULL), 0);
                assert_true(hh == 0 && mi == 0 && ss == 0);
            }
}

static void
test_cal_property_week_and_cles(void **state)
{
    int y, mo, d, ws;

    (void)state;
    for (ws = 0; ws < 7; ws++)
        for (y = 2020; y <= 2040; y++)
            for (mo = 1; mo <= 12; mo++)
                for (d = 1; d <= cal_days_in_month(y, mo); d++) {
                    int fy, fmo, fd, dy, dmo, dd, hh, mi, ss, gap;
                    time_t dl;

                    assert_int_equal(cal_deadline_week(y, mo, d, ws, &dl), 0);
                    assert_int_equal(cal_local_fields(dl, &dy, &dmo, &dd, &hh, &mi, &ss, NULL), 0);
                    assert_int_equal(cal_weekday(dy, dmo, dd), 5); /* a Friday */
                    assert_true(hh == 12 && mi == 0 && ss == 0);
                    /* Inside week S+1: 7..13 days after the first day of week S. */
                    assert_int_equal(cal_week_first(y, mo, d, ws, &fy, &fmo, &fd), 0);
                    assert_int_equal(cal_days_between(fy, fmo, fd, dy, dmo, dd, &gap), 0);
                    assert_true(gap >= 7 && gap <= 13);
                    if (ws == 6)
                        assert_int_equal(gap, 13);
                }
    for (y = 2020; y <= 2040; y++)
        for (mo = 1; mo <= 12; mo++) {
            int dy, dmo, dd, hh, mi, ss;
            time_t dl;

            assert_int_equal(cal_deadline_month("cles", y, mo, NULL, &dl), 0);
            assert_int_equal(cal_local_fields(dl, &dy, &dmo, &dd, &hh, &mi, &ss, NULL), 0);
            assert_int_equal(dmo, mo == 12 ? 1 : mo + 1);
            assert_int_equal(dy, mo == 12 ? y + 1 : y);
            assert_int_equal(cal_weekday(dy, dmo, dd), 4);
            assert_true(dd >= 15 && dd <= 21); /* the third one, holiday or not */
            assert_true(hh == 23 && mi == 59 && ss == 59);
        }
}

static void
test_cal_property_dst_days_round_trip(void **state)
{
    int y, k;

    (void)state;
    for (y = 2020; y <= 2040; y++)
        for (k = 0; k < 2; k++) {
            int mo = k == 0 ? 3 : 10, d, m, gaps = 0, reps = 0;
            time_t t0, t;

            assert_int_equal(cal_nth_weekday(y, mo, 0, -1, &d), 0);
            /* Every local minute of the day: exists once and comes back, or is the gap (March,
             * 02:00-02:59) or the repeated hour (October, 02:00-02:59). */
            for (m = 0; m < 24 * 60; m++) {
                int yy, mm, dd, hh, mi, ss, off;

                if (cal_local_to_utc(y, mo, d, m / 60, m % 60, 0, &t) != 0) {
                    assert_int_equal(m / 60, 2);
                    assert_int_equal(errno, k == 0 ? ENOENT : EEXIST);
                    k == 0 ? gaps++ : reps++;
                    continue;
                }
                assert_int_equal(cal_local_fields(t, &yy, &mm, &dd, &hh, &mi, &ss, &off), 0);
                assert_true(yy == y && mm == mo && dd == d && hh == m / 60 && mi == m % 60 &&
                            ss == 0);
            }
            assert_int_equal(k == 0 ? gaps : reps, 60);
            /* Every UTC minute of the local day (23 or 25 hours): formatted with its offset
             * and read back, the same instant. */
            assert_int_equal(cal_local_to_utc(y, mo, d, 0, 0, 0, &t0), 0);
            for (t = t0; t < t0 + (k == 0 ? 23 : 25) * 3600; t += 60) {
                char buf[CAL_LOCAL_LEN + 1];
                time_t back;

                assert_int_equal(cal_format_local(t, buf, sizeof(buf)), 0);
                assert_int_equal(cal_parse_instant(buf, &back), 0);
                assert_int_equal(back, t);
            }
            {
                int y2 = y, mo2 = mo, d2 = d;

                cal_add_days(&y2, &mo2, &d2, 1);
                assert_int_equal(cal_local_to_utc(y2, mo2, d2, 0, 0, 0, &t), 0);
                assert_int_equal(t - t0, (k == 0 ? 23 : 25) * 3600);
            }
        }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cal_deadline_reference_values),
        cmocka_unit_test(test_cal_deadline_weeks),
        cmocka_unit_test(test_cal_deadline_months),
        cmocka_unit_test(test_cal_deadline_with_overrides),
        cmocka_unit_test(test_cal_deadline_bad_input),
        cmocka_unit_test(test_cal_effective_date_table),
        cmocka_unit_test(test_cal_nth_weekday_and_week_first),
        cmocka_unit_test(test_cal_parse_instant_and_month),
        cmocka_unit_test(test_cal_flows_table),
        cmocka_unit_test(test_cal_property_jo_deadlines),
        cmocka_unit_test(test_cal_property_week_and_cles),
        cmocka_unit_test(test_cal_property_dst_days_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
