/* fmt_contestation - rules of the contestation that its schema cannot say.
 *
 * DESCRIPTION
 *	A contestation disputes steps of curves already sent: each Steps element of a Site is
 *	[start, end) in UTC on the 5-minute grid of the curves (a PT15M curve's steps are on it
 *	too). The steps of a site are written in chronological order and do not overlap
 *	(CONTEST-OVERLAP): with that order one comparison per element checks them, whatever
 *	their number. A site appears once (CONTEST-SITE-DUP), so that the GRD answers each
 *	disputed site in one place. The contested document is named by its mRID and revision; a
 *	correction is the next revision of that document, sent by the GRD.
 *
 *	period is the week S of the first disputed step (local week, fmt_opts.week_start), so
 *	that contestations file with the curves they dispute. No deadline here (see the header).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_contestation.h"
#include "fmt_monthly.h"
#include "fmt_weekly.h"
#include "fmt_xml.h"
#include "cal.h"

#define GRID_SECS 300 /* the 5-minute grid */

struct contest {
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    struct fmt_keymap *sites;
    int oom;
    char site[16];   /* the current site, "?" when malformed */
    int have_last;   /* a well-formed Steps already seen in this site */
    time_t last_end; /* its end */
    char last_start[24];
};

static void *
contest_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct contest *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->opts = opts;
    c->rep = rep;
    if ((c->sites = fmt_keymap_new(0)) == NULL) {
        free(c);
        errno = ENOMEM;
        return NULL;
    }
    return c;
}

/* site_start - CONTEST-SITE-DUP */
static void
site_start(struct contest *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, n, "ref");
    long first;
    int r;

    c->have_last = 0;
    snprintf(c->site, sizeof(c->site), "?");
    if (a == NULL || a->len != 14)
        return; /* the schema says so */
    memcpy(c->site, a->value, 14);
    c->site[14] = '\0';
    r = fmt_keymap_put(c->sites, a->value, a->len, line, &first, NULL);
    if (r < 0)
        c->oom = 1;
    else if (r == 0)
        fmt_report_add(c->rep, "CONTEST-SITE-DUP", line,
                       "site %s: disputed a second time in this contestation (first at line %ld)",
                       c->site, first);
}

/* set_period - the first day of the local week holding instant t */
static void
set_period(struct contest *c, time_t t)
{
    int ws = c->opts != NULL ? c->opts->week_start : 6;
    int y, mo, d, hh, mi, ss, yy, mm, dd;

    if (cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0 ||
        cal_week_first(y, mo, d, ws, &yy, &mm, &dd) < 0)
        return;
    snprintf(c->rep->period, sizeof(c->rep->period), "%04d-%02d-%02d", yy % 10000, mm % 100,
             dd % 100);
}

/* steps_start - instants, grid, order */
static void
steps_start(struct contest *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *as = fmt_xml_attr_find(attrs, n, "start");
    const struct fmt_xml_attr *ae = fmt_xml_attr_find(attrs, n, "end");
    enum fmt_instant is, ie;
    time_t start, end;
    char st[24];

    fmt_xml_attr_str(attrs, n, "start", st, sizeof(st));
    is = fmt_weekly_instant(as, &start);
    ie = fmt_weekly_instant(ae, &end);
    if (is == FMT_INST_UNREAL)
        fmt_report_add(c->rep, "CONTEST-INSTANT", line,
                       "site %s: Steps@start %.*s is not a real instant", c->site, (int)as->len,
                       as->value);
    if (ie == FMT_INST_UNREAL)
        fmt_report_add(c->rep, "CONTEST-INSTANT", line,
                       "site %s: Steps@end %.*s is not a real instant", c->site, (int)ae->len,
                       ae->value);
    if (is != FMT_INST_OK || ie != FMT_INST_OK)
        return;
    if (c->rep->period[0] == '\0')
        set_period(c, start);
    if (start % GRID_SECS != 0 || end % GRID_SECS != 0)
        fmt_report_add(c->rep, "CONTEST-GRID", line,
                       "site %s: steps %s are not on the 5-minute grid", c->site, st);
    if (end <= start) {
        fmt_report_add(c->rep, "CONTEST-STEPS", line,
                       "site %s: steps %s do not end after they start", c->site, st);
        return;
    }
    if (c->have_last && start < c->last_end)
        fmt_report_add(c->rep, "CONTEST-OVERLAP", line,
                       "site %s: steps %s start before the end of steps %s (in order, without "
                       "overlap)",
                       c->site, st, c->last_start);
    if (!c->have_last || end > c->last_end) {
        c->last_end = end;
        memcpy(c->last_start, st, sizeof(st));
    }
    c->have_last = 1;
}

static void
contest_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct contest *c = st;

    if (strcmp(name, "Steps") == 0)
        steps_start(c, attrs, n, line);
    else if (strcmp(name, "Site") == 0)
        site_start(c, attrs, n, line);
}

static void
contest_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct contest *c = st;

    (void)fmt_monthly_header(c->rep, name, text, len, line);
}

static int
contest_finish(void *st, int complete)
{
    struct contest *c = st;

    (void)complete;
    if (c->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
contest_free(void *st)
{
    struct contest *c = st;

    if (c == NULL)
        return;
    fmt_keymap_free(c->sites);
    free(c);
}

const struct fmt_xml_flow fmt_contestation_flow = {
    .name = "contestation",
    .ns = "urn:passerelle:contestation:1",
    .root = "Contestation",
    .xsd = "contestation.xsd",
    .begin = contest_begin,
    .start = contest_start,
    .end = contest_end,
    .finish = contest_finish,
    .free = contest_free,
};
