/* fmt_decimal - exact fixed-point decimals (12 fraction digits) for the répartition keys.
 *
 * DESCRIPTION
 *	A key is a decimal written with at most 12 fraction digits, and the keys of a step must
 *	sum to exactly 1 (2.L.6.1.2). Binary floating point cannot say that: 0.1 + 0.2 + 0.7 is
 *	not 1 in a double. So a value is two integers: units = floor(value) and frac, the
 *	fraction in units of 10^-12 (always 0 <= frac < 10^12). Every value the text can hold
 *	(18 integer digits, 12 fraction digits) is exact, addition is integer addition with one
 *	carry, and comparison is lexicographic on (units, frac). The range is |value| < 10^18:
 *	the sum of two in-range values fits an int64 with room to spare, so an overflow is
 *	detected after the fact, never suffered.
 */
#include <errno.h>
#include <string.h>

#include "fmt_decimal.h"

#define SCALE   1000000000000LL       /* 10^12 */
#define INT_LIM 1000000000000000000LL /* 10^18 */

/* in_range - |units + frac/10^12| < 10^18 */
static int
in_range(int64_t units, int64_t frac)
{
    if (units >= INT_LIM)
        return 0;
    if (units < -INT_LIM)
        return 0;
    return units > -INT_LIM || frac > 0;
}

/* fmt_dec_parse - see fmt_decimal.h */
int
fmt_dec_parse(const char *s, size_t len, struct fmt_dec *out)
{
    size_t i = 0, ib, ie, fb = 0, fe = 0, k;
    int neg = 0, nsig = 0;
    int64_t ip = 0, fp = 0;

    if (s == NULL) {
        errno = EINVAL;
        return -1;
    }
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    ib = i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    ie = i;
    if (ie == ib) {
        errno = EINVAL;
        return -1;
    }
    if (i < len && s[i] == '.') {
        fb = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        fe = i;
        if (fe == fb) {
            errno = EINVAL;
            return -1;
        }
    }
    if (i != len) {
        errno = EINVAL;
        return -1;
    }
    /* The syntax is right: now the digits. */
    for (k = ib; k < ie; k++) {
        if (nsig == 0 && s[k] == '0')
            continue; /* leading zero */
        if (++nsig > FMT_DEC_INT_DIGITS) {
            errno = ERANGE;
            return -1;
        }
        ip = ip * 10 + (s[k] - '0');
    }
    for (k = fb; k < fe; k++) {
        if (k - fb < FMT_DEC_FRAC_DIGITS) {
            fp = fp * 10 + (s[k] - '0');
        } else if (s[k] != '0') {
            errno = ERANGE; /* not representable with 12 fraction digits */
            return -1;
        }
    }
    for (k = fe > fb ? fe - fb : 0; k < FMT_DEC_FRAC_DIGITS; k++)
        fp *= 10;
    if (neg && fp > 0) {
        out->units = -ip - 1;
        out->frac = SCALE - fp;
    } else {
        out->units = neg ? -ip : ip;
        out->frac = fp;
    }
    return 0;
}

/* fmt_dec_from_int - an integer, range-checked */
int
fmt_dec_from_int(int64_t n, struct fmt_dec *out)
{
    if (n >= INT_LIM || n <= -INT_LIM) {
        errno = ERANGE;
        return -1;
    }
    out->units = n;
    out->frac = 0;
    return 0;
}

/* fmt_dec_add - integer addition with one carry; both operands are in range, so the
 * intermediate sum (at most 2 x 10^18 + 1 in magnitude) cannot overflow an int64. */
int
fmt_dec_add(struct fmt_dec *acc, const struct fmt_dec *x)
{
    int64_t units = acc->units + x->units, frac = acc->frac + x->frac;

    if (frac >= SCALE) {
        frac -= SCALE;
        units++;
    }
    if (!in_range(units, frac)) {
        errno = ERANGE;
        return -1;
    }
    acc->units = units;
    acc->frac = frac;
    return 0;
}

/* fmt_dec_sub - addition of the negation (which is always in range: the range is symmetric) */
int
fmt_dec_sub(struct fmt_dec *acc, const struct fmt_dec *x)
{
    struct fmt_dec n;

    if (x->frac == 0) {
        n.units = -x->units;
        n.frac = 0;
    } else {
        n.units = -x->units - 1;
        n.frac = SCALE - x->frac;
    }
    return fmt_dec_add(acc, &n);
}

/* fmt_dec_cmp - units first, then the fraction (units is the floor) */
int
fmt_dec_cmp(const struct fmt_dec *a, const struct fmt_dec *b)
{
    if (a->units != b->units)
        return a->units < b->units ? -1 : 1;
    if (a->frac != b->frac)
        return a->frac < b->frac ? -1 : 1;
    return 0;
}

/* fmt_dec_is_one - exactly 1 */
int
fmt_dec_is_one(const struct fmt_dec *a)
{
    return a->units == 1 && a->frac == 0;
}

/* fmt_dec_in_unit - 0 <= a <= 1 */
int
fmt_dec_in_unit(const struct fmt_dec *a)
{
    return a->units == 0 || fmt_dec_is_one(a);
}

/* fmt_dec_format - sign, integer part, and the fraction without its trailing zeros */
int
fmt_dec_format(const struct fmt_dec *a, char *buf, size_t size)
{
    char tmp[FMT_DEC_STR_MAX];
    uint64_t ip, fp;
    size_t o = 0, n;
    int neg = a->units < 0, i;
    char digits[FMT_DEC_INT_DIGITS + 1];
    int nd = 0;

    /* magnitude: for a negative value, -(units + frac) = (-units - 1) + (SCALE - frac) */
    if (neg && a->frac > 0) {
        ip = (uint64_t)(-(a->units + 1));
        fp = (uint64_t)(SCALE - a->frac);
    } else {
        ip = neg ? (uint64_t)(-a->units) : (uint64_t)a->units;
        fp = (uint64_t)a->frac;
    }
    if (neg)
        tmp[o++] = '-';
    do {
        digits[nd++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0 && nd < FMT_DEC_INT_DIGITS);
    while (nd > 0)
        tmp[o++] = digits[--nd];
    if (fp > 0) {
        tmp[o++] = '.';
        for (i = FMT_DEC_FRAC_DIGITS - 1; i >= 0; i--) {
            digits[i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        for (n = FMT_DEC_FRAC_DIGITS; n > 0 && digits[n - 1] == '0'; n--)
            ;
        memcpy(tmp + o, digits, n);
        o += n;
    }
    tmp[o] = '\0';
    if (o + 1 > size) {
        if (size > 0)
            buf[0] = '\0';
        errno = ENOSPC;
        return -1;
    }
    memcpy(buf, tmp, o + 1);
    return 0;
}
