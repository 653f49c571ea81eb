/* gw_cmd_queue - the queue tools, like Postfix's mailq/postsuper:
 *   queue [--json]        deliveries waiting (queued, deferred, held), next retry, last error
 *   requeue ID|--all      retry deferred deliveries now
 *   hold ID / release ID  keep a file's deliveries from being attempted / let them go again
 *   resend ID             deliver an already delivered document again (logged as such)
 *   show ID               a file's whole history from the ledger
 * They work beside a running daemon (the ledger is SQLite in WAL mode); the daemon sees a
 * change at its next pass. Exit status 0, 1 when nothing matched, 2 on a usage or I/O error. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cal.h"
#include "gw_buf.h"
#include "gw_clock.h"
#include "gw_cmd.h"
#include "gw_conf.h"
#include "gw_ledger.h"
#include "gw_log.h"
#include "gw_spool.h"

struct qctx {
    struct gw_conf conf;
    struct ledger *lg;
    int json, n;
};

/* q_open - configuration and ledger; -1 after a message */
static int
q_open(struct qctx *q, const char *confopt)
{
    char err[1024];

    memset(q, 0, sizeof(*q));
    if (conf_load(cmd_conf_path(confopt), &q->conf, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return -1;
    }
    if (gw_clock_init() < 0 || access(conf_ledger_path(&q->conf), R_OK) < 0 ||
        (q->lg = ledger_open(conf_ledger_path(&q->conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s: %s\n", conf_ledger_path(&q->conf),
                errno ? strerror(errno) : err);
        conf_free(&q->conf);
        return -1;
    }
    return 0;
}

static void
q_close(struct qctx *q)
{
    ledger_close(q->lg);
    conf_free(&q->conf);
}

/* q_id - a file id argument */
static int64_t
q_id(const char *s)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return -1;
    return v;
}

static int
q_row(const struct ledger_delivery *d, const char *name, void *arg)
{
    struct qctx *q = arg;
    char next[32] = "";

    cal_format_local(d->next_try, next, sizeof(next));
    q->n++;
    if (q->json) {
        struct gw_buf *b = gw_buf_new(0);

        gw_buf_printf(b, "{\"id\":%lld,\"destination\":\"", (long long)d->file_id);
        gw_buf_json_escape(b, d->destination);
        gw_buf_puts(b, "\",\"file\":\"");
        gw_buf_json_escape(b, name);
        gw_buf_printf(b,
                      "\",\"state\":\"%s\",\"attempts\":%ld,\"next_try\":\"%s\",\"last_error\":\"",
                      d->state, d->attempts, next);
        gw_buf_json_escape(b, d->last_error);
        gw_buf_puts(b, "\"}\n");
        fwrite(b->data, 1, b->len, stdout);
        gw_buf_free(b);
    } else {
        printf("%-6lld %-10s %-40s %-9s %3ld  %s%s%s\n", (long long)d->file_id, d->destination,
               name, d->state, d->attempts, strcmp(d->state, "held") ? next : "-",
               d->last_error[0] ? "  " : "", d->last_error);
    }
    return 0;
}

int
cmd_queue(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    const char *confopt = NULL;
    struct qctx q;
    int ch, json = 0;

    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (optind != argc)
        goto usage;
    if (q_open(&q, confopt) < 0)
        return 2;
    q.json = json;
    if (!json)
        printf("%-6s %-10s %-40s %-9s %3s  %s\n", "ID", "DEST", "FILE", "STATE", "TRY",
               "NEXT RETRY / LAST ERROR");
    ledger_pending(q.lg, q_row, &q);
    if (!json)
        printf("# %d deliver%s waiting\n", q.n, q.n == 1 ? "y" : "ies");
    q_close(&q);
    return 0;
usage:
    fprintf(stderr, "usage: passerelle queue [--json] [-c FILE]\n");
    return 2;
}

/* q_change - the common body of requeue, hold, release */
static int
q_change(int argc, char **argv, const char *what, const char *from, const char *to)
{
    const char *confopt = NULL;
    struct qctx q;
    int64_t id = 0;
    int ch, all = 0, n;

    static const struct option longopts[] = {
        {"all", no_argument, NULL, 'a'}, {"config", required_argument, NULL, 'c'}, {0}};
    while ((ch = getopt_long(argc, argv, "ac:", longopts, NULL)) != -1) {
        if (ch == 'a' && !strcmp(what, "requeue"))
            all = 1;
        else if (ch == 'c')
            confopt = optarg;
        else
            goto usage;
    }
    if (all ? optind != argc : optind != argc - 1 || (id = q_id(argv[optind])) < 0)
        goto usage;
    if (q_open(&q, confopt) < 0)
        return 2;
    n = ledger_delivery_set(q.lg, all ? 0 : id, from, to, gw_clock_now());
    q_close(&q);
    if (n < 0)
        return 2;
    printf("%s: %d deliver%s\n", what, n, n == 1 ? "y" : "ies");
    return n > 0 ? 0 : 1;
usage:
    fprintf(stderr, "usage: passerelle %s %s [-c FILE]\n", what,
            strcmp(what, "requeue") ? "ID" : "ID|--all");
    return 2;
}

int
cmd_requeue(int argc, char **argv)
{
    return q_change(argc, argv, "requeue", "'deferred', 'queued'", "queued");
}

int
cmd_hold(int argc, char **argv)
{
    return q_change(argc, argv, "hold", "'deferred', 'queued'", "held");
}

int
cmd_release(int argc, char **argv)
{
    return q_change(argc, argv, "release", "'held'", "queued");
}

struct resend {
    struct spool *sp;
    int64_t id;
    int bad;
};

static int
q_relink(const struct ledger_delivery *d, void *arg)
{
    struct resend *r = arg;

    if (!strcmp(d->state, "delivered") && spool_queue_archived(r->sp, r->id, d->destination) < 0)
        r->bad = 1;
    return 0;
}

int
cmd_resend(int argc, char **argv)
{
    const char *confopt = NULL;
    struct resend r = {NULL, 0, 0};
    struct qctx q;
    char err[1024];
    int ch, n;

    while ((ch = getopt(argc, argv, "c:")) != -1) {
        if (ch != 'c')
            goto usage;
        confopt = optarg;
    }
    if (optind != argc - 1 || (r.id = q_id(argv[optind])) < 0)
        goto usage;
    if (q_open(&q, confopt) < 0)
        return 2;
    if ((r.sp = spool_open(q.conf.spool_dir, err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s\n", err);
        q_close(&q);
        return 2;
    }
    /* The document goes back into out/ first, then the ledger says it is due again. */
    ledger_deliveries_of(q.lg, r.id, q_relink, &r);
    if (r.bad) {
        fprintf(stderr, "passerelle: resend %lld: archive/%lld: %s\n", (long long)r.id,
                (long long)r.id, strerror(errno));
        spool_close(r.sp);
        q_close(&q);
        return 2;
    }
    n = ledger_delivery_set(q.lg, r.id, "'delivered'", "queued", gw_clock_now());
    if (n > 0) {
        log_init("passerelle", 1, LOG_LVL_INFO);
        log_info("event=resend id=%lld deliveries=%d", (long long)r.id, n);
    }
    spool_close(r.sp);
    q_close(&q);
    if (n < 0)
        return 2;
    printf("resend: %d deliver%s of file %lld queued again\n", n, n == 1 ? "y" : "ies",
           (long long)r.id);
    return n > 0 ? 0 : 1;
usage:
    fprintf(stderr, "usage: passerelle resend ID [-c FILE]\n");
    return 2;
}

static int
q_show_reason(const struct fmt_reason *r, void *arg)
{
    (void)arg;
    printf("  reason   %s %s", r->severity == FMT_SEV_ERROR ? "error" : "warning", r->code);
    if (r->line > 0)
        printf(" line %ld", r->line);
    printf(" [%s]: %s\n", r->rule ? r->rule : "", r->text ? r->text : "");
    return 0;
}

static int
q_show_delivery(const struct ledger_delivery *d, void *arg)
{
    char next[32] = "";

    (void)arg;
    cal_format_local(d->next_try, next, sizeof(next));
    printf("  delivery %-10s %-9s attempts=%ld next=%s%s%s%s%s\n", d->destination, d->state,
           d->attempts, next, d->remote_name[0] ? " remote=" : "", d->remote_name,
           d->last_error[0] ? " error=" : "", d->last_error);
    return 0;
}

static int
q_show_attempt(const char *dest, time_t started, time_t ended, const char *result,
               const char *error, void *arg)
{
    char a[32] = "", b[32] = "";

    (void)arg;
    cal_format_local(started, a, sizeof(a));
    cal_format_local(ended, b, sizeof(b));
    printf("  attempt  %-10s %s .. %s %s%s%s\n", dest, a, b, result, error ? " " : "",
           error ? error : "");
    return 0;
}

int
cmd_show(int argc, char **argv)
{
    const char *confopt = NULL;
    struct ledger_file f;
    struct qctx q;
    char recv[32] = "", dl[32] = "";
    int64_t id;
    int ch;

    while ((ch = getopt(argc, argv, "c:")) != -1) {
        if (ch != 'c')
            goto usage;
        confopt = optarg;
    }
    if (optind != argc - 1 || (id = q_id(argv[optind])) < 0)
        goto usage;
    if (q_open(&q, confopt) < 0)
        return 2;
    if (ledger_file_get(q.lg, id, &f) < 0) {
        fprintf(stderr, "passerelle: show: no file %lld in the ledger\n", (long long)id);
        q_close(&q);
        return 1;
    }
    cal_format_local(f.received_at, recv, sizeof(recv));
    if (f.deadline)
        cal_format_local(f.deadline, dl, sizeof(dl));
    printf("file %lld: %s/%s\n", (long long)f.id, f.sender, f.name);
    printf("  received %s, %lld bytes, sha256 %s\n", recv, (long long)f.size, f.sha256);
    printf("  document flow=%s mRID=%s revision=%ld sender=%s period=%s deadline=%s\n",
           f.flow[0] ? f.flow : "-", f.mrid[0] ? f.mrid : "-", f.revision,
           f.doc_sender[0] ? f.doc_sender : "-", f.period[0] ? f.period : "-", dl[0] ? dl : "-");
    printf("  verdict  %s (%ld errors, %ld warnings), state %s\n", f.status[0] ? f.status : "-",
           f.nerrors, f.nwarnings, f.state);
    ledger_reasons(q.lg, id, q_show_reason, NULL);
    ledger_deliveries_of(q.lg, id, q_show_delivery, NULL);
    ledger_attempts_of(q.lg, id, q_show_attempt, NULL);
    q_close(&q);
    return 0;
usage:
    fprintf(stderr, "usage: passerelle show ID [-c FILE]\n");
    return 2;
}
