/* gw_bundle - see gw_bundle.h */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "gw_buf.h"
#include "gw_bundle.h"
#include "gw_fs.h"
#include "gw_mem.h"
#include "gw_sha256.h"

#define BUNDLE_MANIFEST    "MANIFEST"
#define BUNDLE_MAX_MEMBERS 1000000
#define BUNDLE_MAX_BYTES   ((int64_t)1 << 40)

static int
bundle_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bundle_member *)a)->name, ((const struct bundle_member *)b)->name);
}

/* bundle_entry - one regular-file header, everything fixed but name and size */
static struct archive_entry *
bundle_entry(const char *name, int64_t size, time_t mtime)
{
    struct archive_entry *e = archive_entry_new();

    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, size);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_mtime(e, mtime, 0);
    return e;
}

/* bundle_add_file - stream one member, hashing it on the way */
static int
bundle_add_file(struct archive *a, const struct bundle_member *m, time_t mtime, char hex[65],
                int64_t *sizep, char *err, size_t errlen)
{
    static char buf[1 << 16];
    struct gw_sha256 h;
    unsigned char dig[32];
    struct archive_entry *e;
    struct stat st;
    int64_t done = 0;
    int fd, rc = -1;

    fd = openat(m->dirfd, m->src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "bundle: member %s: %s", m->name,
                 fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    e = bundle_entry(m->name, (int64_t)st.st_size, mtime);
    if (archive_write_header(a, e) != ARCHIVE_OK) {
        snprintf(err, errlen, "bundle: %s: %s", m->name, archive_error_string(a));
        goto out;
    }
    gw_sha256_init(&h);
    while (done < (int64_t)st.st_size) {
        ssize_t n = pread(fd, buf, sizeof(buf), done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, errlen, "bundle: %s: read: %s", m->name,
                     n < 0 ? strerror(errno) : "file shrank");
            goto out;
        }
        if (archive_write_data(a, buf, (size_t)n) != n) {
            snprintf(err, errlen, "bundle: %s: %s", m->name, archive_error_string(a));
            goto out;
        }
        gw_sha256_update(&h, buf, (size_t)n);
        done += n;
    }
    gw_sha256_final(&h, dig);
    gw_sha256_hex(dig, hex);
    *sizep = done;
    rc = 0;
out:
    archive_entry_free(e);
    close(fd);
    return rc;
}

int
bundle_write(int dirfd, const char *name, struct bundle_member *m, size_t n, const char *head,
             time_t mtime, char sha256[65], char *err, size_t errlen)
{
    char tmp[NAME_MAX + 1], side[NAME_MAX + 1];
    struct gw_buf *man = gw_buf_new(0);
    struct archive *a = archive_write_new();
    struct archive_entry *e;
    uint64_t total = 0;
    int fd = -1, rc = -1;
    size_t i;

    if (n > 1)
        qsort(m, n, sizeof(*m), bundle_cmp);
    gw_buf_puts(man, "# passerelle bundle 1\n");
    gw_buf_puts(man, head);
    gw_buf_printf(man, "members=%zu\n", n);
    if ((fd = gw_fs_tmp_open(dirfd, name, tmp, sizeof(tmp))) < 0) {
        snprintf(err, errlen, "bundle: %s: %s", name, strerror(errno));
        goto out;
    }
    if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        archive_write_set_options(a, "gzip:!timestamp") != ARCHIVE_OK ||
        archive_write_open_fd(a, fd) != ARCHIVE_OK) {
        snprintf(err, errlen, "bundle: %s: %s", name, archive_error_string(a));
        goto out;
    }
    for (i = 0; i < n; i++) {
        char hex[65];
        int64_t size = 0;

        if (i > 0 && !strcmp(m[i].name, m[i - 1].name)) {
            snprintf(err, errlen, "bundle: member %s twice", m[i].name);
            goto out;
        }
        if (bundle_add_file(a, &m[i], mtime, hex, &size, err, errlen) < 0)
            goto out;
        gw_buf_printf(man, "%s  %lld  %s\n", hex, (long long)size, m[i].name);
        total += (uint64_t)size;
    }
    e = bundle_entry(BUNDLE_MANIFEST, (int64_t)man->len, mtime);
    if (archive_write_header(a, e) != ARCHIVE_OK ||
        archive_write_data(a, man->data, man->len) != (ssize_t)man->len) {
        snprintf(err, errlen, "bundle: MANIFEST: %s", archive_error_string(a));
        archive_entry_free(e);
        goto out;
    }
    archive_entry_free(e);
    /* Errors can first appear when the last block is flushed. */
    if (archive_write_close(a) != ARCHIVE_OK) {
        snprintf(err, errlen, "bundle: %s: close: %s", name, archive_error_string(a));
        goto out;
    }
    if (gw_sha256_fd(fd, sha256, NULL) < 0 || gw_fs_tmp_commit(fd, dirfd, tmp, name) < 0) {
        snprintf(err, errlen, "bundle: %s: %s", name, strerror(errno));
        fd = -1;
        goto out;
    }
    fd = -1;
    {
        char line[NAME_MAX + 80];
        int len = snprintf(line, sizeof(line), "%s  %s\n", sha256, name);

        if (gw_path(side, sizeof(side), "%s.sha256", name) < 0 ||
            gw_fs_write_atomic(dirfd, side, line, (size_t)len) < 0) {
            snprintf(err, errlen, "bundle: %s.sha256: %s", name, strerror(errno));
            goto out;
        }
    }
    (void)total;
    rc = 0;
out:
    if (archive_write_free(a) != ARCHIVE_OK && rc == 0) {
        snprintf(err, errlen, "bundle: %s: free failed", name);
        rc = -1;
    }
    if (fd >= 0)
        gw_fs_tmp_abort(fd, dirfd, tmp);
    gw_buf_free(man);
    return rc;
}

struct bundle_seen {
    char *name;
    int64_t size;
    char sha[65];
    int matched;
};

/* bundle_manifest_find - the manifest line of a member, by linear search over a sorted list */
static struct bundle_seen *
bundle_find(struct bundle_seen *v, size_t n, const char *name)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(v[mid].name, name);

        if (c == 0)
            return &v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int
bundle_seen_cmp(const void *a, const void *b)
{
    return strcmp(((const struct bundle_seen *)a)->name, ((const struct bundle_seen *)b)->name);
}

/* bundle_parse_manifest - member lines into a sorted list; -1 on a malformed line */
static int
bundle_parse_manifest(char *text, struct bundle_seen **vp, size_t *np, char *err, size_t errlen)
{
    struct bundle_seen *v = NULL;
    size_t n = 0, cap = 0;
    char *line, *save = NULL;

    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char sha[65], nm[256];
        long long size;

        if (line[0] == '#' || strchr(line, '=') != NULL)
            continue;
        if (sscanf(line, "%64[0-9a-f]  %lld  %255s", sha, &size, nm) != 3 || strlen(sha) != 64) {
            snprintf(err, errlen, "MANIFEST: malformed line \"%.80s\"", line);
            goto fail;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            v = xreallocarray(v, cap, sizeof(*v));
        }
        v[n].name = xstrdup(nm);
        v[n].size = size;
        memcpy(v[n].sha, sha, 65);
        v[n].matched = 0;
        n++;
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), bundle_seen_cmp);
    *vp = v;
    *np = n;
    return 0;
fail:
    while (n > 0)
        free(v[--n].name);
    free(v);
    return -1;
}

int
bundle_verify(const char *path, size_t *nmembers, char *err, size_t errlen)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    struct gw_buf *man = gw_buf_new(64 << 20);
    struct bundle_seen *mv = NULL;
    size_t nm = 0, i;
    struct {
        char *name;
        int64_t size;
        char sha[65];
    } *got = NULL;
    size_t ngot = 0, capgot = 0;
    int64_t total = 0;
    int r, rc = -1, have_manifest = 0;
    static char buf[1 << 16];

    *nmembers = 0;
    archive_read_support_format_tar(a);
    archive_read_support_filter_gzip(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(err, errlen, "%s: %s", path, archive_error_string(a));
        goto out;
    }
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *nmn = archive_entry_pathname(e);
        struct gw_sha256 h;
        unsigned char dig[32];
        int64_t size = 0;
        ssize_t k;
        int is_man = nmn && !strcmp(nmn, BUNDLE_MANIFEST);

        if (nmn == NULL || archive_entry_filetype(e) != AE_IFREG) {
            snprintf(err, errlen, "%s: a member that is not a regular file", path);
            goto out;
        }
        if (ngot >= BUNDLE_MAX_MEMBERS) {
            snprintf(err, errlen, "%s: more than %d members", path, BUNDLE_MAX_MEMBERS);
            goto out;
        }
        gw_sha256_init(&h);
        while ((k = archive_read_data(a, buf, sizeof(buf))) > 0) {
            size += k;
            total += k;
            if (total > BUNDLE_MAX_BYTES) {
                snprintf(err, errlen, "%s: more than %lld bytes inside", path,
                         (long long)BUNDLE_MAX_BYTES);
                goto out;
            }
            if (is_man && gw_buf_append(man, buf, (size_t)k) < 0) {
                snprintf(err, errlen, "%s: MANIFEST too large", path);
                goto out;
            }
            gw_sha256_update(&h, buf, (size_t)k);
        }
        if (k < 0) {
            snprintf(err, errlen, "%s: member %s: %s (truncated or corrupt)", path, nmn,
                     archive_error_string(a));
            goto out;
        }
        if (is_man) {
            have_manifest = 1;
            continue;
        }
        gw_sha256_final(&h, dig);
        if (ngot == capgot) {
            capgot = capgot ? 2 * capgot : 64;
            got = xreallocarray(got, capgot, sizeof(*got));
        }
        got[ngot].name = xstrdup(nmn);
        got[ngot].size = size;
        gw_sha256_hex(dig, got[ngot].sha);
        ngot++;
    }
    if (r != ARCHIVE_EOF) {
        snprintf(err, errlen, "%s: %s (truncated or corrupt)", path, archive_error_string(a));
        goto out;
    }
    if (!have_manifest) {
        snprintf(err, errlen, "%s: no MANIFEST", path);
        goto out;
    }
    if (bundle_parse_manifest(man->data, &mv, &nm, err, errlen) < 0)
        goto out;
    for (i = 0; i < ngot; i++) {
        struct bundle_seen *s = bundle_find(mv, nm, got[i].name);

        if (s == NULL) {
            snprintf(err, errlen, "%s: member %s is not in the MANIFEST (extra)", path,
                     got[i].name);
            goto out;
        }
        if (s->matched++) {
            snprintf(err, errlen, "%s: member %s appears twice", path, got[i].name);
            goto out;
        }
        if (s->size != got[i].size || strcmp(s->sha, got[i].sha) != 0) {
            snprintf(err, errlen,
                     "%s: member %s was modified (MANIFEST: %lld bytes %s, found %lld "
                     "bytes %s)",
                     path, got[i].name, (long long)s->size, s->sha, (long long)got[i].size,
                     got[i].sha);
            goto out;
        }
    }
    for (i = 0; i < nm; i++)
        if (!mv[i].matched) {
            snprintf(err, errlen, "%s: member %s of the MANIFEST is missing", path, mv[i].name);
            goto out;
        }
    {
        /* The .sha256 file beside it, when there is one, must match the whole bundle. */
        char side[PATH_MAX], line[200], hex[65], want[65];
        FILE *f;
        int bfd;

        if (gw_path(side, sizeof(side), "%s.sha256", path) == 0 && (f = fopen(side, "re"))) {
            int ok = fgets(line, sizeof(line), f) != NULL && sscanf(line, "%64s", want) == 1;

            fclose(f);
            bfd = open(path, O_RDONLY | O_CLOEXEC);
            if (!ok || bfd < 0 || gw_sha256_fd(bfd, hex, NULL) < 0 || strcmp(hex, want) != 0) {
                if (bfd >= 0)
                    close(bfd);
                snprintf(err, errlen, "%s: does not match %s", path, side);
                goto out;
            }
            close(bfd);
        }
    }
    *nmembers = ngot;
    rc = 0;
out:
    for (i = 0; i < ngot; i++)
        free(got[i].name);
    free(got);
    for (i = 0; i < nm; i++)
        free(mv[i].name);
    free(mv);
    gw_buf_free(man);
    archive_read_free(a);
    return rc;
}
