/* sha256 — FIPS 180-4 SHA-256, for the audit trail's hash chain and catalogue versions.
 *
 * No state outside the caller's struct but the choice of engine: the x86 SHA extensions when
 * the CPU has them (a few times faster: every audit entry is hashed), else portable C; both give
 * the same digests. sha256_hex writes 64 hex digits and a NUL.
 */
#ifndef ASSESSD_SHA256_H
#define ASSESSD_SHA256_H

#include <stdbool.h>
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
/* The engine in use ("x86 SHA extensions" or "portable C"); the tests force portable C to
 * check the two against each other (false: the extensions again, if the CPU has them). */
const char *sha256_engine(void);
void sha256_set_portable(bool portable);

#endif
