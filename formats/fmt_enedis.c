/* fmt_enedis - Enedis R4x and R50 load curves, judged as canonical cdc documents.
 *
 * DESCRIPTION
 *	fmt_xml recognises an R4x (root Courbe, Identifiant_Flux R4...) or an R50 (root R50),
 *	both without a namespace, and hands us their elements as start/end events. We turn them
 *	into the events of the cdc document they stand for and feed those to the cdc checker
 *	(fmt_cdc_flow), so the canonical rules are the same code for both inputs:
 *	- week S: the week (fmt_opts.week_start) containing the start of the first EA step,
 *	  given as week@start: rep->period and rep->deadline follow as for cdc;
 *	- one Series per PRM (@site, @unit as written: kW or W, never converted; @nature from
 *	  Grandeur_Metier CONS/PROD; no @eda nor @segment: they come from the perimeter);
 *	- one Period spanning week S at the file's step (PT5M or PT15M), and a Point per step
 *	  that has a value, at the UTC position of the step. R4x points are stamped at the start
 *	  of their step, R50 points at its end; both carry their own UTC offset, so the repeated
 *	  October hour and the March gap map to distinct, correct positions;
 *	- a step without a value (no Valeur_Point, no V) is simply absent: a missing step.
 *	Only active energy (Grandeur_Physique EA) is carried; the other quantities are named in
 *	one ENEDIS-IGNORED warning. The step (R4x Granularite; R50 Pas_Publication, else the
 *	spacing of the first two points) must be 5 or 15 minutes (ENEDIS-STEP). The mRID is made
 *	from the file itself: kind, first PRM, request reference (R4x Reference_Demande, R50
 *	Numero_Abonnement), first day of data and creation instant; the revision is 1.
 *
 *	Per-point problems (no offset, malformed instant or value, outside week S, off the
 *	grid) are counted and stated once each at the end, with the line of the first one, so a
 *	bad file of a million points yields a handful of reasons.
 *
 * DIAGNOSTICS
 *	Reasons go to the report; finish returns -1 (ENOMEM) only when the cdc checker ran short.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_cdc.h"
#include "fmt_enedis.h"
#include "fmt_ids.h"
#include "fmt_xml.h"
#include "cal.h"

enum kind { K_R4X, K_R50 };

/* A per-point problem, stated once at the end. */
struct tally {
    long n, line;
    char first[48]; /* the first offending value, printable ASCII */
};

struct enedis {
    enum kind kind;
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    void *cdc; /* the cdc checker we feed */
    /* header */
    char ref[16];
    char created[20]; /* YYYYMMDDTHHMMSSZ, "" when unknown */
    int pas;          /* R50 Pas_Publication, 0 when absent */
    int step_bad;     /* R50: the document's step is refused (already said) */
    /* document */
    int week_ok, week_failed;
    time_t wstart, wend;
    char first_prm[FMT_PRM_LEN + 1];
    char first_day[9];
    int any_curve; /* an EA curve (R4x) or a PDC (R50) was met */
    char ignored[80];
    struct tally no_offset, bad_time, bad_value, outside, offgrid;
    /* current PRM and its series */
    char prm[FMT_PRM_LEN + 1];
    long prm_line;
    int prm_said; /* ENEDIS-PRM given for the current PRM */
    int series_open, s_step;
    char s_unit[4], s_nature[12];
    /* current R4x curve (Donnees_Courbe) */
    int blk_resolved, blk_use, blk_ea, blk_step, gran_seen;
    long blk_line, gran_line;
    char gp[16], unit[16], metier[16];
    /* current R50 point (PDC) and the first point held back while the step is unknown */
    int in_pdc, h_seen, v_seen, v_ok;
    long pdc_line;
    char h[40], v[32];
    int pend;
    time_t pend_t;
    long pend_line;
    int pend_hasv;
    char pend_v[32];
};

static const char *const kind_names[] = {"R4x", "R50"};

/* ---------------------------------------------------------------- small helpers */

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

/* trim - strip XML whitespace around v[0..*len) */
static const char *
trim(const char *v, size_t *len)
{
    while (*len > 0 && (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r')) {
        v++;
        (*len)--;
    }
    while (*len > 0 && (v[*len - 1] == ' ' || v[*len - 1] == '\t' || v[*len - 1] == '\n' ||
                        v[*len - 1] == '\r'))
        (*len)--;
    return v;
}

/* copy_text - trimmed s[0..len) into out as printable ASCII ('?' for anything else);
 * 0, or -1 when it does not fit (out is then truncated) */
static int
copy_text(char *out, size_t size, const char *s, size_t len)
{
    size_t i, n;

    s = trim(s, &len);
    n = len < size - 1 ? len : size - 1;
    for (i = 0; i < n; i++)
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    out[n] = '\0';
    return n == len ? 0 : -1;
}

/* is_integer - optional sign and 1-18 digits (what the cdc schema takes for a quantity) */
static int
is_integer(const char *s, size_t len)
{
    size_t i = 0;

    s = trim(s, &len);
    if (len > 0 && (s[0] == '-' || s[0] == '+'))
        i = 1;
    if (len == i || len - i > 18)
        return 0;
    for (; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static void
tally(struct tally *t, long line, const char *v, size_t len)
{
    if (t->n++ == 0) {
        t->line = line;
        (void)copy_text(t->first, sizeof(t->first), v, len);
    }
}

/* utc_minute - "YYYY-MM-DDTHH:MMZ", the cdc form of an instant */
static int
utc_minute(time_t t, char *buf, size_t size)
{
    char full[CAL_UTC_LEN + 1];

    if (size < 18 || cal_format_utc(t, full, sizeof(full)) < 0)
        return -1;
    memcpy(buf, full, 16);
    buf[16] = 'Z';
    buf[17] = '\0';
    return 0;
}

/* u_decimal - v in decimal into buf (size >= 21), without snprintf: this runs for every point,
 * and snprintf was 7.5 % of checking an R4x (bench/RESULTS.md) */
static void
u_decimal(char *buf, size_t size, unsigned long v)
{
    char tmp[24];
    size_t i = sizeof(tmp), n;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    n = sizeof(tmp) - i;
    if (n >= size)
        n = size - 1;
    memcpy(buf, tmp + i, n);
    buf[n] = '\0';
}

static void
set_attr(struct fmt_xml_attr *a, const char *name, const char *value)
{
    a->name = name;
    a->value = value;
    a->len = strlen(value);
}

/* ---------------------------------------------------------------- public helpers */

/* fmt_enedis_parse_time - see fmt_enedis.h */
int
fmt_enedis_parse_time(const char *s, size_t len, time_t *out)
{
    int y, mo, d, hh, mi, ss, oh, om, sign;
    time_t t;

    s = trim(s, &len);
    if (len < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        goto inval;
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    hh = digits(s + 11, 2);
    mi = digits(s + 14, 2);
    ss = digits(s + 17, 2);
    if (y < 0 || mo < 0 || d < 0 || hh < 0 || mi < 0 || ss < 0 || hh > 23 || mi > 59 || ss > 59)
        goto inval;
    if (cal_utc_from_fields(y, mo, d, hh, mi, ss, &t) < 0)
        goto inval;
    if (len == 19) {
        /* Well formed, but which of the two 02:30 of an October Sunday? */
        errno = ENOENT;
        return -1;
    }
    if (len == 20 && s[19] == 'Z') {
        oh = om = 0;
        sign = 1;
    } else if (len == 25 && (s[19] == '+' || s[19] == '-') && s[22] == ':') {
        sign = s[19] == '-' ? -1 : 1;
        oh = digits(s + 20, 2);
        om = digits(s + 23, 2);
        if (oh < 0 || om < 0 || oh > 14 || om > 59)
            goto inval;
    } else {
        goto inval;
    }
    t -= (time_t)sign * (oh * 3600 + om * 60);
    /* Within the years cal.h supports, so that every later computation on it succeeds. */
    if (cal_local_fields(t, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0)
        goto inval;
    *out = t;
    return 0;
inval:
    errno = EINVAL;
    return -1;
}

/* fmt_enedis_week_of - back from t's local date to the last week_start day */
int
fmt_enedis_week_of(time_t t, int week_start, int *y, int *mo, int *d)
{
    int yy, mm, dd, hh, mi, ss, wd;

    if (week_start < 0 || week_start > 6) {
        errno = EINVAL;
        return -1;
    }
    if (cal_local_fields(t, &yy, &mm, &dd, &hh, &mi, &ss, NULL) < 0)
        return -1;
    if ((wd = cal_weekday(yy, mm, dd)) < 0)
        return -1;
    cal_add_days(&yy, &mm, &dd, -((wd - week_start + 7) % 7));
    *y = yy;
    *mo = mm;
    *d = dd;
    return 0;
}

/* fmt_enedis_position - see fmt_enedis.h */
long
fmt_enedis_position(time_t stamp, int end_stamped, time_t wstart, int minutes)
{
    time_t step = (time_t)minutes * 60, start;

    if (minutes <= 0)
        return 0;
    start = end_stamped ? stamp - step : stamp;
    if (start < wstart || (start - wstart) % step != 0)
        return 0;
    return (long)((start - wstart) / step) + 1;
}

/* ---------------------------------------------------------------- feeding the cdc checker */

static void
ignore_quantity(struct enedis *e, const char *name)
{
    size_t have = strlen(e->ignored), n = strlen(name);
    const char *p = e->ignored;

    /* Already listed? (names are separated by ", ") */
    while ((p = strstr(p, name)) != NULL) {
        if ((p == e->ignored || p[-1] == ' ') && (p[n] == '\0' || p[n] == ','))
            return;
        p += n;
    }
    if (have + n + 3 >= sizeof(e->ignored))
        return;
    snprintf(e->ignored + have, sizeof(e->ignored) - have, "%s%s", have ? ", " : "", name);
}

/* ensure_week - week S from the start of the first EA step: the cdc week@start event */
static int
ensure_week(struct enedis *e, time_t istart, long line)
{
    struct fmt_xml_attr a;
    char buf[16];
    int y, mo, d;

    if (e->week_ok)
        return 0;
    if (e->week_failed)
        return -1;
    if (fmt_enedis_week_of(istart, e->opts->week_start, &y, &mo, &d) < 0 ||
        cal_week_bounds(y, mo, d, &e->wstart, &e->wend) < 0) {
        e->week_failed = 1;
        tally(&e->bad_time, line, "(outside the supported years)", 29);
        return -1;
    }
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, mo, d);
    set_attr(&a, "start", buf);
    fmt_cdc_flow.start(e->cdc, "week", &a, 1, line);
    fmt_cdc_flow.end(e->cdc, "week", "", 0, line);
    e->week_ok = 1;
    return 0;
}

static void
close_series(struct enedis *e)
{
    if (!e->series_open)
        return;
    fmt_cdc_flow.end(e->cdc, "Period", "", 0, e->prm_line);
    fmt_cdc_flow.end(e->cdc, "Series", "", 0, e->prm_line);
    e->series_open = 0;
}

/* open_series - the current PRM's Series and its week-long Period, once per PRM (a second
 * curve of the same PRM with another step, unit or nature is a second series: CDC-SITE-DUP) */
static void
open_series(struct enedis *e, int step, const char *unit, const char *nature)
{
    struct fmt_xml_attr a[4];
    char s[20], en[20];
    size_t n = 0;

    if (e->series_open && e->s_step == step && strcmp(e->s_unit, unit) == 0 &&
        strcmp(e->s_nature, nature) == 0)
        return;
    close_series(e);
    set_attr(&a[n++], "site", e->prm);
    set_attr(&a[n++], "unit", unit);
    set_attr(&a[n++], "measure", "telereleve");
    if (nature[0] != '\0')
        set_attr(&a[n++], "nature", nature);
    fmt_cdc_flow.start(e->cdc, "Series", a, n, e->prm_line);
    (void)utc_minute(e->wstart, s, sizeof(s));
    (void)utc_minute(e->wend, en, sizeof(en));
    set_attr(&a[0], "resolution", step == 5 ? "PT5M" : "PT15M");
    set_attr(&a[1], "start", s);
    set_attr(&a[2], "end", en);
    fmt_cdc_flow.start(e->cdc, "Period", a, 3, e->prm_line);
    e->series_open = 1;
    e->s_step = step;
    snprintf(e->s_unit, sizeof(e->s_unit), "%s", unit);
    snprintf(e->s_nature, sizeof(e->s_nature), "%s", nature);
}

/* convert - one step stamped t: week S, then (when use) its cdc Point */
static void
convert(struct enedis *e, int use, time_t t, int step, const char *val, int has_val,
        const char *quality, const char *unit, const char *nature, long line)
{
    struct fmt_xml_attr a[3];
    time_t istart = e->kind == K_R50 ? t - (time_t)step * 60 : t;
    char pos[24], q[32], when[CAL_UTC_LEN + 1];
    long p;
    size_t n = 0;

    if (e->first_day[0] == '\0') {
        int y, mo, d, hh, mi, ss;
        if (cal_local_fields(istart, &y, &mo, &d, &hh, &mi, &ss, NULL) == 0)
            snprintf(e->first_day, sizeof(e->first_day), "%04d%02d%02d", y, mo, d);
    }
    if (ensure_week(e, istart, line) < 0 || !use || !has_val)
        return; /* no value: a missing step */
    if (!is_integer(val, strlen(val))) {
        tally(&e->bad_value, line, val, strlen(val));
        return;
    }
    if (e->prm[0] == '\0') {
        if (!e->prm_said)
            fmt_report_add(e->rep, "ENEDIS-PRM", line, "a point of a curve without a PRM (%s)",
                           e->kind == K_R4X ? "Identifiant_PRM" : "Id_PRM");
        e->prm_said = 1;
        return;
    }
    if (istart < e->wstart || istart >= e->wend) {
        (void)cal_format_utc(istart, when, sizeof(when));
        tally(&e->outside, line, when, strlen(when));
        return;
    }
    if ((p = fmt_enedis_position(t, e->kind == K_R50, e->wstart, step)) == 0) {
        (void)cal_format_utc(t, when, sizeof(when));
        tally(&e->offgrid, line, when, strlen(when));
        return;
    }
    open_series(e, step, unit, nature);
    u_decimal(pos, sizeof(pos), (unsigned long)p);
    (void)copy_text(q, sizeof(q), val, strlen(val));
    set_attr(&a[n++], "position", pos);
    set_attr(&a[n++], "quantity", q);
    if (quality != NULL)
        set_attr(&a[n++], "quality", quality);
    fmt_cdc_flow.start(e->cdc, "Point", a, n, line);
    fmt_cdc_flow.end(e->cdc, "Point", "", 0, line);
}

/* parse_stamp - a point's instant, or a tally and -1 */
static int
parse_stamp(struct enedis *e, const char *s, size_t len, long line, time_t *t)
{
    if (s == NULL) {
        tally(&e->bad_time, line, "(none)", 6);
        return -1;
    }
    if (fmt_enedis_parse_time(s, len, t) == 0)
        return 0;
    tally(errno == ENOENT ? &e->no_offset : &e->bad_time, line, s, len);
    return -1;
}

/* step_refused - ENEDIS-STEP for a step found; "how" says where it was found */
static void
step_refused(struct enedis *e, long line, int step, const char *how)
{
    fmt_report_add(e->rep, "ENEDIS-STEP", line,
                   "%s curve at a %d-minute step (%s): the balancing mechanism takes load curves "
                   "at 5-minute (HTA, BT > 36 kVA) or 15-minute (BT <= 36 kVA, profiled sites) "
                   "steps only (2.L.2.2.1, 2.L.2.2.2)",
                   kind_names[e->kind], step, how);
}

static void
set_prm(struct enedis *e, const char *text, size_t len, long line)
{
    uint64_t v;
    char shown[32];
    size_t k = len;
    const char *s = trim(text, &k);

    close_series(e);
    e->prm[0] = '\0';
    e->prm_said = 0;
    e->prm_line = line;
    if (fmt_prm_parse(s, k, &v) < 0) {
        (void)copy_text(shown, sizeof(shown), text, len);
        fmt_report_add(e->rep, "ENEDIS-PRM", line, "PRM \"%s\" is not 14 digits", shown);
        e->prm_said = 1;
        return;
    }
    memcpy(e->prm, s, FMT_PRM_LEN);
    e->prm[FMT_PRM_LEN] = '\0';
    if (e->first_prm[0] == '\0')
        memcpy(e->first_prm, e->prm, sizeof(e->prm));
}

static void
set_ref(struct enedis *e, const char *text, size_t len)
{
    size_t i, o = 0;

    if (e->ref[0] != '\0')
        return;
    for (i = 0; i < len && o + 1 < sizeof(e->ref) && o < 12; i++)
        if ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z') ||
            (text[i] >= '0' && text[i] <= '9') || text[i] == '-' || text[i] == '_')
            e->ref[o++] = text[i];
    e->ref[o] = '\0';
}

static void
set_created(struct enedis *e, const char *text, size_t len)
{
    time_t t;
    int y, mo, d, hh, mi, ss;

    if (e->created[0] != '\0' || fmt_enedis_parse_time(text, len, &t) < 0 ||
        cal_utc_fields(t, &y, &mo, &d, &hh, &mi, &ss) < 0)
        return;
    snprintf(e->created, sizeof(e->created), "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, hh, mi, ss);
}

/* ---------------------------------------------------------------- R4x */

/* r4x_resolve - an R4x curve's header is complete (its first point, or its end) */
static void
r4x_resolve(struct enedis *e)
{
    if (e->blk_resolved)
        return;
    e->blk_resolved = 1;
    e->blk_use = 0;
    if (strcmp(e->gp, "EA") != 0) {
        ignore_quantity(e, e->gp[0] != '\0' ? e->gp : "(no Grandeur_Physique)");
        return;
    }
    e->blk_ea = 1;
    e->any_curve = 1;
    if (!e->gran_seen) {
        fmt_report_add(e->rep, "ENEDIS-STEP", e->blk_line,
                       "R4x EA curve without a Granularite: its step is unknown");
        return;
    }
    if (e->blk_step <= 0) {
        fmt_report_add(e->rep, "ENEDIS-STEP", e->gran_line,
                       "R4x Granularite is not a number of minutes");
        return;
    }
    if (e->blk_step != 5 && e->blk_step != 15) {
        step_refused(e, e->gran_line, e->blk_step, "Granularite");
        return;
    }
    if (strcmp(e->unit, "kW") != 0 && strcmp(e->unit, "W") != 0) {
        fmt_report_add(e->rep, "ENEDIS-UNIT", e->blk_line,
                       "R4x EA curve in \"%s\": a load curve is in kW or W (kept as sent)",
                       e->unit);
        return;
    }
    e->blk_use = 1;
}

static void
r4x_point(struct enedis *e, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *h, *v, *s;
    const char *quality = NULL, *nature;
    char val[32] = "";
    time_t t;

    r4x_resolve(e);
    if (!e->blk_ea)
        return;
    h = fmt_xml_attr_find(attrs, n, "Horodatage");
    v = fmt_xml_attr_find(attrs, n, "Valeur_Point");
    s = fmt_xml_attr_find(attrs, n, "Statut_Point");
    if (parse_stamp(e, h ? h->value : NULL, h ? h->len : 0, line, &t) < 0)
        return;
    if (s != NULL && s->len == 1 &&
        (s->value[0] == 'R' || s->value[0] == 'E' || s->value[0] == 'C'))
        quality = s->value[0] == 'R' ? "R" : s->value[0] == 'E' ? "E" : "C";
    if (v != NULL && copy_text(val, sizeof(val), v->value, v->len) < 0)
        snprintf(val, sizeof(val), "(too long)");
    nature = strcmp(e->metier, "CONS") == 0   ? "soutirage"
             : strcmp(e->metier, "PROD") == 0 ? "injection"
                                              : "";
    convert(e, e->blk_use, t, e->blk_use ? e->blk_step : 0, val, v != NULL && v->len > 0, quality,
            e->unit, nature, line);
}

static void
r4x_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct enedis *e = st;

    if (strcmp(name, "Donnees_Point_Mesure") == 0) {
        r4x_point(e, attrs, n, line);
    } else if (strcmp(name, "Donnees_Courbe") == 0) {
        e->blk_resolved = e->blk_use = e->blk_ea = e->blk_step = e->gran_seen = 0;
        e->gp[0] = e->unit[0] = e->metier[0] = '\0';
        e->blk_line = line;
    } else if (strcmp(name, "Corps") == 0) {
        close_series(e);
        e->prm[0] = '\0';
        e->prm_said = 0;
        e->prm_line = line;
    }
}

static void
r4x_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct enedis *e = st;
    size_t k = len;
    const char *v;

    if (strcmp(name, "Granularite") == 0) {
        v = trim(text, &k);
        e->gran_seen = 1;
        e->gran_line = line;
        e->blk_step = (k >= 1 && k <= 4) ? digits(v, (int)k) : -1;
    } else if (strcmp(name, "Unite_Mesure") == 0) {
        (void)copy_text(e->unit, sizeof(e->unit), text, len);
    } else if (strcmp(name, "Grandeur_Physique") == 0) {
        (void)copy_text(e->gp, sizeof(e->gp), text, len);
    } else if (strcmp(name, "Grandeur_Metier") == 0) {
        (void)copy_text(e->metier, sizeof(e->metier), text, len);
    } else if (strcmp(name, "Donnees_Courbe") == 0) {
        r4x_resolve(e);
    } else if (strcmp(name, "Identifiant_PRM") == 0) {
        set_prm(e, text, len, line);
    } else if (strcmp(name, "Corps") == 0) {
        close_series(e);
    } else if (strcmp(name, "Reference_Demande") == 0) {
        set_ref(e, text, len);
    } else if (strcmp(name, "Date_Creation") == 0) {
        set_created(e, text, len);
    }
}

/* ---------------------------------------------------------------- R50 */

/* r50_convert - with the step known */
static void
r50_convert(struct enedis *e, time_t t, const char *val, int has_val, long line)
{
    int step = e->pas;

    convert(e, !e->step_bad, t, step, val, has_val, NULL, "W", "soutirage", line);
}

/* r50_unheld - the first point waited for a second to tell the step: there is none */
static void
r50_unheld(struct enedis *e)
{
    if (!e->pend || e->pas != 0)
        return;
    e->pend = 0;
    e->step_bad = 1;
    fmt_report_add(e->rep, "ENEDIS-STEP", e->pend_line,
                   "R50 without Pas_Publication and a single point: its step is unknown");
}

static void
r50_point(struct enedis *e)
{
    time_t t;
    long diff;

    e->any_curve = 1;
    if (!e->h_seen) {
        tally(&e->bad_time, e->pdc_line, "(no H)", 6);
        return;
    }
    if (parse_stamp(e, e->h, strlen(e->h), e->pdc_line, &t) < 0)
        return;
    if (e->pas != 0) {
        r50_convert(e, t, e->v, e->v_seen && e->v[0] != '\0', e->pdc_line);
        return;
    }
    if (e->step_bad)
        return;
    /* No Pas_Publication: the spacing of the first two points is the step. */
    if (!e->pend) {
        e->pend = 1;
        e->pend_t = t;
        e->pend_line = e->pdc_line;
        e->pend_hasv = e->v_seen && e->v[0] != '\0';
        memcpy(e->pend_v, e->v, sizeof(e->pend_v));
        return;
    }
    e->pend = 0;
    diff = (long)(t - e->pend_t);
    if (diff <= 0 || diff % 60 != 0 || (diff / 60 != 5 && diff / 60 != 15)) {
        e->step_bad = 1;
        if (diff <= 0 || diff % 60 != 0)
            fmt_report_add(e->rep, "ENEDIS-STEP", e->pend_line,
                           "R50 without Pas_Publication whose first points are %ld seconds "
                           "apart: its step is unknown",
                           diff);
        else
            step_refused(e, e->pend_line, (int)(diff / 60),
                         "no Pas_Publication: the spacing of its first points");
        return;
    }
    e->pas = (int)(diff / 60);
    r50_convert(e, e->pend_t, e->pend_v, e->pend_hasv, e->pend_line);
    r50_convert(e, t, e->v, e->v_seen && e->v[0] != '\0', e->pdc_line);
}

static void
r50_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct enedis *e = st;

    (void)attrs;
    (void)n;
    if (strcmp(name, "PDC") == 0) {
        e->in_pdc = 1;
        e->h_seen = e->v_seen = 0;
        e->h[0] = e->v[0] = '\0';
        e->pdc_line = line;
    } else if (strcmp(name, "PRM") == 0) {
        r50_unheld(e);
        close_series(e);
        e->prm[0] = '\0';
        e->prm_said = 0;
        e->prm_line = line;
    }
}

static void
r50_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct enedis *e = st;
    size_t k = len;
    const char *v;
    int step;

    if (e->in_pdc) {
        if (strcmp(name, "H") == 0) {
            e->h_seen = 1;
            if (copy_text(e->h, sizeof(e->h), text, len) < 0)
                e->h[0] = '\0';
        } else if (strcmp(name, "V") == 0) {
            e->v_seen = 1;
            if (copy_text(e->v, sizeof(e->v), text, len) < 0)
                snprintf(e->v, sizeof(e->v), "(too long)");
        } else if (strcmp(name, "PDC") == 0) {
            e->in_pdc = 0;
            r50_point(e);
        }
        return;
    }
    if (strcmp(name, "Id_PRM") == 0) {
        set_prm(e, text, len, line);
    } else if (strcmp(name, "PRM") == 0) {
        r50_unheld(e);
        close_series(e);
    } else if (strcmp(name, "Pas_Publication") == 0) {
        v = trim(text, &k);
        step = (k >= 1 && k <= 4) ? digits(v, (int)k) : -1;
        if (step == 5 || step == 15) {
            e->pas = step;
        } else if (step > 0) {
            e->pas = step; /* still used to place the steps for week S */
            e->step_bad = 1;
            step_refused(e, line, step, "Pas_Publication");
        } else {
            e->step_bad = 1;
            fmt_report_add(e->rep, "ENEDIS-STEP", line,
                           "R50 Pas_Publication is not a number of minutes");
        }
    } else if (strcmp(name, "Numero_Abonnement") == 0) {
        set_ref(e, text, len);
    } else if (strcmp(name, "Date_Creation") == 0) {
        set_created(e, text, len);
    }
}

/* ---------------------------------------------------------------- flow interface */

static void *
enedis_begin(enum kind kind, const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct enedis *e = calloc(1, sizeof(*e));

    if (e == NULL)
        return NULL;
    e->kind = kind;
    e->opts = opts;
    e->rep = rep;
    if ((e->cdc = fmt_cdc_flow.begin(opts, rep)) == NULL) {
        free(e);
        errno = ENOMEM;
        return NULL;
    }
    return e;
}

static void *
r4x_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return enedis_begin(K_R4X, opts, rep);
}

static void *
r50_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    return enedis_begin(K_R50, opts, rep);
}

/* say_tally - one reason for a counted per-point problem */
static void
say_tally(struct enedis *e, const struct tally *t, const char *code, const char *what)
{
    if (t->n == 0)
        return;
    fmt_report_add(e->rep, code, t->line, "%ld point%s %s (first: %s)", t->n, t->n == 1 ? "" : "s",
                   what, t->first);
}

/* make_mrid - KIND.PRM.REF.FIRSTDAY[.CREATED]: at most 57 characters of [A-Za-z0-9._-] */
static void
make_mrid(struct enedis *e)
{
    struct fmt_report *rep = e->rep;

    if (e->first_prm[0] == '\0')
        return;
    snprintf(rep->mrid, sizeof(rep->mrid), "%s.%s.%s.%s%s%s", e->kind == K_R4X ? "R4X" : "R50",
             e->first_prm, e->ref[0] ? e->ref : "0", e->first_day[0] ? e->first_day : "0",
             e->created[0] ? "." : "", e->created);
    rep->revision = 1;
}

static int
enedis_finish(void *st, int complete)
{
    struct enedis *e = st;
    int rc;

    if (complete)
        r50_unheld(e);
    close_series(e);
    say_tally(e, &e->no_offset, "ENEDIS-OFFSET",
              "without a UTC offset: a local time is ambiguous in the October repeated hour");
    say_tally(e, &e->bad_time, "ENEDIS-TIME",
              "without a valid timestamp (YYYY-MM-DDTHH:MM:SS+HH:MM)");
    say_tally(e, &e->bad_value, "ENEDIS-VALUE",
              "with a value that is not an integer (a load curve is never rounded)");
    if (e->week_ok) {
        char week[16];
        snprintf(week, sizeof(week), "%s", e->rep->period);
        if (e->outside.n > 0)
            fmt_report_add(e->rep, "CDC-WEEK", e->outside.line,
                           "%ld point%s outside week S starting %s (the week of the first "
                           "point; a document carries one week); first step: %s",
                           e->outside.n, e->outside.n == 1 ? "" : "s", week, e->outside.first);
        if (e->offgrid.n > 0)
            fmt_report_add(e->rep, "CDC-GRID", e->offgrid.line,
                           "%ld point%s not on the grid of the curve's step (first: %s)",
                           e->offgrid.n, e->offgrid.n == 1 ? "" : "s", e->offgrid.first);
    }
    if (complete && !e->any_curve)
        fmt_report_add(e->rep, "ENEDIS-NO-EA", 0,
                       e->kind == K_R4X
                           ? "R4x without an active-energy (EA) curve: nothing to carry"
                           : "R50 without any point (PDC): nothing to carry");
    if (e->ignored[0] != '\0')
        fmt_report_add(e->rep, "ENEDIS-IGNORED", 0,
                       "only active energy (EA) is carried; ignored: %s", e->ignored);
    make_mrid(e);
    rc = fmt_cdc_flow.finish(e->cdc, complete);
    if (rc == 0 && complete && e->rep->nerrors == 0)
        fmt_report_add(e->rep, "ENEDIS-NO-PERIMETER", 0,
                       "Enedis %s judged as a canonical load curve: its sender is the EIC of "
                       "the inbox it arrives in (unknown to `passerelle check`); its EDA and "
                       "segment come from the reference perimeter, absent here, so the rules "
                       "that need them (resolution by segment, profiled sites) were skipped",
                       kind_names[e->kind]);
    return rc;
}

static void
enedis_free(void *st)
{
    struct enedis *e = st;

    if (e == NULL)
        return;
    fmt_cdc_flow.free(e->cdc);
    free(e);
}

const struct fmt_xml_flow fmt_enedis_r4x_flow = {
    .name = "enedis-r4x",
    .ns = "",
    .root = "Courbe",
    .xsd = NULL,
    .begin = r4x_begin,
    .start = r4x_start,
    .end = r4x_end,
    .finish = enedis_finish,
    .free = enedis_free,
};

const struct fmt_xml_flow fmt_enedis_r50_flow = {
    .name = "enedis-r50",
    .ns = "",
    .root = "R50",
    .xsd = NULL,
    .begin = r50_begin,
    .start = r50_start,
    .end = r50_end,
    .finish = enedis_finish,
    .free = enedis_free,
};
