/* What a store backend implements: one table of functions per database
 * engine. Internal to src/store/: nothing above the store includes this.
 *
 * store.c owns the pm_store handle, checks arguments that do not depend on
 * the engine (codes present, states in range, who named), and then calls
 * the backend through this table with the backend's own `impl` pointer.
 * A backend therefore may assume its inputs passed those checks, but must
 * still report everything the database refuses (unknown codes, duplicates)
 * with a Chinese message that names the offending item.
 *
 * Each engine defines one pm_store_ops; store.c picks it from the --db
 * string (pm_store_backend_for); no caller changes. */
#ifndef PM_STORE_BACKEND_H
#define PM_STORE_BACKEND_H
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/target.h"
#include "store/store_types.h"

typedef struct pm_store_ops {
    const char *name; /* "sqlite", "postgresql", for messages */
    /* Returns the backend's handle, or NULL with err set. */
    void *(*open)(const char *where, pm_open_mode mode, pm_err *err);
    /* pm_store_exists and pm_store_destroy for this engine's `where`. */
    int (*exists)(const char *where, pm_err *err);
    bool (*destroy)(const char *where, pm_err *err);
    /* pm_store_changes. */
    bool (*changes)(void *impl, long long *v, pm_err *err);
    /* pm_store_lost; NULL: never lost (a file). */
    bool (*lost)(void *impl);
    /* Releases everything; an open transaction is rolled back. */
    void (*close)(void *impl);
    int (*version)(void *impl);
    int (*version_latest)(void);

    bool (*begin)(void *impl, pm_err *err);
    bool (*commit)(void *impl, pm_err *err);
    void (*rollback)(void *impl);

    bool (*put_plan)(void *impl, const pm_plan *p, pm_err *err);
    bool (*get_plan)(void *impl, pm_plan *p, pm_err *err);
    bool (*has_plan)(void *impl);

    bool (*put_units)(void *impl, const pm_tree *t, pm_err *err);
    bool (*get_units)(void *impl, pm_tree *t, pm_err *err);

    bool (*set_value)(void *impl, const pm_value_change *c, pm_err *err);
    bool (*scan_values)(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx,
                        pm_err *err);
    /* pm_store_value_blocks; NULL: the backend has none (the caller scans). */
    bool (*value_blocks)(void *impl, const long *units, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx,
                         bool *used, pm_err *err);
    /* Rows from next (pm_store_write_stream) in one unit of work; each
     * call's rows already checked by store.c (who named, states and
     * numbers valid). */
    bool (*write_values)(void *impl, pm_write_next next, void *ctx, const char *who, const char *why,
                         pm_err *err);
    /* t checked (unit named, states valid, who named); *moved set. */
    bool (*transition)(void *impl, const pm_transition *t, size_t *moved, pm_err *err);
    /* f never NULL; its unit and element are NULL or non-empty. */
    bool (*list_values)(void *impl, const pm_filter *f,
                        bool (*cb)(void *ctx, const pm_value_row *r), void *ctx, pm_err *err);
    bool (*history)(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r),
                    void *ctx, pm_err *err);

    bool (*put_targets)(void *impl, const pm_unit_target *t, size_t n, pm_err *err);
    bool (*get_targets)(void *impl, pm_unit_target **t, size_t *n, pm_err *err);

    bool (*check)(void *impl, pm_err *err);
    /* A consistent copy of the whole database into the new file dest. */
    bool (*backup)(void *impl, const char *dest, pm_err *err);
    /* Replaces the whole database with the file src's, in one write
     * transaction (other connections see before or after). */
    bool (*restore)(void *impl, const char *src, pm_err *err);
    /* pm_store_data_generation; NULL: the change signal stands for it. */
    bool (*data_generation)(void *impl, long long *gen, pm_err *err);

    /* Users, sessions, tokens, login attempts (users_backend.h). */
    const struct pm_user_ops *users;
    /* Review notes, collection rounds, attachments (collect_backend.h). */
    const struct pm_collect_ops *collect;
    /* Departments, tasks, projects, narratives (work_backend.h). */
    const struct pm_work_ops *work;
    /* The plan set and judgments by hand (plans_backend.h). */
    const struct pm_plan_ops *plans;
    /* Whole tables as rows, for planmon copy (copy_backend.h). */
    const struct pm_copy_ops *copy;
} pm_store_ops;

/* The backend behind a store and its handle, for the parts of the store
 * front kept in their own files (users.c). */
const pm_store_ops *pm_store_backend(pm_store *s, void **impl);

/* Counts a call that failed because the database could not be reached
 * (pm_store_unavailable_count), on the calling thread. */
void pm_store_note_unavailable(void);
/* Counts a call that failed because the server ended its open session
 * (pm_store_ended_count); also counted as unavailable. */
void pm_store_note_ended(void);

/* What every stored plan must have (codes, names, goal titles), checked
 * before a backend sees it (store.c). False with err naming the gap. */
bool pm_store_plan_valid(const pm_plan *p, pm_err *err);

/* Whether writes to table leave the data generation alone (data_gen.c:
 * the auth tables, value_history, the generation's own); the backends
 * give every other table its trigger. */
bool pm_data_gen_exempt(const char *table);

/* The SQLite backend (sqlite_store.c). */
extern const pm_store_ops pm_sqlite_store_ops;
/* The PostgreSQL backend (pg_store.c). */
extern const pm_store_ops pm_pg_store_ops;

#endif
