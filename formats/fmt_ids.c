/* fmt_ids - EIC check characters and PRM syntax.
 *
 * DESCRIPTION
 *	The EIC check character (ENTSO-E, "EIC reference manual", annex on the check character):
 *	each of the first 15 characters takes a value (0-9 -> 0-9, A-Z -> 10-35, '-' -> 36) and a
 *	weight from 16 down to 2; with S the weighted sum, the check value is 36 - ((S-1) mod 37),
 *	written back with the same alphabet (36 -> '-'). Checked against real codes: RTE
 *	10XFR-RTE------Q, the French area 10YFR-RTE------C, Enedis 17X100A100A0001A, and the
 *	other TSOs' areas listed in tests/unit/test_fmt_ids.c.
 */
#include <errno.h>
#include <stdint.h>

#include "fmt_ids.h"

static const char eic_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-";

/* eic_value - 0..36, or -1 outside [A-Z0-9-] */
static int
eic_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c == '-')
        return 36;
    return -1;
}

/* fmt_eic_check_char - weighted mod-37 check over 15 characters */
char
fmt_eic_check_char(const char *s)
{
    int i, v, sum = 0;

    for (i = 0; i < 15; i++) {
        v = eic_value(s[i]);
        if (v < 0)
            return 0;
        sum += v * (16 - i);
    }
    /* sum 0 (all '0') must wrap like a mathematical modulo, not C's remainder */
    return eic_alphabet[36 - (((sum - 1) % 37 + 37) % 37)];
}

/* fmt_eic_syntax - 16 characters of the EIC alphabet */
int
fmt_eic_syntax(const char *s, size_t len)
{
    size_t i;

    if (len != FMT_EIC_LEN)
        return 0;
    for (i = 0; i < len; i++)
        if (eic_value(s[i]) < 0)
            return 0;
    return 1;
}

/* fmt_eic_valid - syntax and check character */
int
fmt_eic_valid(const char *s, size_t len)
{
    return fmt_eic_syntax(s, len) && fmt_eic_check_char(s) == s[15];
}

/* fmt_prm_parse - 14 digits to an integer (they fit: < 10^14) */
int
fmt_prm_parse(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;

    if (len != FMT_PRM_LEN) {
        errno = EINVAL;
        return -1;
    }
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            errno = EINVAL;
            return -1;
        }
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}
