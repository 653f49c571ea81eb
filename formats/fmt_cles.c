/* fmt_cles - rules of the répartition keys document that its schema cannot say.
 *
 * DESCRIPTION
 *	Called by fmt_xml for each element of urn:passerelle:cles:1 as the parser meets it,
 *	after the schema has looked at it. Attributes are parsed strictly by hand; a value the
 *	schema already refuses (XSD reason) leaves the rules that need it unchecked, so a broken
 *	document never crashes a check nor yields a second, derived reason.
 *
 *	Keys are fmt_decimal fixed-point values: a point's keys are summed exactly and the sum
 *	must be 1 (2.L.6.1.2). No floating point anywhere on this path.
 *
 *	The site set of an EDA is the set of sites of its first point whose sites all parse; every
 *	later point must give one key to each of them and to no other site (CLES-SITES, one reason
 *	per point, at its line). The set is an open-addressing table of PRMs with, per slot, the
 *	serial of the last point that named it: a point is checked in O(its keys) without
 *	clearing anything, and memory is bounded by the site count of one EDA.
 *
 *	Keys outside [0, 1]: an error per key (CLES-RANGE) without EDA@justification; with it, one
 *	warning per EDA (CLES-JUSTIFIED) at the first such key, with their count, so a justified
 *	EDA does not bury the acknowledgement under thousands of identical lines.
 *
 *	The 1/n defaults (root ClesParDefaut) are the gateway's own statement: a sender's copy is
 *	refused (CLES-DEFAULT) and not checked further.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "fmt.h"
#include "fmt_cles.h"
#include "fmt_decimal.h"
#include "fmt_ids.h"
#include "fmt_xml.h"

#define STEP_SECS       300             /* PT5M, the only resolution of keys */
#define MONTH_SLOTS_MAX (31 * 288 + 12) /* 5-minute steps of a 31-day month with 25 h day */
#define POS_BITS_MAX    MONTH_SLOTS_MAX /* a period longer than month M: CLES-MONTH said so */
#define EDA_ID_MAX      35

/* The site set of the current EDA. */
struct siteset {
    uint64_t *keys; /* PRM + 1; 0 = empty slot */
    uint32_t *seen; /* serial of the last point that named the slot */
    size_t n, cap;  /* cap is 0 or a power of two */
};

/* The document's EDA ids (CLES-EDA-DUP). */
struct idset {
    char (*ids)[EDA_ID_MAX + 1]; /* "" = empty slot */
    long *lines;
    size_t n, cap;
};

struct cles_eda {
    int active;
    long line;
    char id[EDA_ID_MAX + 1]; /* "" when malformed */
    int justified;
    int established;     /* the site set is fixed */
    long set_line;       /* line of the point that fixed it */
    long nout, out_line; /* justified keys outside [0, 1], the first one's line */
    uint8_t cover[MONTH_SLOTS_MAX / 8 + 1];
};

struct cles_period {
    int active;
    int ok; /* bounds valid, whole steps: positions can be checked */
    time_t start, end;
    long nsteps;
    char start_text[24];
    uint8_t pos[POS_BITS_MAX / 8 + 1];
};

struct cles_point {
    int active;
    long line;
    long position; /* -1 when malformed */
    int values_ok; /* every @value parsed */
    int sum_overflow;
    struct fmt_dec sum;
    int sites_ok;  /* every @site parsed */
    size_t nseen;  /* distinct sites of the set named by this point */
    size_t nextra; /* keys for sites outside the set */
    char extra[FMT_PRM_LEN + 1];
};

struct fmt_cles {
    const struct fmt_opts *opts;
    struct fmt_report *rep;
    int is_default; /* a ClesParDefaut: refused, nothing more checked */
    int month_ok;
    time_t mstart, mend;
    uint32_t serial; /* of the current point, never 0 */
    struct siteset set;
    struct idset edas;
    int oom;
    struct cles_eda e;
    struct cles_period p;
    struct cles_point pt;
};

/* ---------------------------------------------------------------- small parsers */

/* is_ws - XML whitespace */
static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* trim - strip XML whitespace around v[0..*len) (xs:token and xs:integer collapse it) */
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

/* parse_pos - 1-18 digits, no sign (xs:positiveInteger with the schema's pattern): 0 or -1 */
static int
parse_pos(const char *v, size_t len, long *out)
{
    int64_t x = 0;
    size_t i;

    v = trim(v, &len);
    if (len == 0 || len > 18)
        return -1;
    for (i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    if (x < 1)
        return -1;
    *out = x > (int64_t)POS_BITS_MAX * 1000 ? (long)POS_BITS_MAX * 1000 : (long)x;
    return 0;
}

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
    if (hh > 23 || mi > 59 || cal_utc_from_fields(y, mo, d, hh, mi, 0, out) < 0)
        return INST_UNREAL;
    return INST_OK;
}

/* ---------------------------------------------------------------- month and deadline */

/* fmt_cles_month_bounds - 00:00 local of day 1 is never in a DST gap nor repeated */
int
fmt_cles_month_bounds(int y, int mo, time_t *start, time_t *end)
{
    time_t a, b;
    int ny = mo == 12 ? y + 1 : y, nmo = mo == 12 ? 1 : mo + 1;

    if (mo < 1 || mo > 12) {
        errno = EINVAL;
        return -1;
    }
    if (cal_local_to_utc(y, mo, 1, 0, 0, 0, &a) < 0 ||
        cal_local_to_utc(ny, nmo, 1, 0, 0, 0, &b) < 0)
        return -1;
    *start = a;
    *end = b;
    return 0;
}

/* fmt_cles_deadline - 23:59:59 local of the third Thursday of M+1, from cal.h's deadline
 * table: no holiday shifts it ("le 3ème jeudi du mois M+1" stands even on a holiday), so the
 * built-in holiday list (NULL) is as good as the operator's. */
int
fmt_cles_deadline(int y, int mo, time_t *deadline)
{
    if (mo < 1 || mo > 12) {
        errno = EINVAL;
        return -1;
    }
    return cal_deadline_month("cles", y, mo, NULL, deadline);
}

/* ---------------------------------------------------------------- sets */

/* mix64 - splitmix64 finaliser */
static size_t
mix64(uint64_t k)
{
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ULL;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebULL;
    k ^= k >> 31;
    return (size_t)k;
}

/* set_find - the slot of site, or (size_t)-1 */
static size_t
set_find(const struct siteset *s, uint64_t site)
{
    uint64_t key = site + 1;
    size_t i;

    if (s->cap == 0)
        return (size_t)-1;
    for (i = mix64(key) & (s->cap - 1); s->keys[i] != 0; i = (i + 1) & (s->cap - 1))
        if (s->keys[i] == key)
            return i;
    return (size_t)-1;
}

/* set_insert - add a site known to be absent; its slot, or (size_t)-1 with ENOMEM */
static size_t
set_insert(struct siteset *s, uint64_t site)
{
    uint64_t key = site + 1, *nk;
    uint32_t *ns;
    size_t i, j, ncap;

    if ((s->n + 1) * 2 > s->cap) {
        ncap = s->cap ? s->cap * 2 : 16;
        nk = calloc(ncap, sizeof(*nk));
        ns = calloc(ncap, sizeof(*ns));
        if (nk == NULL || ns == NULL) {
            free(nk);
            free(ns);
            return (size_t)-1;
        }
        for (i = 0; i < s->cap; i++) {
            if (s->keys[i] == 0)
                continue;
            for (j = mix64(s->keys[i]) & (ncap - 1); nk[j] != 0; j = (j + 1) & (ncap - 1))
                ;
            nk[j] = s->keys[i];
            ns[j] = s->seen[i];
        }
        free(s->keys);
        free(s->seen);
        s->keys = nk;
        s->seen = ns;
        s->cap = ncap;
    }
    for (i = mix64(key) & (s->cap - 1); s->keys[i] != 0; i = (i + 1) & (s->cap - 1))
        ;
    s->keys[i] = key;
    s->seen[i] = 0;
    s->n++;
    return i;
}

/* set_clear - empty, keeping the table */
static void
set_clear(struct siteset *s)
{
    if (s->cap > 0) {
        memset(s->keys, 0, s->cap * sizeof(*s->keys));
        memset(s->seen, 0, s->cap * sizeof(*s->seen));
    }
    s->n = 0;
}

/* str_hash - FNV-1a */
static size_t
str_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return (size_t)h;
}

/* id_put - 1 added, 0 already there (*linep its first line), -1 ENOMEM */
static int
id_put(struct idset *s, const char *id, long line, long *linep)
{
    char(*ni)[EDA_ID_MAX + 1];
    long *nl;
    size_t i, j, ncap;

    if ((s->n + 1) * 2 > s->cap) {
        ncap = s->cap ? s->cap * 2 : 16;
        ni = calloc(ncap, sizeof(*ni));
        nl = calloc(ncap, sizeof(*nl));
        if (ni == NULL || nl == NULL) {
            free(ni);
            free(nl);
            return -1;
        }
        for (i = 0; i < s->cap; i++) {
            if (s->ids[i][0] == '\0')
                continue;
            for (j = str_hash(s->ids[i]) & (ncap - 1); ni[j][0] != '\0'; j = (j + 1) & (ncap - 1))
                ;
            memcpy(ni[j], s->ids[i], sizeof(ni[j]));
            nl[j] = s->lines[i];
        }
        free(s->ids);
        free(s->lines);
        s->ids = ni;
        s->lines = nl;
        s->cap = ncap;
    }
    for (i = str_hash(id) & (s->cap - 1); s->ids[i][0] != '\0'; i = (i + 1) & (s->cap - 1))
        if (strcmp(s->ids[i], id) == 0) {
            *linep = s->lines[i];
            return 0;
        }
    snprintf(s->ids[i], sizeof(s->ids[i]), "%s", id);
    s->lines[i] = line;
    s->n++;
    return 1;
}

/* ---------------------------------------------------------------- header */

static void
header_text(struct fmt_cles *c, const char *name, const char *text, size_t len, long line)
{
    struct fmt_report *rep = c->rep;
    const char *v;
    size_t i, k;
    long n;
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
        if (k >= 1 && k <= 9 && parse_pos(v, k, &n) == 0)
            rep->revision = n;
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

/* month_text - "YYYY-MM": month M, its UTC bounds and the deadline */
static void
month_text(struct fmt_cles *c, const char *text, size_t len, long line)
{
    const char *v;
    int y, mo;
    time_t deadline;

    v = trim(text, &len);
    if (len != 7 || v[4] != '-' || (y = digits(v, 4)) < 0 || (mo = digits(v + 5, 2)) < 1 || mo > 12)
        return; /* the schema says so */
    memcpy(c->rep->period, v, 7);
    c->rep->period[7] = '\0';
    if (fmt_cles_month_bounds(y, mo, &c->mstart, &c->mend) < 0) {
        fmt_report_add(c->rep, "CLES-MONTH", line, "month %s is outside the supported years",
                       c->rep->period);
        return;
    }
    if (fmt_cles_deadline(y, mo, &deadline) == 0)
        c->rep->deadline = deadline;
    c->month_ok = 1;
}

/* ---------------------------------------------------------------- EDA */

static void
eda_start(struct fmt_cles *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cles_eda *e = &c->e;
    const struct fmt_xml_attr *a;
    size_t i, len;
    long first;
    int r;

    e->active = 1;
    e->line = line;
    e->id[0] = '\0';
    e->established = 0;
    e->set_line = 0;
    e->nout = e->out_line = 0;
    memset(e->cover, 0, sizeof(e->cover));
    set_clear(&c->set);
    a = fmt_xml_attr_find(attrs, n, "id");
    if (a != NULL && a->len >= 1 && a->len <= EDA_ID_MAX) {
        for (i = 0; i < a->len; i++)
            if (!((a->value[i] >= 'A' && a->value[i] <= 'Z') ||
                  (a->value[i] >= 'a' && a->value[i] <= 'z') ||
                  (a->value[i] >= '0' && a->value[i] <= '9') || a->value[i] == '_' ||
                  a->value[i] == '-'))
                break;
        if (i == a->len) {
            memcpy(e->id, a->value, a->len);
            e->id[a->len] = '\0';
        }
    }
    if (e->id[0] != '\0' && c->opts && c->opts->sink && c->opts->sink->cles_eda)
        c->opts->sink->cles_eda(c->opts->sink->arg, e->id);
    if (e->id[0] != '\0') {
        r = id_put(&c->edas, e->id, line, &first);
        if (r < 0)
            c->oom = 1;
        else if (r == 0)
            fmt_report_add(c->rep, "CLES-EDA-DUP", line,
                           "EDA %s: a second block for the same EDA (first on line %ld)", e->id,
                           first);
    }
    a = fmt_xml_attr_find(attrs, n, "justification");
    e->justified = 0;
    if (a != NULL) {
        len = a->len;
        (void)trim(a->value, &len);
        e->justified = len > 0;
    }
}

static void
eda_end(struct fmt_cles *c)
{
    struct cles_eda *e = &c->e;

    if (e->nout > 0)
        fmt_report_add(c->rep, "CLES-JUSTIFIED", e->out_line,
                       "EDA %s: %ld key(s) outside [0, 1], accepted under its justification",
                       e->id[0] ? e->id : "?", e->nout);
    e->active = 0;
}

/* ---------------------------------------------------------------- Period */

/* period_cover - mark the period's steps in the EDA's month bitmap; 1 on overlap */
static int
period_cover(struct fmt_cles *c, time_t start, time_t end)
{
    uint8_t *bm = c->e.cover;
    long a = (long)((start - c->mstart) / STEP_SECS), b = (long)((end - c->mstart) / STEP_SECS);
    long i;
    int overlap = 0;

    for (i = a; i < b && i < MONTH_SLOTS_MAX; i++) {
        if (bm[i >> 3] & (1u << (i & 7)))
            overlap = 1;
        bm[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
    return overlap;
}

static void
period_start(struct fmt_cles *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cles_period *p = &c->p;
    const struct fmt_xml_attr *a, *as, *ae;
    const char *eda = c->e.id[0] ? c->e.id : "?";
    enum instant is, ie;

    p->active = 1;
    p->ok = 0;
    p->nsteps = 0;
    p->start_text[0] = '\0';
    a = fmt_xml_attr_find(attrs, n, "resolution");
    as = fmt_xml_attr_find(attrs, n, "start");
    ae = fmt_xml_attr_find(attrs, n, "end");
    if (as != NULL && as->len < sizeof(p->start_text)) {
        memcpy(p->start_text, as->value, as->len);
        p->start_text[as->len] = '\0';
    }
    is = parse_instant(as, &p->start);
    ie = parse_instant(ae, &p->end);
    if (is == INST_UNREAL)
        fmt_report_add(c->rep, "CLES-INSTANT", line,
                       "EDA %s: Period@start %.*s is not a real instant", eda, (int)as->len,
                       as->value);
    if (ie == INST_UNREAL)
        fmt_report_add(c->rep, "CLES-INSTANT", line,
                       "EDA %s: Period@end %.*s is not a real instant", eda, (int)ae->len,
                       ae->value);
    if (is != INST_OK || ie != INST_OK)
        return;
    if (c->month_ok && (p->start < c->mstart || p->end > c->mend))
        fmt_report_add(c->rep, "CLES-MONTH", line,
                       "EDA %s: period %s is not inside month %s (local time)", eda, p->start_text,
                       c->rep->period);
    if (a == NULL || a->len != 4 || memcmp(a->value, "PT5M", 4) != 0)
        return; /* the schema says so */
    if (p->end <= p->start) {
        fmt_report_add(c->rep, "CLES-STEP", line, "EDA %s: period %s ends before it starts", eda,
                       p->start_text);
        return;
    }
    if ((p->end - p->start) % STEP_SECS != 0) {
        fmt_report_add(c->rep, "CLES-STEP", line,
                       "EDA %s: period %s is not a whole number of PT5M steps", eda, p->start_text);
        return;
    }
    if (p->start % STEP_SECS != 0) {
        fmt_report_add(c->rep, "CLES-GRID", line, "EDA %s: period %s is not on the PT5M grid", eda,
                       p->start_text);
    } else if (c->month_ok && p->start >= c->mstart && p->end <= c->mend &&
               period_cover(c, p->start, p->end)) {
        fmt_report_add(c->rep, "CLES-PERIOD-OVERLAP", line,
                       "EDA %s: period %s overlaps an earlier period of the EDA", eda,
                       p->start_text);
    }
    p->nsteps = (long)((p->end - p->start) / STEP_SECS);
    p->ok = 1;
    memset(p->pos, 0, sizeof(p->pos));
}

/* ---------------------------------------------------------------- Point and Key */

static void
point_start(struct fmt_cles *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cles_point *pt = &c->pt;
    struct cles_period *p = &c->p;
    const struct fmt_xml_attr *a;
    const char *eda = c->e.id[0] ? c->e.id : "?";
    long pos = -1;

    memset(pt, 0, sizeof(*pt));
    pt->active = 1;
    pt->line = line;
    pt->values_ok = 1;
    pt->sites_ok = 1;
    if (++c->serial == 0) {
        /* wrapped after 4 billion points: forget every mark once */
        if (c->set.cap > 0)
            memset(c->set.seen, 0, c->set.cap * sizeof(*c->set.seen));
        c->serial = 1;
    }
    a = fmt_xml_attr_find(attrs, n, "position");
    if (a == NULL || parse_pos(a->value, a->len, &pos) < 0)
        pos = -1;
    pt->position = pos;
    if (!p->ok || pos < 1)
        return;
    if (pos > p->nsteps) {
        fmt_report_add(c->rep, "CLES-POSITION", line,
                       "EDA %s: position %ld is beyond period %s (%ld steps)", eda, pos,
                       p->start_text, p->nsteps);
        return;
    }
    if (pos > POS_BITS_MAX)
        return; /* a period longer than the month: CLES-MONTH said it */
    if (p->pos[(pos - 1) >> 3] & (1u << ((pos - 1) & 7))) {
        fmt_report_add(c->rep, "CLES-POSITION-DUP", line,
                       "EDA %s: position %ld is repeated in period %s", eda, pos, p->start_text);
        return;
    }
    p->pos[(pos - 1) >> 3] |= (uint8_t)(1u << ((pos - 1) & 7));
}

/* key_start - the hot path: no allocation once the EDA's site set is built */
static void
key_start(struct fmt_cles *c, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct cles_point *pt = &c->pt;
    struct cles_eda *e = &c->e;
    const struct fmt_xml_attr *as, *av;
    const char *eda = e->id[0] ? e->id : "?", *v = NULL;
    struct fmt_dec key;
    uint64_t site = 0;
    size_t len = 0, slot;
    char sitebuf[FMT_PRM_LEN + 1];

    as = fmt_xml_attr_find(attrs, n, "site");
    av = fmt_xml_attr_find(attrs, n, "value");
    sitebuf[0] = '\0';
    if (as != NULL && fmt_prm_parse(as->value, as->len, &site) == 0) {
        memcpy(sitebuf, as->value, FMT_PRM_LEN);
        sitebuf[FMT_PRM_LEN] = '\0';
    } else {
        pt->sites_ok = 0;
    }
    if (av != NULL) {
        len = av->len;
        v = trim(av->value, &len);
    }
    if (av == NULL || fmt_dec_parse(v, len, &key) < 0) {
        pt->values_ok = 0;
    } else {
        if (!fmt_dec_in_unit(&key)) {
            if (e->justified) {
                if (e->nout++ == 0)
                    e->out_line = line;
            } else {
                fmt_report_add(c->rep, "CLES-RANGE", line,
                               "EDA %s: site %s: key %.*s is outside [0, 1] and the EDA has no "
                               "@justification",
                               eda, sitebuf[0] ? sitebuf : "?", (int)len, v);
            }
        }
        if (!pt->sum_overflow && fmt_dec_add(&pt->sum, &key) < 0)
            pt->sum_overflow = 1;
    }
    if (sitebuf[0] == '\0')
        return;
    slot = set_find(&c->set, site);
    if (slot != (size_t)-1 && c->set.seen[slot] == c->serial) {
        fmt_report_add(c->rep, "CLES-SITE-DUP", line,
                       "EDA %s: site %s has a second key in the point at position %ld", eda,
                       sitebuf, pt->position);
        return;
    }
    if (slot == (size_t)-1) {
        if (e->established) {
            if (pt->nextra++ == 0)
                memcpy(pt->extra, sitebuf, sizeof(pt->extra));
            return;
        }
        if ((slot = set_insert(&c->set, site)) == (size_t)-1) {
            c->oom = 1;
            return;
        }
    }
    c->set.seen[slot] = c->serial;
    pt->nseen++;
}

/* missing_site - one site of the set that the current point did not name */
static void
missing_site(const struct fmt_cles *c, char *out, size_t size)
{
    size_t i;

    snprintf(out, size, "?");
    for (i = 0; i < c->set.cap; i++)
        if (c->set.keys[i] != 0 && c->set.seen[i] != c->serial) {
            snprintf(out, size, "%014llu", (unsigned long long)(c->set.keys[i] - 1));
            return;
        }
}

static void
point_end(struct fmt_cles *c)
{
    struct cles_point *pt = &c->pt;
    struct cles_eda *e = &c->e;
    const char *eda = e->id[0] ? e->id : "?";
    char buf[FMT_DEC_STR_MAX], miss[24];

    pt->active = 0;
    if (pt->values_ok) {
        if (pt->sum_overflow)
            fmt_report_add(c->rep, "CLES-SUM", pt->line,
                           "EDA %s: position %ld: the sum of the keys overflows (not 1)", eda,
                           pt->position);
        else if (!fmt_dec_is_one(&pt->sum) && fmt_dec_format(&pt->sum, buf, sizeof(buf)) == 0)
            fmt_report_add(c->rep, "CLES-SUM", pt->line,
                           "EDA %s: position %ld: the keys sum to %s, not exactly 1", eda,
                           pt->position, buf);
    }
    if (!pt->sites_ok) {
        if (!e->established)
            set_clear(&c->set); /* a set built from a broken point would mislead: next one */
        return;
    }
    if (!e->established) {
        e->established = 1;
        e->set_line = pt->line;
        if (c->set.n < 2)
            fmt_report_add(c->rep, "CLES-MIN-SITES", pt->line,
                           "EDA %s: keys for %zu site(s): keys are sent only for an EDA of at "
                           "least two sites",
                           eda, c->set.n);
        return;
    }
    if (pt->nextra > 0)
        fmt_report_add(c->rep, "CLES-SITES", pt->line,
                       "EDA %s: position %ld: site %s%s is not among the %zu sites of the "
                       "EDA's first point (line %ld)",
                       eda, pt->position, pt->extra, pt->nextra > 1 ? " (and others)" : "",
                       c->set.n, e->set_line);
    else if (pt->nseen < c->set.n) {
        missing_site(c, miss, sizeof(miss));
        fmt_report_add(c->rep, "CLES-SITES", pt->line,
                       "EDA %s: position %ld: %zu of the %zu sites of the EDA's first point "
                       "(line %ld) have no key, e.g. %s",
                       eda, pt->position, c->set.n - pt->nseen, c->set.n, e->set_line, miss);
    }
}

/* ---------------------------------------------------------------- flow interface */

static void *
cles_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct fmt_cles *c = calloc(1, sizeof(*c));

    if (c == NULL)
        return NULL;
    c->opts = opts;
    c->rep = rep;
    return c;
}

static void
cles_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    struct fmt_cles *c = st;

    if (c->is_default)
        return;
    switch (name[0]) {
    case 'K':
        if (strcmp(name, "Key") == 0 && c->pt.active)
            key_start(c, attrs, n, line);
        break;
    case 'P':
        if (strcmp(name, "Point") == 0 && c->p.active)
            point_start(c, attrs, n, line);
        else if (strcmp(name, "Period") == 0 && c->e.active)
            period_start(c, attrs, n, line);
        break;
    case 'E':
        if (strcmp(name, "EDA") == 0)
            eda_start(c, attrs, n, line);
        break;
    case 'C':
        if (strcmp(name, "ClesParDefaut") == 0) {
            fmt_report_add(c->rep, "CLES-DEFAULT", line,
                           "a ClesParDefaut (1/n defaults) is stated by the gateway only, never "
                           "sent to it: send a ClesDeRepartition");
            c->is_default = 1;
        }
        break;
    }
}

static void
cles_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct fmt_cles *c = st;

    switch (name[0]) {
    case 'P':
        if (c->is_default)
            break;
        if (strcmp(name, "Point") == 0 && c->pt.active)
            point_end(c);
        else if (strcmp(name, "Period") == 0 && c->p.active)
            c->p.active = c->p.ok = 0;
        break;
    case 'E':
        if (!c->is_default && strcmp(name, "EDA") == 0 && c->e.active)
            eda_end(c);
        break;
    case 'm':
        if (strcmp(name, "month") == 0) {
            if (!c->is_default)
                month_text(c, text, len, line);
            break;
        }
        /* fall through */
    case 'r':
    case 's':
        header_text(c, name, text, len, line);
        break;
    }
}

static int
cles_finish(void *st, int complete)
{
    struct fmt_cles *c = st;

    (void)complete;
    if (c->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
cles_free(void *st)
{
    struct fmt_cles *c = st;

    if (c == NULL)
        return;
    free(c->set.keys);
    free(c->set.seen);
    free(c->edas.ids);
    free(c->edas.lines);
    free(c);
}

const struct fmt_xml_flow fmt_cles_flow = {
    .name = "cles",
    .ns = "urn:passerelle:cles:1",
    .root = "ClesDeRepartition",
    .xsd = "cles.xsd",
    .begin = cles_begin,
    .start = cles_start,
    .end = cles_end,
    .finish = cles_finish,
    .free = cles_free,
};
