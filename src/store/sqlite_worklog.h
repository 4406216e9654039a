/* The work_log of the SQLite backend (schema version 6): one append per
 * change to a department, assignment, task, project, milestone or
 * update, in the unit of work of the change. Internal to src/store/. */
#ifndef PM_SQLITE_WORKLOG_H
#define PM_SQLITE_WORKLOG_H
#include <stdbool.h>

#include "base/err.h"
#include "store/sqlite_conn.h"

/* Appends one row (at = now); detail may be NULL. False with err set. */
bool sq_log(sq *s, const char *who, const char *action, const char *kind, const char *code, const char *detail,
            pm_err *err);

#endif
