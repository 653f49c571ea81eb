/* gw_clock - see gw_clock.h */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

#include "cal.h"
#include "gw_clock.h"

static time_t clock_shift;

int
gw_clock_parse_utc(const char *s, time_t *out)
{
    int y, mo, d, hh, mi, ss, n = 0;
    char *end;

    if (*s >= '0' && *s <= '9' && strspn(s, "0123456789") == strlen(s)) {
        long long v;

        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno || *end)
            return errno = EINVAL, -1;
        *out = (time_t)v;
        return 0;
    }
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &hh, &mi, &ss, &n) != 6 || n != 20 ||
        s[n] != '\0')
        return errno = EINVAL, -1;
    return cal_utc_from_fields(y, mo, d, hh, mi, ss, out);
}

int
gw_clock_init(void)
{
    const char *v = getenv("PASSERELLE_NOW");
    time_t t;

    clock_shift = 0;
    if (v == NULL || *v == '\0')
        return 0;
    if (gw_clock_parse_utc(v, &t) < 0)
        return -1;
    clock_shift = t - time(NULL);
    return 0;
}

int
gw_clock_set(const char *s)
{
    time_t t;

    if (gw_clock_parse_utc(s, &t) < 0 && cal_parse_instant(s, &t) < 0)
        return -1;
    clock_shift = t - time(NULL);
    return 0;
}

time_t
gw_clock_now(void)
{
    return time(NULL) + clock_shift;
}

int
gw_clock_synced(void)
{
    struct timex tx;
    int st;

    memset(&tx, 0, sizeof(tx));
    st = adjtimex(&tx);
    if (st < 0)
        return -1;
    return st == TIME_ERROR ? 0 : 1;
}
