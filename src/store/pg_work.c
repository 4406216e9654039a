/* The PostgreSQL backend's table of work_backend.h functions, each kept in
 * the file of its concept (pg_work.h), as sqlite_work.c. */
#include "store/pg_work.h"

const pm_work_ops pm_pg_work_ops = {
    .dept_put = pg_dept_put,
    .depts = pg_depts,
    .dept_get = pg_dept_get,
    .user_set_dept = pg_user_set_dept,
    .assignment_put = pg_assignment_put,
    .assignments = pg_assignments,
    .task_put = pg_task_put,
    .tasks = pg_tasks,
    .milestone_set = pg_milestone_set,
    .update_add = pg_update_add,
    .updates = pg_updates,
    .update_review = pg_update_review,
    .latest_year = pg_latest_year,
    .work_log = pg_work_log,
    .narrative_put = pg_narrative_put,
    .narratives = pg_narratives,
    .narrative_history = pg_narrative_history,
};
