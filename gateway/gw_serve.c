/* gw_serve - see gw_serve.h */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fmt.h"
#include "gw_board.h"
#include "gw_calendar.h"
#include "gw_clock.h"
#include "gw_deliver.h"
#include "gw_housekeep.h"
#include "gw_ledger.h"
#include "gw_log.h"
#include "gw_notify.h"
#include "gw_pickup.h"
#include "gw_queue.h"
#include "gw_remind.h"
#include "gw_serve.h"
#include "gw_spool.h"
#include "gw_sweep.h"

static volatile sig_atomic_t sig_term, sig_hup;
static volatile int serve_stop;
static int sig_pipe[2] = {-1, -1};

/* serve_on_signal - note the signal, wake poll() */
static void
serve_on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;

    if (sig == SIGTERM || sig == SIGINT)
        sig_term = 1;
    else if (sig == SIGHUP)
        sig_hup = 1;
    if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
        /* pipe full: poll will wake anyway */
    }
    errno = saved;
}

/* serve_signals - install handlers and the self-pipe */
static void
serve_signals(void)
{
    struct sigaction sa;

    if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
        log_fatal("pipe");
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = serve_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int
serve_has_due(const struct ledger_delivery *d, void *arg)
{
    (void)d;
    *(int *)arg = 1;
    return 1;
}

/* serve_spawn - one delivery child for dest, with a ledger connection of its own */
static pid_t
serve_spawn(struct gw *g, const struct gw_dest *d)
{
    pid_t pid = fork();

    if (pid != 0) {
        if (pid < 0)
            log_warn("event=fork-failed dest=%s", d->name);
        return pid;
    }
    {
        struct gw child = *g;
        char err[512];
        int n;

        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_IGN);
        signal(SIGCHLD, SIG_DFL);
        /* The parent's SQLite connection must not be used across fork(): open our own. */
        child.lg = ledger_open(conf_ledger_path(g->conf), err, sizeof(err));
        if (child.lg == NULL) {
            log_warnx("deliver: %s", err);
            _exit(1);
        }
        n = deliver_pass(&child, d, NULL);
        ledger_close(child.lg);
        _exit(n < 0 ? 1 : 0);
    }
}

/* serve_reap - collect finished delivery children */
/* A destination whose delivery child died abnormally rests retry_min seconds before the next
 * one: a document that crashes the child must not make the daemon spin. */
static time_t serve_rest[CONF_MAX_DESTS];
static long serve_rest_secs = 60;

static void
serve_reap(pid_t *kids, size_t n, int block)
{
    size_t i;

    for (i = 0; i < n; i++) {
        pid_t r;
        int st;

        if (kids[i] <= 0)
            continue;
        /* SIGCHLD of a sibling interrupts a blocking wait: wait again. */
        while ((r = waitpid(kids[i], &st, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
            ;
        if (r == kids[i]) {
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                log_warnx("event=deliver-child-failed pid=%ld status=%d rest=%lds", (long)kids[i],
                          st, serve_rest_secs);
                if (i < CONF_MAX_DESTS)
                    serve_rest[i] = time(NULL) + serve_rest_secs;
            }
            kids[i] = 0;
        }
    }
}

/* serve_notify - tell the service manager (NOTIFY_SOCKET), logging a failure */
static void
serve_notify(const char *state)
{
    if (gw_notify(state) < 0)
        log_warn("event=notify-failed state=%s socket=%s", state, getenv("NOTIFY_SOCKET"));
}

/* serve_reload - SIGHUP: read the configuration again; keep the old one on error */
static void
serve_reload(struct gw *g, const char *conf_path)
{
    struct gw_conf nc;
    char err[1024];

    if (conf_load(conf_path, &nc, err, sizeof(err)) < 0) {
        log_warnx("event=reload-failed error=\"%s\" (keeping the running configuration)", err);
        return;
    }
    if (strcmp(nc.spool_dir, g->conf->spool_dir) || strcmp(nc.ledger, g->conf->ledger) ||
        strcmp(nc.xsd_dir, g->conf->xsd_dir) || strcmp(nc.holidays, g->conf->holidays))
        log_warnx("event=reload note=\"spool_dir, ledger, xsd_dir and holidays changes need a "
                  "restart\"");
    free(nc.spool_dir), free(nc.ledger), free(nc.xsd_dir);
    nc.spool_dir = strdup(g->conf->spool_dir);
    nc.ledger = strdup(g->conf->ledger);
    nc.xsd_dir = strdup(g->conf->xsd_dir);
    if (!nc.spool_dir || !nc.ledger || !nc.xsd_dir)
        log_fatal("reload");
    conf_free(g->conf);
    *g->conf = nc;
    log_set_level((enum log_level)g->conf->log_level);
    log_info("event=reloaded config=%s destinations=%zu", g->conf->path, g->conf->ndests);
}

/* serve_drop_privileges - started as root with `user` set: check that the account owns the
 * spool, then become it for good (groups, gid, uid; regaining root must fail). Started as root
 * without `user`: a loud warning. Anything wrong is fatal: never run half-dropped. */
static void
serve_drop_privileges(const struct gw_conf *conf, const struct spool *sp)
{
    struct passwd *pw;
    struct stat st;

    if (geteuid() != 0) {
        return;
    }
    if (conf->user[0] == '\0') {
        log_warnx("event=running-as-root WARNING: started as root and no `user` is configured: "
                  "the daemon keeps root's privileges (set user = passerelle in %s)",
                  conf->path);
        return;
    }
    if ((pw = getpwnam(conf->user)) == NULL)
        log_fatalx("user %s: no such account (option user in %s)", conf->user, conf->path);
    if (pw->pw_uid == 0)
        log_fatalx("user %s is root: refusing (option user in %s)", conf->user, conf->path);
    if (fstat(sp->rootfd, &st) < 0 || st.st_uid != pw->pw_uid)
        log_fatalx("spool %s is not owned by %s: chown -R %s %s first", conf->spool_dir, conf->user,
                   conf->user, conf->spool_dir);
    {
        /* What this start-up created as root inside the spool becomes the account's. */
        static const char *const own[] = {
            "in",    "work",      "ack",           "rejected",      "out",     "archive", "bundles",
            ".lock", "ledger.db", "ledger.db-wal", "ledger.db-shm", "metrics", "board",   NULL};
        size_t i;

        for (i = 0; own[i]; i++)
            if (fstatat(sp->rootfd, own[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_uid == 0 &&
                fchownat(sp->rootfd, own[i], pw->pw_uid, pw->pw_gid, AT_SYMLINK_NOFOLLOW) < 0)
                log_fatal("spool %s/%s: chown to %s", conf->spool_dir, own[i], conf->user);
    }
    if (setgroups(1, &pw->pw_gid) < 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
        setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0)
        log_fatal("dropping privileges to %s", conf->user);
    if (setuid(0) == 0 || geteuid() == 0)
        log_fatalx("dropping privileges to %s: root could be regained", conf->user);
    log_info("event=privileges-dropped user=%s uid=%ld gid=%ld", conf->user, (long)pw->pw_uid,
             (long)pw->pw_gid);
}

int
serve_run(struct gw_conf *conf, const char *conf_path, int once)
{
    struct gw g = {conf, NULL, NULL, NULL};
    struct fmt_opts fo;
    struct cal_holidays *hol;
    struct pickup *pk = NULL;
    pid_t kids[CONF_MAX_DESTS] = {0};
    time_t next_retry;
    char err[1024];
    size_t i;
    int once_rescans = 0;
    time_t last_purge = 0;

    serve_signals();
    umask(027);
    if ((g.sp = spool_open(conf->spool_dir, err, sizeof(err))) == NULL)
        log_fatalx("%s", err);
    if (spool_lock(g.sp) < 0)
        log_fatalx("spool %s: locked by another passerelle daemon (%s)", conf->spool_dir,
                   strerror(errno));
    if ((g.lg = ledger_open(conf_ledger_path(conf), err, sizeof(err))) == NULL)
        log_fatalx("%s", err);
    fmt_opts_default(&fo);
    fo.max_file_size = conf->max_file_size;
    fo.week_start = (int)conf->week_start;
    fo.max_reasons = (size_t)conf->max_reasons;
    if ((hol = calendar_holidays_new(conf, err, sizeof(err))) == NULL)
        log_fatalx("%s", err);
    fo.holidays = hol;
    if ((g.fmt = fmt_ctx_new(conf_xsd_dir(conf), &fo, err, sizeof(err))) == NULL)
        log_fatalx("schemas: %s", err);
    serve_drop_privileges(conf, g.sp);
    log_info("event=start spool=%s ledger=%s config=%s once=%d uid=%ld", conf->spool_dir,
             conf_ledger_path(conf), conf->path, once, (long)getuid());
    if (gw_clock_synced() == 0)
        log_warnx("event=clock-unsynchronised WARNING: the kernel says the system clock is not "
                  "synchronised (NTP): deadlines (late or on time) are judged on this clock");
    queue_recover(&g);
    deliver_recover(&g);
    next_retry = time(NULL) + g.conf->rescan_interval;
    pk = pickup_new(&g);
    serve_notify("READY=1");

    while (!sig_term) {
        time_t now, next_ready = 0, next_try = 0, next_deadline = 0, next_remind = 0, wake;
        int taken = 0, pending, timeout_ms;
        struct pollfd pfd[2];
        char drain[64];

        if (sig_hup) {
            sig_hup = 0;
            serve_notify("RELOADING=1");
            serve_reload(&g, conf_path);
            serve_notify("READY=1");
        }
        pickup_drain(pk);
        serve_stop = sig_term;
        pending = pickup_scan(&g, &next_ready, &taken, &serve_stop);
        /* A file stopped between claim and queue by a failure (disk full, an unusable ack
         * folder) is taken up again at every rescan, not only at the next start. */
        if (!once && !sig_term && time(NULL) >= next_retry) {
            queue_recover(&g);
            next_retry = time(NULL) + g.conf->rescan_interval;
        }
        serve_reap(kids, CONF_MAX_DESTS, 0);
        if (!(once && pending > 0))
            sweep_run(&g, gw_clock_now(), &next_deadline);
        if (once && pending > 0 && !sig_term) {
            now = time(NULL);
            sleep(next_ready > now ? (unsigned)(next_ready - now) : 1);
            continue;
        }
        /* --once: what this pass put back into an inbox (the documents of an envelope) is
         * "there" too: scan again until a pass takes nothing. */
        if (once && taken > 0 && !sig_term && once_rescans++ < 100)
            continue;
        for (i = 0; i < g.conf->ndests && !sig_term; i++) {
            int due = 0;

            if (kids[i] > 0 || time(NULL) < serve_rest[i])
                continue;
            serve_rest_secs = g.conf->retry_min;
            if (ledger_deliveries_due(g.lg, g.conf->dests[i].name, gw_clock_now(), serve_has_due,
                                      &due) < 0 ||
                !due)
                continue;
            kids[i] = serve_spawn(&g, &g.conf->dests[i]);
        }
        if (time(NULL) - last_purge >= 86400) {
            last_purge = time(NULL);
            housekeep_purge(&g, time(NULL), 0, NULL); /* file times are real time */
        }
        if (once) {
            serve_reap(kids, CONF_MAX_DESTS, 1);
            housekeep_metrics(&g, gw_clock_now());
            remind_run(&g, gw_clock_now(), NULL);
            board_publish(&g, gw_clock_now());
            break;
        }
        housekeep_metrics(&g, gw_clock_now());
        /* Reminders first, so that the board counts them. */
        remind_run(&g, gw_clock_now(), &next_remind);
        board_publish(&g, gw_clock_now());
        /* Sleep until the next thing to do: a rescan, a file going quiet, a retry, a deadline,
         * a reminder. */
        now = time(NULL);
        wake = now + g.conf->rescan_interval;
        if (next_ready && next_ready < wake)
            wake = next_ready;
        if (next_deadline) {
            time_t real = next_deadline - (gw_clock_now() - now);

            if (real < wake)
                wake = real;
        }
        if (next_remind) {
            time_t real = next_remind - (gw_clock_now() - now);

            if (real < wake)
                wake = real;
        }
        if (ledger_next_try(g.lg, &next_try) == 0) {
            time_t real = next_try - (gw_clock_now() - now);

            if (real < wake)
                wake = real;
        }
        timeout_ms = wake > now ? (int)(wake - now) * 1000 : 1000;
        pfd[0].fd = sig_pipe[0];
        pfd[0].events = POLLIN;
        pfd[1].fd = pickup_fd(pk);
        pfd[1].events = POLLIN;
        if (poll(pfd, pfd[1].fd >= 0 ? 2 : 1, timeout_ms) > 0 && (pfd[0].revents & POLLIN))
            while (read(sig_pipe[0], drain, sizeof(drain)) > 0)
                ;
        if (pfd[1].fd >= 0 && (pfd[1].revents & POLLIN))
            usleep(100000); /* let a burst of events settle into one scan */
    }
    serve_notify("STOPPING=1");
    for (i = 0; i < CONF_MAX_DESTS; i++)
        if (kids[i] > 0)
            kill(kids[i], SIGTERM);
    serve_reap(kids, CONF_MAX_DESTS, 1);
    log_info("event=stop");
    pickup_free(pk);
    fmt_ctx_free(g.fmt);
    cal_holidays_free(hol);
    ledger_close(g.lg);
    spool_close(g.sp);
    return 0;
}
