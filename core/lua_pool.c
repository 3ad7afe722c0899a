/* lua_pool — slabs of one size class for one Lua state's small blocks. See lua_pool.h.
 * A slab is SLAB bytes at a SLAB-aligned address: a block's slab is its address with the low
 * bits cleared. */
#include "lua_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SLAB ((size_t)64 << 10)

typedef struct lpool_slab {
    struct lpool_slab *prev, *next; /* in its class's list of slabs with room */
    void *free;                     /* blocks let go, linked through their first word */
    char *fresh;                    /* the part never handed out */
    size_t size;                    /* of its blocks */
    unsigned live;                  /* blocks handed out */
    int listed;                     /* in the list of slabs with room */
} slab;

#define FIRST ((sizeof(slab) + 15) & ~(size_t)15) /* the first block's offset */

static size_t class_of(size_t n)
{
    return (n + 15) / 16 - 1;
}

int lpool_same_class(size_t a, size_t b)
{
    return a && b && a <= LPOOL_MAX && b <= LPOOL_MAX && class_of(a) == class_of(b);
}

static int has_room(const slab *s)
{
    return s->free || s->fresh + s->size <= (const char *)s + SLAB;
}

static void link_open(lpool *pl, size_t c, slab *s)
{
    s->prev = NULL;
    s->next = pl->open[c];
    if (s->next)
        s->next->prev = s;
    pl->open[c] = s;
    s->listed = 1;
}

static void unlink_open(lpool *pl, size_t c, slab *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        pl->open[c] = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->listed = 0;
}

static slab *new_slab(lpool *pl, size_t c)
{
    slab *s = pl->spare[c];
    if (s) {
        pl->spare[c] = NULL;
    } else {
        s = aligned_alloc(SLAB, SLAB);
        if (!s)
            return NULL;
        pl->bytes += SLAB;
    }
    s->free = NULL;
    s->fresh = (char *)s + FIRST;
    s->size = (c + 1) * 16;
    s->live = 0;
    link_open(pl, c, s);
    return s;
}

void *lpool_alloc(lpool *pl, size_t n)
{
    size_t c = class_of(n);
    slab *s = pl->open[c];
    if (!s && !(s = new_slab(pl, c)))
        return NULL;
    void *b = s->free;
    if (b) {
        memcpy(&s->free, b, sizeof(void *));
    } else {
        b = s->fresh;
        s->fresh += s->size;
    }
    s->live++;
    if (!has_room(s))
        unlink_open(pl, c, s);
    return b;
}

void lpool_free(lpool *pl, void *block, size_t n)
{
    size_t c = class_of(n);
    slab *s = (slab *)((uintptr_t)block & ~(uintptr_t)(SLAB - 1));
    memcpy(block, &s->free, sizeof(void *));
    s->free = block;
    s->live--;
    if (!s->listed)
        link_open(pl, c, s);
    if (s->live == 0) { /* every block let go: kept as the class's spare, or given back */
        unlink_open(pl, c, s);
        if (!pl->spare[c]) {
            pl->spare[c] = s;
        } else {
            free(s);
            pl->bytes -= SLAB;
        }
    }
}

void lpool_release(lpool *pl)
{
    for (size_t c = 0; c < LPOOL_MAX / 16; c++) {
        for (slab *s = pl->open[c], *next; s; s = next) {
            next = s->next;
            free(s);
        }
        free(pl->spare[c]);
    }
    memset(pl, 0, sizeof *pl);
}
