/* fmt_cdc - rules of the load-curve document that its schema cannot say.
 *
 * DESCRIPTION
 *	Called by fmt_xml for each element of urn:passerelle:cdc:1 as the parser meets it,
 *	after the schema has looked at it. Every attribute is parsed strictly by hand; a value
 *	the schema already refuses (XSD reason) simply leaves the rules that need it unchecked,
 *	so a broken document never crashes a check nor yields a second, derived reason.
 *
 *	State: the week's UTC bounds, the current series (its 5-minute coverage bitmap of the
 *	week, to see overlapping periods), the current period (a bitmap of positions), the set of
 *	sites seen (uint64 keys, open addressing) and the list of sites with missing steps.
 *	Nothing is allocated per point: a gigabyte of points costs no memory.
 *
 *	Coverage: each series also keeps which 5-minute slots of week S its points give a value
 *	(fmt_cover.h, 256 bytes); at the series' end the daemon's sink receives it (cdc_cover), to
 *	tell which document a (site, step) value belongs to (CDC-OVERLAP) and what is still
 *	missing at the deadline (zero-substitution).
 *
 *	Missing steps (CDC-MISSING, a warning) are stated only for a document that is otherwise
 *	accepted: a rejected document's steps are all missing anyway, and listing them would bury
 *	the reason that matters. Expected steps come from the week's UTC bounds (cal_week_bounds),
 *	so DST weeks get 2004/2028 (PT5M) or 668/676 (PT15M) without any table.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_cdc.h"
#include "fmt_cover.h"
#include "fmt_ids.h"
#include "fmt_xml.h"
#include "cal.h"

#define WEEK_SLOTS_MAX 2048 /* 5-minute slots of a 169-hour week: 2028 */
#define POS_BITS_MAX   4096 /* positions tracked per period (a week at PT5M is at most 2028) */

enum segment { SEG_UNKNOWN, SEG_HTA, SEG_BTSUP36, SEG_BTINF36 };
enum nature { NAT_UNKNOWN, NAT_SOUTIRAGE, NAT_INJECTION, NAT_STOCKAGE };
enum measure { MEAS_UNKNOWN, MEAS_TELERELEVE, MEAS_PROFILE };

struct missing {
    uint64_t site;
    long line, missing, expected;
};

struct cdc_series {
    int active;
    long line;
    char site[16]; /* as written, "" when malformed */
    enum segment segment;
    enum nature nature;
    enum measure measure;
    int required;         /* minutes the segment requires, 0 unknown */
    int first_res;        /* minutes of the first period: counts missing steps without a segment */
    int64_t covered_secs; /* seconds covered by points present */
    uint8_t cover[WEEK_SLOTS_MAX / 8];
    uint8_t values[FMT_COVER_BYTES]; /* slots given a value by a point */
};

struct cdc_period {
    int active;
    int ok;     /* bounds and resolution valid, whole steps: positions can be checked */
    long slot0; /* first 5-minute slot of week S when on the grid inside the week, else -1 */
    int res;    /* minutes, 0 unknown */
    time_t start, end;
    long nsteps, npresent;
    char start_text[24];
    uint8_t pos[POS_BITS_MAX / 8];
};

struct fmt_cdc {
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    int week_ok;
    time_t wstart, wend;
    uint64_t *sites; /* key + 1; 0 = empty slot */
    size_t nsites, sitecap;
    struct missing *miss;
    size_t nmiss, misscap;
    int oom;
    struct cdc_series s;
    struct cdc_period p;
};

static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

/* ---------------------------------------------------------------- small parsers */

/* is_ws - XML whitespace (xs:integer and xs:date collapse it) */
static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* trim - strip XML whitespace around v[0..*len) */
static const char *
trim(const char *v, size_t *len)
{
    while (*len > 0 && is_ws(v[0])) {
        v++;
        (*len)--;
    }
    while (*len > 0 && is_ws(v[*len - 1]))
        (*len)--;
    return v;
}

/* eq - attribute value equals the word s exactly */
static int
eq(const struct fmt_xml_attr *a, const char *s)
{
    size_t n = strlen(s);

    return a != NULL && a->len == n && memcmp(a->value, s, n) == 0;
}

/* parse_int - optional '-', 1-18 digits (the schema's limit): 0, or -1 when malformed */
static int
parse_int(const char *v, size_t len, int64_t *out)
{
    int64_t x = 0;
    int neg = 0;
    size_t i = 0;

    v = trim(v, &len);
    if (len > 0 && (v[0] == '-' || v[0] == '+')) {
        neg = v[0] == '-';
        i = 1;
    }
    if (len == i || len - i > 18)
        return -1;
    for (; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    *out = neg ? -x : x;
    return 0;
}

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

/* Instant parse results. */
enum instant { INST_OK, INST_SYNTAX, INST_UNREAL };

/* parse_instant - "YYYY-MM-DDTHH:MMZ" exactly. INST_SYNTAX when the pattern fails (the
 * schema says so), INST_UNREAL when it matches but names no real supported instant. */
static enum instant
parse_instant(const struct fmt_xml_attr *a, time_t *out)
{
    const char *v;
    int y, mo, d, hh, mi;

    if (a == NULL || a->len != 17)
        return INST_SYNTAX;
    v = a->value;
    if (v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != 'Z')
        return INST_SYNTAX;
    y = digits(v, 4);
    mo = digits(v + 5, 2);
    d = digits(v + 8, 2);
    hh = digits(v + 11, 2);
    mi = digits(v + 14, 2);
    if (y < 0 || mo < 0 || d < 0 || hh < 0 || mi < 0)
        return INST_SYNTAX;
    /* cal_utc_from_fields checks the date and the time (24:00 is not a time). */
    if (hh > 23 || mi > 59 || cal_utc_from_fields(y, mo, d, hh, mi, 0, out) < 0)
        return INST_UNREAL;
    return INST_OK;
}

/* ---------------------------------------------------------------- the site set */

/* site_hash - a 64-bit mix (splitmix64 finaliser) */
static size_t
site_hash(uint64_t k)
{
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return (size_t)k;
}

/* site_insert - 1 when newly added, 0 when already there, -1 ENOMEM */
static int
site_insert(struct fmt_cdc *c, uint64_t site)
{
    uint64_t key = site + 1, *old, *nt;
    size_t i, j, oldcap, ncap;

    if ((c->nsites + 1) * 2 > c->sitecap) {
        ncap = c->sitecap ? c->sitecap * 2 : 64;
        if ((nt = calloc(ncap, sizeof(*nt))) == NULL)
            return -1;
        old = c->sites;
        oldcap = c->sitecap;
        for (i = 0; i < oldcap; i++) {
            if (old[i] == 0)
                continue;
            for (j = site_hash(old[i]) & (ncap - 1); nt[j] != 0; j = (j + 1) & (ncap - 1))
                ;
            nt[j] = old[i];
        }
        free(old);
        c->sites = nt;
        c->sitecap = ncap;
    }
    for (i = site_hash(key) & (c->sitecap - 1); c->sites[i] != 0; i = (i + 1) & (c->sitecap - 1))
        if (c->sites[i] == key)
            return 0;
    c->sites[i] = key;
    c->nsites++;
    return 1;
}

/* ---------------------------------------------------------------- week */

/* fmt_cdc_week_steps - from the UTC bounds of the local week */
int
fmt_cdc_week_steps(int y, int mo, int d, int minutes, long *steps)
{
    time_t a, b;

    if (minutes <= 0) {
        errno = EINVAL;
        return -1;
    }
    if (cal_week_bounds(y, mo, d, &a, &b) < 0)
        return -1;
    *steps = (long)((b - a) / (minutes * 60));
    return 0;
}

/* ---------------------------------------------------------------- elements */

static void
header_text(struct fmt_cdc *c, const char *name, const char *text, size_t len, long line)
{
    struct fmt_report *rep = c->rep;
    const char *v;
    int64_t n;
    size_t i, k;
    char *dst;

    if (strcmp(name, "mRID") == 0) {
        if (len < 1 || len > 60)
            return;
        for (i = 0; i < len; i++)
            if (!((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z') ||
                  (text[i] >= '0' && text[i] <= '9') || text[i] == '.' || text[i] == '_' ||
                  text[i] == '-'))
                return;
        memcpy(rep->mrid, text, len);
        rep->mrid[len] = '\0';
    } else if (strcmp(name, "revision") == 0) {
        k = len;
        v = trim(text, &k);
        if (k <= 9 && parse_int(v, k, &n) == 0 && n > 0 && v[0] != '-' && v[0] != '+')
            rep->revision = (long)n;
    } else if (strcmp(name, "sender") == 0 || strcmp(name, "receiver") == 0) {
        if (!fmt_eic_syntax(text, len))
            return; /* the schema says so */
        dst = name[0] == 's' ? rep->sender : rep->receiver;
        memcpy(dst, text, len);
        dst[len] = '\0';
        if (!fmt_eic_valid(text, len))
            fmt_report_add(rep, "EIC-CHECK", line,
                           "%s %s: wrong check character (expected '%c', found '%c')", name, dst,
                           fmt_eic_check_char(text), text[15]);
    }
}

static void
week_start(struct fmt_cdc *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *a = fmt_xml_attr_find(attrs, n, "start");
    char buf[11];
    const char *v;
    size_t len;
    int y, mo, d, wd;
    time_t deadline;

    if (a == NULL)
        return;
    len = a->len;
    v = trim(a->value, &len);
    if (len != 10)
        return;
    memcpy(buf, v, 10);
    buf[10] = '\0';
    if (cal_parse_date(buf, &y, &mo, &d) < 0)
        return; /* not a date: the schema says so */
    memcpy(c->rep->period, buf, 11);
    wd = cal_weekday(y, mo, d);
    if (wd != c->opts->week_start) {
        fmt_report_add(c->rep, "CDC-WEEK", line, "week@start %s is a %s: a week S starts on a %s",
                       buf, day_names[wd], day_names[c->opts->week_start]);
        return;
    }
    if (cal_week_bounds(y, mo, d, &c->wstart, &c->wend) < 0) {
        fmt_report_add(c->rep, "CDC-WEEK", line, "week@start %s is outside the supported years",
                       buf);
        return;
    }
    if (cal_cdc_deadline(y, mo, d, &deadline) == 0)
        c->rep->deadline = deadline;
    c->week_ok = 1;
}

static void
series_start(struct fmt_cdc *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cdc_series *s = &c->s;
    const struct fmt_xml_attr *a;
    uint64_t site;
    int r;

    memset(s, 0, sizeof(*s));
    s->active = 1;
    s->line = line;
    a = fmt_xml_attr_find(attrs, n, "site");
    if (a != NULL && fmt_prm_parse(a->value, a->len, &site) == 0) {
        memcpy(s->site, a->value, FMT_PRM_LEN);
        s->site[FMT_PRM_LEN] = '\0';
        r = site_insert(c, site);
        if (r < 0)
            c->oom = 1;
        else if (r == 0)
            fmt_report_add(c->rep, "CDC-SITE-DUP", line,
                           "site %s: a second series for the same site in this document", s->site);
    }
    a = fmt_xml_attr_find(attrs, n, "segment");
    s->segment = eq(a, "HTA")       ? SEG_HTA
                 : eq(a, "BTSUP36") ? SEG_BTSUP36
                 : eq(a, "BTINF36") ? SEG_BTINF36
                                    : SEG_UNKNOWN;
    s->required = s->segment == SEG_BTINF36 ? 15 : s->segment != SEG_UNKNOWN ? 5 : 0;
    a = fmt_xml_attr_find(attrs, n, "nature");
    s->nature = eq(a, "soutirage")   ? NAT_SOUTIRAGE
                : eq(a, "injection") ? NAT_INJECTION
                : eq(a, "stockage")  ? NAT_STOCKAGE
                                     : NAT_UNKNOWN;
    a = fmt_xml_attr_find(attrs, n, "measure");
    s->measure = eq(a, "telereleve") ? MEAS_TELERELEVE
                 : eq(a, "profile")  ? MEAS_PROFILE
                                     : MEAS_UNKNOWN;
    if (s->measure == MEAS_PROFILE && ((s->nature != NAT_UNKNOWN && s->nature != NAT_SOUTIRAGE) ||
                                       (s->segment != SEG_UNKNOWN && s->segment != SEG_BTINF36)))
        fmt_report_add(c->rep, "CDC-PROFILE", line,
                       "site %s: a profiled curve is for a BTINF36 soutirage site",
                       s->site[0] ? s->site : "?");
}

static void
series_end(struct fmt_cdc *c)
{
    struct cdc_series *s = &c->s;
    struct missing *nm;
    long expected, present;
    size_t ncap;
    /* A series without a segment (an Enedis file, whose segment is the perimeter's) still
     * has its missing steps counted, at the step it was sent in. */
    int res = s->required != 0 ? s->required : s->first_res;

    s->active = 0;
    if (c->week_ok && s->site[0] != '\0' && c->opts->sink && c->opts->sink->cdc_cover) {
        struct fmt_cdc_cover cv;

        cv.site = s->site;
        cv.week = c->rep->period;
        cv.wstart = c->wstart;
        cv.nslots = (long)((c->wend - c->wstart) / 300);
        cv.resolution = res;
        cv.bitmap = s->values;
        cv.count = fmt_cover_count(s->values, cv.nslots);
        cv.line = s->line;
        c->opts->sink->cdc_cover(c->opts->sink->arg, &cv, c->rep);
    }
    if (!c->week_ok || res == 0 || s->site[0] == '\0')
        return;
    expected = (long)((c->wend - c->wstart) / (res * 60));
    present = (long)(s->covered_secs / (res * 60));
    if (present >= expected)
        return;
    if (c->nmiss == c->misscap) {
        ncap = c->misscap ? c->misscap * 2 : 16;
        if ((nm = realloc(c->miss, ncap * sizeof(*nm))) == NULL) {
            c->oom = 1;
            return;
        }
        c->miss = nm;
        c->misscap = ncap;
    }
    nm = &c->miss[c->nmiss++];
    (void)fmt_prm_parse(s->site, FMT_PRM_LEN, &nm->site);
    nm->line = s->line;
    nm->missing = expected - present;
    nm->expected = expected;
}

/* period_cover - mark the period's 5-minute slots in the series' week bitmap; 1 on overlap */
static int
period_cover(struct fmt_cdc *c, time_t start, time_t end)
{
    uint8_t *bm = c->s.cover;
    long a = (long)((start - c->wstart) / 300), b = (long)((end - c->wstart) / 300), i;
    int overlap = 0;

    for (i = a; i < b && i < WEEK_SLOTS_MAX; i++) {
        if (bm[i >> 3] & (1u << (i & 7)))
            overlap = 1;
        bm[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
    return overlap;
}

static void
period_start(struct fmt_cdc *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cdc_period *p = &c->p;
    struct cdc_series *s = &c->s;
    const struct fmt_xml_attr *a, *as, *ae;
    enum instant is, ie;
    const char *site = s->site[0] ? s->site : "?";
    time_t step;

    p->active = 1;
    p->ok = 0;
    p->nsteps = p->npresent = 0;
    p->slot0 = -1;
    p->start_text[0] = '\0';
    a = fmt_xml_attr_find(attrs, n, "resolution");
    p->res = eq(a, "PT5M") ? 5 : eq(a, "PT15M") ? 15 : 0;
    as = fmt_xml_attr_find(attrs, n, "start");
    ae = fmt_xml_attr_find(attrs, n, "end");
    if (as != NULL && as->len < sizeof(p->start_text)) {
        memcpy(p->start_text, as->value, as->len);
        p->start_text[as->len] = '\0';
    }
    is = parse_instant(as, &p->start);
    ie = parse_instant(ae, &p->end);
    if (is == INST_UNREAL)
        fmt_report_add(c->rep, "CDC-INSTANT", line,
                       "site %s: Period@start %.*s is not a real instant", site, (int)as->len,
                       as->value);
    if (ie == INST_UNREAL)
        fmt_report_add(c->rep, "CDC-INSTANT", line,
                       "site %s: Period@end %.*s is not a real instant", site, (int)ae->len,
                       ae->value);
    if (p->res != 0 && s->required != 0 && p->res != s->required)
        fmt_report_add(c->rep, "CDC-RESOLUTION", line, "site %s: a %s curve uses PT%dM, not PT%dM",
                       site,
                       s->segment == SEG_HTA       ? "HTA"
                       : s->segment == SEG_BTSUP36 ? "BTSUP36"
                                                   : "BTINF36",
                       s->required, p->res);
    if (is != INST_OK || ie != INST_OK)
        return;
    if (c->week_ok && (p->start < c->wstart || p->end > c->wend))
        fmt_report_add(c->rep, "CDC-WEEK", line, "site %s: period %s is not inside week S (%s)",
                       site, p->start_text, c->rep->period);
    if (p->res == 0)
        return;
    step = (time_t)p->res * 60;
    if (p->end <= p->start) {
        fmt_report_add(c->rep, "CDC-STEP", line, "site %s: period %s ends before it starts", site,
                       p->start_text);
        return;
    }
    if ((p->end - p->start) % step != 0) {
        fmt_report_add(c->rep, "CDC-STEP", line,
                       "site %s: period %s is not a whole number of PT%dM steps", site,
                       p->start_text, p->res);
        return;
    }
    if (p->start % step != 0) {
        fmt_report_add(c->rep, "CDC-GRID", line, "site %s: period %s is not on the PT%dM grid",
                       site, p->start_text, p->res);
    } else if (c->week_ok && p->start >= c->wstart && p->end <= c->wend &&
               period_cover(c, p->start, p->end)) {
        fmt_report_add(c->rep, "CDC-PERIOD-OVERLAP", line,
                       "site %s: period %s overlaps an earlier period of the series", site,
                       p->start_text);
    }
    p->nsteps = (long)((p->end - p->start) / step);
    p->ok = 1;
    if (c->week_ok && p->start % step == 0 && p->start >= c->wstart && p->end <= c->wend)
        p->slot0 = (long)((p->start - c->wstart) / 300);
    if (s->first_res == 0)
        s->first_res = p->res;
    memset(p->pos, 0, sizeof(p->pos));
}

static void
period_end(struct fmt_cdc *c)
{
    struct cdc_period *p = &c->p;

    if (p->ok)
        c->s.covered_secs += (int64_t)p->npresent * p->res * 60;
    p->active = 0;
    p->ok = 0;
}

/* point_start - the hot path: no allocation, no copy */
static void
point_start(struct fmt_cdc *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cdc_period *p = &c->p;
    const struct fmt_xml_attr *a;
    const char *site = c->s.site[0] ? c->s.site : "?";
    int64_t pos = -1, q;
    size_t i;

    for (i = 0; i < n; i++) {
        a = &attrs[i];
        if (strcmp(a->name, "position") == 0) {
            if (parse_int(a->value, a->len, &pos) < 0 || pos < 1)
                pos = -1;
        } else if (strcmp(a->name, "quantity") == 0) {
            if (parse_int(a->value, a->len, &q) == 0 && q < 0 && c->s.nature != NAT_UNKNOWN &&
                c->s.nature != NAT_STOCKAGE)
                fmt_report_add(c->rep, "CDC-NEGATIVE", line,
                               "site %s: quantity %lld is negative outside a stockage series", site,
                               (long long)q);
        } else if (strcmp(a->name, "quality") == 0) {
            if (eq(a, "S"))
                fmt_report_add(c->rep, "CDC-QUALITY-S", line,
                               "site %s: quality S (substituted) is written by the gateway only",
                               site);
        }
    }
    if (!p->ok || pos < 1)
        return;
    if (pos > p->nsteps) {
        fmt_report_add(c->rep, "CDC-POSITION", line,
                       "site %s: position %lld is beyond period %s (%ld steps)", site,
                       (long long)pos, p->start_text, p->nsteps);
        return;
    }
    if (pos > POS_BITS_MAX)
        return; /* a period longer than any week: CDC-WEEK already said it */
    if (p->pos[(pos - 1) >> 3] & (1u << ((pos - 1) & 7))) {
        fmt_report_add(c->rep, "CDC-POSITION-DUP", line,
                       "site %s: position %lld is repeated in period %s", site, (long long)pos,
                       p->start_text);
        return;
    }
    p->pos[(pos - 1) >> 3] |= (uint8_t)(1u << ((pos - 1) & 7));
    p->npresent++;
    if (p->slot0 >= 0)
        fmt_cover_set(c->s.values, p->slot0 + (long)(pos - 1) * (p->res / 5), p->res / 5);
}

/* ---------------------------------------------------------------- flow interface */

static void *
cdc_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct fmt_cdc *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->opts = opts;
    c->rep = rep;
    return c;
}

/* series_sink - hand the series to the daemon (ownership, coverage) */
static void
series_sink(struct fmt_cdc *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    char site[40], eda[40], seg[16], nat[16], meas[16], unit[8];
    struct fmt_cdc_series s;

    s.site = fmt_xml_attr_str(attrs, n, "site", site, sizeof(site));
    s.eda = fmt_xml_attr_str(attrs, n, "eda", eda, sizeof(eda));
    s.segment = fmt_xml_attr_str(attrs, n, "segment", seg, sizeof(seg));
    s.nature = fmt_xml_attr_str(attrs, n, "nature", nat, sizeof(nat));
    s.measure = fmt_xml_attr_str(attrs, n, "measure", meas, sizeof(meas));
    s.unit = fmt_xml_attr_str(attrs, n, "unit", unit, sizeof(unit));
    s.line = line;
    c->opts->sink->cdc_series(c->opts->sink->arg, &s, c->rep);
}

static void
cdc_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct fmt_cdc *c = st;

    switch (name[0]) {
    case 'P':
        if (strcmp(name, "Point") == 0 && c->p.active)
            point_start(c, attrs, n, line);
        else if (strcmp(name, "Period") == 0 && c->s.active)
            period_start(c, attrs, n, line);
        break;
    case 'S':
        if (strcmp(name, "Series") == 0) {
            series_start(c, attrs, n, line);
            if (c->opts->sink && c->opts->sink->cdc_series)
                series_sink(c, attrs, n, line);
        }
        break;
    case 'w':
        if (strcmp(name, "week") == 0)
            week_start(c, attrs, n, line);
        break;
    }
}

static void
cdc_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct fmt_cdc *c = st;

    switch (name[0]) {
    case 'P':
        if (strcmp(name, "Period") == 0 && c->p.active)
            period_end(c);
        break;
    case 'S':
        if (strcmp(name, "Series") == 0 && c->s.active)
            series_end(c);
        break;
    case 'm':
    case 'r':
    case 's':
        header_text(c, name, text, len, line);
        break;
    }
}

static int
cdc_finish(void *st, int complete)
{
    struct fmt_cdc *c = st;
    size_t i;

    if (c->oom) {
        errno = ENOMEM;
        return -1;
    }
    if (!complete || c->rep->nerrors > 0)
        return 0;
    for (i = 0; i < c->nmiss; i++)
        fmt_report_add(
            c->rep, "CDC-MISSING", c->miss[i].line, "site %014llu: %ld missing steps of %ld",
            (unsigned long long)c->miss[i].site, c->miss[i].missing, c->miss[i].expected);
    return 0;
}

static void
cdc_free(void *st)
{
    struct fmt_cdc *c = st;

    if (c == NULL)
        return;
    free(c->sites);
    free(c->miss);
    free(c);
}

const struct fmt_xml_flow fmt_cdc_flow = {
    .name = "cdc",
    .ns = "urn:passerelle:cdc:1",
    .root = "CourbesDeCharge",
    .xsd = "cdc.xsd",
    .begin = cdc_begin,
    .start = cdc_start,
    .end = cdc_end,
    .finish = cdc_finish,
    .free = cdc_free,
};
