/* gw_calendar - the calendar commands.
 *
 * DESCRIPTION
 *	deadline FLOW REF prints the last on-time instant of one flow for one reference;
 *	effective-date INSTANT the first day a perimeter change received then takes effect;
 *	calendar YEAR every deadline falling in YEAR, flow by flow, then the year's holidays.
 *	All three read the configuration (-c FILE, $PASSERELLE_CONF, the installed file, or the
 *	defaults) for week_start and the holidays override file; the arithmetic is formats/cal.c.
 *
 * DIAGNOSTICS
 *	"passerelle: ..." on stderr and exit status 2 for a usage error, an unknown flow, a
 *	malformed or impossible date, a date outside 1996-2099, or a bad configuration.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cal_holidays.h"
#include "gw_buf.h"
#include "gw_calendar.h"
#include "gw_cmd.h"
#include "gw_conf.h"

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const wdays_long[] = {"sunday",   "monday", "tuesday", "wednesday",
                                         "thursday", "friday", "saturday"};

struct cal_holidays *
calendar_holidays_new(const struct gw_conf *c, char *err, size_t errlen)
{
    struct cal_holidays *h = cal_holidays_new();

    if (h == NULL) {
        snprintf(err, errlen, "holidays: out of memory");
        return NULL;
    }
    if (c->holidays != NULL && *c->holidays != '\0' &&
        cal_holidays_load(h, c->holidays, err, errlen) < 0) {
        cal_holidays_free(h);
        return NULL;
    }
    return h;
}

/* cal_setup - configuration and holiday set for a command; -1 after printing why */
static int
cal_setup(const char *confopt, struct gw_conf *conf, struct cal_holidays **hp)
{
    char err[1024];

    if (conf_load(cmd_conf_path(confopt), conf, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return -1;
    }
    if ((*hp = calendar_holidays_new(conf, err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s\n", err);
        conf_free(conf);
        return -1;
    }
    return 0;
}

/* ref_words - what REF must look like for a flow, for error messages */
static const char *
ref_words(enum cal_ref r)
{
    switch (r) {
    case CAL_REF_WEEK:
        return "a date YYYY-MM-DD (any day of week S)";
    case CAL_REF_MONTH:
        return "a month YYYY-MM";
    case CAL_REF_INSTANT:
        return "an instant YYYY-MM-DDTHH:MM:SS with Z or +HH:MM";
    }
    return "?";
}

/* why_bad - the cause of a bad date, from errno */
static const char *
why_bad(int e)
{
    return e == ERANGE ? "outside the supported years 1996-2099" : "malformed or impossible";
}

/* print_known_flows - the flow names, for an unknown-flow message */
static void
print_known_flows(FILE *f)
{
    const struct cal_flow *fl;
    size_t n, i;

    fl = cal_flows(&n);
    fprintf(f, "passerelle: known flows:");
    for (i = 0; i < n; i++)
        fprintf(f, " %s", fl[i].name);
    fputc('\n', f);
}

/* print_row - one deadline, as a table row or a JSON line */
static void
print_row(const char *flow, const char *ref, time_t dl, int json)
{
    char buf[CAL_LOCAL_LEN + 1];
    int y, mo, d, hh, mi, ss;

    cal_format_local(dl, buf, sizeof(buf));
    if (json) {
        struct gw_buf *b = gw_buf_new(0);

        gw_buf_puts(b, "{\"flow\":\"");
        gw_buf_json_escape(b, flow);
        gw_buf_puts(b, "\",\"ref\":\"");
        gw_buf_json_escape(b, ref);
        gw_buf_printf(b, "\",\"deadline\":\"%s\"}\n", buf);
        fwrite(b->data, 1, b->len, stdout);
        gw_buf_free(b);
        return;
    }
    cal_local_fields(dl, &y, &mo, &d, &hh, &mi, &ss, NULL);
    printf("%-18s %-12s %s %s\n", flow, ref, buf, wdays[cal_weekday(y, mo, d)]);
}

int
cmd_deadline(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    const struct cal_flow *fl;
    const char *confopt = NULL;
    struct cal_holidays *h = NULL;
    struct gw_conf conf;
    int json = 0, ch, rc = 2;
    time_t dl;

    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (argc - optind != 2)
        goto usage;
    if ((fl = cal_flow_lookup(argv[optind])) == NULL) {
        fprintf(stderr, "passerelle: unknown flow \"%s\"\n", argv[optind]);
        print_known_flows(stderr);
        return 2;
    }
    if (cal_setup(confopt, &conf, &h) < 0)
        return 2;
    if (cal_deadline_ws(fl->name, argv[optind + 1], h, (int)conf.week_start, &dl) < 0) {
        fprintf(stderr, "passerelle: %s: bad REF \"%s\" (%s): expected %s\n", fl->name,
                argv[optind + 1], why_bad(errno), ref_words(fl->ref));
        goto out;
    }
    if (json) {
        print_row(fl->name, argv[optind + 1], dl, 1);
    } else {
        char buf[CAL_LOCAL_LEN + 1];

        cal_format_local(dl, buf, sizeof(buf));
        printf("%s\n", buf);
    }
    rc = 0;
out:
    cal_holidays_free(h);
    conf_free(&conf);
    return rc;
usage:
    fprintf(stderr, "usage: passerelle deadline [--json] [-c FILE] FLOW REF\n");
    print_known_flows(stderr);
    return 2;
}

int
cmd_effective_date(int argc, char **argv)
{
    static const struct option longopts[] = {{"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL;
    struct cal_holidays *h = NULL;
    struct gw_conf conf;
    int ch, y, mo, d, rc = 2;
    time_t t;

    while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
        if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (argc - optind != 1)
        goto usage;
    if (cal_parse_instant(argv[optind], &t) < 0) {
        fprintf(stderr,
                "passerelle: bad INSTANT \"%s\" (%s): expected YYYY-MM-DDTHH:MM:SS with Z or "
                "+HH:MM\n",
                argv[optind], why_bad(errno));
        return 2;
    }
    if (cal_setup(confopt, &conf, &h) < 0)
        return 2;
    if (cal_effective_date(t, h, &y, &mo, &d) < 0) {
        fprintf(stderr, "passerelle: %s: %s\n", argv[optind], why_bad(errno));
        goto out;
    }
    printf("%04d-%02d-%02d\n", y, mo, d);
    rc = 0;
out:
    cal_holidays_free(h);
    conf_free(&conf);
    return rc;
usage:
    fprintf(stderr, "usage: passerelle effective-date [-c FILE] INSTANT\n");
    return 2;
}

/* local_year - the local year of instant t */
static int
local_year(time_t t)
{
    int y, mo, d, hh, mi, ss;

    return cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0 ? -1 : y;
}

/* calendar_flow - every deadline of one flow that falls in year */
static void
calendar_flow(const struct cal_flow *fl, int year, int week_start, const struct cal_holidays *h,
              int json)
{
    char ref[16];
    time_t dl;
    int y, mo, d, i;

    if (fl->ref == CAL_REF_MONTH) {
        /* Month M of year-1 December to year December: cles falls in M+1, the others in M. */
        for (i = -1; i < 12; i++) {
            y = i < 0 ? year - 1 : year;
            mo = i < 0 ? 12 : i + 1;
            if (cal_deadline_month(fl->name, y, mo, h, &dl) < 0 || local_year(dl) != year)
                continue;
            snprintf(ref, sizeof(ref), "%04d-%02d", y, mo);
            print_row(fl->name, ref, dl, json);
        }
        return;
    }
    /* Weeks: from the week holding 1 December of year-1 (its deadline is still in that year;
     * in 1996, the first week that starts in 1996), as long as the deadline is not past it. */
    if (cal_week_first(year > 1996 ? year - 1 : 1996, year > 1996 ? 12 : 1, year > 1996 ? 1 : 7,
                       week_start, &y, &mo, &d) < 0)
        return;
    for (;;) {
        int ly;

        if (cal_deadline_week(y, mo, d, week_start, &dl) < 0)
            break;
        if ((ly = local_year(dl)) > year)
            break;
        if (ly == year) {
            snprintf(ref, sizeof(ref), "%04d-%02d-%02d", y, mo, d);
            print_row(fl->name, ref, dl, json);
        }
        cal_add_days(&y, &mo, &d, 7);
    }
}

int
cmd_calendar(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    const struct cal_flow *fl;
    const char *confopt = NULL, *s;
    struct cal_holidays *h = NULL;
    struct gw_conf conf;
    int json = 0, ch, year = 0, mo, d;
    size_t n, i;

    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (argc - optind != 1)
        goto usage;
    s = argv[optind];
    for (i = 0; i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
        year = year * 10 + (s[i] - '0');
    if (i != 4 || s[4] != '\0' || year < 1996 || year > 2099) {
        fprintf(stderr, "passerelle: bad YEAR \"%s\": expected a year 1996-2099\n", s);
        return 2;
    }
    if (cal_setup(confopt, &conf, &h) < 0)
        return 2;
    fl = cal_flows(&n);
    if (!json) {
        printf("# Passerelle calendar %d: the last on-time instant of every deadline falling in "
               "%d\n# (French legal time, inclusive, to the second). Week S starts on %s.\n"
               "# Holidays: the built-in French list%s%s.\n",
               year, year, wdays_long[conf.week_start], *conf.holidays ? " and " : "",
               conf.holidays);
        printf("# contestation: %s (not listed: it depends on each sending).\n",
               cal_flow_lookup("contestation")->rule);
        printf("%-18s %-12s %-25s %s\n", "FLOW", "REF", "DEADLINE", "DAY");
    }
    for (i = 0; i < n; i++) {
        if (fl[i].ref == CAL_REF_INSTANT)
            continue;
        if (!json)
            printf("\n# %s: %s; REF is %s\n", fl[i].name, fl[i].rule, ref_words(fl[i].ref));
        calendar_flow(&fl[i], year, (int)conf.week_start, h, json);
    }
    if (!json) {
        printf("\n# Holidays %d\n", year);
        for (mo = 1; mo <= 12; mo++)
            for (d = 1; d <= cal_days_in_month(year, mo); d++) {
                const char *name = NULL;

                if (cal_holiday(h, year, mo, d, &name) == 1)
                    printf("%04d-%02d-%02d %s %s\n", year, mo, d, wdays[cal_weekday(year, mo, d)],
                           name);
            }
    }
    cal_holidays_free(h);
    conf_free(&conf);
    return 0;
usage:
    fprintf(stderr, "usage: passerelle calendar [--json] [-c FILE] YEAR\n");
    return 2;
}
