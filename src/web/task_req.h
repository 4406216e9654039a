/* What the task pages (page_tasks.c) and the task API (api_tasks.c)
 * share: everything the database holds about departments, key tasks,
 * projects and their updates, loaded for one request with the date they
 * are judged on; who may read and who may report on a task; the list
 * filters; recording a progress update. Internal to src/web/.
 *
 * The access rule (issue 13): admins and planners read and report on every
 * task. A member of a department reads and reports on the tasks its
 * department leads or co-operates on (pm_assignment_has_dept). Anyone
 * else reads the tasks that name a unit of their subtree as a party (a
 * town's reporter: its town's tasks; a reviewer of the whole district:
 * every task) and reports on those whose party unit they may enter
 * figures for (web_can WEB_DO_ENTER). */
#ifndef PM_WEB_TASK_REQ_H
#define PM_WEB_TASK_REQ_H
#include <jansson.h>
#include <stdbool.h>

#include "store/task_attach.h"
#include "store/work.h"
#include "web/web.h"

/* Owned by the struct; release with web_tasks_free. */
typedef struct web_tasks {
    pm_work_set set;           /* web_tasks_load_bare: the tasks only */
    int year;                  /* the evaluation year judged for */
    char as_of[PM_DATE_LEN];   /* its 31 December, or today when earlier */
} web_tasks;

/* Loads the request's tasks and judges them for the query's `year` (else
 * the latest year holding figures of the plan in use). False with the
 * error answer in w (503 no plan, 400 a bad year, 500 the store); t is
 * then empty (web_tasks_free is still fine). */
bool web_tasks_load(web_req *r, web_resp *w, const web_snap *s, web_tasks *t);
/* The same with the tasks and the year only (no departments, no updates:
 * nothing to judge), for who needs the access rule and the tasks' names
 * (narr_req.h). */
bool web_tasks_load_bare(web_req *r, web_resp *w, const web_snap *s, web_tasks *t);
void web_tasks_free(web_tasks *t);

/* The task or project with that code, or NULL. Borrowed from t. */
const pm_task *web_task_find(const web_tasks *t, const char *code);
/* A department by code or name, or NULL. Borrowed from t. */
const pm_dept *web_dept_find(const web_tasks *t, const char *code_or_name);

/* May the request's user read task k / report progress on it? */
bool web_task_reads(const web_req *r, const web_snap *s, const pm_task *k);
bool web_task_writes(const web_req *r, const web_snap *s, const pm_task *k);
/* What every page and answer about one task starts with: the request's
 * tasks loaded into t (web_tasks_load) and the task the path's first
 * segment names, borrowed from t. NULL with the answer in w: the load's
 * error, or 404 unknown_task. t is the caller's to web_tasks_free either
 * way (empty after a failed load). */
const pm_task *web_task_load_named(web_req *r, web_resp *w, const web_snap *s, web_tasks *t);
/* The same for a task the user must be able to read: NULL with 403
 * forbidden answered too. The API's report and review answers take
 * web_task_load_named and refuse with their own 403 instead. */
const pm_task *web_task_of_path(web_req *r, web_resp *w, const web_snap *s, web_tasks *t);

/* The same for the department (code or name) the path's first segment
 * names: NULL with the load's error or 404 unknown_dept in w; t is the
 * caller's to web_tasks_free either way. */
const pm_dept *web_dept_load_named(web_req *r, web_resp *w, const web_snap *s, web_tasks *t);

/* A department's tasks: led, co-operated on (not led), and led and judged
 * lagging or overdue on t's date. */
typedef struct web_dept_load {
    size_t lead, co, late;
} web_dept_load;
web_dept_load web_dept_count(const web_tasks *t, const pm_dept *d);

/* The list filters of GET /tasks and GET /api/v1/tasks, read from the
 * query: dept (code or name; lead or co), state (a judgment, key or
 * label), type (task | project). Empty parameters filter nothing. */
typedef struct web_task_filter {
    const pm_dept *dept;        /* NULL: any */
    int judgment;               /* a pm_task_judgment, -1: any */
    int project;                /* 1 projects, 0 tasks, -1 both */
} web_task_filter;
/* False with 404 unknown_dept or 400 bad_request in w. */
bool web_task_filter_read(web_req *r, web_resp *w, const web_tasks *t, web_task_filter *f);

/* The tasks the user may read that pass f, judged (out_task_json rows, full
 * false): {"year","as_of","counts":{total, by judgment},"tasks":[…]}. New
 * reference. */
json_t *web_tasks_doc(const web_req *r, const web_snap *s, const web_tasks *t, const web_task_filter *f);
/* One task whole: out_task_json(full) with "updates" (oldest first, the
 * append-only history of reports, each with its "attachments": id, name,
 * mime, size, who, at, url), "history" (the work log of the task) and
 * "can_update". NULL with 500 in w when the log or the files cannot be
 * read. */
json_t *web_task_doc(web_req *r, web_resp *w, const web_snap *s, const web_tasks *t, const pm_task *k);

/* A progress update as a request sends it (strings borrowed). */
typedef struct web_update_in {
    const char *period;  /* 2023, 2023H1, 2023Q2, 2023年上半年 … */
    const char *state;   /* 未启动 / 按计划推进 / 滞后 / 已完成 / 已取消 or their keys */
    const char *percent; /* "" or NULL: not given; else 0..100 */
    const char *text;    /* 进展情况; NULL: "" */
} web_update_in;

/* Records an update of task k as the request's user with its evidence
 * files (n of them, may be 0), after the access rule (403 first, before
 * the fields are looked at): the update and its files land together or
 * not at all. 0 on success with *id the new update's number; else the
 * HTTP status (400, 403, 413 a file over the limit, 422 a file refused,
 * 500) with a Chinese message in msg (cap bytes) and a machine word in
 * *why. */
int web_task_update_record(web_req *r, const web_snap *s, const pm_task *k, const web_update_in *in,
                           const pm_task_file *files, size_t n, long *id, char *msg, size_t cap, const char **why);
/* Attaches files to update `id` (its number as text) of task k, which must
 * still wait for review, as the request's user (who must be able to report
 * on k): all or nothing. 0 with ids (n) filled; else the status (403, 404,
 * 409 reviewed already, 413, 422, 500) with msg and *why as above. */
int web_task_update_attach(web_req *r, const web_snap *s, const pm_task *k, const char *id,
                           const pm_task_file *files, size_t n, long *ids, char *msg, size_t cap, const char **why);
/* The evidence files a request carries, at most cap into out (borrowed
 * from the request): the multipart parts named "file" (a part with
 * neither a name nor bytes is an empty file input: skipped), else, when
 * raw is true and the body is not a form, the body itself named by the
 * query's `name`. Returns how many; *over is set when there were more
 * than cap. */
#define WEB_TASK_FILES_MAX 8 /* files with one update or one API call */
size_t web_task_files(const web_req *r, bool raw, pm_task_file *out, size_t cap, bool *over);
/* The status and word of a refused file (pm_attach_refused): 413
 * too_large or 422 bad_file; else 500 store_failed. */
int web_attach_status(const pm_err *err, const pm_task_file *files, size_t n, const char **why);

/* May the request's user approve or return progress updates of task k?
 * The figures' review rules (engine/review.h), with the task as the unit
 * acted on: reviewers (and admins) who may read the task, at one level. */
bool web_task_reviews(const web_req *r, const web_snap *s, const pm_task *k);

/* Approves (decision "approve") or returns ("return", reason needed)
 * progress update `id` (its number as text) of task k as the request's
 * user. 0 on success with *u the update as it now stands (a copy owned by
 * the caller: pm_task_update_clear; u NULL: not read back); else the HTTP status (400, 403, 404,
 * 409 when it is no longer waiting for review, 500) with a Chinese
 * message in msg (cap bytes) and a machine word in *why. The access rule
 * is checked first: a forbidden caller learns nothing about the update. */
int web_task_review_record(web_req *r, const web_snap *s, const pm_task *k, const char *id, const char *decision,
                           const char *reason, pm_task_update *u, char *msg, size_t cap, const char **why);

#endif
