/* progress_cache — the last computed progress of each registration, until a write changes it.
 *
 * progress.get is read far more often than a portfolio changes, and computing it means reading
 * every evidence item and asking the body's plugin. The cache keeps the reply text per
 * registration with the registration's progress_rev, least recently used first out, within a
 * byte budget: an entry of another rev is stale (the store's triggers bump the rev on every
 * write that progress reads), a plugin reload drops them all; nothing computed inside an
 * uncommitted transaction is kept (the caller's duty: see progress.c).
 */
#ifndef ASSESSD_PROGRESS_CACHE_H
#define ASSESSD_PROGRESS_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct pcache pcache;

typedef struct pcache_stats {
    int64_t entries, bytes, capacity, hits, misses;
} pcache_stats;

pcache *pcache_new(size_t capacity_bytes);
void pcache_free(pcache *c);
/* The cached text for reg at rev, or NULL (valid until the next call into the cache). */
const char *pcache_get(pcache *c, int64_t reg, int64_t rev, size_t *len);
void pcache_put(pcache *c, int64_t reg, int64_t rev, const char *text, size_t len);
void pcache_clear(pcache *c);
void pcache_get_stats(pcache *c, pcache_stats *st);

#endif
