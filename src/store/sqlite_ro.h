/* How to open a SQLite database that planmon will only read (`status`,
 * `export`, `report`, `history`, `check`, `backup`, `serve --read-only`):
 * on a read-only file system, or a file or directory the user may not
 * write. Internal to src/store/.
 *
 * planmon's databases are in WAL mode, and a WAL reader needs the -shm
 * file (the shared index of the log). The decision, in order:
 *  0. A file and directory this user may write are opened read-write with
 *     PRAGMA query_only: every write is refused all the same
 *     (SQLITE_READONLY), and the last connection to close still checkpoints
 *     and removes the -wal and -shm, as after any other command (a `mode=ro`
 *     connection would leave them behind).
 *  1. Otherwise `mode=ro`: SQLite opens the file read-only and refuses every
 *     write, whoever calls.
 *  2. The -shm exists (a writer has the database open, or left it): SQLite
 *     uses it, read-only if it must — readers see the writer's commits.
 *  3. No -shm, and the directory is writable to this user: SQLite creates
 *     it (a read-only file in a writable directory).
 *  4. No -shm and it cannot be created (read-only mount, no write
 *     permission on the directory): no connection has the database open
 *     (the last one to close removes the -shm and checkpoints the -wal), so
 *     the file is read as it is, `immutable=1` — unless a -wal with content
 *     is there (a writer crashed), whose commits an immutable reader would
 *     not see: that is refused, naming the file, rather than reading stale
 *     data. (An immutable reader also would not notice a writer that starts
 *     later; on a read-only mount none can.) */
#ifndef PM_SQLITE_RO_H
#define PM_SQLITE_RO_H
#include <stdbool.h>

#include "base/err.h"

/* How sqlite3_open_v2 should open path to read it by the rules above. */
typedef struct pm_sqlite_ro {
    char *name;       /* the file name or a file: URI; malloc'd, the caller frees it */
    int flags;        /* SQLITE_OPEN_* */
    bool query_only;  /* case 0: set PRAGMA query_only = ON after opening */
} pm_sqlite_ro;

/* Decides; false with err set when the file cannot be read safely (case 4
 * with a -wal). */
bool pm_sqlite_ro_plan(const char *path, pm_sqlite_ro *out, pm_err *err);

#endif
