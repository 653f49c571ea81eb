/* fmt_decimal - exact decimal numbers for the répartition keys: fixed point, no floating point.
 * A value is units + frac / 10^12 with units = floor(value) and 0 <= frac < 10^12, both
 * 64-bit integers: 12 fraction digits exactly, and |value| < 10^18 (18 integer digits).
 * Sums are exact (0.1 + 0.2 + 0.7 is 1; 3 x 0.333333333333 is 0.999999999999); a result out
 * of range is an error (ERANGE), never a rounding. Pure functions, no allocation, nothing
 * logged: 0 or -1 with errno; out-parameters are set only on success. */
#ifndef FMT_DECIMAL_H
#define FMT_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define FMT_DEC_FRAC_DIGITS 12
#define FMT_DEC_INT_DIGITS  18
/* Longest canonical text: sign, 18 digits, '.', 12 digits, NUL. */
#define FMT_DEC_STR_MAX     (1 + FMT_DEC_INT_DIGITS + 1 + FMT_DEC_FRAC_DIGITS + 1)

struct fmt_dec {
    int64_t units; /* floor(value): -0.2 is units -1, frac 800000000000 */
    int64_t frac;  /* 0 .. 10^12 - 1, in units of 10^-12 */
};

/* fmt_dec_parse - s[0..len) as `[+-]?D+(.D+)?` (ASCII digits, '.' the only separator, no
 * blanks, no exponent). Leading zeros are allowed. -1 with EINVAL when it is not that
 * syntax; ERANGE when it has more than 18 significant integer digits or a non-zero digit
 * after the 12th fraction digit (the value could not be kept exactly). Trailing zeros past
 * the 12th fraction digit change nothing and are accepted. */
int fmt_dec_parse(const char *s, size_t len, struct fmt_dec *out);

/* fmt_dec_from_int - the integer n; -1 with ERANGE when |n| >= 10^18. */
int fmt_dec_from_int(int64_t n, struct fmt_dec *out);

/* fmt_dec_add - *acc += *x, exactly; -1 with ERANGE (acc unchanged) when |result| >= 10^18. */
int fmt_dec_add(struct fmt_dec *acc, const struct fmt_dec *x);
/* fmt_dec_sub - *acc -= *x, exactly; -1 with ERANGE (acc unchanged) when out of range. */
int fmt_dec_sub(struct fmt_dec *acc, const struct fmt_dec *x);

/* fmt_dec_cmp - -1, 0 or 1 as a <, =, > b. */
int fmt_dec_cmp(const struct fmt_dec *a, const struct fmt_dec *b);

/* fmt_dec_is_one - 1 when the value is exactly 1, else 0. */
int fmt_dec_is_one(const struct fmt_dec *a);
/* fmt_dec_in_unit - 1 when 0 <= value <= 1, else 0. */
int fmt_dec_in_unit(const struct fmt_dec *a);

/* fmt_dec_format - canonical text ("-0.2", "1", "0.999999999999": no '+', no leading zeros,
 * no trailing fraction zeros, "0" for zero) into buf; FMT_DEC_STR_MAX bytes always suffice.
 * -1 with ENOSPC when buf is too small (buf then holds ""). */
int fmt_dec_format(const struct fmt_dec *a, char *buf, size_t size);

#endif
