/* What a store backend implements for planmon copy (store/copy.h): a
 * table of functions reached from the backend's pm_store_ops through its
 * `copy` member. Internal to src/store/.
 *
 * Rows travel as canonical lines (copy_line.h says the format): a backend's
 * reader writes them, its writer takes them, so any backend copies to any
 * other through copy.c without knowing it. */
#ifndef PM_COPY_BACKEND_H
#define PM_COPY_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/copy_line.h"

/* Called with each row (the line without '\n', valid during the call);
 * false stops the reading (err set by the callee). */
typedef bool (*pm_copy_row_fn)(void *ctx, const char *line, size_t len, pm_err *err);

typedef struct pm_copy_ops {
    /* The tables of planmon's schema but `meta` (the schema version, which
     * the target's creation writes), with their columns and the tables
     * their foreign keys name (out and its contents malloc'd; free with
     * pm_copy_tables_free). */
    bool (*tables)(void *impl, pm_copy_table **out, size_t *n, pm_err *err);
    /* A read-only snapshot for reading every table consistently, and its
     * end (read_end also after a failure). */
    bool (*read_begin)(void *impl, pm_err *err);
    void (*read_end)(void *impl);
    /* Every row of t (the target's columns, names and kinds) as canonical
     * lines, in no particular order. */
    bool (*read)(void *impl, const pm_copy_table *t, pm_copy_row_fn row, void *ctx, pm_err *err);
    /* Writing t inside the caller's transaction: write_begin returns the
     * writer (NULL with err set), write_row takes one canonical line,
     * write_end finishes and frees the writer (ok false: abandon the
     * table's rows; the caller then rolls back). After a good end,
     * generated ids continue after the largest one copied. */
    void *(*write_begin)(void *impl, const pm_copy_table *t, pm_err *err);
    bool (*write_row)(void *w, const char *line, size_t len, pm_err *err);
    bool (*write_end)(void *w, bool ok, pm_err *err);
} pm_copy_ops;

extern const pm_copy_ops pm_sqlite_copy_ops;
extern const pm_copy_ops pm_pg_copy_ops;

#endif
