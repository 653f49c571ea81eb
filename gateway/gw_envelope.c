/* gw_envelope - see gw_envelope.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "gw_envelope.h"

enum envelope_kind
envelope_kind(int fd)
{
    unsigned char m[4];

    if (pread(fd, m, sizeof(m), 0) != (ssize_t)sizeof(m))
        return ENV_NONE;
    if (m[0] == 0x1f && m[1] == 0x8b)
        return ENV_GZIP;
    if (m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4)
        return ENV_ZIP;
    return ENV_NONE;
}

/* env_tmp - an anonymous file to hold one document */
static int
env_tmp(const struct envelope_limits *lim)
{
    const char *dir = lim->tmpdir && *lim->tmpdir ? lim->tmpdir : "/tmp";

    return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

/* env_write - all of it */
static int
env_write(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* env_budget - the unpacked bytes allowed for the whole envelope */
static uint64_t
env_budget(int fd, const struct envelope_limits *lim)
{
    struct stat st;
    uint64_t b;

    if (fstat(fd, &st) < 0)
        return 0;
    b = (uint64_t)st.st_size * (lim->max_ratio ? lim->max_ratio : 100);
    return b < (uint64_t)st.st_size ? UINT64_MAX : b; /* overflow */
}

/* env_gzip - one document */
static int
env_gzip(int fd, const struct envelope_limits *lim, int (*fn)(const char *, int, void *), void *arg,
         char *err, size_t errlen)
{
    static unsigned char in[1 << 16], out[1 << 16];
    uint64_t budget = env_budget(fd, lim), total = 0;
    z_stream z;
    off_t off = 0;
    int out_fd, rc = -1, zr = Z_OK;

    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 15 + 16) != Z_OK) { /* gzip header */
        snprintf(err, errlen, "gzip: cannot start zlib");
        return -1;
    }
    if ((out_fd = env_tmp(lim)) < 0) {
        snprintf(err, errlen, "gzip: temporary file: %s", strerror(errno));
        inflateEnd(&z);
        return -1;
    }
    while (zr != Z_STREAM_END) {
        ssize_t n = pread(fd, in, sizeof(in), off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "gzip: %s", n < 0 ? strerror(errno) : "truncated stream");
            goto out;
        }
        off += n;
        z.next_in = in;
        z.avail_in = (uInt)n;
        do { /* until the input is used up and no output is pending */
            size_t got;

            z.next_out = out;
            z.avail_out = sizeof(out);
            zr = inflate(&z, Z_NO_FLUSH);
            if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
                snprintf(err, errlen, "gzip: corrupt stream (%s)", z.msg ? z.msg : "zlib error");
                goto out;
            }
            got = sizeof(out) - z.avail_out;
            total += got;
            if (total > lim->max_size || total > budget) {
                snprintf(err, errlen,
                         "gzip: unpacks to more than %llu bytes (size limit %llu, ratio limit "
                         "%llu): refused as a decompression bomb",
                         (unsigned long long)(total > budget ? budget : lim->max_size),
                         (unsigned long long)lim->max_size, (unsigned long long)lim->max_ratio);
                goto out;
            }
            if (got && env_write(out_fd, out, got) < 0) {
                snprintf(err, errlen, "gzip: temporary file: %s", strerror(errno));
                goto out;
            }
            if (zr == Z_BUF_ERROR)
                break; /* no progress possible without more input */
        } while ((z.avail_in > 0 || z.avail_out == 0) && zr != Z_STREAM_END);
    }
    rc = fn("", out_fd, arg);
out:
    inflateEnd(&z);
    close(out_fd);
    return rc;
}

/* env_zip - entry by entry */
static int
env_zip(int fd, const struct envelope_limits *lim, int (*fn)(const char *, int, void *), void *arg,
        char *err, size_t errlen)
{
    static char buf[1 << 16];
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    uint64_t budget = env_budget(fd, lim), total = 0;
    size_t count = 0;
    int r, rc = -1;

    archive_read_support_format_zip(a);
    if (lseek(fd, 0, SEEK_SET) < 0 || archive_read_open_fd(a, fd, 1 << 16) != ARCHIVE_OK) {
        snprintf(err, errlen, "zip: %s", archive_error_string(a));
        goto out;
    }
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        uint64_t size = 0;
        ssize_t n;
        int out_fd;

        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        if (archive_entry_filetype(e) != AE_IFREG || name == NULL) {
            snprintf(err, errlen, "zip: entry %s is not a regular file", name ? name : "?");
            goto out;
        }
        if (++count > lim->max_entries) {
            snprintf(err, errlen, "zip: more than %zu documents", lim->max_entries);
            goto out;
        }
        if ((out_fd = env_tmp(lim)) < 0) {
            snprintf(err, errlen, "zip: temporary file: %s", strerror(errno));
            goto out;
        }
        while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
            size += (uint64_t)n;
            total += (uint64_t)n;
            if (size > lim->max_size || total > budget) {
                snprintf(err, errlen,
                         "zip: entry %s unpacks past the limits (size %llu, ratio %llu): refused "
                         "as a decompression bomb",
                         name, (unsigned long long)lim->max_size,
                         (unsigned long long)lim->max_ratio);
                close(out_fd);
                goto out;
            }
            if (env_write(out_fd, buf, (size_t)n) < 0) {
                snprintf(err, errlen, "zip: temporary file: %s", strerror(errno));
                close(out_fd);
                goto out;
            }
        }
        if (n < 0) {
            snprintf(err, errlen, "zip: entry %s: %s", name, archive_error_string(a));
            close(out_fd);
            goto out;
        }
        r = fn(name, out_fd, arg);
        close(out_fd);
        if (r != 0) {
            rc = r;
            goto out;
        }
    }
    if (r != ARCHIVE_EOF) {
        snprintf(err, errlen, "zip: %s", archive_error_string(a));
        goto out;
    }
    if (count == 0) {
        snprintf(err, errlen, "zip: no document inside");
        goto out;
    }
    rc = 0;
out:
    archive_read_free(a);
    return rc;
}

int
envelope_each(int fd, enum envelope_kind kind, const struct envelope_limits *lim,
              int (*fn)(const char *name, int docfd, void *arg), void *arg, char *err,
              size_t errlen)
{
    if (kind == ENV_GZIP)
        return env_gzip(fd, lim, fn, arg, err, errlen);
    if (kind == ENV_ZIP)
        return env_zip(fd, lim, fn, arg, err, errlen);
    snprintf(err, errlen, "not an envelope");
    return -1;
}
