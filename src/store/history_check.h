/* The history chain that `planmon check` verifies on both backends: every
 * current figure equals its newest history row (value and state), and
 * every history row continues the one before it for the same figure (its
 * old value and state are the previous row's new ones; the first has
 * none). A broken chain means something wrote past the store. The two
 * queries read the same in SQLite's and PostgreSQL's dialects (IS DISTINCT
 * FROM: SQLite 3.39 and later), so one copy serves both; each returns the
 * first offending row, or none. Internal to src/store/. */
#ifndef PM_HISTORY_CHECK_H
#define PM_HISTORY_CHECK_H
#include "base/err.h"

extern const char pm_sql_history_current[]; /* element code, unit code, year */
extern const char pm_sql_history_links[];   /* element code, unit code, year, history id */

/* The refusals, naming database db and the figure a query found. */
void pm_history_current_broken(const char *db, const char *element, const char *unit, int year, pm_err *err);
void pm_history_link_broken(const char *db, const char *element, const char *unit, int year, long long id,
                            pm_err *err);
/* The triggers that keep value_history append-only are not both there. */
void pm_history_triggers_missing(const char *db, pm_err *err);

#endif
