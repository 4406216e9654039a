/* A string arena: many small strings copied into a few large blocks and
 * freed all at once. For readers that keep millions of short cell texts
 * (a 10-million-row CSV holds 40 million), where one malloc per string
 * costs more time than the parse and a word or two of header per string.
 * No I/O. */
#ifndef PM_ARENA_H
#define PM_ARENA_H
#include <stddef.h>

typedef struct pm_arena_block pm_arena_block;

typedef struct pm_arena {
    pm_arena_block *head; /* the block being filled, then older ones */
    char *next;           /* first free byte of head */
    size_t left;          /* free bytes from next on */
    size_t bytes;         /* bytes allocated for blocks, for reports */
} pm_arena;

#define PM_ARENA_INIT {NULL, NULL, 0, 0}

/* A NUL-terminated copy of s[0..n) that lives until pm_arena_free. Never
 * NULL (aborts on out of memory, as xmalloc). */
char *pm_arena_strndup(pm_arena *a, const char *s, size_t n);
/* Takes every string of `from` into a (they stay where they are, and are
 * freed with a's); from is empty again. */
void pm_arena_adopt(pm_arena *a, pm_arena *from);
/* Frees every string of the arena at once; the arena is empty again. */
void pm_arena_free(pm_arena *a);

#endif
