/* cal_oracle - print what formats/cal.c computes, for independent programs to check.
 *
 * SYNOPSIS
 *	cal_oracle hours		UTC -> local for every UTC hour of 1996-2099 ("EPOCH ISO"),
 *					then "--", then local -> UTC for every local wall hour
 *					("YYYY-MM-DD HH:MM:SS EPOCH|gap|ambiguous")
 *	cal_oracle deadlines FROM TO	"FLOW REF DEADLINE" for every week flow and every day,
 *					every monthly flow and month, contestation for several
 *					sending instants a day, and "effective-date INSTANT DATE"
 *
 * DESCRIPTION
 *	tests/integration/calendar_oracle.sh compares the first with TZ=Europe/Paris date(1),
 *	deadline_oracle.sh the second with tests/oracle/deadlines.py (python3 zoneinfo). Built-in
 *	holidays only. Exit 1 when a library call fails where it must not.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"

static int
hours(void)
{
    time_t t, lo, hi;
    int y, mo, d, h, rc = 0;
    char buf[CAL_LOCAL_LEN + 1];

    if (cal_utc_from_fields(1996, 1, 1, 0, 0, 0, &lo) < 0 ||
        cal_utc_from_fields(2099, 12, 31, 23, 0, 0, &hi) < 0)
        return 1;
    lo -= 3600; /* 1996-01-01T00:00+01:00 */
    for (t = lo; t <= hi; t += 3600) {
        if (cal_format_local(t, buf, sizeof(buf)) < 0) {
            fprintf(stderr, "cal_oracle: format_local %lld: %s\n", (long long)t, strerror(errno));
            return 1;
        }
        printf("%lld %s\n", (long long)t, buf);
    }
    printf("--\n");
    for (y = 1996; y <= 2099; y++)
        for (mo = 1; mo <= 12; mo++)
            for (d = 1; d <= cal_days_in_month(y, mo); d++)
                for (h = 0; h < 24; h++) {
                    printf("%04d-%02d-%02d %02d:00:00 ", y, mo, d, h);
                    if (cal_local_to_utc(y, mo, d, h, 0, 0, &t) == 0)
                        printf("%lld\n", (long long)t);
                    else if (errno == ENOENT)
                        printf("gap\n");
                    else if (errno == EEXIST)
                        printf("ambiguous\n");
                    else {
                        printf("error\n");
                        rc = 1;
                    }
                }
    return rc;
}

/* show - "FLOW REF DEADLINE", or "FLOW REF error" */
static void
show(const char *flow, const char *ref, int ws, int *rc)
{
    char buf[CAL_LOCAL_LEN + 1];
    time_t dl;

    if (cal_deadline_ws(flow, ref, NULL, ws, &dl) < 0 ||
        cal_format_local(dl, buf, sizeof(buf)) < 0) {
        printf("%s%s %s error\n", flow, ws == 6 ? "" : "/monday", ref);
        *rc = 1;
        return;
    }
    printf("%s%s %s %s\n", flow, ws == 6 ? "" : "/monday", ref, buf);
}

/* local_iso - "YYYY-MM-DDTHH:MM:SS+HH:00" of local wall time, which must exist once */
static int
local_iso(int y, int mo, int d, int hh, int mi, int ss, char *buf, size_t size, time_t *t)
{
    return cal_local_to_utc(y, mo, d, hh, mi, ss, t) < 0 ? -1 : cal_format_local(*t, buf, size);
}

static int
deadlines(int from, int to)
{
    static const int times[][3] = {{0, 0, 0}, {12, 0, 0}, {23, 59, 59}};
    const struct cal_flow *fl;
    char ref[32], iso[CAL_LOCAL_LEN + 1];
    size_t n, i, k;
    int y, mo, d, rc = 0, ey, em, ed;
    time_t t;

    fl = cal_flows(&n);
    for (i = 0; i < n; i++) {
        if (fl[i].ref == CAL_REF_MONTH) {
            for (y = from; y <= to; y++)
                for (mo = 1; mo <= 12; mo++) {
                    snprintf(ref, sizeof(ref), "%04d-%02d", y, mo);
                    show(fl[i].name, ref, 6, &rc);
                }
            continue;
        }
        for (y = from; y <= to; y++)
            for (mo = 1; mo <= 12; mo++)
                for (d = 1; d <= cal_days_in_month(y, mo); d++) {
                    if (fl[i].ref == CAL_REF_WEEK) {
                        snprintf(ref, sizeof(ref), "%04d-%02d-%02d", y, mo, d);
                        show(fl[i].name, ref, 6, &rc);
                        if (!strcmp(fl[i].name, "cdc"))
                            show(fl[i].name, ref, 1, &rc);
                        continue;
                    }
                    for (k = 0; k < sizeof(times) / sizeof(times[0]); k++) {
                        if (local_iso(y, mo, d, times[k][0], times[k][1], times[k][2], iso,
                                      sizeof(iso), &t) < 0) {
                            rc = 1;
                            continue;
                        }
                        show(fl[i].name, iso, 6, &rc);
                    }
                    /* A UTC spelling: 23:30Z is already the next day in France. */
                    snprintf(ref, sizeof(ref), "%04d-%02d-%02dT23:30:00Z", y, mo, d);
                    show(fl[i].name, ref, 6, &rc);
                }
    }
    for (y = from; y <= to; y++)
        for (mo = 1; mo <= 12; mo++)
            for (d = 1; d <= cal_days_in_month(y, mo); d++)
                for (k = 0; k < sizeof(times) / sizeof(times[0]); k++) {
                    if (local_iso(y, mo, d, times[k][0], times[k][1], times[k][2], iso, sizeof(iso),
                                  &t) < 0 ||
                        cal_effective_date(t, NULL, &ey, &em, &ed) < 0) {
                        rc = 1;
                        continue;
                    }
                    printf("effective-date %s %04d-%02d-%02d\n", iso, ey, em, ed);
                }
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "hours"))
        return hours();
    if (argc == 4 && !strcmp(argv[1], "deadlines"))
        return deadlines(atoi(argv[2]), atoi(argv[3]));
    fprintf(stderr, "usage: cal_oracle hours | deadlines FROM TO\n");
    return 2;
}
