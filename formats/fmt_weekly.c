/* fmt_weekly - rules of the weekly flows that their schemas cannot say.
 *
 * DESCRIPTION
 *	eif-activations: each Activation names real UTC instants (EIFACT-INSTANT), starts before
 *	it ends (EIFACT-ORDER) and lies inside week S (EIFACT-WEEK, also for a week@start that is
 *	not the first day of a week).
 *
 *	flexloc: laid out like the load curves but per EDA and at PT5M only (the schema fixes the
 *	resolution and the unit), so the rules are those of fmt_cdc.c without segments, natures and
 *	missing steps (a step without a point carries no activation: nothing to report). The
 *	period and position logic is written again here, small, rather than shared: fmt_cdc.c's is
 *	interleaved with its per-site rules and hot path, and a change there must not move
 *	another flow. State: the series' 5-minute coverage bitmap of the week (overlapping
 *	periods), the period's position bitmap, the set of EDAs; nothing per point.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_monthly.h"
#include "fmt_weekly.h"
#include "fmt_xml.h"
#include "cal.h"

#define WEEK_SLOTS_MAX 2048 /* 5-minute slots of a 169-hour week: 2028 */
#define STEP_SECS      300  /* PT5M */

static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

/* ---------------------------------------------------------------- shared helpers */

/* digits - n ASCII digits at s as a number, -1 when not digits */
static int
digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* fmt_weekly_instant - "YYYY-MM-DDTHH:MMZ" exactly */
enum fmt_instant
fmt_weekly_instant(const struct fmt_xml_attr *a, time_t *out)
{
    const char *v;
    int y, mo, d, hh, mi;

    if (a == NULL || a->len != 17)
        return FMT_INST_SYNTAX;
    v = a->value;
    if (v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != 'Z')
        return FMT_INST_SYNTAX;
    y = digits(v, 4);
    mo = digits(v + 5, 2);
    d = digits(v + 8, 2);
    hh = digits(v + 11, 2);
    mi = digits(v + 14, 2);
    if (y < 0 || mo < 0 || d < 0 || hh < 0 || mi < 0)
        return FMT_INST_SYNTAX;
    /* cal_utc_from_fields checks the date and the year range; 24:00 is not a time */
    if (hh > 23 || mi > 59 || cal_utc_from_fields(y, mo, d, hh, mi, 0, out) < 0)
        return FMT_INST_UNREAL;
    return FMT_INST_OK;
}

/* fmt_weekly_week - week S from its first day */
int
fmt_weekly_week(struct fmt_report *rep, const char *flow, const struct fmt_opts *opts,
                const char *code, const struct fmt_xml_attr *a, long line, time_t *wstart,
                time_t *wend)
{
    int ws = opts != NULL ? opts->week_start : 6;
    const struct cal_holidays *h = opts != NULL ? opts->holidays : NULL;
    char buf[11];
    int y, mo, d, wd;
    time_t deadline;

    if (a == NULL || a->len != 10)
        return 0; /* not a date: the schema says so */
    memcpy(buf, a->value, 10);
    buf[10] = '\0';
    if (cal_parse_date(buf, &y, &mo, &d) < 0)
        return 0;
    memcpy(rep->period, buf, 11);
    if (ws < 0 || ws > 6)
        ws = 6;
    wd = cal_weekday(y, mo, d);
    if (wd < 0 || cal_week_bounds(y, mo, d, wstart, wend) < 0) {
        fmt_report_add(rep, code, line, "week@start %s is outside the supported years", buf);
        return 0;
    }
    if (wd != ws) {
        fmt_report_add(rep, code, line, "week@start %s is a %s: a week S starts on a %s", buf,
                       day_names[wd], day_names[ws]);
        return 0;
    }
    if (cal_deadline_ws(flow, buf, h, ws, &deadline) == 0)
        rep->deadline = deadline;
    return 1;
}

/* parse_pos - a positive integer of 1-18 digits (XML blanks around), else -1 */
static int64_t
parse_pos(const struct fmt_xml_attr *a)
{
    const char *v;
    size_t len, i;
    int64_t x = 0;

    if (a == NULL)
        return -1;
    v = a->value;
    len = a->len;
    while (len > 0 && (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r'))
        v++, len--;
    while (len > 0 &&
           (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\n' || v[len - 1] == '\r'))
        len--;
    if (len == 0 || len > 18)
        return -1;
    for (i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x > 0 ? x : -1;
}

/* ---------------------------------------------------------------- eif-activations */

struct eifact {
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    int week_ok;
    time_t wstart, wend;
};

static void *
eifact_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct eifact *e = calloc(1, sizeof(*e));

    if (e == NULL)
        return NULL;
    e->opts = opts;
    e->rep = rep;
    return e;
}

/* activation_start - real instants, start before end, inside week S */
static void
activation_start(struct eifact *e, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *as = fmt_xml_attr_find(attrs, n, "start");
    const struct fmt_xml_attr *ae = fmt_xml_attr_find(attrs, n, "end");
    char offer[64], eda[40];
    enum fmt_instant is, ie;
    time_t start, end;

    fmt_xml_attr_str(attrs, n, "offer", offer, sizeof(offer));
    fmt_xml_attr_str(attrs, n, "eda", eda, sizeof(eda));
    is = fmt_weekly_instant(as, &start);
    ie = fmt_weekly_instant(ae, &end);
    if (is == FMT_INST_UNREAL)
        fmt_report_add(e->rep, "EIFACT-INSTANT", line,
                       "offer %s, EDA %s: Activation@start %.*s is not a real instant", offer, eda,
                       (int)as->len, as->value);
    if (ie == FMT_INST_UNREAL)
        fmt_report_add(e->rep, "EIFACT-INSTANT", line,
                       "offer %s, EDA %s: Activation@end %.*s is not a real instant", offer, eda,
                       (int)ae->len, ae->value);
    if (is != FMT_INST_OK || ie != FMT_INST_OK)
        return;
    if (end <= start) {
        fmt_report_add(e->rep, "EIFACT-ORDER", line,
                       "offer %s, EDA %s: activation %.17s does not end after it starts", offer,
                       eda, as->value);
        return;
    }
    if (e->week_ok && (start < e->wstart || end > e->wend))
        fmt_report_add(e->rep, "EIFACT-WEEK", line,
                       "offer %s, EDA %s: activation %.17s is not inside week S (%s)", offer, eda,
                       as->value, e->rep->period);
}

static void
eifact_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct eifact *e = st;

    if (strcmp(name, "Activation") == 0)
        activation_start(e, attrs, n, line);
    else if (strcmp(name, "week") == 0)
        e->week_ok =
            fmt_weekly_week(e->rep, "eif-activations", e->opts, "EIFACT-WEEK",
                            fmt_xml_attr_find(attrs, n, "start"), line, &e->wstart, &e->wend);
}

static void
eifact_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct eifact *e = st;

    (void)fmt_monthly_header(e->rep, name, text, len, line);
}

static int
eifact_finish(void *st, int complete)
{
    (void)st;
    (void)complete;
    return 0;
}

static void
eifact_free(void *st)
{
    free(st);
}

const struct fmt_xml_flow fmt_eif_activations_flow = {
    .name = "eif-activations",
    .ns = "urn:passerelle:eif-activations:1",
    .root = "ActivationsEIF",
    .xsd = "eif-activations.xsd",
    .begin = eifact_begin,
    .start = eifact_start,
    .end = eifact_end,
    .finish = eifact_finish,
    .free = eifact_free,
};

/* ---------------------------------------------------------------- flexloc */

struct flexloc {
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    struct fmt_keymap *edas;
    int week_ok, oom;
    time_t wstart, wend;
    /* the current series */
    int s_active;
    char eda[40];
    uint8_t cover[WEEK_SLOTS_MAX / 8];
    /* the current period */
    int p_active, p_ok;
    long nsteps;
    char p_start[24];
    uint8_t pos[WEEK_SLOTS_MAX / 8];
};

static void *
flexloc_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct flexloc *f = calloc(1, sizeof(*f));

    if (f == NULL)
        return NULL;
    f->opts = opts;
    f->rep = rep;
    if ((f->edas = fmt_keymap_new(0)) == NULL) {
        free(f);
        errno = ENOMEM;
        return NULL;
    }
    return f;
}

/* series_start - FLEX-EDA-DUP: one series per EDA */
static void
flex_series_start(struct flexloc *f, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, n, "eda");
    long first;
    int r;

    f->s_active = 1;
    memset(f->cover, 0, sizeof(f->cover));
    fmt_xml_attr_str(attrs, n, "eda", f->eda, sizeof(f->eda));
    if (a == NULL || a->len == 0 || a->len > 35)
        return; /* the schema says so */
    r = fmt_keymap_put(f->edas, a->value, a->len, line, &first, NULL);
    if (r < 0)
        f->oom = 1;
    else if (r == 0)
        fmt_report_add(f->rep, "FLEX-EDA-DUP", line,
                       "EDA %s: a second series for the same EDA (first at line %ld)", f->eda,
                       first);
}

/* flex_cover - mark the period's slots in the series' bitmap; 1 on overlap */
static int
flex_cover(struct flexloc *f, time_t start, time_t end)
{
    long a = (long)((start - f->wstart) / STEP_SECS), b = (long)((end - f->wstart) / STEP_SECS);
    long i;
    int overlap = 0;

    for (i = a; i < b && i < WEEK_SLOTS_MAX; i++) {
        if (f->cover[i >> 3] & (1u << (i & 7)))
            overlap = 1;
        f->cover[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
    return overlap;
}

/* flex_period_start - instants, week S, whole steps, grid, overlap */
static void
flex_period_start(struct flexloc *f, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *as = fmt_xml_attr_find(attrs, n, "start");
    const struct fmt_xml_attr *ae = fmt_xml_attr_find(attrs, n, "end");
    enum fmt_instant is, ie;
    time_t start, end;

    f->p_active = 1;
    f->p_ok = 0;
    f->nsteps = 0;
    fmt_xml_attr_str(attrs, n, "start", f->p_start, sizeof(f->p_start));
    is = fmt_weekly_instant(as, &start);
    ie = fmt_weekly_instant(ae, &end);
    if (is == FMT_INST_UNREAL)
        fmt_report_add(f->rep, "FLEX-INSTANT", line,
                       "EDA %s: Period@start %.*s is not a real instant", f->eda, (int)as->len,
                       as->value);
    if (ie == FMT_INST_UNREAL)
        fmt_report_add(f->rep, "FLEX-INSTANT", line,
                       "EDA %s: Period@end %.*s is not a real instant", f->eda, (int)ae->len,
                       ae->value);
    if (is != FMT_INST_OK || ie != FMT_INST_OK)
        return;
    if (f->week_ok && (start < f->wstart || end > f->wend))
        fmt_report_add(f->rep, "FLEX-WEEK", line, "EDA %s: period %s is not inside week S (%s)",
                       f->eda, f->p_start, f->rep->period);
    if (end <= start) {
        fmt_report_add(f->rep, "FLEX-STEP", line, "EDA %s: period %s ends before it starts", f->eda,
                       f->p_start);
        return;
    }
    if ((end - start) % STEP_SECS != 0) {
        fmt_report_add(f->rep, "FLEX-STEP", line,
                       "EDA %s: period %s is not a whole number of PT5M steps", f->eda, f->p_start);
        return;
    }
    if (start % STEP_SECS != 0)
        fmt_report_add(f->rep, "FLEX-GRID", line, "EDA %s: period %s is not on the PT5M grid",
                       f->eda, f->p_start);
    else if (f->week_ok && start >= f->wstart && end <= f->wend && flex_cover(f, start, end))
        fmt_report_add(f->rep, "FLEX-PERIOD-OVERLAP", line,
                       "EDA %s: period %s overlaps an earlier period of the series", f->eda,
                       f->p_start);
    f->nsteps = (long)((end - start) / STEP_SECS);
    f->p_ok = 1;
    memset(f->pos, 0, sizeof(f->pos));
}

/* flex_point_start - position in range and once; no allocation */
static void
flex_point_start(struct flexloc *f, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    int64_t pos = parse_pos(fmt_xml_attr_find(attrs, n, "position"));

    if (!f->p_ok || pos < 1)
        return;
    if (pos > f->nsteps) {
        fmt_report_add(f->rep, "FLEX-POSITION", line,
                       "EDA %s: position %lld is beyond period %s (%ld steps)", f->eda,
                       (long long)pos, f->p_start, f->nsteps);
        return;
    }
    if (pos > WEEK_SLOTS_MAX)
        return; /* a period longer than any week: FLEX-WEEK already said it */
    if (f->pos[(pos - 1) >> 3] & (1u << ((pos - 1) & 7))) {
        fmt_report_add(f->rep, "FLEX-POSITION-DUP", line,
                       "EDA %s: position %lld is repeated in period %s", f->eda, (long long)pos,
                       f->p_start);
        return;
    }
    f->pos[(pos - 1) >> 3] |= (uint8_t)(1u << ((pos - 1) & 7));
}

static void
flexloc_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct flexloc *f = st;

    if (strcmp(name, "Point") == 0) {
        if (f->p_active)
            flex_point_start(f, attrs, n, line);
    } else if (strcmp(name, "Period") == 0) {
        if (f->s_active)
            flex_period_start(f, attrs, n, line);
    } else if (strcmp(name, "Series") == 0) {
        flex_series_start(f, attrs, n, line);
    } else if (strcmp(name, "week") == 0) {
        f->week_ok =
            fmt_weekly_week(f->rep, "flexloc", f->opts, "FLEX-WEEK",
                            fmt_xml_attr_find(attrs, n, "start"), line, &f->wstart, &f->wend);
    }
}

static void
flexloc_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct flexloc *f = st;

    if (strcmp(name, "Period") == 0)
        f->p_active = f->p_ok = 0;
    else if (strcmp(name, "Series") == 0)
        f->s_active = 0;
    else
        (void)fmt_monthly_header(f->rep, name, text, len, line);
}

static int
flexloc_finish(void *st, int complete)
{
    struct flexloc *f = st;

    (void)complete;
    if (f->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
flexloc_free(void *st)
{
    struct flexloc *f = st;

    if (f == NULL)
        return;
    fmt_keymap_free(f->edas);
    free(f);
}

const struct fmt_xml_flow fmt_flexloc_flow = {
    .name = "flexloc",
    .ns = "urn:passerelle:flexloc:1",
    .root = "ChroniquesFlexibiliteLocale",
    .xsd = "flexloc.xsd",
    .begin = flexloc_begin,
    .start = flexloc_start,
    .end = flexloc_end,
    .finish = flexloc_finish,
    .free = flexloc_free,
};
