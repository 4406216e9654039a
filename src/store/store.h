/* The store: the only layer that speaks SQL. Callers see this narrow
 * interface; each backend (SQLite now, PostgreSQL later) implements
 * pm_store_ops in its own file and nothing above the store changes.
 *
 * Ownership: model structs filled by pm_store_get_* belong to the caller
 * (free them with their pm_*_free). Strings passed in are borrowed. */
#ifndef PM_STORE_H
#define PM_STORE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/element.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/target.h"

typedef struct pm_store pm_store;

typedef enum pm_vstate {
    PM_VS_DRAFT = 0, /* 草稿 */
    PM_VS_SUBMITTED, /* 已提交 */
    PM_VS_APPROVED,  /* 已审核 (locked) */
    PM_VS_RETURNED,  /* 已退回 */
} pm_vstate;

const char *pm_vstate_str(pm_vstate s);   /* "draft" … */
const char *pm_vstate_label(pm_vstate s); /* "草稿" … */
bool pm_vstate_parse(const char *s, pm_vstate *out);

/* One stored figure, as a scan hands it out (ids, not codes: scans are the
 * hot path of every evaluation). */
typedef struct pm_value {
    long element_id;
    long unit_id;
    int year;
    double value;
    pm_vstate state;
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
} pm_value_change;


typedef enum pm_open_mode {
    PM_STORE_CREATE, /* a new database; fails if the file holds one already */
    PM_STORE_OPEN,   /* an existing database, migrated forward if older */
} pm_open_mode;

/* Opens a store. `where` is a file path for SQLite. On failure returns
 * NULL with err set. Close with pm_store_close. */
pm_store *pm_store_open(const char *where, pm_open_mode mode, pm_err *err);
void pm_store_close(pm_store *s);
/* Schema version the store is at, and the newest this binary knows. */
int pm_store_version(pm_store *s);
int pm_store_version_latest(void);

/* Transactions: everything between begin and commit lands whole or not at
 * all. Calls below made outside a transaction each run in their own. */
bool pm_store_begin(pm_store *s, pm_err *err);
bool pm_store_commit(pm_store *s, pm_err *err);
void pm_store_rollback(pm_store *s);

/* The plan: goals, indicators, elements. put replaces what is stored
 * (values and history are kept: they refer to elements by code). */
bool pm_store_put_plan(pm_store *s, const pm_plan *p, pm_err *err);
bool pm_store_get_plan(pm_store *s, pm_plan *p, pm_err *err);
bool pm_store_has_plan(pm_store *s);

/* Org units: put adds new codes and updates names/parents/levels of known
 * ones (ids stay stable); get fills a tree with ids. */
bool pm_store_put_units(pm_store *s, const pm_tree *t, pm_err *err);
bool pm_store_get_units(pm_store *s, pm_tree *t, pm_err *err);

/* Figures. set upserts one value and appends its history row. */
bool pm_store_set_value(pm_store *s, const pm_value_change *c, pm_err *err);
/* Calls cb for every stored value (any order); cb returns false to stop. */
bool pm_store_scan_values(pm_store *s, bool (*cb)(void *ctx, const pm_value *v), void *ctx,
                          pm_err *err);

/* Many figures at once, for imports: ids come from pm_store_get_plan /
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
} pm_value_write;
bool pm_store_write_values(pm_store *s, const pm_value_write *v, size_t n, const char *who,
                           const char *why, pm_err *err);
/* The same for more rows than a caller wants to hold at once (a
 * 10-million-row import): next(ctx, &rows, &n, err) hands out the next n
 * rows (borrowed until the following call) and returns 1, or returns 0 at
 * the end, or -1 with err set to give up. Every row lands in one unit of
 * work, with one history time, or none does; messages number the rows
 * across calls (the 70,001st row is "第 70001 行"). Rows are checked as
 * pm_store_write_values checks them, a call's worth at a time. */
typedef int (*pm_write_next)(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err);
bool pm_store_write_stream(pm_store *s, pm_write_next next, void *ctx, const char *who, const char *why,
                           pm_err *err);

/* Review: moves every value of a unit's subtree in a year (0: all years)
 * whose state is in `from` (bits 1u << PM_VS_*) to state `to`, each with
 * its history row; *moved counts them. Unknown unit → error. */
typedef struct pm_transition {
    const char *unit; /* unit code */
    int year;         /* 0: every year */
    const char *element; /* NULL: every element; else one element code */
    unsigned from;
    pm_vstate to;
    const char *who;
    const char *why; /* required for return and reopen (checked above the store) */
} pm_transition;
bool pm_store_transition(pm_store *s, const pm_transition *t, size_t *moved, pm_err *err);

/* Reading values and history with codes, for listings and exports.
 * Filters: unit (its subtree) / element / year; NULL or 0 = any. The
 * callback returns false to stop, and must not call back into the store. */
typedef struct pm_filter {
    const char *unit;
    const char *element;
    int year;
} pm_filter;

typedef struct pm_value_row {
    const char *element, *unit; /* borrowed for the callback's duration */
    int year;
    double value;
    pm_vstate state;
    const char *comment; /* NULL when none */
} pm_value_row;
/* Rows come ordered by unit code, element code, year. */
bool pm_store_list_values(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r),
                          void *ctx, pm_err *err);

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
/* Oldest first. */
bool pm_store_history(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r),
                      void *ctx, pm_err *err);

/* Unit targets: put replaces the whole set given (all or nothing). */
bool pm_store_put_targets(pm_store *s, const pm_unit_target *t, size_t n, pm_err *err);
bool pm_store_get_targets(pm_store *s, pm_unit_target **t, size_t *n, pm_err *err);
void pm_unit_targets_free(pm_unit_target *t, size_t n);

/* PRAGMA integrity_check (or the backend's equivalent): true when clean. */
bool pm_store_check(pm_store *s, pm_err *err);

#endif
