/* test_gw_notify - the sd_notify datagram: unset NOTIFY_SOCKET does nothing; a path socket and
 * an abstract ('@') socket receive exactly the state sent; a bad or absent socket is an error
 * (never a crash). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "gw_notify.h"

static char tmpdir[64];

static int
group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_gw_notify.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
group_teardown(void **state)
{
    char p[128];

    (void)state;
    snprintf(p, sizeof(p), "%s/notify", tmpdir);
    unlink(p);
    rmdir(tmpdir);
    unsetenv("NOTIFY_SOCKET");
    return 0;
}

/* listener - a datagram socket bound to name ('@' = abstract) */
static int
listener(const char *name)
{
    struct sockaddr_un sa;
    size_t len = strlen(name);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    assert_true(fd >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, name, len);
    if (name[0] == '@')
        sa.sun_path[0] = '\0';
    assert_int_equal(
        bind(fd, (struct sockaddr *)&sa,
             (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (name[0] != '@'))),
        0);
    return fd;
}

/* received - the next datagram, NUL-terminated */
static void
received(int fd, char *buf, size_t size)
{
    ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);

    assert_true(n >= 0);
    buf[n] = '\0';
}

static void
test_gw_notify_unset(void **state)
{
    (void)state;
    unsetenv("NOTIFY_SOCKET");
    assert_int_equal(gw_notify("READY=1"), 0);
    setenv("NOTIFY_SOCKET", "", 1);
    assert_int_equal(gw_notify("READY=1"), 0);
}

static void
test_gw_notify_path(void **state)
{
    char path[128], buf[256];
    int fd;

    (void)state;
    snprintf(path, sizeof(path), "%s/notify", tmpdir);
    fd = listener(path);
    setenv("NOTIFY_SOCKET", path, 1);
    assert_int_equal(gw_notify("READY=1"), 1);
    received(fd, buf, sizeof(buf));
    assert_string_equal(buf, "READY=1");
    assert_int_equal(gw_notify("RELOADING=1"), 1);
    assert_int_equal(gw_notify("READY=1"), 1);
    assert_int_equal(gw_notify("STOPPING=1"), 1);
    received(fd, buf, sizeof(buf));
    assert_string_equal(buf, "RELOADING=1");
    received(fd, buf, sizeof(buf));
    assert_string_equal(buf, "READY=1");
    received(fd, buf, sizeof(buf));
    assert_string_equal(buf, "STOPPING=1");
    close(fd);
    unlink(path);
}

static void
test_gw_notify_abstract(void **state)
{
    char name[64], buf[256];
    int fd;

    (void)state;
    snprintf(name, sizeof(name), "@passerelle-test-notify-%ld", (long)getpid());
    fd = listener(name);
    setenv("NOTIFY_SOCKET", name, 1);
    assert_int_equal(gw_notify("READY=1"), 1);
    received(fd, buf, sizeof(buf));
    assert_string_equal(buf, "READY=1");
    close(fd);
}

static void
test_gw_notify_errors(void **state)
{
    char path[128];

    (void)state;
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    assert_int_equal(gw_notify("READY=1"), -1);
    assert_int_equal(errno, EINVAL);
    setenv("NOTIFY_SOCKET", "@", 1);
    assert_int_equal(gw_notify("READY=1"), -1);
    memset(path, 'x', sizeof(path) - 1);
    path[0] = '/';
    path[sizeof(path) - 1] = '\0';
    setenv("NOTIFY_SOCKET", path, 1); /* longer than sun_path */
    assert_int_equal(gw_notify("READY=1"), -1);
    snprintf(path, sizeof(path), "%s/nobody-listens", tmpdir);
    setenv("NOTIFY_SOCKET", path, 1);
    assert_int_equal(gw_notify("READY=1"), -1);
    unsetenv("NOTIFY_SOCKET");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gw_notify_unset),
        cmocka_unit_test(test_gw_notify_path),
        cmocka_unit_test(test_gw_notify_abstract),
        cmocka_unit_test(test_gw_notify_errors),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
