/* gw_cmd_status - `passerelle status [--json] [-c FILE]`: the operator's view, read from the
 * ledger and the spool: the clock (and whether the kernel says it is synchronised), files per
 * state, deliveries waiting (with their next retry and last error, like mailq), the open periods
 * per sender with the time left to their deadline, and the disk use of each spool area. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "gw_buf.h"
#include "gw_clock.h"
#include "gw_cmd.h"
#include "gw_conf.h"
#include "gw_ledger.h"

struct status {
    struct gw_buf *b; /* JSON being built, or NULL for text */
    time_t now;
    int first;
};

/* st_left - "3d 04:05" until t, or "passed" */
static void
st_left(time_t now, time_t t, char *buf, size_t size)
{
    long s = (long)(t - now);

    if (t == 0)
        snprintf(buf, size, "-");
    else if (s < 0)
        snprintf(buf, size, "passed");
    else
        snprintf(buf, size, "%ldd %02ld:%02ld", s / 86400, s % 86400 / 3600, s % 3600 / 60);
}

/* st_jstr - a JSON string member */
static void
st_jstr(struct gw_buf *b, const char *key, const char *v, int comma)
{
    gw_buf_printf(b, "%s\"%s\":\"", comma ? "," : "", key);
    gw_buf_json_escape(b, v ? v : "");
    gw_buf_puts(b, "\"");
}

static int
st_state(const char *state, long n, void *arg)
{
    struct status *s = arg;

    if (s->b)
        gw_buf_printf(s->b, "%s\"%s\":%ld", s->first ? "" : ",", state, n);
    else
        printf("%s%s=%ld", s->first ? "  " : " ", state, n);
    s->first = 0;
    return 0;
}

static int
st_pending(const struct ledger_delivery *d, const char *name, void *arg)
{
    struct status *s = arg;
    char next[32] = "";

    cal_format_local(d->next_try, next, sizeof(next));
    if (s->b) {
        gw_buf_printf(s->b, "%s{\"id\":%lld", s->first ? "" : ",", (long long)d->file_id);
        st_jstr(s->b, "destination", d->destination, 1);
        st_jstr(s->b, "file", name, 1);
        st_jstr(s->b, "state", d->state, 1);
        gw_buf_printf(s->b, ",\"attempts\":%ld", d->attempts);
        st_jstr(s->b, "next_try", next, 1);
        st_jstr(s->b, "last_error", d->last_error, 1);
        gw_buf_puts(s->b, "}");
    } else {
        printf("  %-6lld %-8s %-40s %-9s attempts=%-3ld next=%s%s%s\n", (long long)d->file_id,
               d->destination, name, d->state, d->attempts, next, d->last_error[0] ? " error=" : "",
               d->last_error);
    }
    s->first = 0;
    return 0;
}

static int
st_period(const struct ledger_period_row *r, void *arg)
{
    struct status *s = arg;
    char dl[32] = "-", left[32];

    if (r->deadline)
        cal_format_local(r->deadline, dl, sizeof(dl));
    st_left(s->now, r->deadline, left, sizeof(left));
    if (s->b) {
        gw_buf_puts(s->b, s->first ? "{" : ",{");
        st_jstr(s->b, "flow", r->flow, 0);
        st_jstr(s->b, "period", r->period, 1);
        st_jstr(s->b, "sender", r->sender, 1);
        st_jstr(s->b, "deadline", dl, 1);
        gw_buf_printf(s->b, ",\"seconds_left\":%ld",
                      r->deadline ? (long)(r->deadline - s->now) : 0);
        gw_buf_printf(s->b, ",\"accepted\":%ld,\"rejected\":%ld,\"late\":%ld,\"sealed\":%s}",
                      r->accepted, r->rejected, r->late, r->bundled ? "true" : "false");
    } else {
        printf("  %-16s %-10s %-16s %-25s %-11s %8ld %8ld %5ld %s\n", r->flow, r->period, r->sender,
               dl, left, r->accepted, r->rejected, r->late, r->bundled ? "yes" : "no");
    }
    s->first = 0;
    return 0;
}

/* st_du - bytes used below parent/name (two levels: areas and their sub-folders) */
static long long
st_du(int parent, const char *name, int depth)
{
    struct dirent *de;
    long long total = 0;
    DIR *d;
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0 || (d = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;

        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        total += (long long)st.st_blocks * 512;
        if (S_ISDIR(st.st_mode) && depth > 0)
            total += st_du(dirfd(d), de->d_name, depth - 1);
    }
    closedir(d);
    return total;
}

int
cmd_status(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'}, {"config", required_argument, NULL, 'c'}, {0}};
    static const char *const areas[] = {"in",  "work",    "ack",     "rejected",
                                        "out", "archive", "bundles", NULL};
    const char *confopt = NULL;
    struct status s = {NULL, 0, 1};
    struct ledger *lg;
    struct gw_conf conf;
    char err[1024], now[32];
    int ch, json = 0, synced, i, rootfd;

    while ((ch = getopt_long(argc, argv, "jc:", longopts, NULL)) != -1) {
        if (ch == 'j')
            json = 1;
        else if (ch == 'c')
            confopt = optarg;
        else {
            fprintf(stderr, "usage: passerelle status [--json] [-c FILE]\n");
            return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "usage: passerelle status [--json] [-c FILE]\n");
        return 2;
    }
    if (conf_load(cmd_conf_path(confopt), &conf, err, sizeof(err)) < 0) {
        fprintf(stderr, "passerelle: %s\n", err);
        return 2;
    }
    if (gw_clock_init() < 0) {
        fprintf(stderr, "passerelle: PASSERELLE_NOW: expected YYYY-MM-DDTHH:MM:SSZ\n");
        conf_free(&conf);
        return 2;
    }
    if (access(conf_ledger_path(&conf), R_OK) < 0 ||
        (lg = ledger_open(conf_ledger_path(&conf), err, sizeof(err))) == NULL) {
        fprintf(stderr, "passerelle: %s: %s\n", conf_ledger_path(&conf),
                access(conf_ledger_path(&conf), R_OK) < 0 ? strerror(errno) : err);
        conf_free(&conf);
        return 2;
    }
    s.now = gw_clock_now();
    cal_format_local(s.now, now, sizeof(now));
    synced = gw_clock_synced();
    if (synced == 0)
        fprintf(stderr, "passerelle: WARNING: the kernel says the system clock is not "
                        "synchronised: deadlines are judged on this clock\n");
    if (json) {
        s.b = gw_buf_new(0);
        gw_buf_puts(s.b, "{");
        st_jstr(s.b, "clock", now, 0);
        gw_buf_printf(s.b, ",\"clock_synchronised\":%s,\"files\":{",
                      synced == 0  ? "false"
                      : synced > 0 ? "true"
                                   : "null");
    } else {
        printf("clock: %s (%s)\nfiles:", now,
               synced == 0  ? "NOT SYNCHRONISED"
               : synced > 0 ? "synchronised"
                            : "synchronisation unknown");
    }
    ledger_state_counts(lg, st_state, &s);
    if (json)
        gw_buf_puts(s.b, "},\"deliveries\":[");
    else
        printf("\ndeliveries waiting (id, destination, file, state, attempts, next retry):\n");
    s.first = 1;
    ledger_pending(lg, st_pending, &s);
    if (json)
        gw_buf_puts(s.b, "],\"periods\":[");
    else
        printf("open periods:\n  %-16s %-10s %-16s %-25s %-11s %8s %8s %5s %s\n", "FLOW", "PERIOD",
               "SENDER", "DEADLINE", "LEFT", "ACCEPTED", "REJECTED", "LATE", "SEALED");
    s.first = 1;
    /* Periods whose deadline passed in the last two weeks, or not sealed yet. */
    ledger_open_periods(lg, s.now - 14 * 86400, st_period, &s);
    if (json)
        gw_buf_puts(s.b, "],\"spool\":{");
    else
        printf("spool %s (bytes used):", conf.spool_dir);
    rootfd = open(conf.spool_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (i = 0; areas[i]; i++) {
        long long du = rootfd >= 0 ? st_du(rootfd, areas[i], 2) : 0;

        if (json)
            gw_buf_printf(s.b, "%s\"%s\":%lld", i ? "," : "", areas[i], du);
        else
            printf(" %s=%lld", areas[i], du);
    }
    if (rootfd >= 0)
        close(rootfd);
    if (json) {
        gw_buf_puts(s.b, "}}\n");
        fwrite(s.b->data, 1, s.b->len, stdout);
        gw_buf_free(s.b);
    } else {
        putchar('\n');
    }
    ledger_close(lg);
    conf_free(&conf);
    return 0;
}
