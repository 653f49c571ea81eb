/* gw_housekeep - see gw_housekeep.h */
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
#include "gw_fs.h"
#include "gw_housekeep.h"
#include "gw_log.h"

struct metrics {
    struct gw_buf *b;
    enum ledger_count kind;
};

/* hk_row - one sample line; label values are our own words (flows, states, destinations) */
static int
hk_row(const char *a, const char *b, long long n, void *arg)
{
    struct metrics *m = arg;

    a = a ? a : "";
    b = b ? b : "";
    switch (m->kind) {
    case LEDGER_COUNT_FILES:
        gw_buf_printf(m->b, "passerelle_files{flow=\"%s\",status=\"%s\"} %lld\n", a, b, n);
        break;
    case LEDGER_COUNT_DELIVERIES:
        gw_buf_printf(m->b, "passerelle_deliveries{destination=\"%s\",state=\"%s\"} %lld\n", a, b,
                      n);
        break;
    case LEDGER_COUNT_STATES:
        gw_buf_printf(m->b, "passerelle_queue_files{state=\"%s\"} %lld\n", a, n);
        break;
    case LEDGER_COUNT_DEADLINES:
        gw_buf_printf(m->b, "passerelle_deadline_seconds{flow=\"%s\"} %lld\n", a, n);
        break;
    }
    return 0;
}

int
housekeep_metrics(struct gw *g, time_t now)
{
    const char *path = g->conf->metrics_file;
    char def[PATH_MAX], dir[PATH_MAX], *slash;
    struct metrics m = {gw_buf_new(0), LEDGER_COUNT_FILES};
    int dfd, rc = -1;

    if (!strcmp(path, "none"))
        goto done;
    if (*path == '\0') {
        if (gw_path(def, sizeof(def), "%s/metrics/passerelle.prom", g->conf->spool_dir) < 0)
            goto done;
        path = def;
    }
    gw_buf_puts(m.b, "# HELP passerelle_files Files received, by flow and verdict.\n"
                     "# TYPE passerelle_files counter\n");
    m.kind = LEDGER_COUNT_FILES;
    ledger_counts(g->lg, m.kind, now, hk_row, &m);
    gw_buf_puts(m.b, "# HELP passerelle_deliveries Deliveries, by destination and state.\n"
                     "# TYPE passerelle_deliveries gauge\n");
    m.kind = LEDGER_COUNT_DELIVERIES;
    ledger_counts(g->lg, m.kind, now, hk_row, &m);
    gw_buf_puts(m.b, "# HELP passerelle_queue_files Files in each state of the queue.\n"
                     "# TYPE passerelle_queue_files gauge\n");
    m.kind = LEDGER_COUNT_STATES;
    ledger_counts(g->lg, m.kind, now, hk_row, &m);
    gw_buf_puts(m.b, "# HELP passerelle_deadline_seconds Seconds left to the next deadline of "
                     "each flow (an open period).\n"
                     "# TYPE passerelle_deadline_seconds gauge\n");
    m.kind = LEDGER_COUNT_DEADLINES;
    ledger_counts(g->lg, m.kind, now, hk_row, &m);
    gw_buf_printf(m.b,
                  "# HELP passerelle_metrics_time Unix time of this file.\n"
                  "# TYPE passerelle_metrics_time gauge\npasserelle_metrics_time %lld\n",
                  (long long)now);
    if (gw_path(dir, sizeof(dir), "%s", path) < 0 || (slash = strrchr(dir, '/')) == NULL)
        snprintf(dir, sizeof(dir), ".");
    else
        *slash = '\0';
    if (gw_fs_mkdirs(dir, 0750) < 0 || (dfd = gw_fs_open_dir(AT_FDCWD, dir)) < 0) {
        log_warn("metrics: %s", dir);
        goto done;
    }
    rc = gw_fs_write_atomic(dfd, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, m.b->data,
                            m.b->len);
    if (rc < 0)
        log_warn("metrics: %s", path);
    close(dfd);
done:
    gw_buf_free(m.b);
    return rc;
}

/* hk_purge_dir - one folder: regular files older than cutoff */
static long
hk_purge_dir(struct gw *g, int parent, const char *name, const char *label, time_t cutoff,
             int archive, int dry_run, FILE *out)
{
    struct dirent *de;
    long n = 0;
    DIR *d;
    int dfd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

    if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
        if (dfd >= 0)
            close(dfd);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;

        if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISREG(st.st_mode) || st.st_mtime >= cutoff)
            continue;
        if (archive) {
            struct ledger_file f;
            char *end;
            long long id = strtoll(de->d_name, &end, 10);

            /* A document still waiting for a destination stays. */
            if (*end == '\0' && ledger_file_get(g->lg, id, &f) == 0 && !strcmp(f.state, LS_QUEUED))
                continue;
        }
        if (out)
            fprintf(out, "purge: %s%s/%s\n", dry_run ? "would remove " : "", label, de->d_name);
        if (!dry_run && unlinkat(dirfd(d), de->d_name, 0) < 0) {
            log_warn("purge: %s/%s", label, de->d_name);
            continue;
        }
        n++;
    }
    if (!dry_run)
        fsync(dirfd(d));
    closedir(d);
    return n;
}

long
housekeep_purge(struct gw *g, time_t now, int dry_run, FILE *out)
{
    const struct {
        const char *area;
        long days;
    } areas[] = {{"archive", g->conf->retention_archive},
                 {"rejected", g->conf->retention_rejected},
                 {"bundles", g->conf->retention_bundles}};
    long n = 0;
    size_t i;

    for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
        if (areas[i].days > 0)
            n += hk_purge_dir(g, g->sp->rootfd, areas[i].area, areas[i].area,
                              now - areas[i].days * 86400, !strcmp(areas[i].area, "archive"),
                              dry_run, out);
    if (g->conf->retention_ack > 0) {
        struct dirent *de;
        int fd = dup(g->sp->ackfd);
        DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

        if (d == NULL && fd >= 0)
            close(fd);
        while (d && (de = readdir(d)) != NULL) {
            char label[300];

            if (de->d_name[0] == '.')
                continue;
            snprintf(label, sizeof(label), "ack/%s", de->d_name);
            n += hk_purge_dir(g, g->sp->ackfd, de->d_name, label,
                              now - g->conf->retention_ack * 86400, 0, dry_run, out);
        }
        if (d)
            closedir(d);
    }
    if (!dry_run && n > 0)
        log_info("event=purged files=%ld", n);
    return n;
}
