/* test_gw_spool - the spool tree: creation, name rules, claim, the safe open of work files
 * (symlink, FIFO, extra hard link), reject, queue/dequeue, acknowledgements and the lock.
 * Group setup opens one spool in a fresh mkdtemp directory; each case uses its own ids. */
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

#include "gw_spool.h"

struct fx {
    char top[64];
    char root[128];
    struct spool *sp;
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
    char err[256];

    if (f == NULL)
        return -1;
    snprintf(f->top, sizeof(f->top), "/tmp/test_gw_spool.XXXXXX");
    if (mkdtemp(f->top) == NULL)
        return -1;
    /* a root two levels down: spool_open creates the missing parents too */
    snprintf(f->root, sizeof(f->root), "%s/var/spool", f->top);
    f->sp = spool_open(f->root, err, sizeof(err));
    if (f->sp == NULL) {
        fprintf(stderr, "spool_open: %s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int
group_teardown(void **state)
{
    struct fx *f = *state;

    spool_close(f->sp);
    nftw(f->top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* sender_dir - in/<sender>, created and opened */
static int
sender_dir(struct fx *f, const char *sender)
{
    int fd;

    if (mkdirat(f->sp->infd, sender, 0750) < 0)
        assert_int_equal(errno, EEXIST);
    fd = openat(f->sp->infd, sender, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(fd >= 0);
    return fd;
}

/* put - create dirfd/name holding text */
static void
put(int dirfd, const char *name, const char *text)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    size_t len = strlen(text);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    assert_int_equal(close(fd), 0);
}

/* put_work - create work/<id> holding text */
static void
put_work(struct fx *f, int64_t id, const char *text)
{
    char idn[32];

    snprintf(idn, sizeof(idn), "%lld", (long long)id);
    put(f->sp->workfd, idn, text);
}

static void
assert_text(int dirfd, const char *name, const char *want)
{
    char buf[4096];
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0)
        fail_msg("%s: %s", name, strerror(errno));
    n = read(fd, buf, sizeof(buf) - 1);
    assert_true(n >= 0);
    buf[n] = '\0';
    close(fd);
    assert_string_equal(buf, want);
}

static int
exists(int dirfd, const char *name)
{
    struct stat st;

    return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static void
test_spool_open_creates_tree(void **state)
{
    struct fx *f = fx(state);
    static const char *const dirs[] = {"in", "work", "ack", "rejected", "out", "archive"};
    char path[256];
    struct stat st;
    size_t i;

    assert_string_equal(f->sp->root, f->root);
    for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", f->root, dirs[i]);
        assert_int_equal(lstat(path, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(st.st_mode & 007, 0); /* never open to others */
    }
    assert_true(f->sp->rootfd >= 0 && f->sp->infd >= 0 && f->sp->workfd >= 0);
    assert_true(f->sp->ackfd >= 0 && f->sp->rejfd >= 0 && f->sp->outfd >= 0);
    assert_true(f->sp->archfd >= 0);
}

static void
test_spool_open_existing_tree(void **state)
{
    struct fx *f = fx(state);
    char err[256] = "";
    struct spool *sp2 = spool_open(f->root, err, sizeof(err));

    assert_non_null(sp2);
    assert_string_equal(err, "");
    spool_close(sp2);
    spool_close(NULL); /* does nothing */
}

static void
test_spool_open_fails_on_file(void **state)
{
    struct fx *f = fx(state);
    char path[128], err[256] = "";
    int fd;

    snprintf(path, sizeof(path), "%s/plainfile", f->top);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    close(fd);
    assert_null(spool_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, path));
}

static void
test_spool_in_progress_names(void **state)
{
    (void)state;
    assert_true(spool_in_progress(".x"));
    assert_true(spool_in_progress(".tmp.a.xml.123"));
    assert_true(spool_in_progress("a.part"));
    assert_true(spool_in_progress("a.tmp"));
    assert_true(spool_in_progress(".part"));
    assert_false(spool_in_progress("a.xml"));
    assert_false(spool_in_progress("a.partial"));
    assert_false(spool_in_progress("a.tmpx"));
    assert_false(spool_in_progress("part"));
    assert_false(spool_in_progress("tmp"));
}

static void
test_spool_name_ok_accepts(void **state)
{
    char longest[201];

    (void)state;
    assert_true(spool_name_ok("a"));
    assert_true(spool_name_ok("CDC_2026-03-01.v2.xml"));
    assert_true(spool_name_ok("ABCXYZabcxyz0189._-"));
    memset(longest, 'n', 200);
    longest[200] = '\0';
    assert_true(spool_name_ok(longest));
}

static void
test_spool_name_ok_rejects(void **state)
{
    char toolong[202];

    (void)state;
    assert_false(spool_name_ok(""));
    assert_false(spool_name_ok("."));
    assert_false(spool_name_ok(".."));
    assert_false(spool_name_ok(".hidden"));
    assert_false(spool_name_ok("a/b"));
    assert_false(spool_name_ok("../etc"));
    assert_false(spool_name_ok("a\nb"));
    assert_false(spool_name_ok("a b"));
    assert_false(spool_name_ok("a\\b"));
    assert_false(spool_name_ok("caf\xc3\xa9.xml"));
    assert_false(spool_name_ok("\x80"));
    assert_false(spool_name_ok("a:b"));
    memset(toolong, 'n', 201);
    toolong[201] = '\0';
    assert_false(spool_name_ok(toolong));
}

static void
test_spool_claim_moves_to_work(void **state)
{
    struct fx *f = fx(state);
    int sfd = sender_dir(f, "grd1");

    put(sfd, "a.xml", "<doc/>");
    assert_int_equal(spool_claim(f->sp, sfd, "a.xml", 101), 0);
    assert_false(exists(sfd, "a.xml"));
    assert_text(f->sp->workfd, "101", "<doc/>");
    assert_true(spool_work_exists(f->sp, 101));
    assert_false(spool_work_exists(f->sp, 102));
    close(sfd);
}

static void
test_spool_claim_vanished(void **state)
{
    struct fx *f = fx(state);
    int sfd = sender_dir(f, "grd1");

    errno = 0;
    assert_int_equal(spool_claim(f->sp, sfd, "gone.xml", 103), -1);
    assert_int_equal(errno, ENOENT);
    assert_false(spool_work_exists(f->sp, 103));
    close(sfd);
}

static void
test_spool_open_work_regular(void **state)
{
    struct fx *f = fx(state);
    struct stat st;
    char buf[16] = "";
    int fd;

    put_work(f, 110, "content");
    fd = spool_open_work(f->sp, 110, &st);
    assert_true(fd >= 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_size, 7);
    assert_int_equal(read(fd, buf, sizeof(buf) - 1), 7);
    assert_string_equal(buf, "content");
    close(fd);
}

static void
test_spool_open_work_refuses_symlink(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    assert_int_equal(symlinkat("/etc/passwd", f->sp->workfd, "111"), 0);
    errno = 0;
    assert_int_equal(spool_open_work(f->sp, 111, &st), -1);
    assert_int_equal(errno, ELOOP);
}

static void
test_spool_open_work_refuses_fifo(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    /* no writer: a blocking open would hang here for ever */
    assert_int_equal(mkfifoat(f->sp->workfd, "112", 0600), 0);
    errno = 0;
    assert_int_equal(spool_open_work(f->sp, 112, &st), -1);
    assert_int_equal(errno, EINVAL);
}

static void
test_spool_open_work_refuses_directory(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    assert_int_equal(mkdirat(f->sp->workfd, "113", 0700), 0);
    errno = 0;
    assert_int_equal(spool_open_work(f->sp, 113, &st), -1);
    assert_int_equal(errno, EISDIR);
}

static void
test_spool_open_work_refuses_hard_link(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    put_work(f, 114, "x");
    assert_int_equal(linkat(f->sp->workfd, "114", f->sp->rootfd, "extra-link", 0), 0);
    errno = 0;
    assert_int_equal(spool_open_work(f->sp, 114, &st), -1);
    assert_int_equal(errno, EMLINK);
    assert_int_equal(unlinkat(f->sp->rootfd, "extra-link", 0), 0);
    /* one link again: accepted */
    {
        int fd = spool_open_work(f->sp, 114, &st);

        assert_true(fd >= 0);
        assert_int_equal(st.st_nlink, 1);
        close(fd);
    }
}

static void
test_spool_open_work_missing(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    errno = 0;
    assert_int_equal(spool_open_work(f->sp, 119, &st), -1);
    assert_int_equal(errno, ENOENT);
}

static void
test_spool_reject_moves_with_ack(void **state)
{
    struct fx *f = fx(state);
    const char *ack = "<Ack>rejected</Ack>\n";

    put_work(f, 120, "bad doc");
    assert_int_equal(spool_reject(f->sp, 120, "bad.xml", ack, strlen(ack)), 0);
    assert_false(spool_work_exists(f->sp, 120));
    assert_text(f->sp->rejfd, "120.bad.xml", "bad doc");
    assert_text(f->sp->rejfd, "120.bad.xml.ack.xml", ack);
}

static void
test_spool_archive_moves(void **state)
{
    struct fx *f = fx(state);

    put_work(f, 125, "good doc");
    assert_int_equal(spool_archive(f->sp, 125), 0);
    assert_false(spool_work_exists(f->sp, 125));
    assert_text(f->sp->archfd, "125", "good doc");
    errno = 0;
    assert_int_equal(spool_archive(f->sp, 125), -1);
    assert_int_equal(errno, ENOENT);
}

static void
test_spool_queue_links_into_out(void **state)
{
    struct fx *f = fx(state);
    struct stat st;
    int fd;

    put_work(f, 130, "deliver me");
    assert_int_equal(spool_queue(f->sp, 130, "rte"), 0);
    assert_int_equal(spool_queue(f->sp, 130, "rte"), 0); /* twice is fine */
    assert_int_equal(spool_queue(f->sp, 130, "other"), 0);
    assert_text(f->sp->outfd, "rte/130", "deliver me");
    assert_text(f->sp->outfd, "other/130", "deliver me");
    assert_int_equal(fstatat(f->sp->workfd, "130", &st, 0), 0);
    assert_int_equal(st.st_nlink, 3); /* the same file, not copies */
    fd = spool_open_out(f->sp, 130, "rte");
    assert_true(fd >= 0);
    close(fd);
}

static void
test_spool_queue_missing_work(void **state)
{
    struct fx *f = fx(state);

    errno = 0;
    assert_int_equal(spool_queue(f->sp, 139, "rte"), -1);
    assert_int_equal(errno, ENOENT);
}

static void
test_spool_dequeue_removes(void **state)
{
    struct fx *f = fx(state);
    struct stat st;

    put_work(f, 140, "x");
    assert_int_equal(spool_queue(f->sp, 140, "rte"), 0);
    assert_int_equal(spool_queue(f->sp, 140, "b"), 0);
    assert_int_equal(spool_dequeue(f->sp, 140, "rte"), 0);
    assert_false(exists(f->sp->outfd, "rte/140"));
    assert_true(exists(f->sp->outfd, "b/140"));
    errno = 0;
    assert_int_equal(spool_open_out(f->sp, 140, "rte"), -1);
    assert_int_equal(errno, ENOENT);
    /* again: already gone counts as done */
    assert_int_equal(spool_dequeue(f->sp, 140, "rte"), 0);
    assert_int_equal(fstatat(f->sp->workfd, "140", &st, 0), 0);
    assert_int_equal(st.st_nlink, 2);
}

static void
test_spool_write_ack_publishes(void **state)
{
    struct fx *f = fx(state);
    const char *ack = "<Ack/>";
    char path[256];
    struct stat st;

    assert_int_equal(spool_write_ack(f->sp, "grd2", "a.xml.ack.xml", ack, strlen(ack)), 0);
    assert_text(f->sp->ackfd, "grd2/a.xml.ack.xml", ack);
    /* the sender's folder is created once; replacing is fine */
    assert_int_equal(spool_write_ack(f->sp, "grd2", "a.xml.ack.xml", "v2", 2), 0);
    assert_text(f->sp->ackfd, "grd2/a.xml.ack.xml", "v2");
    snprintf(path, sizeof(path), "%s/ack/grd2", f->root);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    snprintf(path, sizeof(path), "%s/ack/grd2/.tmp.a.xml.ack.xml.%ld", f->root, (long)getpid());
    assert_int_equal(access(path, F_OK), -1); /* no temp file left */
}

static void
test_spool_lock_exclusive(void **state)
{
    struct fx *f = fx(state);
    char err[256];
    struct spool *a = spool_open(f->root, err, sizeof(err));
    struct spool *b = spool_open(f->root, err, sizeof(err));

    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(spool_lock(a), 0);
    assert_int_equal(spool_lock(a), 0); /* the holder may ask again */
    errno = 0;
    assert_int_equal(spool_lock(b), -1);
    assert_int_equal(errno, EWOULDBLOCK);
    /* released when the holder closes */
    spool_close(a);
    assert_int_equal(spool_lock(b), 0);
    spool_close(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spool_open_creates_tree),
        cmocka_unit_test(test_spool_open_existing_tree),
        cmocka_unit_test(test_spool_open_fails_on_file),
        cmocka_unit_test(test_spool_in_progress_names),
        cmocka_unit_test(test_spool_name_ok_accepts),
        cmocka_unit_test(test_spool_name_ok_rejects),
        cmocka_unit_test(test_spool_claim_moves_to_work),
        cmocka_unit_test(test_spool_claim_vanished),
        cmocka_unit_test(test_spool_open_work_regular),
        cmocka_unit_test(test_spool_open_work_refuses_symlink),
        cmocka_unit_test(test_spool_open_work_refuses_fifo),
        cmocka_unit_test(test_spool_open_work_refuses_directory),
        cmocka_unit_test(test_spool_open_work_refuses_hard_link),
        cmocka_unit_test(test_spool_open_work_missing),
        cmocka_unit_test(test_spool_reject_moves_with_ack),
        cmocka_unit_test(test_spool_archive_moves),
        cmocka_unit_test(test_spool_queue_links_into_out),
        cmocka_unit_test(test_spool_queue_missing_work),
        cmocka_unit_test(test_spool_dequeue_removes),
        cmocka_unit_test(test_spool_write_ack_publishes),
        cmocka_unit_test(test_spool_lock_exclusive),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
