/* gw_fs - see gw_fs.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gw_buf.h"
#include "gw_fs.h"

/* fs_write_all - full write loop: EINTR and short writes */
static int
fs_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0) {
            errno = EIO;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* fs_tmpname - the temporary sibling of name */
static int
fs_tmpname(char *buf, size_t size, const char *name)
{
    return gw_path(buf, size, ".tmp.%s.%ld", name, (long)getpid());
}

/* fs_publish - fsync, close, rename tmp to name, fsync dir; unlink tmp on failure */
static int
fs_publish(int fd, int dirfd, const char *tmp, const char *name)
{
    int saved;

    if (fsync(fd) < 0) {
        saved = errno;
        close(fd);
        goto fail;
    }
    if (close(fd) < 0) {
        saved = errno;
        goto fail;
    }
    if (renameat(dirfd, tmp, dirfd, name) < 0) {
        saved = errno;
        goto fail;
    }
    if (fsync(dirfd) < 0)
        return -1; /* the file is in place; durability of the name is unknown */
    return 0;
fail:
    unlinkat(dirfd, tmp, 0);
    errno = saved;
    return -1;
}

int
gw_fs_write_atomic(int dirfd, const char *name, const void *data, size_t len)
{
    char tmp[NAME_MAX + 1];
    int fd, saved;

    if (fs_tmpname(tmp, sizeof(tmp), name) < 0)
        return -1;
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0 && errno == EEXIST) {
        unlinkat(dirfd, tmp, 0); /* left by a crash of an earlier run with our pid */
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    }
    if (fd < 0)
        return -1;
    if (fs_write_all(fd, data, len) < 0) {
        saved = errno;
        close(fd);
        unlinkat(dirfd, tmp, 0);
        errno = saved;
        return -1;
    }
    return fs_publish(fd, dirfd, tmp, name);
}

int
gw_fs_tmp_open(int dirfd, const char *name, char *tmp, size_t tmpsize)
{
    if (fs_tmpname(tmp, tmpsize, name) < 0)
        return -1;
    unlinkat(dirfd, tmp, 0); /* left by a crash of an earlier run with our pid */
    /* Read-write: callers may hash what they wrote before committing it. */
    return openat(dirfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
}

int
gw_fs_tmp_commit(int fd, int dirfd, const char *tmp, const char *name)
{
    return fs_publish(fd, dirfd, tmp, name);
}

void
gw_fs_tmp_abort(int fd, int dirfd, const char *tmp)
{
    int saved = errno;

    if (fd >= 0)
        close(fd);
    unlinkat(dirfd, tmp, 0);
    errno = saved;
}

int
gw_fs_copy_atomic(int in, int dirfd, const char *name)
{
    char tmp[NAME_MAX + 1], buf[65536];
    off_t off = 0;
    int fd, saved;

    if (fs_tmpname(tmp, sizeof(tmp), name) < 0)
        return -1;
    unlinkat(dirfd, tmp, 0);
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0)
        return -1;
    for (;;) {
        ssize_t n = pread(in, buf, sizeof(buf), off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n > 0 && fs_write_all(fd, buf, (size_t)n) < 0)) {
            saved = errno;
            close(fd);
            unlinkat(dirfd, tmp, 0);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        off += n;
    }
    return fs_publish(fd, dirfd, tmp, name);
}

int
gw_fs_rename(int olddirfd, const char *oldname, int newdirfd, const char *newname)
{
    if (renameat(olddirfd, oldname, newdirfd, newname) < 0)
        return -1;
    if (fsync(newdirfd) < 0)
        return -1;
    if (olddirfd != newdirfd && fsync(olddirfd) < 0)
        return -1;
    return 0;
}

int
gw_fs_link(int olddirfd, const char *oldname, int newdirfd, const char *newname)
{
    if (linkat(olddirfd, oldname, newdirfd, newname, 0) < 0)
        return -1;
    return fsync(newdirfd);
}

int
gw_fs_unlink(int dirfd, const char *name)
{
    if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
        return -1;
    return fsync(dirfd);
}

int
gw_fs_mkdirs(const char *path, mode_t mode)
{
    char tmp[PATH_MAX];
    char *p;

    if (gw_path(tmp, sizeof(tmp), "%s", path) < 0)
        return -1;
    for (p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, mode) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, mode) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

int
gw_fs_open_dir(int dirfd, const char *path)
{
    return openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}
