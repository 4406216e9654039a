/* The SQLite backend's table of work_backend.h functions: departments,
 * assignments, tasks, updates, narratives and the work log, each kept in
 * the file of its concept (sqlite_work_fns.h). */
#include "store/sqlite_work_fns.h"

const pm_work_ops pm_sqlite_work_ops = {
    .dept_put = sq_dept_put,
    .depts = sq_depts,
    .dept_get = sq_dept_get,
    .user_set_dept = sq_user_set_dept,
    .assignment_put = sq_assignment_put,
    .assignments = sq_assignments,
    .task_put = sq_task_put,
    .tasks = sq_tasks,
    .milestone_set = sq_milestone_set,
    .update_add = sq_update_add,
    .updates = sq_updates,
    .update_review = sq_update_review,
    .latest_year = sq_latest_year,
    .work_log = sq_work_log,
    .narrative_put = sq_narrative_put,
    .narratives = sq_narratives,
    .narrative_history = sq_narrative_history,
};
