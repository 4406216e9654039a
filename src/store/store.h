/* The store: the only layer that speaks SQL. Callers see this narrow
 * interface; each backend (SQLite now, PostgreSQL later) implements
 * pm_store_ops in its own file and nothing above the store changes.
 *
 * Ownership: model structs filled by pm_store_get_* belong to the caller
 * (free them with their pm_*_free). Strings passed in are borrowed. The
 * records passed in and out are in store_types.h. */
#ifndef PM_STORE_H
#define PM_STORE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/element.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/target.h"
#include "store/store_types.h"

/* Where a database lives, as the --db option names it: a file path for
 * SQLite; `postgresql://…` or `postgres://…` (a libpq connection URI) for
 * PostgreSQL. The backend is chosen from that string alone, so callers
 * never treat a database as a file. */

/* `where` as messages may show it: a file's path as given, a URI with its
 * password blanked (user:***@, password=***). Malloc'd; the caller frees. */
char *pm_store_shown(const char *where);

/* Opens a store. On failure returns NULL with err set. Close with
 * pm_store_close. */
pm_store *pm_store_open(const char *where, pm_open_mode mode, pm_err *err);
void pm_store_close(pm_store *s);
/* Whether a planmon database is at `where`: 1 yes, 0 no, -1 when that
 * cannot be told (a server not reachable, a wrong password) with err set. */
int pm_store_exists(const char *where, pm_err *err);
/* A new, empty database at `where`, opened (pm_store_open's
 * PM_STORE_CREATE): fails when one is there already. */
pm_store *pm_store_create(const char *where, pm_err *err);
/* Removes the whole database at `where` (SQLite: the file with its -wal
 * and -shm files; PostgreSQL: planmon's schema). Nothing there is not an
 * error. No store may be open on it. */
bool pm_store_destroy(const char *where, pm_err *err);
/* The change signal: a number that changes whenever another connection
 * (another thread's store, another process, another server) commits to
 * the database, so caches keyed by it are fresh while it stays the same.
 * Commits made through s itself need not change it. SQLite: PRAGMA
 * data_version; PostgreSQL: notifications from the tables' triggers. */
bool pm_store_changes(pm_store *s, long long *v, pm_err *err);
/* Whether s can no longer be used: its connection to a PostgreSQL server
 * was lost (the server restarted or ended the session, the network went).
 * Reads what the server sent meanwhile without waiting, so an idle
 * connection the server ended is told apart before it is used. Every
 * further call on a lost store fails; close it and open another. SQLite:
 * never. */
bool pm_store_lost(pm_store *s);
/* How many store calls on this thread failed because the database could
 * not be reached: a PostgreSQL server not running or not reachable, a
 * login it refused, a connection lost midway (SQLite: never counted). A
 * front reads it before and after a piece of work to answer such a
 * failure as "the database is unavailable" (the CLI's exit 2, the web's
 * 503) rather than as the command's own failure. The server rolls back a
 * transaction whose connection it lost, so nothing uncommitted stays. */
unsigned long pm_store_unavailable_count(void);
/* Of those, the calls that met a session the server had ended (a restart,
 * pg_terminate_backend) on a connection that was open: another try on a
 * new connection may well succeed, where a server that refuses to connect
 * would only be asked twice. */
unsigned long pm_store_ended_count(void);
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
/* Every stored figure as packed blocks (per element and year, any order;
 * read straight into the rows dst names, where it names one),
 * for the tree whose unit ids in preorder are units[0..n): *used true when
 * cb got them all (read from blocks kept up to date with the data, or
 * rebuilt from a scan and written back for the next reader when the store
 * may write), false when the caller must scan (pm_store_scan_values)
 * instead: a backend or file without blocks, stale blocks on a read-only
 * store, or blocks switched off (pm_store_blocks_off). */
bool pm_store_value_blocks(pm_store *s, const long *units, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx,
                           bool *used, pm_err *err);
/* Makes pm_store_value_blocks answer "scan" on this store: for the tests
 * that compare the two paths, and the benchmark's before/after. */
void pm_store_blocks_off(pm_store *s);
/* Calls cb for every stored value (any order); cb returns false to stop. */
bool pm_store_scan_values(pm_store *s, bool (*cb)(void *ctx, const pm_value *v), void *ctx,
                          pm_err *err);

/* Many figures at once, for imports: ids come from pm_store_get_plan /
 * pm_store_get_units, and the caller already knows each value's previous
 * value and state (from a scan), so no row costs a lookup. Each row is
 * upserted and gets its history row (old → new, who, why). All rows or
 * none: the call runs in one transaction (a savepoint when nested). */
bool pm_store_write_values(pm_store *s, const pm_value_write *v, size_t n, const char *who,
                           const char *why, pm_err *err);
/* The same for more rows than a caller wants to hold at once (a
 * 10-million-row import): next(ctx, &rows, &n, err) hands out the next n
 * rows (borrowed until the following call) and returns 1, or returns 0 at
 * the end, or -1 with err set to give up. Every row lands in one unit of
 * work, with one history time, or none does; messages number the rows
 * across calls (the 70,001st row is "第 70001 行"). Rows are checked as
 * pm_store_write_values checks them, a call's worth at a time. */
bool pm_store_write_stream(pm_store *s, pm_write_next next, void *ctx, const char *who, const char *why,
                           pm_err *err);

/* Review: moves every value of a unit's subtree in a year (0: all years)
 * whose state is in `from` (bits 1u << PM_VS_*) to state `to`, each with
 * its history row; *moved counts them. Unknown unit → error. */
bool pm_store_transition(pm_store *s, const pm_transition *t, size_t *moved, pm_err *err);

/* Reading values and history with codes, for listings and exports.
 * Filters: unit (its subtree) / element / year; NULL or 0 = any. The
 * callback returns false to stop, and must not call back into the store.
 * Rows come ordered by unit code, element code, year. */
bool pm_store_list_values(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r),
                          void *ctx, pm_err *err);
/* Oldest first. */
bool pm_store_history(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r),
                      void *ctx, pm_err *err);

/* Unit targets: put replaces the whole set given (all or nothing). */
bool pm_store_put_targets(pm_store *s, const pm_unit_target *t, size_t n, pm_err *err);
bool pm_store_get_targets(pm_store *s, pm_unit_target **t, size_t *n, pm_err *err);

/* The database's own checks (SQLite: integrity_check, foreign_key_check)
 * and the history chain: every current figure equals its newest history
 * row, each history row continues the one before, the append-only
 * triggers are there. True when clean; else err names the first problem. */
bool pm_store_check(pm_store *s, pm_err *err);
/* A consistent copy of the whole database into dest, a new file (the
 * caller makes sure nothing is there), taken in one read transaction:
 * writers go on meanwhile and their later commits are not in the copy. */
bool pm_store_backup(pm_store *s, const char *dest, pm_err *err);
/* Replaces this database's whole content with the database file src's, in
 * one write transaction: other connections (a running server) see the old
 * or the restored data, never a mix. The caller vets src first. */
bool pm_store_restore(pm_store *s, const char *src, pm_err *err);
/* The data generation: a number that changes with every committed write
 * to figures, plans, units, targets, reviews, tasks and the rest of what
 * pages show, and stays the same across auth writes (users, sessions,
 * tokens, login attempts, the audit log). Two reads that give the same
 * number saw the same data (a restored backup gives back its own number).
 * A server keys its evaluation on it, so a login does not throw the
 * evaluation away (the change signal says that something committed). */
bool pm_store_data_generation(pm_store *s, long long *gen, pm_err *err);

#endif
