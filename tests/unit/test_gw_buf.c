/* test_gw_buf - the growable buffer: growth keeps content and the trailing NUL, the hard maximum
 * refuses with E2BIG and leaves the buffer usable, XML and JSON escaping, gw_path truncation. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gw_buf.h"

static void
test_gw_buf_new_empty(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    assert_non_null(b);
    assert_int_equal(b->len, 0);
    assert_non_null(b->data);
    assert_int_equal(b->data[0], '\0');
    assert_int_equal(b->max, SIZE_MAX / 2); /* 0 means "no practical limit" */
    gw_buf_free(b);
    gw_buf_free(NULL); /* does nothing */
}

static void
test_gw_buf_append_grows(void **state)
{
    struct gw_buf *b = gw_buf_new(0);
    size_t i, cap0 = b->cap;
    char want[10000];

    (void)state;
    for (i = 0; i < sizeof(want); i++) {
        char c = (char)('a' + i % 26);

        want[i] = c;
        assert_int_equal(gw_buf_append(b, &c, 1), 0);
        assert_int_equal(b->len, i + 1);
        assert_true(b->cap > b->len); /* room for the NUL */
        assert_int_equal(b->data[b->len], '\0');
    }
    assert_true(b->cap > cap0);
    assert_memory_equal(b->data, want, sizeof(want));
    gw_buf_free(b);
}

static void
test_gw_buf_append_binary_safe(void **state)
{
    struct gw_buf *b = gw_buf_new(0);
    const char bin[] = {'a', '\0', 'b', '\0', '\xff'};

    (void)state;
    assert_int_equal(gw_buf_append(b, bin, sizeof(bin)), 0);
    assert_int_equal(gw_buf_append(b, bin, sizeof(bin)), 0);
    assert_int_equal(b->len, 2 * sizeof(bin));
    assert_memory_equal(b->data, bin, sizeof(bin));
    assert_memory_equal(b->data + sizeof(bin), bin, sizeof(bin));
    assert_int_equal(b->data[b->len], '\0');
    assert_int_equal(gw_buf_append(b, NULL, 0), 0);
    assert_int_equal(b->len, 2 * sizeof(bin));
    gw_buf_free(b);
}

static void
test_gw_buf_puts_printf_reset(void **state)
{
    struct gw_buf *b = gw_buf_new(0);
    char big[1000];

    (void)state;
    assert_int_equal(gw_buf_puts(b, "x="), 0);
    assert_int_equal(gw_buf_printf(b, "%d/%s", 42, "y"), 0);
    assert_string_equal(b->data, "x=42/y");
    assert_int_equal(b->len, 6);
    /* a printf larger than the current capacity */
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(gw_buf_printf(b, "[%s]", big), 0);
    assert_int_equal(b->len, 6 + 2 + 999);
    assert_int_equal(b->data[6], '[');
    assert_int_equal(b->data[b->len - 1], ']');
    assert_int_equal(b->data[b->len], '\0');
    gw_buf_reset(b);
    assert_int_equal(b->len, 0);
    assert_string_equal(b->data, "");
    gw_buf_free(b);
}

static void
test_gw_buf_append_max_e2big(void **state)
{
    struct gw_buf *b = gw_buf_new(10);

    (void)state;
    assert_int_equal(gw_buf_append(b, "0123456789", 10), 0); /* exactly max is fine */
    errno = 0;
    assert_int_equal(gw_buf_append(b, "x", 1), -1);
    assert_int_equal(errno, E2BIG);
    /* not fatal: the content is intact and the buffer still usable */
    assert_int_equal(b->len, 10);
    assert_string_equal(b->data, "0123456789");
    gw_buf_reset(b);
    assert_int_equal(gw_buf_puts(b, "ok"), 0);
    assert_string_equal(b->data, "ok");
    errno = 0;
    assert_int_equal(gw_buf_append(b, "123456789", 9), -1); /* 2 + 9 > 10 */
    assert_int_equal(errno, E2BIG);
    assert_string_equal(b->data, "ok");
    gw_buf_free(b);
}

static void
test_gw_buf_append_huge_n_no_overflow(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    assert_int_equal(gw_buf_puts(b, "abc"), 0);
    errno = 0;
    /* len + n would wrap: must be refused, not allocated or overflowed */
    assert_int_equal(gw_buf_append(b, "x", SIZE_MAX - 1), -1);
    assert_int_equal(errno, E2BIG);
    assert_int_equal(b->len, 3);
    gw_buf_free(b);
}

static void
test_gw_buf_printf_max_e2big(void **state)
{
    struct gw_buf *b = gw_buf_new(8);

    (void)state;
    assert_int_equal(gw_buf_printf(b, "%s", "1234"), 0);
    errno = 0;
    assert_int_equal(gw_buf_printf(b, "%d", 123456), -1);
    assert_int_equal(errno, E2BIG);
    assert_string_equal(b->data, "1234");
    assert_int_equal(gw_buf_printf(b, "%d", 5678), 0);
    assert_string_equal(b->data, "12345678");
    gw_buf_free(b);
}

static void
test_gw_buf_xml_escape_specials(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    assert_int_equal(gw_buf_xml_escape(b, "a&b<c>d\"e'f"), 0);
    assert_string_equal(b->data, "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    gw_buf_free(b);
}

static void
test_gw_buf_xml_escape_controls(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    /* tab and newline kept, other C0 controls dropped, UTF-8 bytes passed through */
    assert_int_equal(gw_buf_xml_escape(b, "x\ty\nz\x01\x1f\x7f"
                                          "\xc3\xa9"),
                     0);
    assert_string_equal(b->data, "x\ty\nz\x7f\xc3\xa9");
    gw_buf_free(b);
}

static void
test_gw_buf_xml_escape_invalid_utf8(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    /* valid 2-, 3- and 4-byte sequences pass; a lone continuation byte, an overlong form,
     * a truncated sequence and a surrogate become '?' */
    assert_int_equal(
        gw_buf_xml_escape(b, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\x80|\xc0\xaf|\xe2\x82|"
                             "\xed\xa0\x80"),
        0);
    assert_string_equal(b->data, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|?|??|??|???");
    gw_buf_reset(b);
    assert_int_equal(gw_buf_json_escape(b, "a\xff"
                                           "b\xc3\xa9"),
                     0);
    assert_string_equal(b->data, "a\\ufffd"
                                 "b\xc3\xa9");
    gw_buf_free(b);
}

static void
test_gw_buf_xml_escape_max_e2big(void **state)
{
    struct gw_buf *b = gw_buf_new(6);

    (void)state;
    errno = 0;
    assert_int_equal(gw_buf_xml_escape(b, "a&b"), -1); /* "a&amp;b" is 7 bytes */
    assert_int_equal(errno, E2BIG);
    assert_true(b->len <= 6);
    assert_int_equal(b->data[b->len], '\0');
    gw_buf_free(b);
}

static void
test_gw_buf_json_escape_specials(void **state)
{
    struct gw_buf *b = gw_buf_new(0);

    (void)state;
    assert_int_equal(gw_buf_json_escape(b, "q\"b\\n\nt\tc\x01"
                                           "e\x1f/\xc3\xa9"),
                     0);
    assert_string_equal(b->data, "q\\\"b\\\\n\\nt\\tc\\u0001e\\u001f/\xc3\xa9");
    gw_buf_free(b);
}

static void
test_gw_buf_json_escape_max_e2big(void **state)
{
    struct gw_buf *b = gw_buf_new(5);

    (void)state;
    errno = 0;
    assert_int_equal(gw_buf_json_escape(b, "\x02"), -1); /* \u0002 is 6 bytes */
    assert_int_equal(errno, E2BIG);
    gw_buf_free(b);
}

static void
test_gw_path_fits(void **state)
{
    char buf[8];

    (void)state;
    assert_int_equal(gw_path(buf, sizeof(buf), "%s/%d", "ab", 1234), 0); /* 7 chars + NUL */
    assert_string_equal(buf, "ab/1234");
}

static void
test_gw_path_truncation(void **state)
{
    char buf[8];

    (void)state;
    errno = 0;
    assert_int_equal(gw_path(buf, sizeof(buf), "%s/%d", "ab", 12345), -1); /* 8 chars */
    assert_int_equal(errno, ENAMETOOLONG);
    errno = 0;
    assert_int_equal(gw_path(buf, sizeof(buf), "%s", "a much longer path"), -1);
    assert_int_equal(errno, ENAMETOOLONG);
    assert_int_equal(buf[sizeof(buf) - 1], '\0'); /* still a C string */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gw_buf_new_empty),
        cmocka_unit_test(test_gw_buf_append_grows),
        cmocka_unit_test(test_gw_buf_append_binary_safe),
        cmocka_unit_test(test_gw_buf_puts_printf_reset),
        cmocka_unit_test(test_gw_buf_append_max_e2big),
        cmocka_unit_test(test_gw_buf_append_huge_n_no_overflow),
        cmocka_unit_test(test_gw_buf_printf_max_e2big),
        cmocka_unit_test(test_gw_buf_xml_escape_specials),
        cmocka_unit_test(test_gw_buf_xml_escape_controls),
        cmocka_unit_test(test_gw_buf_xml_escape_invalid_utf8),
        cmocka_unit_test(test_gw_buf_xml_escape_max_e2big),
        cmocka_unit_test(test_gw_buf_json_escape_specials),
        cmocka_unit_test(test_gw_buf_json_escape_max_e2big),
        cmocka_unit_test(test_gw_path_fits),
        cmocka_unit_test(test_gw_path_truncation),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
