/* gw_spool - see gw_spool.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gw_buf.h"
#include "gw_fs.h"
#include "gw_mem.h"
#include "gw_spool.h"

static const char *const spool_dirs[] = {"in",  "work",    "ack",    "rejected",
                                         "out", "archive", "bundles"};
#define SPOOL_NDIRS (sizeof(spool_dirs) / sizeof(spool_dirs[0]))

struct spool *
spool_open(const char *root, char *err, size_t errlen)
{
    struct spool *sp = xcalloc(1, sizeof(*sp));
    int *fds[] = {&sp->infd,  &sp->workfd, &sp->ackfd, &sp->rejfd,
                  &sp->outfd, &sp->archfd, &sp->bundfd};
    size_t i;

    sp->root = xstrdup(root);
    sp->rootfd = sp->lockfd = -1;
    for (i = 0; i < SPOOL_NDIRS; i++)
        *fds[i] = -1;
    if (gw_fs_mkdirs(root, 0750) < 0 || (sp->rootfd = gw_fs_open_dir(AT_FDCWD, root)) < 0) {
        snprintf(err, errlen, "spool: %s: %s", root, strerror(errno));
        goto fail;
    }
    for (i = 0; i < SPOOL_NDIRS; i++) {
        if (mkdirat(sp->rootfd, spool_dirs[i], 0750) < 0 && errno != EEXIST) {
            snprintf(err, errlen, "spool: %s/%s: mkdir: %s", root, spool_dirs[i], strerror(errno));
            goto fail;
        }
        if ((*fds[i] = gw_fs_open_dir(sp->rootfd, spool_dirs[i])) < 0) {
            snprintf(err, errlen, "spool: %s/%s: %s", root, spool_dirs[i], strerror(errno));
            goto fail;
        }
    }
    if (fsync(sp->rootfd) < 0) {
        snprintf(err, errlen, "spool: %s: fsync: %s", root, strerror(errno));
        goto fail;
    }
    return sp;
fail:
    spool_close(sp);
    return NULL;
}

void
spool_close(struct spool *sp)
{
    int fds[9];
    size_t i;

    if (sp == NULL)
        return;
    fds[0] = sp->rootfd, fds[1] = sp->infd, fds[2] = sp->workfd, fds[3] = sp->ackfd;
    fds[4] = sp->rejfd, fds[5] = sp->outfd, fds[6] = sp->archfd, fds[7] = sp->lockfd;
    fds[8] = sp->bundfd;
    for (i = 0; i < 9; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(sp->root);
    free(sp);
}

int
spool_lock(struct spool *sp)
{
    if (sp->lockfd < 0) {
        sp->lockfd = openat(sp->rootfd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
        if (sp->lockfd < 0)
            return -1;
    }
    return flock(sp->lockfd, LOCK_EX | LOCK_NB);
}

int
spool_in_progress(const char *name)
{
    size_t n = strlen(name);

    if (name[0] == '.')
        return 1;
    if (n >= 5 && !strcmp(name + n - 5, ".part"))
        return 1;
    if (n >= 4 && !strcmp(name + n - 4, ".tmp"))
        return 1;
    return 0;
}

int
spool_name_ok(const char *name)
{
    size_t n = strlen(name), i;

    if (n == 0 || n > 200 || name[0] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        char c = name[i];

        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* spool_id_name - decimal name of an id */
static void
spool_id_name(char *buf, size_t size, int64_t id)
{
    snprintf(buf, size, "%lld", (long long)id);
}

int
spool_claim(struct spool *sp, int senderfd, const char *name, int64_t id)
{
    char idn[32];

    spool_id_name(idn, sizeof(idn), id);
    return gw_fs_rename(senderfd, name, sp->workfd, idn);
}

int
spool_open_work(struct spool *sp, int64_t id, struct stat *st)
{
    char idn[32];
    int fd, saved;

    spool_id_name(idn, sizeof(idn), id);
    /* Look before opening: opening a device node can have effects of its own. */
    if (fstatat(sp->workfd, idn, st, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    if (!S_ISREG(st->st_mode)) {
        errno = S_ISLNK(st->st_mode) ? ELOOP : S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    fd = openat(sp->workfd, idn, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) < 0)
        goto fail;
    if (!S_ISREG(st->st_mode)) {
        errno = EINVAL;
        goto fail;
    }
    if (st->st_nlink != 1) {
        errno = EMLINK;
        goto fail;
    }
    return fd;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int
spool_work_exists(struct spool *sp, int64_t id)
{
    char idn[32];
    struct stat st;

    spool_id_name(idn, sizeof(idn), id);
    return fstatat(sp->workfd, idn, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

int
spool_reject(struct spool *sp, int64_t id, const char *name, const char *ack, size_t acklen)
{
    char idn[32], dst[NAME_MAX + 1], ackn[NAME_MAX + 1];

    spool_id_name(idn, sizeof(idn), id);
    if (gw_path(dst, sizeof(dst), "%s.%s", idn, name) < 0 ||
        gw_path(ackn, sizeof(ackn), "%s.%s.ack.xml", idn, name) < 0)
        return -1;
    if (gw_fs_write_atomic(sp->rejfd, ackn, ack, acklen) < 0)
        return -1;
    if (gw_fs_rename(sp->workfd, idn, sp->rejfd, dst) < 0)
        return -1;
    return 0;
}

int
spool_archive(struct spool *sp, int64_t id)
{
    char idn[32];

    spool_id_name(idn, sizeof(idn), id);
    return gw_fs_rename(sp->workfd, idn, sp->archfd, idn);
}

/* spool_dest_dir - open out/<dest>, creating it */
static int
spool_dest_dir(struct spool *sp, const char *dest)
{
    if (mkdirat(sp->outfd, dest, 0750) < 0 && errno != EEXIST)
        return -1;
    return gw_fs_open_dir(sp->outfd, dest);
}

/* spool_link_or_copy - a hard link (EEXIST counts as done), or a durable copy where the kernel
 * refuses to link a file we do not own (fs.protected_hardlinks: senders own what they upload)
 * or across file systems. */
static int
spool_link_or_copy(int fromfd, const char *from, int tofd, const char *to)
{
    int fd, rc;

    if (gw_fs_link(fromfd, from, tofd, to) == 0 || errno == EEXIST)
        return 0;
    if (errno != EPERM && errno != EXDEV)
        return -1;
    if ((fd = openat(fromfd, from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return -1;
    rc = gw_fs_copy_atomic(fd, tofd, to);
    close(fd);
    return rc;
}

int
spool_queue(struct spool *sp, int64_t id, const char *dest)
{
    char idn[32];
    int dfd, rc;

    spool_id_name(idn, sizeof(idn), id);
    if ((dfd = spool_dest_dir(sp, dest)) < 0)
        return -1;
    rc = spool_link_or_copy(sp->workfd, idn, dfd, idn);
    close(dfd);
    return rc;
}

int
spool_queue_filtered(struct spool *sp, int64_t id, const char *dest,
                     int (*write)(int in, FILE *out, void *arg), void *arg)
{
    char idn[32], tmp[NAME_MAX + 1];
    struct stat st;
    FILE *out = NULL;
    int in = -1, dfd = -1, fd = -1, n, rc = -1, saved;

    spool_id_name(idn, sizeof(idn), id);
    if ((dfd = spool_dest_dir(sp, dest)) < 0)
        return -1;
    if (fstatat(dfd, idn, &st, AT_SYMLINK_NOFOLLOW) == 0) { /* done before a crash */
        close(dfd);
        return 1;
    }
    /* Not spool_open_work: the document was checked when judged, and by now it may also be
     * hard-linked into another destination's folder. */
    if ((in = openat(sp->workfd, idn, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
        (fd = gw_fs_tmp_open(dfd, idn, tmp, sizeof(tmp))) < 0)
        goto out;
    if ((out = fdopen(dup(fd), "w")) == NULL)
        goto out;
    n = write(in, out, arg);
    if (fclose(out) != 0 || n < 0) {
        out = NULL;
        goto out;
    }
    out = NULL;
    if (n == 0) {
        gw_fs_tmp_abort(fd, dfd, tmp);
        fd = -1;
        rc = 0;
        goto out;
    }
    if (gw_fs_tmp_commit(fd, dfd, tmp, idn) < 0) {
        fd = -1;
        goto out;
    }
    fd = -1;
    rc = 1;
out:
    saved = errno;
    if (out)
        fclose(out);
    if (fd >= 0)
        gw_fs_tmp_abort(fd, dfd, tmp);
    if (in >= 0)
        close(in);
    close(dfd);
    errno = saved;
    return rc;
}

int
spool_queue_archived(struct spool *sp, int64_t id, const char *dest)
{
    char idn[32];
    int dfd, rc;

    spool_id_name(idn, sizeof(idn), id);
    if ((dfd = spool_dest_dir(sp, dest)) < 0)
        return -1;
    rc = spool_link_or_copy(sp->archfd, idn, dfd, idn);
    close(dfd);
    return rc;
}

int
spool_open_out(struct spool *sp, int64_t id, const char *dest)
{
    char idn[32];
    int dfd, fd;

    spool_id_name(idn, sizeof(idn), id);
    if ((dfd = spool_dest_dir(sp, dest)) < 0)
        return -1;
    fd = openat(dfd, idn, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    close(dfd);
    return fd;
}

int
spool_dequeue(struct spool *sp, int64_t id, const char *dest)
{
    char idn[32];
    int dfd, rc;

    spool_id_name(idn, sizeof(idn), id);
    if ((dfd = spool_dest_dir(sp, dest)) < 0)
        return -1;
    rc = gw_fs_unlink(dfd, idn);
    close(dfd);
    return rc;
}

int
spool_write_ack(struct spool *sp, const char *sender, const char *ackname, const char *data,
                size_t len)
{
    int dfd, rc;

    if (mkdirat(sp->ackfd, sender, 0750) < 0 && errno != EEXIST)
        return -1;
    if ((dfd = gw_fs_open_dir(sp->ackfd, sender)) < 0)
        return -1;
    rc = gw_fs_write_atomic(dfd, ackname, data, len);
    close(dfd);
    return rc;
}
