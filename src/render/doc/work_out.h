/* Departments, tasks, projects, updates, the work log and narratives as
 * one JSON model: what the CLI lists (task list, project list …), the
 * JSON API returns and the pages show. Flat objects for listings (a list
 * of parties or indicators joined with 、), plus arrays where one item is
 * shown whole (milestones, updates).
 *
 * Every function returns a new reference the caller releases with
 * json_decref. */
#ifndef PM_WORK_OUT_H
#define PM_WORK_OUT_H
#include <jansson.h>

#include "engine/task_judge.h"
#include "model/dept.h"
#include "model/narrative.h"
#include "model/task.h"
#include "render/write/listing.h"

/* {code, name, kind, kind_label, contact} */
json_t *out_dept_json(const pm_dept *d);
const out_column *out_dept_columns(size_t *n);

/* "养老服务科、黄村镇": the co-parties' names (codes when unnamed),
 * malloc'd. */
char *out_parties_text(const pm_party *p, size_t n);

/* Who answers for an item (分解落实), set into o: {lead (code), lead_name,
 * lead_type (dept | unit), co: [codes], co_names: [names], deadline};
 * nulls and empty lists when a is NULL or names nobody. The status
 * document's indicator rows and the indicator API carry these. */
void out_duty_json(json_t *o, const pm_assignment *a);

/* One task or project judged on as_of from its updates u[0..n) (any
 * task's; the others are skipped): {code, type (task|project),
 * type_label, title, section, lead, lead_name, co, deadline, indicators,
 * latest_period, latest_state, latest_state_label, percent, judgment,
 * judgment_label, as_of} and for a project also {invest_planned,
 * invest_spent, start, finish, milestones_due, milestones_late}. With
 * full, also {co_list, indicator_list, milestones: [{due, what, met,
 * met_on, late}]}. */
json_t *out_task_json(const pm_task *t, const pm_task_update *u, size_t n, const char *as_of, bool full);
const out_column *out_task_columns(size_t *n);
const out_column *out_project_columns(size_t *n);

/* {id, task, period, period_label, state, state_label, percent, text,
 * review, review_label, who, at, reviewed_by, reviewed_at, reason} */
json_t *out_update_json(const pm_task_update *u);
const out_column *out_update_columns(size_t *n);

/* {id, at, who, action, action_label, kind, code, detail} */
json_t *out_work_entry_json(const char *at, const char *who, const char *action, const char *kind,
                            const char *code, const char *detail, long id);
const out_column *out_work_log_columns(size_t *n);

/* {year, scope, scope_label, target, kind, kind_label, text, state,
 * state_label, who, at} */
json_t *out_narrative_json(const pm_narrative *nv);
const out_column *out_narrative_columns(size_t *n);
/* {id, year, scope, target, kind, kind_label, old_text, new_text, state, who, at} */
json_t *out_narr_change_json(const pm_narr_change *c);

/* Counts of a judged task list (objects of out_task_json), by judgment:
 * {"total":N, "not_started":…, "on_schedule":…, …}. */
json_t *out_task_counts(const json_t *tasks);

#endif
