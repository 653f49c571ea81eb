/* fmt_cover - see fmt_cover.h */
#include <stddef.h>
#include <stdint.h>

#include "fmt_cover.h"

size_t
fmt_cover_bytes(long nslots)
{
    if (nslots <= 0)
        return 0;
    if (nslots > FMT_COVER_SLOTS_MAX)
        nslots = FMT_COVER_SLOTS_MAX;
    return (size_t)(nslots + 7) / 8;
}

void
fmt_cover_set(uint8_t *bm, long first, long n)
{
    long i, end = first + n;

    if (first < 0)
        first = 0;
    if (end > FMT_COVER_SLOTS_MAX)
        end = FMT_COVER_SLOTS_MAX;
    for (i = first; i < end; i++)
        bm[i >> 3] |= (uint8_t)(1u << (i & 7));
}

int
fmt_cover_test(const uint8_t *bm, long i)
{
    if (i < 0 || i >= FMT_COVER_SLOTS_MAX)
        return 0;
    return (bm[i >> 3] >> (i & 7)) & 1;
}

/* popcount8 - bits set in one byte */
static int
popcount8(unsigned v)
{
    int n = 0;

    for (; v; v &= v - 1)
        n++;
    return n;
}

long
fmt_cover_count(const uint8_t *bm, long nslots)
{
    long i, n = 0;

    if (nslots > FMT_COVER_SLOTS_MAX)
        nslots = FMT_COVER_SLOTS_MAX;
    for (i = 0; i + 8 <= nslots; i += 8)
        n += popcount8(bm[i >> 3]);
    for (; i < nslots; i++)
        n += fmt_cover_test(bm, i);
    return n;
}

long
fmt_cover_common(const uint8_t *a, const uint8_t *b, long nslots, long *first)
{
    long i, n = 0;

    *first = -1;
    if (nslots > FMT_COVER_SLOTS_MAX)
        nslots = FMT_COVER_SLOTS_MAX;
    for (i = 0; i < nslots; i++)
        if (fmt_cover_test(a, i) && fmt_cover_test(b, i)) {
            if (*first < 0)
                *first = i;
            n++;
        }
    return n;
}

void
fmt_cover_or(uint8_t *dst, const uint8_t *src, size_t nbytes)
{
    size_t i;

    for (i = 0; i < nbytes; i++)
        dst[i] |= src[i];
}

/* step_missing - all slots of step s expected, none covered */
static int
step_missing(const uint8_t *expected, const uint8_t *covered, long s, int step)
{
    long i;

    for (i = s * step; i < (s + 1) * step; i++)
        if (!fmt_cover_test(expected, i) || fmt_cover_test(covered, i))
            return 0;
    return 1;
}

int
fmt_cover_missing_run(const uint8_t *expected, const uint8_t *covered, long nslots, int step,
                      long *from, long *start, long *end)
{
    long nsteps, s;

    if (step < 1)
        return 0;
    if (nslots > FMT_COVER_SLOTS_MAX)
        nslots = FMT_COVER_SLOTS_MAX;
    nsteps = nslots / step;
    for (s = *from < 0 ? 0 : *from; s < nsteps && !step_missing(expected, covered, s, step); s++)
        ;
    if (s >= nsteps) {
        *from = nsteps;
        return 0;
    }
    *start = s;
    while (s < nsteps && step_missing(expected, covered, s, step))
        s++;
    *end = s;
    *from = s;
    return 1;
}
