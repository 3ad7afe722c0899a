/* Unit tests of core/lua_pool: blocks are aligned, distinct and keep what is written in them;
 * a block let go serves the next of its class; slabs whose blocks are all let go are given
 * back, but for one spare per class. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lua_pool.h"

#define SLAB ((size_t)64 << 10)
#define N    20000

static size_t size_of(size_t i)
{
    return i % LPOOL_MAX + 1; /* every size 1 ... LPOOL_MAX */
}

static void fill(unsigned char *b, size_t n, size_t i)
{
    memset(b, (int)(i * 7 % 251), n);
}

static void check(const unsigned char *b, size_t n, size_t i)
{
    for (size_t k = 0; k < n; k++)
        cr_assert(eq(u8, b[k], (uint8_t)(i * 7 % 251)), "block %zu, byte %zu of %zu", i, k, n);
}

Test(lua_pool, blocks_are_aligned_distinct_and_keep_their_contents)
{
    lpool pl = {0};
    unsigned char **b = calloc(N, sizeof *b);
    cr_assert(b != NULL);
    for (size_t i = 0; i < N; i++) {
        b[i] = lpool_alloc(&pl, size_of(i));
        cr_assert(b[i] != NULL);
        cr_assert(eq(u64, (uintptr_t)b[i] % 16, 0));
        fill(b[i], size_of(i), i);
    }
    /* every other block let go, and taken again with other contents */
    for (size_t i = 0; i < N; i += 2)
        lpool_free(&pl, b[i], size_of(i));
    for (size_t i = 0; i < N; i += 2) {
        b[i] = lpool_alloc(&pl, size_of(i));
        fill(b[i], size_of(i), i);
    }
    for (size_t i = 0; i < N; i++)
        check(b[i], size_of(i), i);
    for (size_t i = 0; i < N; i++)
        lpool_free(&pl, b[i], size_of(i));
    lpool_release(&pl);
    cr_assert(eq(sz, pl.bytes, 0));
    free(b);
}

Test(lua_pool, a_block_let_go_serves_the_next_of_its_class)
{
    cr_assert(lpool_same_class(17, 32));
    cr_assert(lpool_same_class(1, 16));
    cr_assert(not(lpool_same_class(16, 17)));
    cr_assert(not(lpool_same_class(0, 16)));
    cr_assert(not(lpool_same_class(LPOOL_MAX, LPOOL_MAX + 1)));
    lpool pl = {0};
    void *keep = lpool_alloc(&pl, 40), *a = lpool_alloc(&pl, 40);
    lpool_free(&pl, a, 40);
    cr_assert(eq(ptr, lpool_alloc(&pl, 33), a)); /* 33 and 40 are of one class */
    void *other = lpool_alloc(&pl, 100);
    cr_assert(ne(ptr, other, a));
    lpool_free(&pl, other, 100);
    lpool_free(&pl, a, 33);
    lpool_free(&pl, keep, 40);
    lpool_release(&pl);
}

/* A state's garbage, once collected, is given back: what the pool holds comes down to a spare
 * slab of the class. */
Test(lua_pool, slabs_let_go_entirely_are_given_back)
{
    lpool pl = {0};
    size_t n = (8u << 20) / 64; /* 8 MiB of 64-byte blocks */
    void **b = calloc(n, sizeof *b);
    cr_assert(b != NULL);
    void *catalogue = lpool_alloc(&pl, 64); /* long-lived: keeps its slab */
    for (size_t i = 0; i < n; i++)
        b[i] = lpool_alloc(&pl, 64);
    for (size_t i = 0; i < n; i++)
        cr_assert(b[i] != NULL);
    cr_assert(ge(sz, pl.bytes, (size_t)8 << 20));
    for (size_t i = 0; i < n; i++)
        lpool_free(&pl, b[i], 64);
    cr_assert(le(sz, pl.bytes, 2 * SLAB), "%zu bytes kept", pl.bytes);
    /* and the pool serves again from what it kept */
    for (size_t i = 0; i < n; i++)
        b[i] = lpool_alloc(&pl, 64);
    for (size_t i = 0; i < n; i++)
        cr_assert(b[i] != NULL);
    for (size_t i = 0; i < n; i++)
        lpool_free(&pl, b[i], 64);
    lpool_free(&pl, catalogue, 64);
    cr_assert(le(sz, pl.bytes, SLAB));
    lpool_release(&pl);
    cr_assert(eq(sz, pl.bytes, 0));
    free(b);
}
