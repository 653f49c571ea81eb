/* gw_board - see gw_board.h
 *
 * DESCRIPTION
 *	The open periods are the load-curve weeks of the last five weeks whose deadline is not
 *	more than BOARD_OPEN_DAYS days past and that the perimeter expects something of (or that
 *	have documents), plus every (flow, period) of the ledger still open (ledger_open_periods:
 *	a deadline not passed by more than 14 days, or not sealed yet). Curves of every form (cdc,
 *	enedis-r4x, enedis-r50) count in their week.
 *
 *	A week's expected sites are the perimeter's, day by day (each local day belongs to the
 *	perimeter in effect in its month, as for zero-substitution); a step is missing when none
 *	of its 5-minute slots has a value in an accepted, current document (cdc_coverage), at the
 *	site's resolution (PT15M for BTINF36, else PT5M). Those steps are what the gateway will
 *	substitute by zero at the deadline if nothing comes.
 *
 *	The page: one <section class="period"> per period, a table with one <tr class="row"> per
 *	sender, and for load curves one SVG heat map per sender (a row per site, a column per
 *	day, coloured by the share of the day's steps missing). Every figure is a data- attribute
 *	(see passerelle(8), "board").
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "fmt_cover.h"
#include "gw_board.h"
#include "gw_fs.h"
#include "gw_log.h"
#include "gw_mem.h"

#define BOARD_WEEKS 5 /* load-curve weeks looked at, back from the current one */

/* board_is_curve - flows whose documents give cdc_coverage of a week */
static int
board_is_curve(const char *flow)
{
    return !strcmp(flow, "cdc") || !strcmp(flow, "enedis-r4x") || !strcmp(flow, "enedis-r50");
}

/* ---------------------------------------------------------------- the week's sites */

struct sitelist {
    struct board_site *v;
    char (*grd)[20];
    size_t n, cap;
    unsigned days; /* of the month being read */
};

static int
sitelist_add(const struct ledger_perim_row *r, void *arg)
{
    struct sitelist *l = arg;
    struct board_site *s;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
        l->grd = xreallocarray(l->grd, l->cap, sizeof(*l->grd));
    }
    s = &l->v[l->n];
    memset(s, 0, sizeof(*s));
    snprintf(s->ref, sizeof(s->ref), "%s", r->ref);
    snprintf(s->eda, sizeof(s->eda), "%s", r->eda);
    snprintf(s->segment, sizeof(s->segment), "%s", r->segment);
    s->step = strcmp(r->segment, "BTINF36") == 0 ? 3 : 1;
    s->days = l->days;
    snprintf(l->grd[l->n], sizeof(l->grd[0]), "%s", r->grd);
    l->n++;
    return 0;
}

/* ---------------------------------------------------------------- rows */

/* board_row_get - the row of sender in p, added when absent */
static struct board_row *
board_row_get(struct board_period *p, const char *sender, size_t *cap)
{
    size_t i;

    for (i = 0; i < p->nrows; i++)
        if (!strcmp(p->rows[i].sender, sender))
            return &p->rows[i];
    if (p->nrows == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        p->rows = xreallocarray(p->rows, *cap, sizeof(*p->rows));
    }
    memset(&p->rows[p->nrows], 0, sizeof(p->rows[0]));
    snprintf(p->rows[p->nrows].sender, sizeof(p->rows[0].sender), "%s", sender);
    return &p->rows[p->nrows++];
}

/* ---------------------------------------------------------------- coverage of one site */

static int
cover_or(const struct ledger_cover *c, void *arg)
{
    uint8_t tmp[FMT_COVER_BYTES];

    memset(tmp, 0, sizeof(tmp));
    memcpy(tmp, c->bitmap, c->nbytes < sizeof(tmp) ? c->nbytes : sizeof(tmp));
    fmt_cover_or(arg, tmp, sizeof(tmp));
    return 0;
}

/* board_site_measure - expected and missing steps of s in week p, per day, and its first runs */
static int
board_site_measure(struct ledger *lg, const struct board_period *p, struct board_site *s)
{
    uint8_t exp[FMT_COVER_BYTES], cov[FMT_COVER_BYTES];
    long from = 0, a, b, st, i;
    int d;

    memset(exp, 0, sizeof(exp));
    memset(cov, 0, sizeof(cov));
    for (d = 0; d < 7; d++)
        if (s->days & (1u << d))
            fmt_cover_set(exp, p->day_slot[d], p->day_slot[d + 1] - p->day_slot[d]);
    if (ledger_cover_site(lg, s->ref, p->period, cover_or, cov) < 0)
        return -1;
    /* Expected steps: all their slots expected; the day of a step is the day of its start. */
    for (st = 0; st < p->nslots / s->step; st++) {
        for (i = st * s->step; i < (st + 1) * s->step && fmt_cover_test(exp, i); i++)
            ;
        if (i < (st + 1) * s->step)
            continue;
        for (d = 0; d < 6 && st * s->step >= p->day_slot[d + 1]; d++)
            ;
        s->expected++;
        s->day_expected[d]++;
    }
    while (fmt_cover_missing_run(exp, cov, p->nslots, s->step, &from, &a, &b)) {
        s->runs++;
        if (s->nruns < BOARD_RUNS) {
            s->run_start[s->nruns] = a;
            s->run_end[s->nruns] = b;
            s->nruns++;
        }
        for (st = a; st < b; st++) {
            for (d = 0; d < 6 && st * s->step >= p->day_slot[d + 1]; d++)
                ;
            s->missing++;
            s->day_missing[d]++;
        }
    }
    return 0;
}

static int
site_worst_first(const void *a, const void *b)
{
    const struct board_site *x = a, *y = b;

    if (x->missing != y->missing)
        return x->missing < y->missing ? 1 : -1;
    return strcmp(x->ref, y->ref);
}

/* ---------------------------------------------------------------- a load-curve week */

/* board_week_bounds - instants, slots and days of the week starting on p->period */
static int
board_week_bounds(struct board_period *p, int week_start)
{
    int y, mo, d, i;
    time_t wend;

    if (cal_parse_date(p->period, &y, &mo, &d) < 0 ||
        cal_week_bounds(y, mo, d, &p->wstart, &wend) < 0 ||
        cal_deadline_week(y, mo, d, week_start, &p->deadline) < 0)
        return -1;
    p->nslots = (long)((wend - p->wstart) / 300);
    for (i = 0; i < 7; i++) {
        int yy = y, mm = mo, dd = d;
        time_t t;

        cal_add_days(&yy, &mm, &dd, i);
        snprintf(p->day_date[i], sizeof(p->day_date[i]), "%04d-%02d-%02d", yy % 10000, mm % 100,
                 dd % 100);
        if (cal_local_to_utc(yy, mm, dd, 0, 0, 0, &t) < 0)
            return -1;
        p->day_slot[i] = (long)((t - p->wstart) / 300);
    }
    p->day_slot[7] = p->nslots;
    p->week = 1;
    return 0;
}

struct covered_sites {
    struct ledger *lg;
    const char *sender;
    char (*sites)[16];
    size_t n, cap;
    long documents;
};

static int
covered_site(const struct ledger_cover *c, void *arg)
{
    struct covered_sites *cs = arg;
    size_t i;

    for (i = 0; i < cs->n; i++)
        if (!strcmp(cs->sites[i], c->site))
            return 0;
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 16;
        cs->sites = xreallocarray(cs->sites, cs->cap, sizeof(*cs->sites));
    }
    snprintf(cs->sites[cs->n++], sizeof(cs->sites[0]), "%s", c->site);
    return 0;
}

static int
covered_file(const struct ledger_file *f, void *arg)
{
    struct covered_sites *cs = arg;

    if (strcmp(f->doc_sender[0] ? f->doc_sender : f->sender, cs->sender) != 0)
        return 0;
    cs->documents++;
    return ledger_cover_file(cs->lg, f->id, covered_site, cs) < 0;
}

struct week_files {
    struct board_period *p;
    size_t *cap;
};

static int
week_files_row(const struct ledger_period_row *r, void *arg)
{
    struct week_files *wf = arg;
    struct board_row *row;

    if (!board_is_curve(r->flow) || strcmp(r->period, wf->p->period) != 0)
        return 0;
    row = board_row_get(wf->p, r->sender, wf->cap);
    row->documents += r->accepted;
    row->rejected += r->rejected;
    row->late += r->late;
    return 0;
}

int
board_week(const struct gw_conf *conf, struct ledger *lg, const char *week, struct board_period *p)
{
    struct sitelist l;
    size_t i, j, cap = 0;
    int m, rc = -1;

    memset(p, 0, sizeof(*p));
    memset(&l, 0, sizeof(l));
    snprintf(p->flow, sizeof(p->flow), "cdc");
    snprintf(p->period, sizeof(p->period), "%s", week);
    if (board_week_bounds(p, (int)conf->week_start) < 0) {
        log_warnx("board: week %s: not a supported week", week);
        return -1;
    }
    if ((p->sealed = ledger_bundle_exists(lg, "cdc", week)) < 0)
        goto out;
    /* The perimeter of each month the week touches, for the days of that month. */
    for (m = 0; m < 7; m++) {
        char month[8];
        int k;

        if (m > 0 && strncmp(p->day_date[m], p->day_date[m - 1], 7) == 0)
            continue;
        snprintf(month, sizeof(month), "%.7s", p->day_date[m]);
        l.days = 0;
        for (k = 0; k < 7; k++)
            if (strncmp(p->day_date[k], month, 7) == 0)
                l.days |= 1u << k;
        if (ledger_perimeter(lg, month, NULL, sitelist_add, &l) < 0)
            goto out;
    }
    /* One entry per (GRD, site): the days of every month it is in. */
    for (i = 0; i < l.n; i++) {
        struct board_row *r;
        struct board_site *s = NULL;

        if (l.v[i].ref[0] == '\0')
            continue;
        for (j = i + 1; j < l.n; j++)
            if (!strcmp(l.v[j].ref, l.v[i].ref) && !strcmp(l.grd[j], l.grd[i])) {
                l.v[i].days |= l.v[j].days;
                l.v[i].step = l.v[j].step; /* the later month's segment wins */
                memcpy(l.v[i].segment, l.v[j].segment, sizeof(l.v[i].segment));
                l.v[j].ref[0] = '\0';
            }
        r = board_row_get(p, l.grd[i], &cap);
        r->perimeter = 1;
        r->sites = xreallocarray(r->sites, r->nsites + 1, sizeof(*r->sites));
        s = &r->sites[r->nsites++];
        *s = l.v[i];
        if (board_site_measure(lg, p, s) < 0)
            goto out;
    }
    /* Documents, rejections and late files of the week, per sender (every curve form). */
    {
        struct week_files wf = {p, &cap};

        if (ledger_open_periods(lg, 0, week_files_row, &wf) < 0)
            goto out;
    }
    for (i = 0; i < p->nrows; i++) {
        struct board_row *r = &p->rows[i];

        if (r->perimeter) {
            for (j = 0; j < r->nsites; j++) {
                const struct board_site *s = &r->sites[j];

                r->expected++;
                r->steps_expected += s->expected;
                r->steps_missing += s->missing;
                if (s->missing >= s->expected)
                    r->missing++;
                else
                    r->received++;
                if (s->missing > 0 && s->missing < s->expected)
                    r->incomplete++;
            }
            if (r->nsites > 1)
                qsort(r->sites, r->nsites, sizeof(*r->sites), site_worst_first);
        } else {
            /* Not in the perimeter (a new installation, an aggregator): the sites its
             * accepted documents cover are what it sent; nothing can be said missing. */
            struct covered_sites cs = {lg, r->sender, NULL, 0, 0, 0};

            for (j = 0; j < 3; j++) {
                static const char *const flows[] = {"cdc", "enedis-r4x", "enedis-r50"};

                if (ledger_period_files(lg, flows[j], week, covered_file, &cs) < 0) {
                    free(cs.sites);
                    goto out;
                }
            }
            r->expected = r->received = (long)cs.n;
            free(cs.sites);
        }
    }
    rc = 0;
out:
    free(l.v);
    free(l.grd);
    if (rc < 0)
        board_period_clear(p);
    return rc;
}

void
board_period_clear(struct board_period *p)
{
    size_t i;

    for (i = 0; i < p->nrows; i++)
        free(p->rows[i].sites);
    free(p->rows);
    p->rows = NULL;
    p->nrows = 0;
}

/* ---------------------------------------------------------------- the board */

struct collect {
    struct board *b;
    size_t cap;
    time_t since;
};

/* board_period_add - a new, empty period */
static struct board_period *
board_period_add(struct collect *c)
{
    if (c->b->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->b->v = xreallocarray(c->b->v, c->cap, sizeof(*c->b->v));
    }
    memset(&c->b->v[c->b->n], 0, sizeof(c->b->v[0]));
    return &c->b->v[c->b->n++];
}

/* board_find - the period (flow, period) already on the board, or NULL */
static struct board_period *
board_find(struct board *b, const char *flow, const char *period)
{
    size_t i;

    for (i = 0; i < b->n; i++)
        if (!strcmp(b->v[i].flow, flow) && !strcmp(b->v[i].period, period))
            return &b->v[i];
    return NULL;
}

/* board_collect_other - the rows of flows that are not load curves */
static int
board_collect_other(const struct ledger_period_row *r, void *arg)
{
    struct collect *c = arg;
    struct board_period *p;
    struct board_row *row;
    size_t cap;

    if (board_is_curve(r->flow))
        return 0;
    if ((p = board_find(c->b, r->flow, r->period)) == NULL) {
        p = board_period_add(c);
        snprintf(p->flow, sizeof(p->flow), "%s", r->flow);
        snprintf(p->period, sizeof(p->period), "%s", r->period);
        p->deadline = r->deadline;
        p->sealed = r->bundled > 0;
    }
    cap = p->nrows; /* rows grow one at a time here */
    row = board_row_get(p, r->sender, &cap);
    row->expected = 1;
    row->documents += r->accepted;
    row->received = row->documents > 0;
    row->missing = row->documents > 0 ? 0 : 1;
    row->rejected += r->rejected;
    row->late += r->late;
    return 0;
}

/* board_collect_weeks - load-curve periods of the ledger still open, older than the weeks
 * looked at from the calendar */
static int
board_collect_weeks(const struct ledger_period_row *r, void *arg)
{
    struct collect *c = arg;
    struct board_period *p;

    if (!board_is_curve(r->flow) || board_find(c->b, "cdc", r->period) != NULL)
        return 0;
    p = board_period_add(c);
    snprintf(p->flow, sizeof(p->flow), "cdc");
    snprintf(p->period, sizeof(p->period), "%s", r->period);
    return 0;
}

static time_t board_sort_now; /* qsort has no argument: the board's now while sorting */

/* period_order - the periods still to come first, soonest first; then the passed ones, the
 * most recent first */
static int
period_order(const void *a, const void *b)
{
    const struct board_period *x = a, *y = b;
    int xp = x->deadline < board_sort_now, yp = y->deadline < board_sort_now, c;

    if (xp != yp)
        return xp - yp;
    if (x->deadline != y->deadline)
        return (x->deadline < y->deadline ? -1 : 1) * (xp ? -1 : 1);
    c = strcmp(x->flow, y->flow);
    return c ? c : strcmp(x->period, y->period);
}

static int
row_by_sender(const void *a, const void *b)
{
    return strcmp(((const struct board_row *)a)->sender, ((const struct board_row *)b)->sender);
}

void
board_row_inbox(const struct gw_conf *conf, struct ledger *lg, struct board_row *r)
{
    size_t i;

    for (i = 0; i < conf->nsenders; i++)
        if (conf->senders_v[i].eic && !strcmp(conf->senders_v[i].eic, r->sender)) {
            snprintf(r->inbox, sizeof(r->inbox), "%s", conf->senders_v[i].name);
            return;
        }
    if (ledger_sender_inbox(lg, r->sender, r->inbox, sizeof(r->inbox)) != 0)
        r->inbox[0] = '\0';
}

struct board *
board_new(const struct gw_conf *conf, struct ledger *lg, time_t now)
{
    struct collect c;
    int y, mo, d, hh, mi, ss, k;
    size_t i, j, n;

    memset(&c, 0, sizeof(c));
    c.b = xcalloc(1, sizeof(*c.b));
    c.b->now = now;
    c.since = now - BOARD_OPEN_DAYS * 86400;
    /* The load-curve weeks of the calendar: this one and the four before. */
    if (cal_local_fields(now, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0 ||
        cal_week_first(y, mo, d, (int)conf->week_start, &y, &mo, &d) < 0)
        goto fail;
    for (k = 0; k < BOARD_WEEKS; k++) {
        struct board_period *p = board_period_add(&c);

        snprintf(p->flow, sizeof(p->flow), "cdc");
        snprintf(p->period, sizeof(p->period), "%04d-%02d-%02d", y % 10000, mo % 100, d % 100);
        cal_add_days(&y, &mo, &d, -7);
    }
    /* Older weeks of the ledger not sealed yet, and the other flows. */
    if (ledger_open_periods(lg, c.since, board_collect_weeks, &c) < 0)
        goto fail;
    n = c.b->n;
    for (i = 0, j = 0; i < n; i++) {
        struct board_period tmp = c.b->v[i];
        char week[16];

        snprintf(week, sizeof(week), "%s", tmp.period);
        if (board_week(conf, lg, week, &tmp) < 0)
            goto fail;
        /* Kept when someone is expected or sent something, and still open. */
        if (tmp.nrows == 0 || (tmp.deadline < c.since && tmp.sealed)) {
            board_period_clear(&tmp);
            continue;
        }
        c.b->v[j++] = tmp;
    }
    c.b->n = j;
    if (ledger_open_periods(lg, c.since, board_collect_other, &c) < 0)
        goto fail;
    board_sort_now = now;
    if (c.b->n > 1)
        qsort(c.b->v, c.b->n, sizeof(*c.b->v), period_order);
    for (i = 0; i < c.b->n; i++) {
        struct board_period *p = &c.b->v[i];

        if (p->nrows > 1)
            qsort(p->rows, p->nrows, sizeof(*p->rows), row_by_sender);
        for (j = 0; j < p->nrows; j++) {
            long nrem;

            board_row_inbox(conf, lg, &p->rows[j]);
            nrem = ledger_reminder_count(lg, p->rows[j].sender, p->flow, p->period);
            p->rows[j].reminders = nrem > 0 ? nrem : 0;
        }
    }
    return c.b;
fail:
    log_warnx("board: cannot build the board");
    board_free(c.b);
    return NULL;
}

void
board_free(struct board *b)
{
    size_t i;

    if (b == NULL)
        return;
    for (i = 0; i < b->n; i++)
        board_period_clear(&b->v[i]);
    free(b->v);
    free(b);
}

const char *
board_status(const struct board_period *p, const struct board_row *r, time_t now)
{
    int short_of = p->week ? (r->steps_missing > 0 || (!r->perimeter && r->documents == 0))
                           : r->documents == 0;

    if (!short_of)
        return "green";
    if (p->deadline == 0 || p->deadline - now < 86400)
        return "red";
    return "amber";
}

/* ---------------------------------------------------------------- HTML */

/* board_left - "3d 04:05 left" or "passed 1d 02:00 ago" */
static void
board_left(time_t now, time_t t, char *buf, size_t size)
{
    long s = (long)(t - now), a = s < 0 ? -s : s;

    if (t == 0)
        snprintf(buf, size, "no deadline");
    else
        snprintf(buf, size, "%s%ldd %02ld:%02ld%s", s < 0 ? "passed " : "", a / 86400,
                 a % 86400 / 3600, a % 3600 / 60, s < 0 ? " ago" : " left");
}

/* board_esc - XML-escaped text */
static void
board_esc(struct gw_buf *o, const char *s)
{
    gw_buf_xml_escape(o, s ? s : "");
}

/* board_idpart - s with every character outside [A-Za-z0-9_-] as '_' (stable element ids) */
static void
board_idpart(struct gw_buf *o, const char *s)
{
    for (; *s; s++) {
        char c = *s;

        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            c = '_';
        gw_buf_append(o, &c, 1);
    }
}

/* board_cell_class - heat-map class of a day: its share of missing steps */
static const char *
board_cell_class(long expected, long missing)
{
    if (expected == 0)
        return "h-none";
    if (missing == 0)
        return "h-0";
    if (missing * 4 <= expected)
        return "h-1";
    if (missing * 4 <= expected * 3)
        return "h-2";
    return "h-3";
}

static const char board_css[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "margin:0;background:#f4f5f7;color:#1d2330}"
    "header{background:#1d2330;color:#fff;padding:14px 24px}"
    "header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9cfdb}"
    ".summary span{display:inline-block;margin-right:14px;font-weight:600}"
    "main{padding:8px 24px 24px}"
    ".period{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);"
    "margin:16px 0;padding:12px 16px}"
    ".period h2{font-size:17px;margin:0 0 8px}.period h2 small{font-weight:400;color:#5b6475}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:right;padding:5px 8px;border-bottom:1px solid #e3e6eb;white-space:nowrap}"
    "th{font-size:11px;text-transform:uppercase;color:#5b6475;font-weight:600;white-space:normal}"
    "details.past summary{cursor:pointer;color:#5b6475;margin:8px 0}"
    "th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}"
    "td.num{font-variant-numeric:tabular-nums}"
    "tr.row td:first-child{border-left:6px solid #999}"
    "tr.red td:first-child{border-left-color:#c62828}"
    "tr.amber td:first-child{border-left-color:#ef8f00}"
    "tr.green td:first-child{border-left-color:#2e7d32}"
    ".badge{display:inline-block;min-width:54px;text-align:center;border-radius:10px;"
    "padding:1px 8px;color:#fff;font-weight:700;font-size:12px}"
    ".badge.red{background:#c62828}.badge.amber{background:#ef8f00}.badge.green{background:#2e7d32}"
    ".bad{color:#c62828;font-weight:700}"
    "figure{margin:10px 0 4px}figcaption{font-weight:600;margin-bottom:4px}"
    ".h-0{fill:#2e7d32}.h-1{fill:#f6c343}.h-2{fill:#ef8f00}.h-3{fill:#c62828}.h-none{fill:#dde1e7}"
    "svg text{font:12px system-ui,'DejaVu Sans',sans-serif;fill:#1d2330}"
    "svg text.in{fill:#fff;font-weight:600}svg text.dim{fill:#5b6475}"
    ".legend{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0;color:#3b4352}"
    ".legend i{display:inline-block;width:14px;height:14px;border-radius:3px;"
    "vertical-align:-2px;margin-right:5px}"
    ".note{color:#5b6475;font-size:12px}";

/* board_legend - the colours of the heat map and of the status */
static void
board_legend(struct gw_buf *o)
{
    gw_buf_puts(o, "<div class=\"legend\" id=\"legend\">"
                   "<span><i style=\"background:#2e7d32\"></i>day complete</span>"
                   "<span><i style=\"background:#f6c343\"></i>up to 25&#160;% of the day's steps "
                   "missing</span>"
                   "<span><i style=\"background:#ef8f00\"></i>25&#8211;75&#160;% missing</span>"
                   "<span><i style=\"background:#c62828\"></i>over 75&#160;% missing</span>"
                   "<span><i style=\"background:#dde1e7\"></i>not in the perimeter that day</span>"
                   "</div>\n<div class=\"legend\"><span><b class=\"badge red\">RED</b> something "
                   "missing, deadline in less than 24&#160;h or passed</span>"
                   "<span><b class=\"badge amber\">AMBER</b> something missing, more than "
                   "24&#160;h left</span>"
                   "<span><b class=\"badge green\">GREEN</b> nothing missing</span></div>\n");
}

/* board_heatmap - one sender's sites by day */
static void
board_heatmap(struct gw_buf *o, const struct board_period *p, const struct board_row *r)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const int label_w = 250, cell_w = 74, cell_h = 20, top = 22;
    size_t i, shown = r->nsites < BOARD_MAX_SITES ? r->nsites : BOARD_MAX_SITES;
    int d, width = label_w + 7 * cell_w + 90, height = top + (int)shown * (cell_h + 2) + 4;

    gw_buf_puts(o, "<figure class=\"heatmap\" id=\"h-");
    board_idpart(o, p->flow);
    gw_buf_puts(o, "-");
    board_idpart(o, p->period);
    gw_buf_puts(o, "-");
    board_idpart(o, r->sender);
    gw_buf_puts(o, "\" data-sender=\"");
    board_esc(o, r->sender);
    gw_buf_printf(o,
                  "\" data-sites=\"%zu\" data-shown=\"%zu\"><figcaption>Missing steps per site "
                  "and day &#8212; ",
                  r->nsites, shown);
    board_esc(o, r->sender);
    gw_buf_printf(o,
                  "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                  "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
                  width, height, width, height);
    for (d = 0; d < 7; d++) {
        int yy, mm, dd, w;

        cal_parse_date(p->day_date[d], &yy, &mm, &dd);
        w = cal_weekday(yy, mm, dd);
        gw_buf_printf(
            o, "<text x=\"%d\" y=\"15\" text-anchor=\"middle\" class=\"dim\">%s %.5s</text>\n",
            label_w + d * cell_w + cell_w / 2, w >= 0 ? wd[w] : "", p->day_date[d] + 5);
    }
    gw_buf_printf(o, "<text x=\"%d\" y=\"15\" class=\"dim\">missing</text>\n",
                  label_w + 7 * cell_w + 8);
    for (i = 0; i < shown; i++) {
        const struct board_site *s = &r->sites[i];
        int y = top + (int)i * (cell_h + 2);

        gw_buf_printf(o, "<g class=\"site\" data-site=\"%s\" data-eda=\"", s->ref);
        board_esc(o, s->eda);
        gw_buf_printf(o,
                      "\" data-resolution=\"PT%dM\" data-expected-steps=\"%ld\" "
                      "data-missing-steps=\"%ld\">\n<text x=\"0\" y=\"%d\">%s ",
                      s->step * 5, s->expected, s->missing, y + 15, s->ref);
        board_esc(o, s->eda);
        gw_buf_puts(o, "</text>\n");
        for (d = 0; d < 7; d++) {
            const char *cls = board_cell_class(s->day_expected[d], s->day_missing[d]);

            gw_buf_printf(o,
                          "<rect class=\"cell %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                          "rx=\"3\" data-site=\"%s\" data-day=\"%s\" data-expected=\"%ld\" "
                          "data-missing=\"%ld\"><title>%s %s: %ld of %ld steps missing</title>"
                          "</rect>\n",
                          cls, label_w + d * cell_w + 1, y, cell_w - 2, cell_h, s->ref,
                          p->day_date[d], s->day_expected[d], s->day_missing[d], s->ref,
                          p->day_date[d], s->day_missing[d], s->day_expected[d]);
            if (s->day_missing[d] > 0)
                gw_buf_printf(o,
                              "<text class=\"in\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%ld"
                              "</text>\n",
                              label_w + d * cell_w + cell_w / 2, y + 15, s->day_missing[d]);
        }
        gw_buf_printf(o, "<text x=\"%d\" y=\"%d\"%s>%ld / %ld</text>\n</g>\n",
                      label_w + 7 * cell_w + 8, y + 15, s->missing ? " class=\"bad\"" : "",
                      s->missing, s->expected);
    }
    gw_buf_puts(o, "</svg>\n");
    if (shown < r->nsites)
        gw_buf_printf(o, "<p class=\"note\">%zu more sites not drawn (the most complete).</p>\n",
                      r->nsites - shown);
    gw_buf_puts(o, "</figure>\n");
}

/* board_row_html - one sender's line */
static void
board_row_html(struct gw_buf *o, const struct board_period *p, const struct board_row *r,
               time_t now)
{
    const char *st = board_status(p, r, now);
    char left[48];

    board_left(now, p->deadline, left, sizeof(left));
    gw_buf_printf(o, "<tr class=\"row %s\" id=\"r-", st);
    board_idpart(o, p->flow);
    gw_buf_puts(o, "-");
    board_idpart(o, p->period);
    gw_buf_puts(o, "-");
    board_idpart(o, r->sender);
    gw_buf_puts(o, "\" data-flow=\"");
    board_esc(o, p->flow);
    gw_buf_puts(o, "\" data-period=\"");
    board_esc(o, p->period);
    gw_buf_puts(o, "\" data-sender=\"");
    board_esc(o, r->sender);
    gw_buf_puts(o, "\" data-inbox=\"");
    board_esc(o, r->inbox);
    gw_buf_printf(o,
                  "\" data-status=\"%s\" data-unit=\"%s\" data-perimeter=\"%d\" "
                  "data-expected=\"%ld\" data-received=\"%ld\" data-missing=\"%ld\" "
                  "data-incomplete=\"%ld\" data-documents=\"%ld\" data-rejected=\"%ld\" "
                  "data-late=\"%ld\" data-steps-expected=\"%ld\" data-substituted-steps=\"%ld\" "
                  "data-reminders=\"%ld\" data-seconds-left=\"%lld\">",
                  st, p->week ? "sites" : "documents", r->perimeter, r->expected, r->received,
                  r->missing, r->incomplete, r->documents, r->rejected, r->late, r->steps_expected,
                  r->steps_missing, r->reminders, (long long)(p->deadline - now));
    gw_buf_printf(o, "<td><b class=\"badge %s\">%s</b></td><td>", st,
                  !strcmp(st, "red")     ? "RED"
                  : !strcmp(st, "amber") ? "AMBER"
                                         : "GREEN");
    board_esc(o, r->sender);
    if (r->inbox[0]) {
        gw_buf_puts(o, " <span class=\"note\">(");
        board_esc(o, r->inbox);
        gw_buf_puts(o, ")</span>");
    }
    if (p->week && !r->perimeter)
        gw_buf_puts(o, " <span class=\"note\">not in the perimeter</span>");
    gw_buf_printf(o,
                  "</td><td class=\"num\">%ld</td><td class=\"num\">%ld</td>"
                  "<td class=\"num%s\">%ld</td><td class=\"num%s\">%ld</td>"
                  "<td class=\"num\">%ld</td><td class=\"num%s\">%ld</td>"
                  "<td class=\"num%s\">%ld</td><td class=\"num%s\">",
                  r->expected, r->received, r->missing ? " bad" : "", r->missing,
                  r->incomplete ? " bad" : "", r->incomplete, r->documents,
                  r->rejected ? " bad" : "", r->rejected, r->late ? " bad" : "", r->late,
                  r->steps_missing ? " bad" : "");
    if (p->week)
        gw_buf_printf(o, "%ld", r->steps_missing);
    else
        gw_buf_puts(o, "&#8212;");
    gw_buf_printf(o, "</td><td class=\"num\">%ld</td><td class=\"num\">%s</td></tr>\n",
                  r->reminders, left);
}

int
board_render(const struct board *b, struct gw_buf *o)
{
    char now[32] = "";
    long red = 0, amber = 0, green = 0;
    size_t i, j;

    cal_format_local(b->now, now, sizeof(now));
    for (i = 0; i < b->n; i++)
        for (j = 0; j < b->v[i].nrows; j++) {
            const char *st = board_status(&b->v[i], &b->v[i].rows[j], b->now);

            red += !strcmp(st, "red");
            amber += !strcmp(st, "amber");
            green += !strcmp(st, "green");
        }
    gw_buf_printf(o,
                  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>Passerelle &#8212; deadline board</title>\n<style>%s</style>\n"
                  "</head>\n<body>\n<header id=\"board\" data-generated=\"%lld\" "
                  "data-generated-local=\"%s\" data-periods=\"%zu\" data-red=\"%ld\" "
                  "data-amber=\"%ld\" data-green=\"%ld\">\n<h1>Passerelle &#8212; deadline "
                  "board</h1>\n<p class=\"summary\">%s (French legal time) &#183; %zu open "
                  "period%s &#183; <span>%ld red</span><span>%ld amber</span><span>%ld "
                  "green</span></p>\n</header>\n<main>\n",
                  board_css, (long long)b->now, now, b->n, red, amber, green, now, b->n,
                  b->n == 1 ? "" : "s", red, amber, green);
    board_legend(o);
    if (b->n == 0)
        gw_buf_puts(o, "<p id=\"empty\">No open period.</p>\n");
    for (i = 0; i < b->n; i++) {
        const struct board_period *p = &b->v[i];
        char dl[32] = "-", left[48];

        if (p->deadline)
            cal_format_local(p->deadline, dl, sizeof(dl));
        board_left(b->now, p->deadline, left, sizeof(left));
        gw_buf_puts(o, "<section class=\"period\" id=\"p-");
        board_idpart(o, p->flow);
        gw_buf_puts(o, "-");
        board_idpart(o, p->period);
        gw_buf_puts(o, "\" data-flow=\"");
        board_esc(o, p->flow);
        gw_buf_puts(o, "\" data-period=\"");
        board_esc(o, p->period);
        gw_buf_printf(o,
                      "\" data-deadline=\"%s\" data-deadline-epoch=\"%lld\" "
                      "data-seconds-left=\"%lld\" data-sealed=\"%d\" data-senders=\"%zu\">\n<h2>",
                      dl, (long long)p->deadline, (long long)(p->deadline - b->now), p->sealed,
                      p->nrows);
        board_esc(o, p->flow);
        gw_buf_puts(o, p->week ? " &#183; week of " : " &#183; ");
        board_esc(o, p->period);
        gw_buf_printf(o, " <small>&#183; deadline %s &#183; %s%s</small></h2>\n", dl, left,
                      p->sealed ? " &#183; sealed" : "");
        gw_buf_printf(o,
                      "<table><thead><tr><th>Status</th><th>Sender</th><th>Expected %s</th>"
                      "<th>Received</th><th>Missing</th><th>Incomplete</th><th>Documents</th>"
                      "<th>Rejected</th><th>Late</th><th>Steps to substitute</th>"
                      "<th>Reminders</th><th>Time left</th></tr></thead>\n<tbody>\n",
                      p->week ? "sites" : "documents");
        for (j = 0; j < p->nrows; j++)
            board_row_html(o, p, &p->rows[j], b->now);
        gw_buf_puts(o, "</tbody></table>\n");
        /* The heat maps of a passed deadline are folded away (no script: <details>). */
        if (p->week && p->deadline < b->now)
            gw_buf_puts(o, "<details class=\"past\"><summary>Missing steps per site and day "
                           "(deadline passed)</summary>\n");
        if (p->week)
            for (j = 0; j < p->nrows; j++)
                if (p->rows[j].perimeter && p->rows[j].nsites > 0)
                    board_heatmap(o, p, &p->rows[j]);
        if (p->week && p->deadline < b->now)
            gw_buf_puts(o, "</details>\n");
        gw_buf_puts(o, "</section>\n");
    }
    gw_buf_puts(o, "<p class=\"note\">Steps still missing at the deadline are substituted by "
                   "zero (quality S) by the gateway. Written by passerelle; no script, no "
                   "external resource.</p>\n</main>\n</body>\n</html>\n");
    return 0;
}

int
board_write_file(const struct gw_conf *conf, struct ledger *lg, time_t now, const char *path)
{
    char def[PATH_MAX], dir[PATH_MAX], *slash;
    struct board *b;
    struct gw_buf *o;
    int dfd, rc = -1;

    if (*path == '\0') {
        if (gw_path(def, sizeof(def), "%s/board/index.html", conf->spool_dir) < 0)
            return -1;
        path = def;
    }
    if ((b = board_new(conf, lg, now)) == NULL)
        return -1;
    o = gw_buf_new(0);
    board_render(b, o);
    if (gw_path(dir, sizeof(dir), "%s", path) < 0 || (slash = strrchr(dir, '/')) == NULL)
        snprintf(dir, sizeof(dir), ".");
    else
        *slash = '\0';
    if (gw_fs_mkdirs(dir, 0750) < 0 || (dfd = gw_fs_open_dir(AT_FDCWD, dir)) < 0) {
        log_warn("board: %s", dir);
        goto out;
    }
    rc = gw_fs_write_atomic(dfd, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, o->data,
                            o->len);
    if (rc < 0)
        log_warn("board: %s", path);
    close(dfd);
out:
    gw_buf_free(o);
    board_free(b);
    return rc;
}

int
board_publish(struct gw *g, time_t now)
{
    if (!strcmp(g->conf->board_file, "none"))
        return 0;
    return board_write_file(g->conf, g->lg, now, g->conf->board_file);
}
