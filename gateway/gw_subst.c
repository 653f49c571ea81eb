/* gw_subst - see gw_subst.h
 *
 * DESCRIPTION
 *	Zero-substitution (subst_cdc_week). The sites expected in week S are the perimeter's,
 *	day by day: each local day of the week belongs to the perimeter in effect in its month, so
 *	a week across a month boundary takes the first days from one month's perimeter and the
 *	last from the next one's. For each site, the 5-minute slots expected (its days) minus the
 *	slots covered by accepted, current documents (ledger cdc_coverage; values sent by an AA
 *	that is not qualified do not count for a profiled site, 2.E.3.2) give the missing steps,
 *	at the site's resolution (PT5M for HTA and BTSUP36, PT15M for BTINF36; a quarter-hour is
 *	missing when none of its three slots has a value). Runs of missing steps become Periods of
 *	quantity 0, quality S, in one canonical cdc document per GRD (sender: gateway_eic).
 *
 *	1/n defaults (subst_cles_month). The injection EDAs of the perimeter in effect in month M
 *	with more than one site and no accepted keys document naming them (ledger cles_edas) are
 *	listed in one ClesParDefaut (xsd/cles.xsd) with their n sites at 1/n, for the whole month:
 *	the gateway cannot know which steps had a non-zero volume, RTE applies the default.
 *
 *	Memory: the list of the week's sites (a few dozen bytes each, no bitmap kept per site);
 *	documents are streamed to their temp file through a 64 KiB buffer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "fmt_cover.h"
#include "gw_buf.h"
#include "gw_fs.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_subst.h"

#define RTE_EIC_DEFAULT "10XFR-RTE------Q"

/* ---------------------------------------------------------------- a streamed durable file */

struct wr {
    int dirfd, fd;
    char tmp[NAME_MAX + 1], name[NAME_MAX + 1];
    struct gw_buf *b;
    int failed;
};

/* wr_open - start dirfd/name through a temp file */
static int
wr_open(struct wr *w, int dirfd, const char *name)
{
    memset(w, 0, sizeof(*w));
    w->dirfd = dirfd;
    snprintf(w->name, sizeof(w->name), "%s", name);
    if ((w->fd = gw_fs_tmp_open(dirfd, name, w->tmp, sizeof(w->tmp))) < 0) {
        log_warn("subst: %s", name);
        return -1;
    }
    w->b = gw_buf_new(0);
    return 0;
}

/* wr_flush - write the buffer out (all of it when force, else when it is large) */
static void
wr_flush(struct wr *w, int force)
{
    size_t off = 0;

    if (w->failed || (!force && w->b->len < (64u << 10)))
        return;
    while (off < w->b->len) {
        ssize_t n = write(w->fd, w->b->data + off, w->b->len - off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            log_warn("subst: %s: write", w->name);
            w->failed = 1;
            return;
        }
        off += (size_t)n;
    }
    gw_buf_reset(w->b);
}

/* wr_close - commit (fsync, rename, fsync dir) or abort; 0 or -1 */
static int
wr_close(struct wr *w, int commit)
{
    int rc = -1;

    if (w->b == NULL)
        return commit ? -1 : 0;
    wr_flush(w, 1);
    if (commit && !w->failed) {
        if (gw_fs_tmp_commit(w->fd, w->dirfd, w->tmp, w->name) == 0)
            rc = 0;
        else
            log_warn("subst: %s: commit", w->name);
    } else {
        gw_fs_tmp_abort(w->fd, w->dirfd, w->tmp);
    }
    gw_buf_free(w->b);
    w->b = NULL;
    return commit ? rc : 0;
}

/* ---------------------------------------------------------------- instants */

/* utc_minutes - "YYYY-MM-DDTHH:MMZ" as in the documents' periods */
static void
utc_minutes(time_t t, char out[18])
{
    char full[CAL_UTC_LEN + 1] = "";

    if (cal_format_utc(t, full, sizeof(full)) < 0) {
        snprintf(out, 18, "?");
        return;
    }
    memcpy(out, full, 16);
    out[16] = 'Z';
    out[17] = '\0';
}

/* rte_eic - the receiver of the gateway's own documents */
static const char *
rte_eic(const struct gw *g)
{
    const struct gw_dest *d = conf_dest(g->conf, "rte");

    return d && d->eic && d->eic[0] ? d->eic : RTE_EIC_DEFAULT;
}

/* header - the header every gateway document opens with */
static void
header(struct wr *w, const char *root, const char *ns, const char *mrid, const struct gw *g,
       time_t deadline)
{
    char created[CAL_UTC_LEN + 1] = "";

    cal_format_utc(deadline, created, sizeof(created));
    gw_buf_printf(w->b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s xmlns=\"%s\">\n"
                  "  <mRID>%s</mRID>\n  <revision>1</revision>\n  <sender>%s</sender>\n"
                  "  <receiver>%s</receiver>\n  <createdDateTime>%s</createdDateTime>\n",
                  root, ns, mrid, g->conf->gateway_eic, rte_eic(g), created);
}

/* ---------------------------------------------------------------- the week's sites */

struct wsite {
    char grd[20], ref[40], eda[40], segment[16], nature[16], kind[16], curve_type[16];
    unsigned days; /* bit i: local day i of week S is in the perimeter */
    int order;     /* index of the month it was read from: the later one's attributes win */
};

struct wsites {
    struct wsite *v;
    size_t n, cap;
    unsigned days; /* of the month being read */
    int order;
};

static int
wsites_add(const struct ledger_perim_row *r, void *arg)
{
    struct wsites *l = arg;
    struct wsite *s;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
    }
    s = &l->v[l->n++];
    memset(s, 0, sizeof(*s));
    snprintf(s->grd, sizeof(s->grd), "%s", r->grd);
    snprintf(s->ref, sizeof(s->ref), "%s", r->ref);
    snprintf(s->eda, sizeof(s->eda), "%s", r->eda);
    snprintf(s->segment, sizeof(s->segment), "%s", r->segment);
    snprintf(s->nature, sizeof(s->nature), "%s", r->nature);
    snprintf(s->kind, sizeof(s->kind), "%s", r->kind);
    snprintf(s->curve_type, sizeof(s->curve_type), "%s", r->curve_type);
    s->days = l->days;
    s->order = l->order;
    return 0;
}

static int
wsite_by_ref(const void *a, const void *b)
{
    const struct wsite *x = a, *y = b;
    int c = strcmp(x->ref, y->ref);

    return c ? c : x->order - y->order;
}

static int
wsite_by_grd(const void *a, const void *b)
{
    const struct wsite *x = a, *y = b;
    int c = strcmp(x->grd, y->grd);

    return c ? c : strcmp(x->ref, y->ref);
}

/* ---------------------------------------------------------------- coverage of one site */

struct site_cover {
    const struct gw *g;
    int profiled;
    uint8_t bm[FMT_COVER_BYTES];
    int discarded; /* values of a non-qualified AA were left out */
};

static int
site_cover_add(const struct ledger_cover *c, void *arg)
{
    struct site_cover *sc = arg;
    const struct gw_sender *s = conf_sender(sc->g->conf, c->sender);
    uint8_t tmp[FMT_COVER_BYTES];

    if (sc->profiled && s && s->role == ROLE_AA && !s->qualified) {
        sc->discarded = 1;
        return 0;
    }
    memset(tmp, 0, sizeof(tmp));
    memcpy(tmp, c->bitmap, c->nbytes < sizeof(tmp) ? c->nbytes : sizeof(tmp));
    fmt_cover_or(sc->bm, tmp, sizeof(tmp));
    return 0;
}

/* ---------------------------------------------------------------- zero-substitution */

struct week {
    char start[11];
    int y, mo, d;
    time_t wstart, wend, deadline;
    long nslots;
    long day_slot[8];  /* slot of local midnight of day i (day_slot[7] = nslots) */
    char month[7][16]; /* YYYY-MM of day i */
};

/* week_load - bounds, slots and months of the week starting on `start` */
static int
week_load(struct week *w, const char *start)
{
    int i;

    snprintf(w->start, sizeof(w->start), "%s", start);
    if (cal_parse_date(start, &w->y, &w->mo, &w->d) < 0 ||
        cal_week_bounds(w->y, w->mo, w->d, &w->wstart, &w->wend) < 0)
        return -1;
    w->nslots = (long)((w->wend - w->wstart) / 300);
    for (i = 0; i < 7; i++) {
        int y = w->y, mo = w->mo, d = w->d;
        time_t t;

        cal_add_days(&y, &mo, &d, i);
        snprintf(w->month[i], sizeof(w->month[i]), "%04d-%02d", y % 10000, mo % 100);
        if (cal_local_to_utc(y, mo, d, 0, 0, 0, &t) < 0)
            return -1;
        w->day_slot[i] = (long)((t - w->wstart) / 300);
    }
    w->day_slot[7] = w->nslots;
    return 0;
}

/* site_expected - the slots of the site's days */
static void
site_expected(const struct week *w, unsigned days, uint8_t bm[FMT_COVER_BYTES])
{
    int i;

    memset(bm, 0, FMT_COVER_BYTES);
    for (i = 0; i < 7; i++)
        if (days & (1u << i))
            fmt_cover_set(bm, w->day_slot[i], w->day_slot[i + 1] - w->day_slot[i]);
}

/* expected_steps - steps whose slots are all expected */
static long
expected_steps(const uint8_t *exp, long nslots, int step)
{
    long s, i, n = 0;

    for (s = 0; s < nslots / step; s++) {
        for (i = s * step; i < (s + 1) * step && fmt_cover_test(exp, i); i++)
            ;
        n += i == (s + 1) * step;
    }
    return n;
}

/* subst_doc_name - "cdc-substitution_<week>_<grd>.xml", and its mRID */
static void
subst_doc_name(const struct week *w, const char *grd, char *name, size_t nsize, char *mrid,
               size_t msize)
{
    snprintf(name, nsize, "cdc-substitution_%s_%s.xml", w->start, grd);
    snprintf(mrid, msize, "SUBST-%.4s%.2s%.2s-%s", w->start, w->start + 5, w->start + 8, grd);
}

int
subst_cdc_week(struct gw *g, int dirfd, const char *week, time_t deadline, subst_member_fn fn,
               void *arg, struct subst_counts *out)
{
    struct wsites l = {NULL, 0, 0, 0, 0};
    struct week w;
    struct wr doc, rep;
    char cur_grd[20] = "", name[NAME_MAX + 1], mrid[64], dl[32] = "";
    size_t i, j;
    int m, rc = -1, doc_open = 0, rep_open = 0;

    memset(out, 0, sizeof(*out));
    memset(&doc, 0, sizeof(doc));
    memset(&rep, 0, sizeof(rep));
    if (week_load(&w, week) < 0) {
        log_warnx("subst: week %s: not a supported week", week);
        return -1;
    }
    w.deadline = deadline;
    /* The perimeter of each month the week touches, for the days of that month. */
    for (m = 0; m < 7; m++) {
        int k;

        if (m > 0 && strcmp(w.month[m], w.month[m - 1]) == 0)
            continue;
        l.days = 0;
        for (k = 0; k < 7; k++)
            if (strcmp(w.month[k], w.month[m]) == 0)
                l.days |= 1u << k;
        if (ledger_perimeter(g->lg, w.month[m], NULL, wsites_add, &l) < 0)
            goto out;
        l.order++;
    }
    /* One entry per site: the days of both months, the attributes of the later one. */
    if (l.n > 1)
        qsort(l.v, l.n, sizeof(*l.v), wsite_by_ref);
    for (i = 0, j = 0; i < l.n; i++) {
        if (j > 0 && strcmp(l.v[j - 1].ref, l.v[i].ref) == 0) {
            unsigned days = l.v[j - 1].days | l.v[i].days;

            l.v[j - 1] = l.v[i];
            l.v[j - 1].days = days;
        } else {
            l.v[j++] = l.v[i];
        }
    }
    l.n = j;
    if (l.n == 0) {
        rc = 0;
        goto out;
    }
    if (l.n > 1)
        qsort(l.v, l.n, sizeof(*l.v), wsite_by_grd);
    out->sites = (long)l.n;

    cal_format_local(deadline, dl, sizeof(dl));
    if (gw_path(name, sizeof(name), "cdc-substitution_%s.csv", w.start) < 0 ||
        wr_open(&rep, dirfd, name) < 0)
        goto out;
    rep_open = 1;
    gw_buf_printf(rep.b,
                  "#passerelle substitution-report 1;week=%s;deadline=%s;gateway=%s\n"
                  "grd;eda;site;segment;resolution;expected_steps;substituted_steps;"
                  "first_substituted;cause;document\n",
                  w.start, dl, g->conf->gateway_eic);

    for (i = 0; i < l.n; i++) {
        const struct wsite *s = &l.v[i];
        struct site_cover sc;
        uint8_t exp[FMT_COVER_BYTES];
        int step = strcmp(s->segment, "BTINF36") == 0 ? 3 : 1;
        long from = 0, a, b, nexp, nsub = 0, first = -1;
        char t0[18], t1[18];
        const char *cause;

        if (strcmp(cur_grd, s->grd) != 0 && doc_open) {
            gw_buf_puts(doc.b, "</CourbesDeCharge>\n");
            doc_open = 0;
            if (wr_close(&doc, 1) < 0 || fn(arg, doc.name) != 0)
                goto out;
        }
        snprintf(cur_grd, sizeof(cur_grd), "%s", s->grd);
        memset(&sc, 0, sizeof(sc));
        sc.g = g;
        sc.profiled = strcmp(s->curve_type, "profile") == 0;
        if (ledger_cover_site(g->lg, s->ref, w.start, site_cover_add, &sc) < 0)
            goto out;
        site_expected(&w, s->days, exp);
        nexp = expected_steps(exp, w.nslots, step);
        while (fmt_cover_missing_run(exp, sc.bm, w.nslots, step, &from, &a, &b)) {
            long p;

            if (nsub == 0) {
                first = a;
                if (!doc_open) {
                    subst_doc_name(&w, s->grd, name, sizeof(name), mrid, sizeof(mrid));
                    if (wr_open(&doc, dirfd, name) < 0)
                        goto out;
                    doc_open = 1;
                    out->documents++;
                    header(&doc, "CourbesDeCharge", "urn:passerelle:cdc:1", mrid, g, deadline);
                    gw_buf_printf(doc.b, "  <week start=\"%s\"/>\n", w.start);
                }
                gw_buf_printf(doc.b,
                              "  <Series site=\"%s\" eda=\"%s\" segment=\"%s\" nature=\"%s\""
                              " measure=\"%s\" unit=\"%s\">\n",
                              s->ref, s->eda, s->segment,
                              strcmp(s->kind, "injection") == 0 && s->nature[0] ? s->nature
                                                                                : "soutirage",
                              sc.profiled ? "profile" : "telereleve", sc.profiled ? "W" : "kW");
            }
            utc_minutes(w.wstart + (time_t)a * step * 300, t0);
            utc_minutes(w.wstart + (time_t)b * step * 300, t1);
            gw_buf_printf(doc.b, "    <Period resolution=\"PT%dM\" start=\"%s\" end=\"%s\">\n",
                          step * 5, t0, t1);
            for (p = 1; p <= b - a; p++) {
                gw_buf_printf(doc.b,
                              "      <Point position=\"%ld\" quantity=\"0\" quality=\"S\"/>\n", p);
                wr_flush(&doc, 0);
            }
            gw_buf_puts(doc.b, "    </Period>\n");
            nsub += b - a;
        }
        if (nsub == 0)
            continue;
        gw_buf_puts(doc.b, "  </Series>\n");
        out->substituted_sites++;
        out->substituted_steps += nsub;
        cause = sc.discarded ? "not-qualified" : nsub >= nexp ? "missing" : "incomplete";
        utc_minutes(w.wstart + (time_t)first * step * 300, t0);
        subst_doc_name(&w, s->grd, name, sizeof(name), mrid, sizeof(mrid));
        gw_buf_printf(rep.b, "%s;%s;%s;%s;PT%dM;%ld;%ld;%s;%s;%s\n", s->grd, s->eda, s->ref,
                      s->segment, step * 5, nexp, nsub, t0, cause, mrid);
        wr_flush(&rep, 0);
    }
    if (doc_open) {
        gw_buf_puts(doc.b, "</CourbesDeCharge>\n");
        doc_open = 0;
        if (wr_close(&doc, 1) < 0 || fn(arg, doc.name) != 0)
            goto out;
    }
    rep_open = 0;
    if (wr_close(&rep, 1) < 0 || fn(arg, rep.name) != 0)
        goto out;
    rc = 0;
out:
    if (doc_open)
        wr_close(&doc, 0);
    if (rep_open)
        wr_close(&rep, 0);
    free(l.v);
    return rc;
}

/* ---------------------------------------------------------------- 1/n defaults */

struct cles_ctx {
    struct gw *g;
    int dirfd;
    const char *month;
    time_t deadline, mstart, mend;
    struct wr doc;
    int doc_open, failed;
    char eda[40], aa[20];
    char (*sites)[40];
    size_t n, cap;
    struct subst_counts *out;
};

/* cles_eda_done - the EDA just read: 1/n when it has more than one site and no keys */
static int
cles_eda_done(struct cles_ctx *c)
{
    char t0[18], t1[18], name[NAME_MAX + 1], mrid[64];
    size_t i;
    int r;

    if (c->eda[0] == '\0')
        return 0;
    c->out->sites++;
    if (c->n < 2)
        return 0;
    if ((r = ledger_cles_has_keys(c->g->lg, c->month, c->eda)) != 0)
        return r < 0 ? -1 : 0;
    if (!c->doc_open) {
        snprintf(name, sizeof(name), "cles-defaut_%s.xml", c->month);
        snprintf(mrid, sizeof(mrid), "CLES-DEFAUT-%s", c->month);
        if (wr_open(&c->doc, c->dirfd, name) < 0)
            return -1;
        c->doc_open = 1;
        c->out->documents++;
        header(&c->doc, "ClesParDefaut", "urn:passerelle:cles:1", mrid, c->g, c->deadline);
        gw_buf_printf(c->doc.b, "  <month>%s</month>\n", c->month);
    }
    utc_minutes(c->mstart, t0);
    utc_minutes(c->mend, t1);
    gw_buf_printf(c->doc.b,
                  "  <EDA id=\"%s\" aa=\"%s\">\n"
                  "    <Period resolution=\"PT5M\" start=\"%s\" end=\"%s\"/>\n",
                  c->eda, c->aa, t0, t1);
    for (i = 0; i < c->n; i++) {
        gw_buf_printf(c->doc.b, "    <Key site=\"%s\" fraction=\"1/%zu\"/>\n", c->sites[i], c->n);
        wr_flush(&c->doc, 0);
    }
    gw_buf_puts(c->doc.b, "  </EDA>\n");
    c->out->substituted_sites++;
    return 0;
}

static int
cles_row(const struct ledger_perim_row *r, void *arg)
{
    struct cles_ctx *c = arg;

    if (strcmp(r->kind, "injection") != 0)
        return 0;
    if (strcmp(r->eda, c->eda) != 0) {
        if (cles_eda_done(c) < 0) {
            c->failed = 1;
            return 1;
        }
        snprintf(c->eda, sizeof(c->eda), "%s", r->eda);
        snprintf(c->aa, sizeof(c->aa), "%s", r->aa);
        c->n = 0;
    }
    if (c->n > 0 && strcmp(c->sites[c->n - 1], r->ref) == 0)
        return 0; /* the same site in two GRDs' notices: once */
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->sites = xreallocarray(c->sites, c->cap, sizeof(*c->sites));
    }
    snprintf(c->sites[c->n++], sizeof(c->sites[0]), "%s", r->ref);
    return 0;
}

int
subst_cles_month(struct gw *g, int dirfd, const char *month, time_t deadline, subst_member_fn fn,
                 void *arg, struct subst_counts *out)
{
    struct cles_ctx c;
    int y, mo, rc = -1;

    memset(out, 0, sizeof(*out));
    memset(&c, 0, sizeof(c));
    c.g = g;
    c.dirfd = dirfd;
    c.month = month;
    c.deadline = deadline;
    c.out = out;
    if (cal_parse_month(month, &y, &mo) < 0 || cal_local_to_utc(y, mo, 1, 0, 0, 0, &c.mstart) < 0 ||
        cal_local_to_utc(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1, 0, 0, 0, &c.mend) < 0) {
        log_warnx("subst: month %s: not a supported month", month);
        return -1;
    }
    /* Rows come by EDA then site. */
    if (ledger_perimeter(g->lg, month, NULL, cles_row, &c) < 0 || c.failed || cles_eda_done(&c) < 0)
        goto out;
    if (c.doc_open) {
        gw_buf_puts(c.doc.b, "</ClesParDefaut>\n");
        c.doc_open = 0;
        if (wr_close(&c.doc, 1) < 0 || fn(arg, c.doc.name) != 0)
            goto out;
    }
    rc = 0;
out:
    if (c.doc_open)
        wr_close(&c.doc, 0);
    free(c.sites);
    return rc;
}

struct perim_count {
    long n;
    int injection_only;
};

static int
perim_count_row(const struct ledger_perim_row *r, void *arg)
{
    struct perim_count *pc = arg;

    if (!pc->injection_only || strcmp(r->kind, "injection") == 0)
        pc->n++;
    return 0;
}

long
subst_perimeter_sites(struct gw *g, const char *month, int injection_only)
{
    struct perim_count pc = {0, injection_only};

    if (ledger_perimeter(g->lg, month, NULL, perim_count_row, &pc) < 0)
        return -1;
    return pc.n;
}
