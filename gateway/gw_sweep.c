/* gw_sweep - see gw_sweep.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cal.h"
#include "gw_buf.h"
#include "gw_bundle.h"
#include "gw_clock.h"
#include "gw_deliver.h"
#include "gw_fs.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_subst.h"
#include "gw_sweep.h"

/* How far back a sweep looks for periods the perimeter expects but no document named: weeks of
 * load curves and months of keys whose deadline passed without a bundle. */
#define SWEEP_LOOKBACK_WEEKS  5
#define SWEEP_LOOKBACK_MONTHS 3

struct sweep_period {
    char flow[32], period[16];
    time_t deadline;
};

struct sweep_list {
    struct sweep_period *v;
    size_t n, cap;
};

struct sweep_members {
    struct gw *g;
    struct bundle_member *v;
    size_t n, cap;
    int bad;
    int substfd;
};

static int
sweep_collect_period(const char *flow, const char *period, time_t deadline, void *arg)
{
    struct sweep_list *l = arg;
    size_t i;

    for (i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].flow, flow) && !strcmp(l->v[i].period, period))
            return 0;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
    }
    snprintf(l->v[l->n].flow, sizeof(l->v[l->n].flow), "%s", flow);
    snprintf(l->v[l->n].period, sizeof(l->v[l->n].period), "%s", period);
    l->v[l->n].deadline = deadline;
    l->n++;
    return 0;
}

static int
sweep_collect_file(const struct ledger_file *f, void *arg)
{
    struct sweep_members *m = arg;
    struct bundle_member *b;

    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
    }
    b = &m->v[m->n];
    memset(b, 0, sizeof(*b));
    if (deliver_remote_name(f, b->name, sizeof(b->name)) < 0) {
        m->bad = 1;
        return 1;
    }
    b->dirfd = m->g->sp->archfd;
    snprintf(b->src, sizeof(b->src), "%lld", (long long)f->id);
    m->n++;
    return 0;
}

/* sweep_add_member - a file the gateway wrote itself (spool/substitutions/) joins the bundle */
static int
sweep_add_member(void *arg, const char *name)
{
    struct sweep_members *m = arg;
    struct bundle_member *b;

    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
    }
    b = &m->v[m->n++];
    memset(b, 0, sizeof(*b));
    snprintf(b->name, sizeof(b->name), "%s", name);
    snprintf(b->src, sizeof(b->src), "%s", name);
    b->dirfd = m->substfd;
    return 0;
}

/* sweep_substfd - spool/substitutions/, created on first use */
static int
sweep_substfd(struct gw *g)
{
    if (mkdirat(g->sp->rootfd, "substitutions", 0750) < 0 && errno != EEXIST) {
        log_warn("sweep: substitutions: mkdir");
        return -1;
    }
    return gw_fs_open_dir(g->sp->rootfd, "substitutions");
}

int
sweep_bundle_name(const char *flow, const char *period, char *buf, size_t size)
{
    return gw_path(buf, size, "%s_%s.tar.gz", flow, period);
}

/* sweep_seal - one bundle */
static int
sweep_seal(struct gw *g, const struct sweep_period *p)
{
    struct sweep_members m = {g, NULL, 0, 0, 0, -1};
    struct gw_buf *head = gw_buf_new(0);
    char name[NAME_MAX + 1], sha[65], dl[32] = "", err[1024];
    struct subst_counts sc;
    size_t ndocs;
    long late;
    int rc = -1;

    if (ledger_period_files(g->lg, p->flow, p->period, sweep_collect_file, &m) < 0 || m.bad)
        goto out;
    ndocs = m.n;
    late = ledger_period_count(g->lg, p->flow, p->period, "late");
    cal_format_local(p->deadline, dl, sizeof(dl));
    gw_buf_printf(head, "flow=%s\nperiod=%s\ndeadline=%s\ndocuments=%zu\nlate_files=%ld\n", p->flow,
                  p->period, dl, ndocs, late < 0 ? 0 : late);
    /* What the gateway states itself at this deadline joins the bundle. */
    if (!strcmp(p->flow, "cdc") || !strcmp(p->flow, "cles")) {
        int r;

        if ((m.substfd = sweep_substfd(g)) < 0)
            goto out;
        r = !strcmp(p->flow, "cdc")
                ? subst_cdc_week(g, m.substfd, p->period, p->deadline, sweep_add_member, &m, &sc)
                : subst_cles_month(g, m.substfd, p->period, p->deadline, sweep_add_member, &m, &sc);
        if (r < 0) {
            log_warnx("event=bundle-failed flow=%s period=%s error=\"substitution\"", p->flow,
                      p->period);
            goto out;
        }
        if (!strcmp(p->flow, "cdc"))
            gw_buf_printf(head,
                          "sites=%ld\nsubstituted_sites=%ld\nsubstituted_steps=%ld\n"
                          "substitution_documents=%ld\n",
                          sc.sites, sc.substituted_sites, sc.substituted_steps, sc.documents);
        else
            gw_buf_printf(head, "injection_edas=%ld\ndefault_edas=%ld\ndefault_documents=%ld\n",
                          sc.sites, sc.substituted_sites, sc.documents);
    }
    if (sweep_bundle_name(p->flow, p->period, name, sizeof(name)) < 0)
        goto out;
    /* Every entry is stamped with the deadline: the same inputs give the same bytes. */
    if (bundle_write(g->sp->bundfd, name, m.v, m.n, head->data, p->deadline, sha, err,
                     sizeof(err)) < 0) {
        log_warnx("event=bundle-failed flow=%s period=%s error=\"%s\"", p->flow, p->period, err);
        goto out;
    }
    if (ledger_bundle_add(g->lg, p->flow, p->period, name, sha, p->deadline, gw_clock_now(),
                          (long)ndocs) < 0)
        goto out;
    log_info("event=bundled flow=%s period=%s bundle=%s documents=%zu members=%zu late=%ld "
             "sha256=%s",
             p->flow, p->period, name, ndocs, m.n, late, sha);
    rc = 0;
out:
    if (m.substfd >= 0)
        close(m.substfd);
    free(m.v);
    gw_buf_free(head);
    return rc;
}

/* sweep_week_of - the week@start (YYYY-MM-DD) of the week k weeks before the one holding now,
 * its deadline, and whether the perimeter has sites in one of its months */
static int
sweep_week_of(struct gw *g, time_t now, int k, char week[16], time_t *deadline, int *expected)
{
    int y, mo, d, hh, mi, ss, wy, wm, wd, i;
    char month[16];

    if (cal_local_fields(now, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0 ||
        cal_week_first(y, mo, d, (int)g->conf->week_start, &wy, &wm, &wd) < 0)
        return -1;
    cal_add_days(&wy, &wm, &wd, -7 * k);
    snprintf(week, 16, "%04d-%02d-%02d", wy % 10000, wm % 100, wd % 100);
    if (cal_cdc_deadline(wy, wm, wd, deadline) < 0)
        return -1;
    *expected = 0;
    for (i = 0; i < 7 && !*expected; i += 6) {
        int yy = wy, mm = wm, dd = wd;
        long n;

        cal_add_days(&yy, &mm, &dd, i);
        snprintf(month, sizeof(month), "%04d-%02d", yy % 10000, mm % 100);
        if ((n = subst_perimeter_sites(g, month, 0)) < 0)
            return -1;
        *expected = n > 0;
    }
    return 0;
}

/* sweep_month_of - month M k months before the one holding now, its keys deadline, and
 * whether the perimeter has injection EDAs then */
static int
sweep_month_of(struct gw *g, time_t now, int k, char month[16], time_t *deadline, int *expected)
{
    int y, mo, d, hh, mi, ss;
    long n;

    if (cal_local_fields(now, &y, &mo, &d, &hh, &mi, &ss, NULL) < 0)
        return -1;
    mo -= k;
    while (mo < 1) {
        mo += 12;
        y--;
    }
    snprintf(month, 16, "%04d-%02d", y % 10000, mo % 100);
    if (cal_deadline_month("cles", y, mo, NULL, deadline) < 0)
        return -1;
    if ((n = subst_perimeter_sites(g, month, 1)) < 0)
        return -1;
    *expected = n > 0;
    return 0;
}

/* sweep_expected - periods the perimeter expects whether or not a document came: the recent
 * weeks and months whose deadline passed without a bundle go into due; *next gets the
 * earliest such deadline still to come (0 when none) */
static int
sweep_expected(struct gw *g, time_t now, struct sweep_list *due, time_t *next)
{
    char period[16];
    time_t dl;
    int k, expected, r;

    *next = 0;
    for (k = 0; k <= SWEEP_LOOKBACK_WEEKS; k++) {
        if (sweep_week_of(g, now, k, period, &dl, &expected) < 0)
            return -1;
        if (!expected)
            continue;
        if (dl >= now) {
            if (*next == 0 || dl < *next)
                *next = dl;
            continue;
        }
        if ((r = ledger_bundle_exists(g->lg, "cdc", period)) < 0)
            return -1;
        if (r == 0)
            sweep_collect_period("cdc", period, dl, due);
    }
    for (k = 0; k <= SWEEP_LOOKBACK_MONTHS; k++) {
        if (sweep_month_of(g, now, k, period, &dl, &expected) < 0)
            return -1;
        if (!expected)
            continue;
        if (dl >= now) {
            if (*next == 0 || dl < *next)
                *next = dl;
            continue;
        }
        if ((r = ledger_bundle_exists(g->lg, "cles", period)) < 0)
            return -1;
        if (r == 0)
            sweep_collect_period("cles", period, dl, due);
    }
    return 0;
}

static int
sweep_by_deadline(const void *a, const void *b)
{
    const struct sweep_period *x = a, *y = b;
    int c;

    if (x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    c = strcmp(x->flow, y->flow);
    return c ? c : strcmp(x->period, y->period);
}

int
sweep_run(struct gw *g, time_t now, time_t *next)
{
    struct sweep_list due = {NULL, 0, 0};
    time_t next_expected = 0;
    size_t i;
    int sealed = 0;

    if (next)
        *next = 0;
    if (ledger_periods_due(g->lg, now, sweep_collect_period, &due) < 0)
        return -1;
    if (sweep_expected(g, now, &due, &next_expected) < 0) {
        free(due.v);
        return -1;
    }
    if (due.n > 1)
        qsort(due.v, due.n, sizeof(*due.v), sweep_by_deadline);
    for (i = 0; i < due.n; i++)
        if (sweep_seal(g, &due.v[i]) == 0)
            sealed++;
    free(due.v);
    if (next) {
        time_t t;

        if (ledger_next_deadline(g->lg, now, &t) == 0)
            *next = t + 1;
        if (next_expected && (*next == 0 || next_expected + 1 < *next))
            *next = next_expected + 1;
    }
    return sealed;
}
