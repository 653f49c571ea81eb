/* gw_envelope - gzip and zip envelopes around documents. A gzip file is decompressed as a
 * stream (zlib); a zip file is read entry by entry (libarchive: the zip format only, never
 * extracted by its own names). Each document inside is handed to a callback as a read-only fd
 * of an anonymous temporary file (O_TMPFILE in tmpdir), so the checks see an ordinary,
 * seekable file. Limits: each document at most max_size bytes, the whole envelope at most
 * max_ratio times its own size once unpacked (a bomb is refused without being unpacked past the
 * limit), at most max_entries documents. 0, or -1 with the reason in err; the callback's
 * non-zero return stops the walk and is returned. */
#ifndef GW_ENVELOPE_H
#define GW_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

enum envelope_kind { ENV_NONE, ENV_GZIP, ENV_ZIP };

struct envelope_limits {
    uint64_t max_size;
    uint64_t max_ratio;
    size_t max_entries;
    const char *tmpdir;
};

/* envelope_kind - from the first bytes of fd (read with pread). */
enum envelope_kind envelope_kind(int fd);

/* envelope_each - name is the document's name inside ("" for gzip: the caller derives it). */
int envelope_each(int fd, enum envelope_kind kind, const struct envelope_limits *lim,
                  int (*fn)(const char *name, int docfd, void *arg), void *arg, char *err,
                  size_t errlen);

#endif
