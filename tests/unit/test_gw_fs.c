/* test_gw_fs - the durable-write helper and the spool's file-system moves.
 * Faults are injected with the linker (tests/unit/wraps.mk: --wrap=fsync,renameat,write): each
 * __wrap_X calls __real_X unless a test armed a failure through the fault_* globals. Every case
 * runs in its own subdirectory of one mkdtemp directory, so "no temp file left" means "the
 * directory holds exactly the names we expect". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "gw_fs.h"

/* Fault injection. fail_*_at: fail the n-th call from arming (1 = next call), 0 = off.
 * Counters count every call, faulted or not, since the last fault_reset(). */
static int fsync_calls, fsync_fail_at, fsync_errno;
static int renameat_calls, renameat_fail_at, renameat_errno;
static int write_calls, write_fail_at, write_errno;
static size_t write_chunk;    /* >0: each write passes at most this many bytes */
static int write_eintr_every; /* >0: every n-th write fails with EINTR first */
static int write_zero_at;     /* the n-th write returns 0 */

int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
int __wrap_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
ssize_t __real_write(int fd, const void *buf, size_t count);
ssize_t __wrap_write(int fd, const void *buf, size_t count);

int
__wrap_fsync(int fd)
{
    if (++fsync_calls == fsync_fail_at) {
        errno = fsync_errno;
        return -1;
    }
    return __real_fsync(fd);
}

int
__wrap_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
    if (++renameat_calls == renameat_fail_at) {
        errno = renameat_errno;
        return -1;
    }
    return __real_renameat(olddirfd, oldpath, newdirfd, newpath);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t count)
{
    ++write_calls;
    if (write_calls == write_fail_at) {
        errno = write_errno;
        return -1;
    }
    if (write_calls == write_zero_at)
        return 0;
    if (write_eintr_every > 0 && write_calls % write_eintr_every == 0) {
        errno = EINTR;
        return -1;
    }
    if (write_chunk > 0 && count > write_chunk)
        count = write_chunk;
    return __real_write(fd, buf, count);
}

static void
fault_reset(void)
{
    fsync_calls = fsync_fail_at = fsync_errno = 0;
    renameat_calls = renameat_fail_at = renameat_errno = 0;
    write_calls = write_fail_at = write_errno = 0;
    write_chunk = 0;
    write_eintr_every = write_zero_at = 0;
}

struct fx {
    char top[64];       /* the mkdtemp directory */
    char dir[PATH_MAX]; /* this case's subdirectory */
    int dirfd;
    int n;
};

static struct fx *
fx(void **state)
{
    return *state;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
group_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));

    if (f == NULL)
        return -1;
    snprintf(f->top, sizeof(f->top), "/tmp/test_gw_fs.XXXXXX");
    if (mkdtemp(f->top) == NULL) {
        free(f);
        return -1;
    }
    f->dirfd = -1;
    *state = f;
    return 0;
}

static int
group_teardown(void **state)
{
    struct fx *f = *state;

    nftw(f->top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* case_setup - a fresh subdirectory for each case */
static int
case_setup(void **state)
{
    struct fx *f = *state;

    fault_reset();
    snprintf(f->dir, sizeof(f->dir), "%s/c%d", f->top, ++f->n);
    if (mkdir(f->dir, 0700) < 0)
        return -1;
    f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return f->dirfd < 0 ? -1 : 0;
}

static int
case_teardown(void **state)
{
    struct fx *f = *state;

    fault_reset();
    if (f->dirfd >= 0)
        close(f->dirfd);
    f->dirfd = -1;
    return 0;
}

/* count_entries - number of names in dirfd other than . and .. ; *tmp counts ".tmp." names */
static int
count_entries(int dirfd, int *tmp)
{
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d;
    struct dirent *de;
    int n = 0;

    assert_true(fd >= 0);
    d = fdopendir(fd);
    assert_non_null(d);
    if (tmp)
        *tmp = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        n++;
        if (tmp && strncmp(de->d_name, ".tmp.", 5) == 0)
            (*tmp)++;
    }
    closedir(d);
    return n;
}

/* slurp - whole content of dirfd/name into a malloc'd buffer, *lenp its length */
static char *
slurp(int dirfd, const char *name, size_t *lenp)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    char *buf;
    size_t off = 0;

    assert_true(fd >= 0);
    assert_int_equal(fstat(fd, &st), 0);
    buf = malloc((size_t)st.st_size + 1);
    assert_non_null(buf);
    while (off < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);

        assert_true(n > 0);
        off += (size_t)n;
    }
    buf[off] = '\0';
    close(fd);
    *lenp = off;
    return buf;
}

static void
assert_content(int dirfd, const char *name, const void *want, size_t wantlen)
{
    size_t len = 0;
    char *got = slurp(dirfd, name, &len);

    assert_int_equal(len, wantlen);
    assert_memory_equal(got, want, wantlen);
    free(got);
}

static int
exists(int dirfd, const char *name)
{
    struct stat st;

    return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* pattern - len deterministic, non-repeating-ish bytes */
static char *
pattern(size_t len)
{
    char *p = malloc(len ? len : 1);
    size_t i;

    assert_non_null(p);
    for (i = 0; i < len; i++)
        p[i] = (char)((i * 131u + i / 251u) & 0xff);
    return p;
}

static void
test_gw_fs_write_atomic_content_lands(void **state)
{
    struct fx *f = fx(state);
    int tmp = -1;
    struct stat st;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a.xml", "hello\n", 6), 0);
    assert_content(f->dirfd, "a.xml", "hello\n", 6);
    assert_int_equal(count_entries(f->dirfd, &tmp), 1);
    assert_int_equal(tmp, 0);
    assert_int_equal(fstatat(f->dirfd, "a.xml", &st, 0), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 007, 0); /* never world-accessible */
    /* the file and then the directory were synced */
    assert_int_equal(fsync_calls, 2);
}

static void
test_gw_fs_write_atomic_empty_file(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "empty", "", 0), 0);
    assert_int_equal(fstatat(f->dirfd, "empty", &st, 0), 0);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
}

static void
test_gw_fs_write_atomic_replaces_older(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "old content", 11), 0);
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "new", 3), 0);
    assert_content(f->dirfd, "a", "new", 3);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
}

static void
test_gw_fs_write_atomic_short_writes_and_eintr(void **state)
{
    struct fx *f = fx(state);
    size_t len = 100000;
    char *data = pattern(len);

    write_chunk = 4093;
    write_eintr_every = 3;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "big", data, len), 0);
    assert_true(write_calls > 30); /* the loop really went round */
    assert_content(f->dirfd, "big", data, len);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
    free(data);
}

static void
test_gw_fs_write_atomic_stale_tmp_replaced(void **state)
{
    struct fx *f = fx(state);
    char tmp[NAME_MAX + 1];
    int fd, ntmp = -1;

    snprintf(tmp, sizeof(tmp), ".tmp.s.%ld", (long)getpid());
    fd = openat(f->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "stale stale stale", 17), 17);
    close(fd);
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "s", "fresh", 5), 0);
    assert_content(f->dirfd, "s", "fresh", 5);
    assert_int_equal(count_entries(f->dirfd, &ntmp), 1);
    assert_int_equal(ntmp, 0);
}

static void
test_gw_fs_write_atomic_fsync_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    int ntmp = -1;

    fsync_fail_at = 1; /* the file's own fsync */
    fsync_errno = EIO;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "data", 4), -1);
    assert_int_equal(errno, EIO);
    assert_false(exists(f->dirfd, "a"));
    assert_int_equal(count_entries(f->dirfd, &ntmp), 0);
    assert_int_equal(ntmp, 0);
    assert_int_equal(renameat_calls, 0); /* never published */
}

static void
test_gw_fs_write_atomic_fsync_fails_keeps_older(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "older", 5), 0);
    fault_reset();
    fsync_fail_at = 1;
    fsync_errno = ENOSPC;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "newer!", 6), -1);
    assert_int_equal(errno, ENOSPC);
    assert_content(f->dirfd, "a", "older", 5);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
}

static void
test_gw_fs_write_atomic_rename_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    int ntmp = -1;

    renameat_fail_at = 1;
    renameat_errno = EXDEV;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "data", 4), -1);
    assert_int_equal(errno, EXDEV);
    assert_false(exists(f->dirfd, "a"));
    assert_int_equal(count_entries(f->dirfd, &ntmp), 0);
    assert_int_equal(ntmp, 0);
}

static void
test_gw_fs_write_atomic_write_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    size_t len = 50000;
    char *data = pattern(len);
    int ntmp = -1;

    write_chunk = 1000;
    write_fail_at = 5; /* after some bytes have reached the temp file */
    write_errno = ENOSPC;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", data, len), -1);
    assert_int_equal(errno, ENOSPC);
    assert_int_equal(write_calls, 5);
    assert_false(exists(f->dirfd, "a"));
    assert_int_equal(count_entries(f->dirfd, &ntmp), 0);
    assert_int_equal(ntmp, 0);
    assert_int_equal(renameat_calls, 0);
    free(data);
}

static void
test_gw_fs_write_atomic_write_zero_is_eio(void **state)
{
    struct fx *f = fx(state);

    write_zero_at = 1;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "data", 4), -1);
    assert_int_equal(errno, EIO);
    assert_int_equal(count_entries(f->dirfd, NULL), 0);
}

/* The directory fsync comes after the rename: the name then holds the complete content, and
 * the failure is still reported (durability of the name unknown). */
static void
test_gw_fs_write_atomic_dir_fsync_fails_reports_error(void **state)
{
    struct fx *f = fx(state);

    fsync_fail_at = 2;
    fsync_errno = EIO;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "whole", 5), -1);
    assert_int_equal(errno, EIO);
    assert_content(f->dirfd, "a", "whole", 5);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
}

static void
test_gw_fs_write_atomic_name_too_long(void **state)
{
    struct fx *f = fx(state);
    char name[NAME_MAX + 1];

    memset(name, 'n', NAME_MAX - 5);
    name[NAME_MAX - 5] = '\0';
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(f->dirfd, name, "x", 1), -1);
    assert_int_equal(errno, ENAMETOOLONG);
    assert_int_equal(count_entries(f->dirfd, NULL), 0);
}

static void
test_gw_fs_write_atomic_missing_dir(void **state)
{
    (void)state;
    errno = 0;
    assert_int_equal(gw_fs_write_atomic(AT_FDCWD, "/nonexistent-dir-gw-fs/a", "x", 1), -1);
    assert_int_not_equal(errno, 0);
}

static void
test_gw_fs_copy_atomic_content_lands(void **state)
{
    struct fx *f = fx(state);
    size_t len = 200003; /* more than three of the helper's 64 KiB blocks */
    char *data = pattern(len);
    int in, ntmp = -1;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "src", data, len), 0);
    in = openat(f->dirfd, "src", O_RDONLY | O_CLOEXEC);
    assert_true(in >= 0);
    assert_int_equal(lseek(in, 12345, SEEK_SET), 12345); /* copies from offset 0 regardless */
    assert_int_equal(gw_fs_copy_atomic(in, f->dirfd, "dst"), 0);
    assert_content(f->dirfd, "dst", data, len);
    assert_int_equal(count_entries(f->dirfd, &ntmp), 2);
    assert_int_equal(ntmp, 0);
    close(in);
    free(data);
}

static void
test_gw_fs_copy_atomic_fsync_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    int in;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "src", "payload", 7), 0);
    in = openat(f->dirfd, "src", O_RDONLY | O_CLOEXEC);
    assert_true(in >= 0);
    fault_reset();
    fsync_fail_at = 1;
    fsync_errno = EIO;
    errno = 0;
    assert_int_equal(gw_fs_copy_atomic(in, f->dirfd, "dst"), -1);
    assert_int_equal(errno, EIO);
    assert_false(exists(f->dirfd, "dst"));
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
    close(in);
}

static void
test_gw_fs_copy_atomic_write_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    int in;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "src", "payload", 7), 0);
    in = openat(f->dirfd, "src", O_RDONLY | O_CLOEXEC);
    assert_true(in >= 0);
    fault_reset();
    write_fail_at = 1;
    write_errno = EDQUOT;
    errno = 0;
    assert_int_equal(gw_fs_copy_atomic(in, f->dirfd, "dst"), -1);
    assert_int_equal(errno, EDQUOT);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
    close(in);
}

static void
test_gw_fs_copy_atomic_rename_fails_leaves_nothing(void **state)
{
    struct fx *f = fx(state);
    int in;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "src", "payload", 7), 0);
    in = openat(f->dirfd, "src", O_RDONLY | O_CLOEXEC);
    assert_true(in >= 0);
    fault_reset();
    renameat_fail_at = 1;
    renameat_errno = EACCES;
    errno = 0;
    assert_int_equal(gw_fs_copy_atomic(in, f->dirfd, "dst"), -1);
    assert_int_equal(errno, EACCES);
    assert_int_equal(count_entries(f->dirfd, NULL), 1);
    close(in);
}

static void
test_gw_fs_copy_atomic_bad_input_fd(void **state)
{
    struct fx *f = fx(state);

    errno = 0;
    assert_int_equal(gw_fs_copy_atomic(-1, f->dirfd, "dst"), -1);
    assert_int_equal(errno, EBADF);
    assert_int_equal(count_entries(f->dirfd, NULL), 0);
}

static void
test_gw_fs_rename_across_dirs(void **state)
{
    struct fx *f = fx(state);
    int sub;

    assert_int_equal(mkdirat(f->dirfd, "sub", 0700), 0);
    sub = gw_fs_open_dir(f->dirfd, "sub");
    assert_true(sub >= 0);
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "moved", 5), 0);
    fault_reset();
    assert_int_equal(gw_fs_rename(f->dirfd, "a", sub, "b"), 0);
    assert_false(exists(f->dirfd, "a"));
    assert_content(sub, "b", "moved", 5);
    assert_int_equal(fsync_calls, 2); /* both directories */
    close(sub);
}

static void
test_gw_fs_rename_same_dir_syncs_once(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "x", 1), 0);
    fault_reset();
    assert_int_equal(gw_fs_rename(f->dirfd, "a", f->dirfd, "b"), 0);
    assert_int_equal(fsync_calls, 1);
    assert_false(exists(f->dirfd, "a"));
    assert_content(f->dirfd, "b", "x", 1);
}

static void
test_gw_fs_rename_missing_source(void **state)
{
    struct fx *f = fx(state);

    errno = 0;
    assert_int_equal(gw_fs_rename(f->dirfd, "nope", f->dirfd, "b"), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(count_entries(f->dirfd, NULL), 0);
}

static void
test_gw_fs_rename_fsync_fails_reports(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "x", 1), 0);
    fault_reset();
    fsync_fail_at = 1;
    fsync_errno = EIO;
    errno = 0;
    assert_int_equal(gw_fs_rename(f->dirfd, "a", f->dirfd, "b"), -1);
    assert_int_equal(errno, EIO);
}

static void
test_gw_fs_link_creates_second_name(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "linked", 6), 0);
    fault_reset();
    assert_int_equal(gw_fs_link(f->dirfd, "a", f->dirfd, "b"), 0);
    assert_int_equal(fsync_calls, 1);
    assert_content(f->dirfd, "b", "linked", 6);
    assert_int_equal(fstatat(f->dirfd, "a", &st, 0), 0);
    assert_int_equal(st.st_nlink, 2);
}

static void
test_gw_fs_link_never_clobbers(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "source", 6), 0);
    assert_int_equal(gw_fs_write_atomic(f->dirfd, "b", "target", 6), 0);
    errno = 0;
    assert_int_equal(gw_fs_link(f->dirfd, "a", f->dirfd, "b"), -1);
    assert_int_equal(errno, EEXIST);
    assert_content(f->dirfd, "b", "target", 6);
}

static void
test_gw_fs_unlink_removes(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "a", "x", 1), 0);
    fault_reset();
    assert_int_equal(gw_fs_unlink(f->dirfd, "a"), 0);
    assert_false(exists(f->dirfd, "a"));
    assert_int_equal(fsync_calls, 1);
}

static void
test_gw_fs_unlink_enoent_ok(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(gw_fs_unlink(f->dirfd, "never-was"), 0);
}

static void
test_gw_fs_unlink_other_error(void **state)
{
    struct fx *f = fx(state);

    assert_int_equal(mkdirat(f->dirfd, "d", 0700), 0);
    errno = 0;
    assert_int_equal(gw_fs_unlink(f->dirfd, "d"), -1); /* a directory: EISDIR */
    assert_int_equal(errno, EISDIR);
    assert_true(exists(f->dirfd, "d"));
}

static void
test_gw_fs_mkdirs_nested(void **state)
{
    struct fx *f = fx(state);
    char path[PATH_MAX + 32];
    struct stat st;

    snprintf(path, sizeof(path), "%s/x/y/z", f->dir);
    assert_int_equal(gw_fs_mkdirs(path, 0750), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0700, 0700);
    assert_int_equal(st.st_mode & 002, 0);
    /* again: existing directories are fine */
    assert_int_equal(gw_fs_mkdirs(path, 0750), 0);
    snprintf(path, sizeof(path), "%s/x/y/z2/", f->dir); /* trailing slash */
    assert_int_equal(gw_fs_mkdirs(path, 0750), 0);
    assert_int_equal(fstatat(f->dirfd, "x/y/z2", &st, 0), 0);
    assert_true(S_ISDIR(st.st_mode));
}

static void
test_gw_fs_mkdirs_through_file_fails(void **state)
{
    struct fx *f = fx(state);
    char path[PATH_MAX + 32];

    assert_int_equal(gw_fs_write_atomic(f->dirfd, "file", "x", 1), 0);
    snprintf(path, sizeof(path), "%s/file/sub", f->dir);
    errno = 0;
    assert_int_equal(gw_fs_mkdirs(path, 0750), -1);
    assert_int_equal(errno, ENOTDIR);
}

static void
test_gw_fs_open_dir_refuses_symlink(void **state)
{
    struct fx *f = fx(state);
    int fd;

    assert_int_equal(mkdirat(f->dirfd, "real", 0700), 0);
    assert_int_equal(symlinkat("real", f->dirfd, "link"), 0);
    fd = gw_fs_open_dir(f->dirfd, "real");
    assert_true(fd >= 0);
    close(fd);
    errno = 0;
    assert_int_equal(gw_fs_open_dir(f->dirfd, "link"), -1);
    assert_true(errno == ELOOP || errno == ENOTDIR);
}

#define T(name) cmocka_unit_test_setup_teardown(name, case_setup, case_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_gw_fs_write_atomic_content_lands),
        T(test_gw_fs_write_atomic_empty_file),
        T(test_gw_fs_write_atomic_replaces_older),
        T(test_gw_fs_write_atomic_short_writes_and_eintr),
        T(test_gw_fs_write_atomic_stale_tmp_replaced),
        T(test_gw_fs_write_atomic_fsync_fails_leaves_nothing),
        T(test_gw_fs_write_atomic_fsync_fails_keeps_older),
        T(test_gw_fs_write_atomic_rename_fails_leaves_nothing),
        T(test_gw_fs_write_atomic_write_fails_leaves_nothing),
        T(test_gw_fs_write_atomic_write_zero_is_eio),
        T(test_gw_fs_write_atomic_dir_fsync_fails_reports_error),
        T(test_gw_fs_write_atomic_name_too_long),
        T(test_gw_fs_write_atomic_missing_dir),
        T(test_gw_fs_copy_atomic_content_lands),
        T(test_gw_fs_copy_atomic_fsync_fails_leaves_nothing),
        T(test_gw_fs_copy_atomic_write_fails_leaves_nothing),
        T(test_gw_fs_copy_atomic_rename_fails_leaves_nothing),
        T(test_gw_fs_copy_atomic_bad_input_fd),
        T(test_gw_fs_rename_across_dirs),
        T(test_gw_fs_rename_same_dir_syncs_once),
        T(test_gw_fs_rename_missing_source),
        T(test_gw_fs_rename_fsync_fails_reports),
        T(test_gw_fs_link_creates_second_name),
        T(test_gw_fs_link_never_clobbers),
        T(test_gw_fs_unlink_removes),
        T(test_gw_fs_unlink_enoent_ok),
        T(test_gw_fs_unlink_other_error),
        T(test_gw_fs_mkdirs_nested),
        T(test_gw_fs_mkdirs_through_file_fails),
        T(test_gw_fs_open_dir_refuses_symlink),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
