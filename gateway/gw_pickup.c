/* gw_pickup - see gw_pickup.h */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "gw_buf.h"
#include "gw_clock.h"
#include "gw_fs.h"
#include "gw_log.h"
#include "gw_mem.h"
#include "gw_pickup.h"

#define PICKUP_MASK                                                                                \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF)

struct pickup {
    struct gw *g;
    int ifd;
};

/* pickup_watch_all - (re)add a watch on in/ and every sender folder (idempotent in inotify) */
static void
pickup_watch_all(struct pickup *p)
{
    char path[PATH_MAX];
    struct dirent *de;
    DIR *d;
    int fd;

    if (p->ifd < 0)
        return;
    if (gw_path(path, sizeof(path), "%s/in", p->g->sp->root) == 0)
        inotify_add_watch(p->ifd, path, PICKUP_MASK | IN_ONLYDIR);
    if ((fd = dup(p->g->sp->infd)) < 0 || (d = fdopendir(fd)) == NULL) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d);
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (gw_path(path, sizeof(path), "%s/in/%s", p->g->sp->root, de->d_name) == 0)
            inotify_add_watch(p->ifd, path, PICKUP_MASK | IN_ONLYDIR | IN_DONT_FOLLOW);
    }
    closedir(d);
}

struct pickup *
pickup_new(struct gw *g)
{
    struct pickup *p = xcalloc(1, sizeof(*p));

    p->g = g;
    p->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (p->ifd < 0)
        log_warn("pickup: inotify unavailable, relying on rescans");
    pickup_watch_all(p);
    return p;
}

void
pickup_free(struct pickup *p)
{
    if (p == NULL)
        return;
    if (p->ifd >= 0)
        close(p->ifd);
    free(p);
}

int
pickup_fd(const struct pickup *p)
{
    return p ? p->ifd : -1;
}

void
pickup_drain(struct pickup *p)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    int newdir = 0;

    if (p == NULL || p->ifd < 0)
        return;
    for (;;) {
        ssize_t n = read(p->ifd, buf, sizeof(buf));
        char *q;

        if (n <= 0)
            break;
        for (q = buf; q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)q;

            if (ev->mask & (IN_ISDIR | IN_Q_OVERFLOW))
                newdir = 1;
            q += sizeof(*ev) + ev->len;
        }
    }
    if (newdir)
        pickup_watch_all(p);
}

/* pickup_still_open - 1 when some process holds the file open for writing. A read lease is
 * refused with EAGAIN exactly then; when leases are not permitted (not the owner, no
 * CAP_LEASE) we cannot tell and rely on the quiet period alone. */
static int
pickup_still_open(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    int open_for_write = 0;

    if (fd < 0)
        return 0;
    if (fcntl(fd, F_SETLEASE, F_RDLCK) < 0) {
        if (errno == EAGAIN || errno == EBUSY)
            open_for_write = 1;
    } else {
        fcntl(fd, F_SETLEASE, F_UNLCK);
    }
    close(fd);
    return open_for_write;
}

struct pickup_entry {
    char name[256];
    time_t ctime;
    long ctime_ns;
};

/* pickup_cmp - arrival order (ctime), then name: deterministic, first come first served */
static int
pickup_cmp(const void *a, const void *b)
{
    const struct pickup_entry *x = a, *y = b;

    if (x->ctime != y->ctime)
        return x->ctime < y->ctime ? -1 : 1;
    if (x->ctime_ns != y->ctime_ns)
        return x->ctime_ns < y->ctime_ns ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* pickup_sender - scan one sender folder; take the ready files in arrival order */
static int
pickup_sender(struct gw *g, const char *sender, time_t *next_ready, int *taken, volatile int *stop)
{
    struct pickup_entry *ready = NULL;
    size_t nready = 0, cap = 0, i;
    struct dirent *de;
    DIR *d;
    int dfd, pending = 0;

    if ((dfd = openat(g->sp->infd, sender, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return 0;
    if ((d = fdopendir(dup(dfd))) == NULL) {
        close(dfd);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        time_t now, last;

        if (spool_in_progress(de->d_name))
            continue;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        /* Sub-folders are not files: left alone. Everything else gets an answer: bad names,
         * symlinks, FIFOs, devices and hard links are claimed and rejected (never opened). */
        if (S_ISDIR(st.st_mode))
            continue;
        now = time(NULL); /* quiet periods are real time, whatever the settable clock says */
        last = st.st_mtime > st.st_ctime ? st.st_mtime : st.st_ctime;
        if (now - last < g->conf->quiet_period ||
            (S_ISREG(st.st_mode) && pickup_still_open(dfd, de->d_name))) {
            time_t when = last + g->conf->quiet_period;

            if (when <= now)
                when = now + 1;
            if (*next_ready == 0 || when < *next_ready)
                *next_ready = when;
            pending++;
            continue;
        }
        if (nready == cap) {
            cap = cap ? 2 * cap : 64;
            ready = xreallocarray(ready, cap, sizeof(*ready));
        }
        snprintf(ready[nready].name, sizeof(ready[nready].name), "%s", de->d_name);
        ready[nready].ctime = st.st_ctim.tv_sec;
        ready[nready].ctime_ns = st.st_ctim.tv_nsec;
        nready++;
    }
    closedir(d);
    if (nready > 1)
        qsort(ready, nready, sizeof(*ready), pickup_cmp);
    for (i = 0; i < nready && !*stop; i++) {
        struct stat st;

        /* Stat again: the file may have changed or gone since the listing. */
        if (fstatat(dfd, ready[i].name, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode))
            continue;
        if (queue_take(g, sender, dfd, ready[i].name, &st) == 0)
            (*taken)++;
    }
    free(ready);
    close(dfd);
    return pending;
}

int
pickup_scan(struct gw *g, time_t *next_ready, int *taken, volatile int *stop)
{
    struct dirent *de;
    DIR *d;
    int fd, pending = 0;

    if ((fd = dup(g->sp->infd)) < 0 || (d = fdopendir(fd)) == NULL) {
        log_warn("pickup: %s/in", g->sp->root);
        if (fd >= 0)
            close(fd);
        return 0;
    }
    rewinddir(d);
    while (!*stop && (de = readdir(d)) != NULL) {
        struct stat st;

        if (de->d_name[0] == '.')
            continue;
        if (fstatat(g->sp->infd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
            continue;
        if (!spool_name_ok(de->d_name)) {
            log_warnx("pickup: in/%s: sender folder name not allowed, ignored", de->d_name);
            continue;
        }
        pending += pickup_sender(g, de->d_name, next_ready, taken, stop);
    }
    closedir(d);
    return pending;
}
