/* gw_bundle - sealed bundles for RTE: a deterministic tar.gz (pax restricted, members sorted by
 * name, mode 0644, uid/gid 0, no owner names, a fixed mtime, no gzip timestamp: the same inputs
 * give the same bytes) holding the documents of one flow and period and a final MANIFEST
 * (counts, the deadline applied, then one "sha256  size  name" line per member). Published
 * atomically, next to "<name>.sha256". bundle_verify reads a bundle back without extracting it
 * (tar and gzip only, bytes and entries counted) and checks every member against the MANIFEST.
 * Functions return 0 or -1 with a message in err; none exits. */
#ifndef GW_BUNDLE_H
#define GW_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct bundle_member {
    char name[256]; /* name inside the bundle */
    int dirfd;      /* where the source is */
    char src[64];   /* its name there */
};

/* bundle_write - write dirfd/<name> (and <name>.sha256) from members (sorted here by name),
 * with head (key=value lines, newline-terminated) at the top of the MANIFEST and mtime on every
 * entry. sha256 (65 bytes) receives the bundle's own hash. */
int bundle_write(int dirfd, const char *name, struct bundle_member *m, size_t n, const char *head,
                 time_t mtime, char sha256[65], char *err, size_t errlen);
/* bundle_verify - 0 when the bundle at path matches its MANIFEST (and its .sha256 file when
 * present); -1 with the first problem in err. *nmembers gets the member count. */
int bundle_verify(const char *path, size_t *nmembers, char *err, size_t errlen);

#endif
