/* gw_sha256 - SHA-256 (FIPS 180-4), streaming; no allocation. gw_sha256_fd hashes a whole file
 * read with pread from offset 0: 0, or -1 with errno. hex is 65 bytes (64 digits + NUL). */
#ifndef GW_SHA256_H
#define GW_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct gw_sha256 {
    uint32_t h[8];
    uint64_t len;
    unsigned char blk[64];
    size_t nblk;
};

void gw_sha256_init(struct gw_sha256 *s);
void gw_sha256_update(struct gw_sha256 *s, const void *data, size_t n);
void gw_sha256_final(struct gw_sha256 *s, unsigned char out[32]);
void gw_sha256_hex(const unsigned char dig[32], char hex[65]);
int gw_sha256_fd(int fd, char hex[65], uint64_t *size);

#endif
