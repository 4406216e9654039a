/* The functions of the SQLite backend's pm_store_ops, one group per file
 * of the backend; sqlite_store.c puts them in the table. Internal to
 * src/store/. Each takes the connection (sq, sqlite_conn.h) as `impl` and
 * behaves as store_backend.h says. */
#ifndef PM_SQLITE_BACKEND_H
#define PM_SQLITE_BACKEND_H
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/target.h"
#include "store/sqlite_conn.h"
#include "store/store_types.h"

/* sqlite_schema.c: whether a file may be used, and migrations. */
bool sq_vet_file(sq *s, pm_open_mode mode, bool *empty, pm_err *err);
bool sq_migrate(sq *s, bool fresh, pm_err *err);
/* sqlite_datagen.c: the data generation's triggers on every table but the
 * auth ones (run inside sq_migrate's transaction), and its reader. */
bool sq_datagen_install(sq *s, pm_err *err);
/* A bulk write of table's rows inside the caller's transaction: hold
 * drops the table's three triggers, release makes them again and moves
 * the data generation once (sqlite_datagen.c says why). Release only
 * after the writes succeeded; a failed batch's rollback restores them. */
bool sq_datagen_hold(sq *s, const char *table, pm_err *err);
bool sq_datagen_release(sq *s, const char *table, pm_err *err);
bool sq_data_generation(void *impl, long long *gen, pm_err *err);

/* sqlite_plan.c */
bool sq_put_plan(void *impl, const pm_plan *p, pm_err *err);
bool sq_get_plan(void *impl, pm_plan *p, pm_err *err);
bool sq_has_plan(void *impl);
/* Inserts the goals, indicators, element links and rules of p as plan
 * `plan`'s (whose rows are gone or never were), in a unit of work begun. */
bool sq_put_plan_parts(sq *s, long plan, const pm_plan *p, pm_err *err);

/* The plan a connection works on (its choice, else the default; 0 when
 * the database has none); a new plan row with its parts (store/plans.h's
 * pm_store_add_plan, inside a unit of work); plan id the default one. */
bool sq_plan_id(sq *s, long *id, pm_err *err);
/* Begins a unit of work (sq_work_begin; write or read) and finds the plan
 * in use into *plan (0: none). False when either fails: err set and the
 * unit already ended, so the caller just returns. */
bool sq_plan_work_begin(sq *s, bool write, bool *outer, long *plan, pm_err *err);
/* A plan-scoped statement with :plan bound, for sq_collect (NULL: err set,
 * naming what). The caller binds any other parameters. */
sqlite3_stmt *sq_plan_stmt(sq *s, const char *sql, long plan, pm_err *err, const char *what);
bool sq_insert_plan(sq *s, const pm_plan *p, const char *code, bool as_default, char **code_out, pm_err *err);
bool sq_make_default(sq *s, long id, pm_err *err);

/* sqlite_units.c */
bool sq_put_units(void *impl, const pm_tree *t, pm_err *err);
bool sq_get_units(void *impl, pm_tree *t, pm_err *err);

/* sqlite_values.c: one figure, review moves, listings, history. */
bool sq_set_value(void *impl, const pm_value_change *c, pm_err *err);
/* sqlite_scan.c: every figure, the hot path of a stale evaluation. */
bool sq_scan_values(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx, pm_err *err);
/* Registers pm_scan_row, the SQL function sq_scan_values runs, on a new
 * connection. */
bool sq_scan_register(sq *s, pm_err *err);
/* Registers pm_review_after (sqlite_levels.c) on a new connection. */
bool sq_levels_register(sq *s, pm_err *err);
/* sqlite_values.c again. */
bool sq_transition(void *impl, const pm_transition *t, size_t *moved, pm_err *err);
bool sq_list_values(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r), void *ctx,
                    pm_err *err);
bool sq_history(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r), void *ctx,
                pm_err *err);

/* The one-row upsert of a figure, shared with sqlite_bulk.c's one-row path. */
extern const char sq_sql_val_put[];

/* sqlite_blocks.c: the figures as packed blocks (schema 19). */
bool sq_value_blocks(void *impl, const long *units, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx,
                     bool *used, pm_err *err);
/* Patching, inside a figure write's unit of work: sq_blocks_before, before
 * the first figure is written, tells whether the blocks match the data
 * (*valid); after the writes, with that answer: sq_blocks_patch_one puts
 * one figure in place, sq_blocks_carry only moves the blocks' generation
 * along (a write that changed no value or estimate mark: a review move).
 * Either sets the blocks' generation to the data's, so call them last in
 * the unit of work; any other write afterwards just leaves them stale. */
bool sq_blocks_before(sq *s, bool *valid, pm_err *err);
bool sq_blocks_patch_one(sq *s, bool valid, long eid, long uid, int year, double value, bool estimate, pm_err *err);
bool sq_blocks_carry(sq *s, bool valid, pm_err *err);
/* A bulk write's patch: the blocks it touches are read once, changed in
 * memory row by row (patch_rows, after those rows were written) and
 * written back by patch_end (ok: the batch's rows all landed), which also
 * frees p. A row for a unit the blocks do not know gives up (stale). */
typedef struct sq_block_patch {
    bool valid;
    struct block_set *bs;
    struct idmap *up; /* unit id → preorder position */
} sq_block_patch;
void sq_blocks_patch_begin(sq *s, sq_block_patch *p, bool valid, pm_err *err);
bool sq_blocks_patch_rows(sq *s, sq_block_patch *p, const pm_value_write *rows, size_t n, pm_err *err);
bool sq_blocks_patch_end(sq *s, sq_block_patch *p, bool ok, pm_err *err);

/* Left behind by a writer (sqlite_blocks.c says why at close):
 * sq_blocks_opened, once a connection that may write is open, notes the
 * data generation and the rows changed so far; sq_blocks_leave, at close,
 * builds and stores the blocks when this connection changed rows (or
 * restored a backup), the data moved since it opened, and the blocks are
 * stale or absent. Best effort: a failure leaves them stale. */
void sq_blocks_opened(sq *s);
void sq_blocks_leave(sq *s);

/* sqlite_bulk.c */
bool sq_write_values(void *impl, pm_write_next next, void *ctx, const char *who, const char *why,
                     pm_err *err);

/* sqlite_maint.c: the history chain (part of sq_check), backup, restore. */
bool sq_check_history(sq *s, pm_err *err);
bool sq_backup(void *impl, const char *dest, pm_err *err);
bool sq_restore(void *impl, const char *src, pm_err *err);

/* sqlite_targets.c */
bool sq_put_targets(void *impl, const pm_unit_target *t, size_t n, pm_err *err);
bool sq_get_targets(void *impl, pm_unit_target **t, size_t *n, pm_err *err);

#endif
