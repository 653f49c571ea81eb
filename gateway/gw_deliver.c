/* gw_deliver - see gw_deliver.h */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gw_ack.h"
#include "gw_buf.h"
#include "gw_clock.h"
#include "gw_crash.h"
#include "gw_deliver.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_sftp.h"

time_t
deliver_backoff(const struct gw_conf *c, long attempts, time_t now)
{
    long delay = c->retry_min;
    long i;

    for (i = 1; i < attempts && delay < c->retry_max; i++)
        delay *= 2;
    if (delay > c->retry_max)
        delay = c->retry_max;
    return now + delay;
}

int
deliver_remote_name(const struct ledger_file *f, char *buf, size_t size)
{
    return gw_path(buf, size, "%s_%s_r%ld_%.16s.xml", f->sender, f->mrid[0] ? f->mrid : "nomrid",
                   f->revision, f->sha256);
}

struct deliver_list {
    struct ledger_delivery *v;
    size_t n, cap;
};

/* deliver_collect - gather the due deliveries before touching the ledger */
static int
deliver_collect(const struct ledger_delivery *d, void *arg)
{
    struct deliver_list *l = arg;

    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
    }
    l->v[l->n++] = *d;
    return 0;
}

/* deliver_ack_delivered - the second acknowledgement, once every destination has the file */
static void
deliver_ack_delivered(struct gw *g, const struct ledger_file *f)
{
    struct gw_buf *b = gw_buf_new(0);
    char name[NAME_MAX + 1];

    if (ack_build(g->lg, f, "delivered", gw_clock_now(), b) < 0 ||
        ack_name(f, 1, name, sizeof(name)) < 0 ||
        spool_write_ack(g->sp, f->sender, name, b->data, b->len) < 0)
        log_warn("event=ack-failed id=%lld status=delivered", (long long)f->id);
    gw_buf_free(b);
}

/* deliver_record - store the outcome of one attempt */
static int
deliver_record(struct gw *g, const struct gw_dest *d, const struct ledger_delivery *dl,
               const struct ledger_file *f, time_t started, int ok, const char *error,
               const char *remote)
{
    time_t now = gw_clock_now(), next = deliver_backoff(g->conf, dl->attempts + 1, now);
    int all = 0;

    if (ledger_delivery_result(g->lg, dl->id, started, now, ok, error, remote, next, &all) < 0)
        return -1;
    if (ok) {
        gw_crashpoint("after-delivered-commit");
        log_info("event=delivered id=%lld sender=%s file=%s dest=%s remote=%s", (long long)f->id,
                 f->sender, f->name, d->name, remote);
        /* The second acknowledgement before the dequeue: recovery redoes both while the
         * out/ link is there (deliver_recover). */
        if (all)
            deliver_ack_delivered(g, f);
        gw_crashpoint("after-delivered-ack");
        if (spool_dequeue(g->sp, f->id, d->name) < 0)
            log_warn("event=dequeue-failed id=%lld dest=%s", (long long)f->id, d->name);
    } else {
        log_warnx("event=deferred id=%lld sender=%s file=%s dest=%s attempts=%ld retry_in=%lds "
                  "error=\"%s\"",
                  (long long)f->id, f->sender, f->name, d->name, dl->attempts + 1,
                  (long)(next - now), error);
    }
    return 0;
}

/* deliver_recover_dest - one out/<dest>/ folder */
static void
deliver_recover_dest(struct gw *g, const char *dest)
{
    struct dirent *de;
    DIR *d;
    int dfd;

    if ((dfd = openat(g->sp->outfd, dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return;
    if ((d = fdopendir(dfd)) == NULL) {
        close(dfd);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        struct ledger_file f;
        char state[16], *end;
        long long id = strtoll(de->d_name, &end, 10);

        if (de->d_name[0] == '.' || *end != '\0' || id <= 0)
            continue;
        if (ledger_delivery_state(g->lg, id, dest, state) < 0 || strcmp(state, "delivered") != 0)
            continue;
        if (ledger_file_get(g->lg, id, &f) == 0 && !strcmp(f.state, LS_DELIVERED))
            deliver_ack_delivered(g, &f);
        log_info("event=recover id=%lld dest=%s action=dequeue-delivered", id, dest);
        if (spool_dequeue(g->sp, id, dest) < 0)
            log_warn("event=dequeue-failed id=%lld dest=%s", id, dest);
    }
    closedir(d);
}

int
deliver_recover(struct gw *g)
{
    size_t i;

    for (i = 0; i < g->conf->ndests; i++)
        deliver_recover_dest(g, g->conf->dests[i].name);
    return 0;
}

int
deliver_pass(struct gw *g, const struct gw_dest *d, size_t *deferred)
{
    struct deliver_list due = {NULL, 0, 0};
    struct sftp_dest sd;
    struct sftp_conn *conn = NULL;
    enum sftp_result cr = SFTP_OK;
    char err[512] = "";
    size_t i, ndef = 0;
    int delivered = 0, rc = 0;

    if (ledger_deliveries_due(g->lg, d->name, gw_clock_now(), deliver_collect, &due) < 0)
        return -1;
    if (due.n == 0)
        goto out;
    memset(&sd, 0, sizeof(sd));
    sd.name = d->name, sd.host = d->host, sd.port = (int)d->port, sd.user = d->user;
    sd.key = d->key, sd.known_hosts = d->known_hosts, sd.remote_dir = d->remote_dir;
    sd.timeout = (int)d->timeout;
    cr = sftp_connect(&sd, &conn, err, sizeof(err));
    if (cr != SFTP_OK)
        log_warnx("event=connect-failed dest=%s host=%s port=%ld result=%s error=\"%s\"", d->name,
                  d->host, d->port, sftp_result_name(cr), err);
    for (i = 0; i < due.n; i++) {
        struct ledger_file f;
        char remote[NAME_MAX + 1], why[600];
        time_t started = gw_clock_now();
        int fd, ok = 0;

        if (ledger_file_get(g->lg, due.v[i].file_id, &f) < 0) {
            rc = -1;
            break;
        }
        if (deliver_remote_name(&f, remote, sizeof(remote)) < 0) {
            snprintf(why, sizeof(why), "remote name too long");
        } else if (cr != SFTP_OK) {
            snprintf(why, sizeof(why), "%s: %s", sftp_result_name(cr), err);
        } else if ((fd = spool_open_out(g->sp, f.id, d->name)) < 0) {
            snprintf(why, sizeof(why), "out/%s/%lld: %s", d->name, (long long)f.id,
                     strerror(errno));
        } else {
            char perr[512] = "";
            enum sftp_result pr = sftp_put(conn, fd, remote, perr, sizeof(perr));

            close(fd);
            ok = pr == SFTP_OK;
            snprintf(why, sizeof(why), "%s: %s", sftp_result_name(pr), perr);
            if (!ok && pr != SFTP_ETEMP) {
                /* The session is unusable (or the key refused): stop using it. */
                cr = pr;
                snprintf(err, sizeof(err), "%s", perr);
            }
        }
        if (deliver_record(g, d, &due.v[i], &f, started, ok, ok ? NULL : why, remote) < 0) {
            rc = -1;
            break;
        }
        if (ok)
            delivered++;
        else
            ndef++;
    }
out:
    sftp_close(conn);
    free(due.v);
    if (deferred)
        *deferred = ndef;
    return rc < 0 ? -1 : delivered;
}
