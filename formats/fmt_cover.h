/* fmt_cover - which 5-minute slots of a week S carry a value: a bitmap of at most 2028 bits
 * (FMT_COVER_SLOTS_MAX rounds it up), slot i covering [week start + 5i min, + 5(i+1) min),
 * bit i in byte i/8, bit i%8 (least significant first). A PT5M point covers 1 slot, a PT15M
 * point 3. The same bytes are stored in the ledger (cdc_coverage.bitmap) and read back by the
 * sweep, so the layout is part of the ledger's format. Pure functions, no allocation. */
#ifndef FMT_COVER_H
#define FMT_COVER_H

#include <stddef.h>
#include <stdint.h>

#define FMT_COVER_SLOTS_MAX 2048 /* a 169-hour week has 2028 slots */
#define FMT_COVER_BYTES     (FMT_COVER_SLOTS_MAX / 8)

/* fmt_cover_bytes - bytes needed for nslots (nslots / 8 rounded up). */
size_t fmt_cover_bytes(long nslots);
/* fmt_cover_set - set slots [first, first + n), clipped to [0, FMT_COVER_SLOTS_MAX). */
void fmt_cover_set(uint8_t *bm, long first, long n);
/* fmt_cover_test - 1 when slot i is set (0 outside the bitmap). */
int fmt_cover_test(const uint8_t *bm, long i);
/* fmt_cover_count - slots set among the first nslots. */
long fmt_cover_count(const uint8_t *bm, long nslots);
/* fmt_cover_common - slots set in both a and b among the first nslots; *first receives the
 * first such slot, or -1 when there is none. */
long fmt_cover_common(const uint8_t *a, const uint8_t *b, long nslots, long *first);
/* fmt_cover_or - dst |= src over nbytes. */
void fmt_cover_or(uint8_t *dst, const uint8_t *src, size_t nbytes);
/* fmt_cover_missing_run - the next run of missing steps of `step` slots (1: PT5M, 3: PT15M),
 * steps aligned on slot 0, at or after step index *from: a step is missing when all its
 * slots are expected and none is covered. 1 with [*start, *end) in step indexes (and *from
 * moved past it), 0 when there is no further run among nslots / step steps. */
int fmt_cover_missing_run(const uint8_t *expected, const uint8_t *covered, long nslots, int step,
                          long *from, long *start, long *end);

#endif
