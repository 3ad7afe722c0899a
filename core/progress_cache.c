/* progress_cache — an LRU of reply texts by registration. See progress_cache.h. */
#include "progress_cache.h"

#include <stdlib.h>
#include <string.h>

#define NBUCKETS 65536

typedef struct entry {
    int64_t reg, rev;
    char *text;
    size_t len;
    struct entry *prev, *next; /* LRU: head is the most recent */
    struct entry *hnext;
} entry;

struct pcache {
    entry *buckets[NBUCKETS];
    entry *head, *tail;
    size_t bytes, capacity;
    int64_t entries, hits, misses;
};

static unsigned bucket(int64_t reg)
{
    return (unsigned)(((uint64_t)reg * 11400714819323198485ull) >> 48) % NBUCKETS;
}

pcache *pcache_new(size_t capacity_bytes)
{
    pcache *c = calloc(1, sizeof *c);
    if (c)
        c->capacity = capacity_bytes;
    return c;
}

static void unlink_lru(pcache *c, entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void push_front(pcache *c, entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
}

static entry **find(pcache *c, int64_t reg)
{
    entry **pp = &c->buckets[bucket(reg)];
    while (*pp && (*pp)->reg != reg)
        pp = &(*pp)->hnext;
    return pp;
}

static void remove_entry(pcache *c, entry **pp)
{
    entry *e = *pp;
    *pp = e->hnext;
    unlink_lru(c, e);
    c->bytes -= e->len + sizeof *e;
    c->entries--;
    free(e->text);
    free(e);
}

const char *pcache_get(pcache *c, int64_t reg, int64_t rev, size_t *len)
{
    entry **pp = find(c, reg);
    if (*pp && (*pp)->rev != rev)
        remove_entry(c, pp); /* computed before a write changed the registration */
    if (!*pp) {
        c->misses++;
        return NULL;
    }
    c->hits++;
    unlink_lru(c, *pp);
    push_front(c, *pp);
    *len = (*pp)->len;
    return (*pp)->text;
}

void pcache_put(pcache *c, int64_t reg, int64_t rev, const char *text, size_t len)
{
    if (len + sizeof(entry) > c->capacity)
        return;
    entry **old = find(c, reg);
    if (*old)
        remove_entry(c, old);
    while (c->tail && c->bytes + len + sizeof(entry) > c->capacity)
        remove_entry(c, find(c, c->tail->reg));
    entry *e = malloc(sizeof *e);
    char *t = malloc(len + 1);
    if (!e || !t) {
        free(e);
        free(t);
        return;
    }
    memcpy(t, text, len);
    t[len] = '\0';
    *e = (entry){.reg = reg, .rev = rev, .text = t, .len = len};
    entry **pp = &c->buckets[bucket(reg)];
    e->hnext = *pp;
    *pp = e;
    push_front(c, e);
    c->bytes += len + sizeof *e;
    c->entries++;
}

void pcache_clear(pcache *c)
{
    while (c->head)
        remove_entry(c, find(c, c->head->reg));
}

void pcache_free(pcache *c)
{
    if (!c)
        return;
    pcache_clear(c);
    free(c);
}

void pcache_get_stats(pcache *c, pcache_stats *st)
{
    st->entries = c->entries;
    st->bytes = (int64_t)c->bytes;
    st->capacity = (int64_t)c->capacity;
    st->hits = c->hits;
    st->misses = c->misses;
}
