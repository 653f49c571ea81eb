/* gw_fsck - see gw_fsck.h */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw_buf.h"
#include "gw_deliver.h"
#include "gw_fs.h"
#include "gw_fsck.h"
#include "gw_ledger.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_queue.h"
#include "gw_spool.h"

struct fsck {
    struct gw *g;
    int repair;
    int found;
    int64_t *ids;
    size_t nids, cap;
};

/* fsck_say - one finding */
static void
fsck_say(struct fsck *k, const char *what, long long id, const char *detail, const char *action)
{
    k->found++;
    printf("fsck: %s: id=%lld %s%s%s\n", what, id, detail, k->repair ? ": " : "",
           k->repair ? action : "");
}

static int
fsck_collect(const struct ledger_file *f, void *arg)
{
    struct fsck *k = arg;

    if (k->nids == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 64;
        k->ids = xreallocarray(k->ids, k->cap, sizeof(*k->ids));
    }
    k->ids[k->nids++] = f->id;
    return 0;
}

/* fsck_exists - an entry in a spool folder (no following) */
static int
fsck_exists(int dirfd, const char *name)
{
    struct stat st;

    return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* fsck_inflight - files the ledger shows between claim and queue */
static void
fsck_inflight(struct fsck *k)
{
    static const char *const states[] = {LS_CLAIMING, LS_RECEIVED, LS_JUDGED, LS_ACKNOWLEDGED,
                                         NULL};
    size_t i;

    k->nids = 0;
    ledger_files_in_states(k->g->lg, states, fsck_collect, k);
    for (i = 0; i < k->nids; i++) {
        struct ledger_file f;

        if (ledger_file_get(k->g->lg, k->ids[i], &f) < 0)
            continue;
        fsck_say(k, "in-flight", (long long)f.id, f.state, "resumed");
    }
    if (k->repair && k->nids)
        queue_recover(k->g);
}

/* fsck_expired - old enough to have been purged */
static int
fsck_expired(const struct fsck *k, const struct ledger_file *f)
{
    long days = !strcmp(f->state, LS_REJECTED) ? k->g->conf->retention_rejected
                                               : k->g->conf->retention_archive;

    return days > 0 && f->received_at < time(NULL) - days * 86400 + 86400;
}

/* fsck_terminal - terminal files must be where their state says */
static void
fsck_terminal(struct fsck *k)
{
    static const char *const states[] = {LS_REJECTED,  LS_LATE,   LS_DUPLICATE,
                                         LS_DELIVERED, LS_QUEUED, NULL};
    size_t i;

    k->nids = 0;
    ledger_files_in_states(k->g->lg, states, fsck_collect, k);
    for (i = 0; i < k->nids; i++) {
        struct ledger_file f;
        char name[NAME_MAX + 1], idn[32];

        if (ledger_file_get(k->g->lg, k->ids[i], &f) < 0)
            continue;
        snprintf(idn, sizeof(idn), "%lld", (long long)f.id);
        if (fsck_exists(k->g->sp->workfd, idn)) {
            fsck_say(k, "left-in-work", (long long)f.id, f.state, "moved on");
            if (k->repair) {
                if (!strcmp(f.state, LS_REJECTED))
                    spool_reject(k->g->sp, f.id, f.name, "", 0);
                else
                    spool_archive(k->g->sp, f.id);
            }
            continue;
        }
        /* Past its area's retention, a document may have been purged: not a disagreement. */
        if (fsck_expired(k, &f))
            continue;
        if (!strcmp(f.state, LS_REJECTED)) {
            if (gw_path(name, sizeof(name), "%s.%s", idn, f.name) == 0 &&
                !fsck_exists(k->g->sp->rejfd, name))
                fsck_say(k, "missing", (long long)f.id, "rejected file not in rejected/",
                         "cannot repair (reported)");
        } else if (!fsck_exists(k->g->sp->archfd, idn)) {
            fsck_say(k, "missing", (long long)f.id, "document not in archive/",
                     "cannot repair (reported)");
        }
    }
}

struct fsck_due {
    struct fsck *k;
    const char *dest;
};

/* fsck_delivery - an undelivered delivery needs its out/ link */
static int
fsck_delivery(const struct ledger_delivery *d, void *arg)
{
    struct fsck_due *fd = arg;
    struct fsck *k = fd->k;
    char idn[32];
    int dfd;

    snprintf(idn, sizeof(idn), "%lld", (long long)d->file_id);
    if ((dfd = spool_open_out(k->g->sp, d->file_id, fd->dest)) >= 0) {
        close(dfd);
        return 0;
    }
    if (fsck_exists(k->g->sp->archfd, idn)) {
        fsck_say(k, "unlinked", (long long)d->file_id, "queued but not in out/",
                 "relinked from archive/");
        if (k->repair) {
            int ofd = openat(k->g->sp->outfd, fd->dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

            if (ofd >= 0) {
                gw_fs_link(k->g->sp->archfd, idn, ofd, idn);
                close(ofd);
            }
        }
    } else {
        fsck_say(k, "lost", (long long)d->file_id, "queued, but neither in out/ nor in archive/",
                 "cannot repair (reported)");
    }
    return 0;
}

/* fsck_out - every out/<dest>/<id> needs an undelivered delivery */
static void
fsck_out(struct fsck *k, const char *dest)
{
    struct dirent *de;
    DIR *d;
    int dfd;

    if ((dfd = openat(k->g->sp->outfd, dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return;
    if ((d = fdopendir(dfd)) == NULL) {
        close(dfd);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        char state[16], *end;
        long long id = strtoll(de->d_name, &end, 10);

        if (de->d_name[0] == '.')
            continue;
        if (*end != '\0' || id <= 0) {
            fsck_say(k, "stray", 0, de->d_name, "left alone (not ours)");
            continue;
        }
        if (ledger_delivery_state(k->g->lg, id, dest, state) < 0) {
            struct ledger_file f;

            /* Links made before the ledger commit of a file still being routed are fine. */
            if (ledger_file_get(k->g->lg, id, &f) == 0 && !strcmp(f.state, LS_ACKNOWLEDGED))
                continue;
            fsck_say(k, "orphan-link", id, "in out/ with no delivery", "removed");
            if (k->repair)
                spool_dequeue(k->g->sp, id, dest);
        } else if (!strcmp(state, "delivered")) {
            fsck_say(k, "delivered-link", id, "delivered but still in out/", "removed");
        }
    }
    closedir(d);
    if (k->repair)
        deliver_recover(k->g);
}

/* fsck_work - every work/ entry needs a ledger row */
static void
fsck_work(struct fsck *k)
{
    struct dirent *de;
    DIR *d;
    int fd = dup(k->g->sp->workfd);

    if (fd < 0 || (d = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d);
    while ((de = readdir(d)) != NULL) {
        struct ledger_file f;
        char *end, dst[NAME_MAX + 1];
        long long id = strtoll(de->d_name, &end, 10);

        if (de->d_name[0] == '.')
            continue;
        if (*end == '\0' && id > 0 && ledger_file_get(k->g->lg, id, &f) == 0)
            continue;
        fsck_say(k, "orphan", id, de->d_name, "moved to rejected/orphan-<name>");
        if (k->repair && gw_path(dst, sizeof(dst), "orphan-%s", de->d_name) == 0)
            gw_fs_rename(k->g->sp->workfd, de->d_name, k->g->sp->rejfd, dst);
    }
    closedir(d);
}

int
fsck_run(struct gw_conf *conf, int repair, char *err, size_t errlen)
{
    struct gw g = {conf, NULL, NULL, NULL};
    struct fsck k = {&g, repair, 0, NULL, 0, 0};
    size_t i;

    if ((g.sp = spool_open(conf->spool_dir, err, errlen)) == NULL)
        return -1;
    if (spool_lock(g.sp) < 0) {
        snprintf(err, errlen, "spool %s: locked by a running daemon (stop it first)",
                 conf->spool_dir);
        spool_close(g.sp);
        return -1;
    }
    if ((g.lg = ledger_open(conf_ledger_path(conf), err, errlen)) == NULL) {
        spool_close(g.sp);
        return -1;
    }
    fsck_work(&k);
    fsck_inflight(&k);
    fsck_terminal(&k);
    for (i = 0; i < conf->ndests; i++) {
        struct fsck_due fd = {&k, conf->dests[i].name};

        fsck_out(&k, conf->dests[i].name);
        ledger_deliveries_due(g.lg, conf->dests[i].name, (time_t)1 << 62, fsck_delivery, &fd);
    }
    free(k.ids);
    ledger_close(g.lg);
    spool_close(g.sp);
    return k.found;
}
