/* The records the store's interface passes in and out (store.h) and every
 * backend implements against (store_backend.h): one header below both, so
 * that neither includes the other. Ownership as in store.h: strings in
 * these records are borrowed. */
#ifndef PM_STORE_TYPES_H
#define PM_STORE_TYPES_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/vstate.h"

typedef struct pm_store pm_store;

/* One stored figure, as a scan hands it out (ids, not codes: scans are the
 * hot path of every evaluation). */
typedef struct pm_value {
    long element_id;
    long unit_id;
    int year;
    double value;
    pm_vstate state;
    bool estimate; /* 预计值: an estimate until the actual replaces it */
} pm_value;

/* A change to one figure: written together with its history row. */
typedef struct pm_value_change {
    const char *element; /* element code */
    const char *unit;    /* unit code */
    int year;
    double value;
    pm_vstate state;
    const char *who;     /* user name, "cli" for the command line */
    const char *why;     /* reason, may be NULL */
    const char *comment; /* sender's comment, may be NULL */
    bool estimate;       /* 预计值 (false: an actual) */
} pm_value_change;

typedef enum pm_open_mode {
    PM_STORE_CREATE, /* a new database; fails if the file holds one already */
    PM_STORE_OPEN,   /* an existing database, migrated forward if older */
    PM_STORE_READ,   /* an existing database, read only (sqlite_ro.h): works on a read-only
                      * file system; never migrated, every write refused */
} pm_open_mode;

/* One row of a bulk write (pm_store_write_values), for imports: ids come from pm_store_get_plan /
 * pm_store_get_units, and the caller already knows each value's previous
 * value and state (from a scan), so no row costs a lookup. Each row is
 * upserted and gets its history row (old → new, who, why). All rows or
 * none: the call runs in one transaction (a savepoint when nested). */
typedef struct pm_value_write {
    long element_id, unit_id;
    int year;
    double value;
    pm_vstate state;
    const char *comment; /* NULL keeps the stored comment */
    double old_value;    /* NaN when there was none */
    int old_state;       /* -1 when there was none */
    bool estimate;       /* 预计值 (false: an actual, which replaces an estimate) */
} pm_value_write;

/* One packed block of figures (pm_store_value_blocks): element element_id's
 * figures of year, n doubles (the u-th for the unit at preorder position u
 * of the tree asked about; NaN: none) at vals, which need not be aligned
 * for a double (SQLite's buffer): copy them out with memcpy. est a bitmap
 * (bit u % 8 of byte u / 8: the figure is an estimate). Both borrowed for
 * the call. False stops. */
typedef bool (*pm_block_fn)(void *ctx, long element_id, int year, const void *vals, const unsigned char *est);
/* Where a block's n doubles may be read to directly, before pm_block_fn is
 * called for it with vals that same row: the caller's row of n doubles
 * (aligned, written whole), or NULL to be handed them in a buffer of the
 * store's. Saves copying each block twice (the file's pages into SQLite's
 * buffer, that into the engine): blocks are read straight into the row. */
typedef double *(*pm_block_dst_fn)(void *ctx, long element_id, int year);

/* Hands out the next rows of a streamed bulk write (pm_store_write_stream). */
typedef int (*pm_write_next)(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err);

/* A review move of many figures (pm_store_transition). */
typedef struct pm_transition {
    const char *unit; /* unit code */
    int year;         /* 0: every year */
    const char *element; /* NULL: every element; else one element code */
    unsigned from;
    pm_vstate to;        /* APPROVED: one level on (engine/review.h), approved after the last */
    const char *who;
    const char *why; /* required for return and reopen (checked above the store) */
    int level;       /* 0: figures at any review level; k: only those waiting at level k */
} pm_transition;

/* Listing filters: unit (its subtree) / element / year; NULL or 0 = any.
 * year_last: with year, the last year of a range (0: year alone). */
typedef struct pm_filter {
    const char *unit;
    const char *element;
    int year;
    int year_last;
} pm_filter;

/* One figure of a listing (pm_store_list_values). */
typedef struct pm_value_row {
    const char *element, *unit; /* borrowed for the callback's duration */
    int year;
    double value;
    pm_vstate state;
    const char *comment; /* NULL when none */
    bool estimate;       /* 预计值 */
    int review_level;    /* submitted: the level it waits at (0: the first, or one level only) */
} pm_value_row;

/* One history row (pm_store_history). */
typedef struct pm_history_row {
    long id;                    /* increasing: the order of events */
    const char *element, *unit; /* borrowed for the callback's duration */
    int year;
    const char *at;             /* UTC, ISO 8601 */
    const char *who;
    double old_value, new_value; /* NaN when none */
    int old_state, new_state;    /* -1 when none */
    const char *why, *comment;   /* NULL when none */
} pm_history_row;

#endif
