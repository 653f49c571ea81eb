/* test_gw_sha256 - FIPS 180-4 vectors, streaming in odd-sized chunks equals one-shot, and
 * gw_sha256_fd on a file in a fresh mkdtemp directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gw_sha256.h"

static char tmpdir[64];

static int
group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_gw_sha256.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int
group_teardown(void **state)
{
    char path[128];

    (void)state;
    snprintf(path, sizeof(path), "%s/f", tmpdir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/empty", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    return 0;
}

/* hash_hex - one-shot hash of data as lower-case hex */
static void
hash_hex(const void *data, size_t n, char hex[65])
{
    struct gw_sha256 s;
    unsigned char dig[32];

    gw_sha256_init(&s);
    gw_sha256_update(&s, data, n);
    gw_sha256_final(&s, dig);
    gw_sha256_hex(dig, hex);
}

static void
test_gw_sha256_empty(void **state)
{
    char hex[65];

    (void)state;
    hash_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_gw_sha256_abc(void **state)
{
    char hex[65];

    (void)state;
    hash_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void
test_gw_sha256_448_bits(void **state)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[65];

    (void)state;
    assert_int_equal(strlen(m), 56);
    hash_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_gw_sha256_896_bits(void **state)
{
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    char hex[65];

    (void)state;
    assert_int_equal(strlen(m), 112);
    hash_hex(m, strlen(m), hex);
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void
test_gw_sha256_million_a(void **state)
{
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char *m = malloc(1000000);
    struct gw_sha256 s;
    unsigned char dig[32];
    char hex[65];
    int i;

    (void)state;
    assert_non_null(m);
    memset(m, 'a', 1000000);
    hash_hex(m, 1000000, hex);
    assert_string_equal(hex, want);
    /* the same, fed 1000 'a' at a time */
    gw_sha256_init(&s);
    for (i = 0; i < 1000; i++)
        gw_sha256_update(&s, m, 1000);
    gw_sha256_final(&s, dig);
    gw_sha256_hex(dig, hex);
    assert_string_equal(hex, want);
    free(m);
}

/* Boundary lengths around the 55/56/64-byte padding edges, chunked in odd sizes. */
static void
test_gw_sha256_streaming_odd_chunks(void **state)
{
    static const size_t chunks[] = {1, 3, 7, 13, 55, 63, 64, 65, 127, 1000};
    static const size_t lens[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4097};
    unsigned char data[4097];
    size_t i, c, l;

    (void)state;
    for (i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + 3);
    for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
        char one[65];

        hash_hex(data, lens[l], one);
        for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
            struct gw_sha256 s;
            unsigned char dig[32];
            char hex[65];
            size_t off = 0;

            gw_sha256_init(&s);
            while (off < lens[l]) {
                size_t n = lens[l] - off < chunks[c] ? lens[l] - off : chunks[c];

                gw_sha256_update(&s, data + off, n);
                gw_sha256_update(&s, data + off, 0); /* empty updates change nothing */
                off += n;
            }
            gw_sha256_final(&s, dig);
            gw_sha256_hex(dig, hex);
            assert_string_equal(hex, one);
        }
    }
    /* and a known value through chunks: "abc" as "a" + "bc" */
    {
        struct gw_sha256 s;
        unsigned char dig[32];
        char hex[65];

        gw_sha256_init(&s);
        gw_sha256_update(&s, "a", 1);
        gw_sha256_update(&s, "bc", 2);
        gw_sha256_final(&s, dig);
        gw_sha256_hex(dig, hex);
        assert_string_equal(hex,
                            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

static void
test_gw_sha256_hex_format(void **state)
{
    unsigned char dig[32];
    char hex[65];
    int i;

    (void)state;
    for (i = 0; i < 32; i++)
        dig[i] = (unsigned char)(i * 8 + 1);
    memset(hex, 'X', sizeof(hex));
    gw_sha256_hex(dig, hex);
    assert_int_equal(hex[64], '\0');
    assert_memory_equal(hex, "0109111921293139", 16);
    assert_memory_equal(hex + 48, "c1c9d1d9e1e9f1f9", 16);
}

static void
test_gw_sha256_fd_file(void **state)
{
    char path[128], hex[65], want[65];
    size_t len = 300001; /* more than the helper's 128 KiB read block */
    unsigned char *data = malloc(len);
    uint64_t size = 0;
    size_t i;
    int fd;

    (void)state;
    assert_non_null(data);
    for (i = 0; i < len; i++)
        data[i] = (unsigned char)(i ^ (i >> 8));
    snprintf(path, sizeof(path), "%s/f", tmpdir);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    /* the file offset is at the end: gw_sha256_fd must still read from 0 */
    assert_int_equal(gw_sha256_fd(fd, hex, &size), 0);
    hash_hex(data, len, want);
    assert_string_equal(hex, want);
    assert_int_equal(size, len);
    /* size may be NULL */
    memset(hex, 0, sizeof(hex));
    assert_int_equal(gw_sha256_fd(fd, hex, NULL), 0);
    assert_string_equal(hex, want);
    close(fd);
    free(data);
}

static void
test_gw_sha256_fd_empty_file(void **state)
{
    char path[128], hex[65];
    uint64_t size = 99;
    int fd;

    (void)state;
    snprintf(path, sizeof(path), "%s/empty", tmpdir);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(gw_sha256_fd(fd, hex, &size), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(size, 0);
    close(fd);
}

static void
test_gw_sha256_fd_bad_fd(void **state)
{
    char hex[65];
    uint64_t size = 7;

    (void)state;
    errno = 0;
    assert_int_equal(gw_sha256_fd(-1, hex, &size), -1);
    assert_int_equal(errno, EBADF);
    assert_int_equal(size, 7); /* out-parameter untouched on failure */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gw_sha256_empty),
        cmocka_unit_test(test_gw_sha256_abc),
        cmocka_unit_test(test_gw_sha256_448_bits),
        cmocka_unit_test(test_gw_sha256_896_bits),
        cmocka_unit_test(test_gw_sha256_million_a),
        cmocka_unit_test(test_gw_sha256_streaming_odd_chunks),
        cmocka_unit_test(test_gw_sha256_hex_format),
        cmocka_unit_test(test_gw_sha256_fd_file),
        cmocka_unit_test(test_gw_sha256_fd_empty_file),
        cmocka_unit_test(test_gw_sha256_fd_bad_fd),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
