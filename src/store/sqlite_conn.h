/* The SQLite backend's connection and the statement helpers every file of
 * the backend shares (sqlite_store.c opens it; sqlite_plan.c, sqlite_units.c,
 * sqlite_values.c, sqlite_bulk.c, sqlite_targets.c and sqlite_users.c speak
 * SQL through it). Internal to src/store/.
 *
 * Statements: each file keeps its SQL as constants next to the code that
 * runs it, and sq_use prepares one on first use and keeps it for the life
 * of the connection, keyed by the constant's address. Data reaches SQL only
 * through bound named parameters (sqlite_bind.h).
 *
 * Units of work: each call that writes runs as one: BEGIN IMMEDIATE when
 * the caller holds no transaction (taking the write lock up front lets a
 * busy database wait in busy_timeout instead of failing half-way), a
 * SAVEPOINT inside pm_store_begin/commit so that it nests and a failed call
 * leaves the caller's transaction usable.
 *
 * Thread use: a connection is opened without SQLite's own mutex (the scan
 * of all values is the hot path, and the mutex costs a lock per column
 * read): one pm_store serves one thread at a time. */
#ifndef PM_SQLITE_CONN_H
#define PM_SQLITE_CONN_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/u64map.h"
#include "engine/review.h"
#include "store/store_types.h"

typedef struct sq {
    sqlite3 *db;
    char *path;  /* for messages; owned */
    int version; /* schema version after opening (and migrating) */
    /* The plan the plan-scoped calls work on (pm_store_use_plan); 0: the
     * database's default plan, looked up at each call. */
    long plan_id;
    /* sq_use's statements: stmts[i] was prepared from the SQL whose address
     * maps to i in by_sql; finalized at close. */
    u64map by_sql;
    sqlite3_stmt **stmts;
    size_t nstmts, stmts_cap;
    /* pm_store_write_values' multi-row statements (sqlite_bulk.c), made
     * from the one-row statements' shape on first use, finalized at close. */
    sqlite3_stmt *put_many, *hist_many;
    /* The scan in progress (sqlite_values.c), for pm_scan_row. */
    bool (*scan_cb)(void *ctx, const pm_value *v);
    void *scan_ctx;
    bool scan_stopped; /* the callback asked to stop */
    /* The review levels as last read (sqlite_levels.c), for the SQL
     * function pm_review_after. */
    pm_review_levels levels;
    /* What sq_blocks_leave (sqlite_blocks.c) compares at close: the data
     * generation and this connection's count of changed rows when a
     * connection that may write was opened (gen_known), and whether it
     * restored a backup over the file (sq_restore: no rows counted). */
    bool gen_known, restored;
    long long gen_open;
    long long changes_open;
} sq;

/* Sets err to "<what>：<SQLite's message>". Call before resetting the
 * statement that failed, while SQLite still holds its message. */
void sq_fail(sq *s, pm_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The statement for `sql` (a constant: its address is the key), ready
 * for binding (reset, no bindings), or NULL with err set. Borrowed: the
 * connection owns it until close. */
sqlite3_stmt *sq_use(sq *s, const char *sql, pm_err *err);
/* Ends one use of a statement: a statement left stepping would hold its
 * read snapshot open, and bound text is borrowed from the caller. */
void sq_done(sqlite3_stmt *st);
/* Finalizes every statement sq_use made (at close). */
void sq_forget_statements(sq *s);

/* Steps a statement that returns no rows, after its binds (bind_rc), and
 * ends its use. On failure err says what failed (fmt) and why. */
bool sq_run(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Runs a constant statement without parameters; what names it in the
 * message ("数据库 <path> <what>失败"). */
bool sq_exec(sq *s, const char *sql, pm_err *err, const char *what);

/* The one row-reading loop of the backend. Steps st (parameters bound,
 * bind_rc their result) through its rows and hands each to row(ctx, st),
 * which reads the columns it needs (text is valid only during the call)
 * and returns false to stop early. Ends the statement's use. False with
 * err = "<what>：<SQLite's message>" when binding or a step failed. */
typedef bool (*sq_row_fn)(void *ctx, sqlite3_stmt *row);
bool sq_each(sq *s, sqlite3_stmt *st, int bind_rc, sq_row_fn row, void *ctx, pm_err *err,
             const char *what);
/* sq_each for getters that return an array: appends one zeroed item of
 * `size` bytes per row to `items` (*n items so far, grown as needed) and
 * lets fill(item, row) set it from the row's columns. Returns the array
 * (malloc'd, the caller's) and *n its length; *ok false with err set on
 * failure, the items read so far still returned for the caller to free.
 * st NULL (sq_use failed, err set) just fails, so that a call reads
 * p->x = sq_collect(s, sq_use(s, SQL, err), p->x, &p->nx, …). */
void *sq_collect(sq *s, sqlite3_stmt *st, void *items, size_t *n, size_t size,
                 void (*fill)(void *item, sqlite3_stmt *row), bool *ok, pm_err *err, const char *what);
/* sq_collect after binds: bind_rc is their result, as for sq_each. */
void *sq_collect_bound(sq *s, sqlite3_stmt *st, int bind_rc, void *items, size_t *n, size_t size,
                       void (*fill)(void *item, sqlite3_stmt *row), bool *ok, pm_err *err, const char *what);
/* At most one row: 1 with the statement left on the row (read its columns,
 * then sq_done), 0 none, -1 failure (err set from what); on 0 and -1 the
 * statement's use has ended. */
int sq_one(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *what);
/* One integer from a statement without parameters (a count, the largest
 * id). False with err set. */
bool sq_int(sq *s, const char *sql, long long *out, pm_err *err, const char *what);
/* Looks a code up with a "SELECT id … WHERE code = :code" statement:
 * 1 found (*out set when out is not NULL), 0 not there, -1 error. */
int sq_lookup_id(sq *s, const char *sql, const char *code, long *out, pm_err *err);
/* Same, never NULL: for NOT NULL columns the model holds as strings. */
char *sq_col_dup0(sqlite3_stmt *st, int i);

/* A unit of work (see the file comment). A call that only reads (write
 * false) starts a deferred transaction: it must not wait for, or block, a
 * writer. *outer tells sq_work_end how to close it. */
bool sq_work_begin(sq *s, bool write, bool *outer, pm_err *err);
/* Commits (or releases) when ok, else undoes the work. Returns whether it
 * landed; err keeps the first failure. */
bool sq_work_end(sq *s, bool outer, bool ok, pm_err *err);

/* The time a change is recorded at, as SQL: the statement's 'now' in UTC,
 * unless the environment's PLANMON_NOW names one (an ISO time,
 * "2025-03-20T02:00:00Z"), as git's GIT_COMMITTER_DATE does: for
 * replaying old records and for tests of deadlines. Either way the same
 * for every row of one statement. */
#define SQ_NOW "coalesce(pm_fixed_now(), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
/* Registers pm_fixed_now, which SQ_NOW calls, on a new connection. */
bool sq_clock_register(sq *s, pm_err *err);

/* "SELECT id FROM org_unit WHERE code = :code", for sq_lookup_id. */
extern const char sq_sql_unit_id[];
/* Unit and element codes to ids, or an error naming an unknown code
 * ("未知组织机构：…"). Elements retired from the plan count: their values
 * and history are still there to review and read. */
bool sq_find_unit(sq *s, const char *code, long *id, pm_err *err);
bool sq_find_element(sq *s, const char *code, long *id, pm_err *err);
/* Binds a store id, NULL for 0 (a filter's "any"). */
void sq_bind_id(sqlite3_stmt *st, const char *name, long id, int *rc);

#endif
