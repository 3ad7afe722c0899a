/* lua_pool — the small blocks of one Lua state (tables, strings, closures: up to LPOOL_MAX
 * bytes), served from 64 KiB slabs, each of one size class with its own free list. Hook calls
 * make and drop tens of thousands of such blocks between two collections; taking one off a
 * slab is cheaper than malloc. A slab whose blocks are all let go goes back to malloc (one
 * empty slab per class is kept against churn), so what a state's garbage took is given back
 * after the collection, as with malloc alone. Not thread-safe: a state, and so its pool, is
 * used by one thread at a time. */
#ifndef ASSESSD_LUA_POOL_H
#define ASSESSD_LUA_POOL_H

#include <stddef.h>

#define LPOOL_MAX 256 /* the largest block served: bigger ones are malloc's */

struct lpool_slab;

typedef struct lpool {
    struct lpool_slab *open[LPOOL_MAX / 16];  /* per class of 16 bytes: slabs with room */
    struct lpool_slab *spare[LPOOL_MAX / 16]; /* an empty one kept */
    size_t bytes;                             /* in slabs */
} lpool;

/* A block of n bytes (1 <= n <= LPOOL_MAX), 16-byte aligned; NULL when out of memory. */
void *lpool_alloc(lpool *pl, size_t n);
/* Gives back a block lpool_alloc served for n bytes (or for any size of n's class). */
void lpool_free(lpool *pl, void *block, size_t n);
/* Whether blocks of sizes a and b are of one class (a block of a serves b in place). */
int lpool_same_class(size_t a, size_t b);
/* Every slab back to malloc: the state is closed. */
void lpool_release(lpool *pl);

#endif
