/* sha256 — FIPS 180-4 SHA-256, for the audit trail's hash chain and catalogue versions.
 *
 * No state outside the caller's struct. sha256_hex writes 64 hex digits and a NUL.
 */
#ifndef ASSESSD_SHA256_H
#define ASSESSD_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t block[64];
    size_t fill;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
void sha256_final(sha256_ctx *c, uint8_t out[32]);
/* One-shot digest as lower-case hex into out[65]. */
void sha256_hex(const void *data, size_t n, char out[65]);
void sha256_to_hex(const uint8_t digest[32], char out[65]);

#endif
