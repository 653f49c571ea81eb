/* gw_sweep - see gw_sweep.h */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "gw_buf.h"
#include "gw_bundle.h"
#include "gw_clock.h"
#include "gw_deliver.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_sweep.h"

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
};

static int
sweep_collect_period(const char *flow, const char *period, time_t deadline, void *arg)
{
    struct sweep_list *l = arg;

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

int
sweep_bundle_name(const char *flow, const char *period, char *buf, size_t size)
{
    return gw_path(buf, size, "%s_%s.tar.gz", flow, period);
}

/* sweep_seal - one bundle */
static int
sweep_seal(struct gw *g, const struct sweep_period *p)
{
    struct sweep_members m = {g, NULL, 0, 0, 0};
    struct gw_buf *head = gw_buf_new(0);
    char name[NAME_MAX + 1], sha[65], dl[32] = "", err[1024];
    long late;
    int rc = -1;

    if (ledger_period_files(g->lg, p->flow, p->period, sweep_collect_file, &m) < 0 || m.bad)
        goto out;
    late = ledger_period_count(g->lg, p->flow, p->period, "late");
    cal_format_local(p->deadline, dl, sizeof(dl));
    gw_buf_printf(head, "flow=%s\nperiod=%s\ndeadline=%s\ndocuments=%zu\nlate_files=%ld\n", p->flow,
                  p->period, dl, m.n, late < 0 ? 0 : late);
    if (sweep_bundle_name(p->flow, p->period, name, sizeof(name)) < 0)
        goto out;
    /* Every entry is stamped with the deadline: the same inputs give the same bytes. */
    if (bundle_write(g->sp->bundfd, name, m.v, m.n, head->data, p->deadline, sha, err,
                     sizeof(err)) < 0) {
        log_warnx("event=bundle-failed flow=%s period=%s error=\"%s\"", p->flow, p->period, err);
        goto out;
    }
    if (ledger_bundle_add(g->lg, p->flow, p->period, name, sha, p->deadline, gw_clock_now(),
                          (long)m.n) < 0)
        goto out;
    log_info("event=bundled flow=%s period=%s bundle=%s documents=%zu late=%ld sha256=%s", p->flow,
             p->period, name, m.n, late, sha);
    rc = 0;
out:
    free(m.v);
    gw_buf_free(head);
    return rc;
}

int
sweep_run(struct gw *g, time_t now, time_t *next)
{
    struct sweep_list due = {NULL, 0, 0};
    size_t i;
    int sealed = 0;

    if (next)
        *next = 0;
    if (ledger_periods_due(g->lg, now, sweep_collect_period, &due) < 0)
        return -1;
    for (i = 0; i < due.n; i++)
        if (sweep_seal(g, &due.v[i]) == 0)
            sealed++;
    free(due.v);
    if (next) {
        time_t t;

        if (ledger_next_deadline(g->lg, now, &t) == 0)
            *next = t + 1;
    }
    return sealed;
}
