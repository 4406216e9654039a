/* The overview's year pick as plain values: what year_pick.c works out
 * and the snapshot's cache keeps (snap_cache.c), in a header of its own
 * so that the cache needs nothing else of year_pick.h. */
#ifndef PM_WEB_YEAR_PICK_TYPES_H
#define PM_WEB_YEAR_PICK_TYPES_H
#include <stddef.h>

typedef struct web_year_pick {
    int year;          /* the default year */
    int open_year;     /* the year still being collected; 0: none */
    long round;        /* its round (the one least approved) */
    size_t units, approved;
    char deadline[11]; /* YYYY-MM-DD; "" when unknown */
    char title[160];   /* the round's title, cut to fit */
} web_year_pick;

#endif
