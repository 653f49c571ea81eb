/* fmt_perimetre - rules of the perimeter notice that its schema cannot say.
 *
 * DESCRIPTION
 *	Both kinds of notice share one Site element (FORMATS.md), so the schema declares the
 *	union of their attributes and XSD 1.0 cannot make one required or forbidden according to
 *	the sibling <kind>: that is PERIM-ATTR, here. The kind is known before the first Site
 *	(the schema fixes the order). A notice whose kind the schema refused gets no PERIM-ATTR
 *	nor PERIM-EDA-KIND: the XSD reason says what is wrong.
 *
 *	What makes the kind of an EDA: an EDA Injection RPD is made of injection sites only or of
 *	stockage sites only (2.F.2.4), so @nature; an EDA Soutirage is telemetered (2.F.2.5) or
 *	profiled (2.F.2.6), so @curveType. Every site of an EDA must agree on it and name the
 *	same owning AA (@aa). The first site of an EDA sets both; a later site that differs is
 *	the one reported, with the line of the first.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "fmt_ids.h"
#include "fmt_monthly.h"
#include "fmt_perimetre.h"
#include "fmt_xml.h"

enum kind { KIND_UNKNOWN, KIND_INJECTION, KIND_SOUTIRAGE };

/* Per EDA: its owning AA and its kind word, as first written (empty when not yet known). */
struct eda_info {
    char aa[FMT_EIC_LEN + 1];
    char kindval[16];
    long aaline, kindline;
};

struct fmt_perimetre {
    struct fmt_report *rep;
    enum kind kind;
    struct fmt_keymap *sites, *edas;
    const struct cal_holidays *holidays; /* for the deadline; NULL: the built-in list */
    const struct fmt_sink *sink;         /* the daemon's, or NULL */
    char effective[32];                  /* effectiveMonth when well-formed */
    int oom;
};

/* Attributes of one kind only (both kinds: ref eda aa segment re capacityKW, in the schema). */
static const char *const injection_required[] = {"nature"};
static const char *const injection_only[] = {"nature", "edp"};
static const char *const soutirage_required[] = {
    "supplier",      "bareme",        "subscribedPowerKVA", "category",
    "measureOrigin", "measureObject", "curveType",          "contract",
};
static const char *const soutirage_only[] = {
    "supplier",      "bareme",        "subscribedPowerKVA", "category", "ede",
    "measureOrigin", "measureObject", "curveType",          "contract",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* words - append " @a, @b" of the listed attributes that are (present=1) or are not
 * (present=0) among attrs; the count of them */
static size_t
words(char *buf, size_t size, const char *const *names, size_t nnames,
      const struct fmt_xml_attr *attrs, size_t n, int present)
{
    size_t i, k = 0, o = strlen(buf);

    for (i = 0; i < nnames; i++) {
        if ((fmt_xml_attr_find(attrs, n, names[i]) != NULL) != present)
            continue;
        if (o + strlen(names[i]) + 4 < size)
            o += (size_t)snprintf(buf + o, size - o, "%s@%s", k ? ", " : "", names[i]);
        k++;
    }
    return k;
}

/* site_attrs - PERIM-ATTR: what the notice's kind requires and what it excludes */
static void
site_attrs(struct fmt_perimetre *p, const char *site, const struct fmt_xml_attr *attrs, size_t n,
           long line)
{
    const char *const *req, *const *other;
    size_t nreq, nother;
    char missing[256] = "", extra[256] = "";
    const char *kw, *okw;

    if (p->kind == KIND_INJECTION) {
        req = injection_required, nreq = NELEM(injection_required);
        other = soutirage_only, nother = NELEM(soutirage_only);
        kw = "an injection", okw = "soutirage";
    } else {
        req = soutirage_required, nreq = NELEM(soutirage_required);
        other = injection_only, nother = NELEM(injection_only);
        kw = "a soutirage", okw = "injection";
    }
    if (words(missing, sizeof(missing), req, nreq, attrs, n, 0) > 0)
        fmt_report_add(p->rep, "PERIM-ATTR", line, "site %s: a site of %s notice requires %s", site,
                       kw, missing);
    if (words(extra, sizeof(extra), other, nother, attrs, n, 1) > 0)
        fmt_report_add(p->rep, "PERIM-ATTR", line,
                       "site %s: %s belongs to %s notices, not to %s notice", site, extra, okw, kw);
}

/* site_eda - PERIM-EDA-AA and PERIM-EDA-KIND: every site of an EDA agrees with its first */
static void
site_eda(struct fmt_perimetre *p, const char *site, const struct fmt_xml_attr *attrs, size_t n,
         long line)
{
    const struct fmt_xml_attr *eda = fmt_xml_attr_find(attrs, n, "eda");
    const struct fmt_xml_attr *aa = fmt_xml_attr_find(attrs, n, "aa");
    const struct fmt_xml_attr *kv;
    const char *kname;
    struct eda_info *e;
    void *v;
    long first;
    int r;

    if (eda == NULL || eda->len == 0 || eda->len > 35)
        return;
    r = fmt_keymap_put(p->edas, eda->value, eda->len, line, &first, &v);
    if (r < 0) {
        p->oom = 1;
        return;
    }
    e = v;
    if (aa != NULL && fmt_eic_syntax(aa->value, aa->len)) {
        if (e->aa[0] == '\0') {
            memcpy(e->aa, aa->value, FMT_EIC_LEN);
            e->aaline = line;
        } else if (memcmp(e->aa, aa->value, FMT_EIC_LEN) != 0) {
            fmt_report_add(p->rep, "PERIM-EDA-AA", line,
                           "site %s: EDA %.*s is owned by AA %.16s here but by AA %s at line %ld",
                           site, (int)eda->len, eda->value, aa->value, e->aa, e->aaline);
        }
    }
    if (p->kind == KIND_UNKNOWN)
        return;
    kname = p->kind == KIND_INJECTION ? "nature" : "curveType";
    kv = fmt_xml_attr_find(attrs, n, kname);
    if (kv == NULL || kv->len == 0 || kv->len >= sizeof(e->kindval))
        return; /* missing: PERIM-ATTR; too long: not an enumerated word (XSD) */
    if (e->kindval[0] == '\0') {
        memcpy(e->kindval, kv->value, kv->len);
        e->kindval[kv->len] = '\0';
        e->kindline = line;
    } else if (strlen(e->kindval) != kv->len || memcmp(e->kindval, kv->value, kv->len) != 0) {
        fmt_report_add(p->rep, "PERIM-EDA-KIND", line,
                       "site %s: @%s %.*s in EDA %.*s, whose site at line %ld is %s: an EDA "
                       "is of one kind",
                       site, kname, (int)kv->len, kv->value, (int)eda->len, eda->value, e->kindline,
                       e->kindval);
    }
}

/* site_sink - hand one site to the daemon */
static void
site_sink(struct fmt_perimetre *p, const struct fmt_xml_attr *attrs, size_t n)
{
    char ref[40], eda[40], aa[20], seg[16], nat[16], ct[16], re[20];
    struct fmt_perim_site s;

    s.ref = fmt_xml_attr_str(attrs, n, "ref", ref, sizeof(ref));
    s.eda = fmt_xml_attr_str(attrs, n, "eda", eda, sizeof(eda));
    s.aa = fmt_xml_attr_str(attrs, n, "aa", aa, sizeof(aa));
    s.segment = fmt_xml_attr_str(attrs, n, "segment", seg, sizeof(seg));
    s.nature = fmt_xml_attr_str(attrs, n, "nature", nat, sizeof(nat));
    s.curve_type = fmt_xml_attr_str(attrs, n, "curveType", ct, sizeof(ct));
    s.re = fmt_xml_attr_str(attrs, n, "re", re, sizeof(re));
    p->sink->perimetre_site(p->sink->arg, &s);
}

static void
site_start(struct fmt_perimetre *p, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    const struct fmt_xml_attr *ref = fmt_xml_attr_find(attrs, n, "ref");
    char site[FMT_PRM_LEN + 1] = "?", what[64];
    uint64_t prm;
    long first;
    int r;

    if (ref != NULL && fmt_prm_parse(ref->value, ref->len, &prm) == 0) {
        memcpy(site, ref->value, FMT_PRM_LEN);
        site[FMT_PRM_LEN] = '\0';
        r = fmt_keymap_put(p->sites, site, FMT_PRM_LEN, line, &first, NULL);
        if (r < 0)
            p->oom = 1;
        else if (r == 0)
            fmt_report_add(p->rep, "PERIM-SITE-DUP", line,
                           "site %s appears again (first at line %ld): a site once per notice",
                           site, first);
    }
    snprintf(what, sizeof(what), "site %s: @aa", site);
    (void)fmt_monthly_eic(p->rep, fmt_xml_attr_find(attrs, n, "aa"), what, line);
    snprintf(what, sizeof(what), "site %s: @re", site);
    (void)fmt_monthly_eic(p->rep, fmt_xml_attr_find(attrs, n, "re"), what, line);
    snprintf(what, sizeof(what), "site %s: @supplier", site);
    (void)fmt_monthly_eic(p->rep, fmt_xml_attr_find(attrs, n, "supplier"), what, line);
    if (p->kind != KIND_UNKNOWN)
        site_attrs(p, site, attrs, n, line);
    site_eda(p, site, attrs, n, line);
    if (p->sink && p->sink->perimetre_site && ref != NULL)
        site_sink(p, attrs, n);
}

/* ---------------------------------------------------------------- flow interface */

static void *
perim_begin(const struct fmt_opts *opts, struct fmt_report *rep)
{
    struct fmt_perimetre *p = calloc(1, sizeof(*p));

    if (p == NULL)
        return NULL;
    p->rep = rep;
    p->holidays = opts != NULL ? opts->holidays : NULL;
    p->sink = opts != NULL ? opts->sink : NULL;
    p->sites = fmt_keymap_new(0);
    p->edas = fmt_keymap_new(sizeof(struct eda_info));
    if (p->sites == NULL || p->edas == NULL) {
        fmt_keymap_free(p->sites);
        fmt_keymap_free(p->edas);
        free(p);
        errno = ENOMEM;
        return NULL;
    }
    return p;
}

static void
perim_start(void *st, const char *name, const struct fmt_xml_attr *attrs, size_t n, long line)
{
    if (strcmp(name, "Site") == 0)
        site_start(st, attrs, n, line);
}

static void
perim_end(void *st, const char *name, const char *text, size_t len, long line)
{
    struct fmt_perimetre *p = st;
    int y, mo;

    if (fmt_monthly_header(p->rep, name, text, len, line))
        return;
    if (strcmp(name, "effectiveMonth") == 0) {
        /* effectiveMonth is M+1; the notice is due before the end of M */
        if (fmt_monthly_month(p->rep, "perimetre", p->holidays, text, len, -1, &y, &mo) == 0)
            snprintf(p->effective, sizeof(p->effective), "%04d-%02d", mo == 12 ? y + 1 : y,
                     mo == 12 ? 1 : mo + 1);
    } else if (strcmp(name, "kind") == 0) {
        p->kind = strcmp(text, "injection") == 0   ? KIND_INJECTION
                  : strcmp(text, "soutirage") == 0 ? KIND_SOUTIRAGE
                                                   : KIND_UNKNOWN;
        if (p->kind != KIND_UNKNOWN && p->effective[0] && p->sink && p->sink->perimetre_notice)
            p->sink->perimetre_notice(p->sink->arg, text, p->effective);
    }
}

static int
perim_finish(void *st, int complete)
{
    struct fmt_perimetre *p = st;

    (void)complete;
    if (p->oom) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

static void
perim_free(void *st)
{
    struct fmt_perimetre *p = st;

    if (p == NULL)
        return;
    fmt_keymap_free(p->sites);
    fmt_keymap_free(p->edas);
    free(p);
}

const struct fmt_xml_flow fmt_perimetre_flow = {
    .name = "perimetre",
    .ns = "urn:passerelle:perimetre:1",
    .root = "NotificationPerimetre",
    .xsd = "perimetre.xsd",
    .begin = perim_begin,
    .start = perim_start,
    .end = perim_end,
    .finish = perim_finish,
    .free = perim_free,
};
