#include "base/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Blocks start small (a CSV of three rows needs no megabyte) and double up
 * to ARENA_MAX; a string longer than a block gets a block of its own. */
enum { ARENA_MIN = 4096, ARENA_MAX = 1 << 20 };

struct pm_arena_block {
    pm_arena_block *prev;
    size_t size; /* usable bytes after the header */
    /* the bytes follow */
};

static char *block_bytes(pm_arena_block *b)
{
    return (char *)(b + 1);
}

char *pm_arena_strndup(pm_arena *a, const char *s, size_t n)
{
    if (n + 1 > a->left) {
        size_t size = a->head ? a->head->size * 2 : ARENA_MIN;
        if (size > ARENA_MAX)
            size = ARENA_MAX;
        if (size < n + 1)
            size = n + 1;
        if (n >= SIZE_MAX - sizeof(pm_arena_block) - 1)
            pm_oom();
        pm_arena_block *b = xmalloc(sizeof *b + size);
        b->prev = a->head;
        b->size = size;
        a->head = b;
        a->next = block_bytes(b);
        a->left = size;
        a->bytes += sizeof *b + size;
    }
    char *out = a->next;
    if (n)
        memcpy(out, s, n);
    out[n] = '\0';
    a->next += n + 1;
    a->left -= n + 1;
    return out;
}

void pm_arena_adopt(pm_arena *a, pm_arena *from)
{
    if (!from->head)
        return;
    if (!a->head) {
        *a = *from;
    } else {
        /* from's blocks go behind a's head, which a goes on filling. */
        pm_arena_block *tail = from->head;
        while (tail->prev)
            tail = tail->prev;
        tail->prev = a->head->prev;
        a->head->prev = from->head;
        a->bytes += from->bytes;
    }
    memset(from, 0, sizeof *from);
}

void pm_arena_free(pm_arena *a)
{
    pm_arena_block *b = a->head;
    while (b) {
        pm_arena_block *prev = b->prev;
        free(b);
        b = prev;
    }
    memset(a, 0, sizeof *a);
}
