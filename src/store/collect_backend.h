/* What a store backend implements for collection (issue 14): review
 * notes (store/notes.h). A third table of functions, reached from the
 * backend's pm_store_ops through its `collect` member. Internal to
 * src/store/; the fronts (notes.c) check the arguments first. */
#ifndef PM_COLLECT_BACKEND_H
#define PM_COLLECT_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/collect_types.h"

typedef struct pm_collect_ops {
    bool (*note_add)(void *impl, const char *unit, const char *element, int year, const char *who,
                     const char *body, pm_err *err);
    bool (*notes)(void *impl, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                  pm_err *err);
} pm_collect_ops;

/* The SQLite backend's (sqlite_notes.c). */
extern const pm_collect_ops pm_sqlite_collect_ops;

#endif
