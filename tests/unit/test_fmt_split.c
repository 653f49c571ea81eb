/* test_fmt_split - fmt_cdc_split_fd: the part of a load-curve document an aggregator receives
 * (only its sites' series) is itself a valid canonical document; keeping every site gives back
 * the canonical input byte for byte. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fmt.h"
#include "fmt_cdc_csv.h"

#define VALID "samples/cdc/valid.xml"

static int
keep_all(const char *site, void *arg)
{
    (void)site;
    (void)arg;
    return 1;
}

static int
keep_one(const char *site, void *arg)
{
    return strcmp(site, (const char *)arg) == 0;
}

static int
keep_none(const char *site, void *arg)
{
    (void)site;
    (void)arg;
    return 0;
}

/* split - run the split into a temporary file; returns its fd (offset 0) */
static int
split(int (*keep)(const char *, void *), void *arg, long *kept)
{
    FILE *out = tmpfile();
    int in = open(VALID, O_RDONLY), fd;

    assert_non_null(out);
    assert_true(in >= 0);
    assert_int_equal(fmt_cdc_split_fd(in, keep, arg, out, kept), 0);
    fflush(out);
    fd = dup(fileno(out));
    fclose(out);
    close(in);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static char *
slurp(int fd, size_t *len)
{
    char *buf = malloc(1 << 22);
    ssize_t n;

    *len = 0;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf + *len, (1 << 22) - *len)) > 0)
        *len += (size_t)n;
    return buf;
}

static void
test_fmt_cdc_split_fd_keep_all_is_identity(void **state)
{
    size_t a, b;
    long kept = 0;
    int fd = split(keep_all, NULL, &kept), in = open(VALID, O_RDONLY);
    char *x = slurp(fd, &a), *y = slurp(in, &b);

    (void)state;
    assert_int_equal(kept, 3);
    assert_int_equal(a, b);
    assert_memory_equal(x, y, a);
    free(x);
    free(y);
    close(fd);
    close(in);
}

static void
test_fmt_cdc_split_fd_one_site_is_a_valid_document(void **state)
{
    struct fmt_opts o;
    struct fmt_report rep;
    struct fmt_ctx *ctx;
    char err[256], *text;
    size_t len;
    long kept = 0;
    int fd = split(keep_one, (void *)"30001610000002", &kept);

    (void)state;
    assert_int_equal(kept, 1);
    text = slurp(fd, &len);
    text[len] = '\0';
    assert_non_null(strstr(text, "site=\"30001610000002\""));
    assert_null(strstr(text, "site=\"30001610000001\""));
    assert_null(strstr(text, "site=\"30001610000003\""));
    free(text);
    fmt_opts_default(&o);
    ctx = fmt_ctx_new("xsd", &o, err, sizeof(err));
    assert_non_null(ctx);
    fmt_report_init(&rep, 100);
    assert_int_equal(fmt_check_fd(ctx, fd, &rep), 0);
    assert_int_equal(rep.nerrors, 0);
    assert_string_equal(rep.flow, "cdc");
    fmt_report_free(&rep);
    fmt_ctx_free(ctx);
    close(fd);
}

static void
test_fmt_cdc_split_fd_none_kept(void **state)
{
    long kept = 99;
    int fd = split(keep_none, NULL, &kept);

    (void)state;
    assert_int_equal(kept, 0);
    close(fd);
}

static void
test_fmt_cdc_split_fd_refuses_broken_xml(void **state)
{
    char path[] = "/tmp/split-XXXXXX";
    int fd = mkstemp(path);
    FILE *out = tmpfile();
    long kept = 0;

    (void)state;
    assert_int_equal(write(fd, "<CourbesDeCharge xmlns=\"urn:passerelle:cdc:1\"><mRID>", 52), 52);
    assert_int_equal(fmt_cdc_split_fd(fd, keep_all, NULL, out, &kept), -1);
    close(fd);
    unlink(path);
    fclose(out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_cdc_split_fd_keep_all_is_identity),
        cmocka_unit_test(test_fmt_cdc_split_fd_one_site_is_a_valid_document),
        cmocka_unit_test(test_fmt_cdc_split_fd_none_kept),
        cmocka_unit_test(test_fmt_cdc_split_fd_refuses_broken_xml),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
