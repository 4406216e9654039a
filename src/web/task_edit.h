/* Adding and changing a key task or project (issue 13): what the form
 * pages (page_task_edit.c) and PUT /api/v1/tasks/{code} (api_task_put.c)
 * share — the input as typed, its checks (parse/work_check.h: the ones
 * the 分解落实表 import makes, in the same words), the access rule
 * (perm.h's web_task_edit_right_of) and the write with its log row
 * (pm_store_task_put). Internal to src/web/. */
#ifndef PM_WEB_TASK_EDIT_H
#define PM_WEB_TASK_EDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "web/task_req.h"

/* A milestone as typed. */
typedef struct web_ms_in {
    char *due, *what, *met_on;
    bool met;
} web_ms_in;

/* A task or project as a form or a JSON body sends it, text as typed
 * (NULL: not given). Owns every string and array: web_task_in_free. */
typedef struct web_task_in {
    char *code;     /* a new one's (the API takes it from the path) */
    char *type;     /* task | project | 重点任务 | 重大项目; NULL: the stored one's, else task */
    char *title, *section, *lead, *deadline;
    char **co;      /* co-parties by code or name */
    size_t nco;
    char **indicators; /* linked indicators by code, 序号 or name */
    size_t nind;
    char *invest_planned, *invest_spent, *start, *finish;
    web_ms_in *ms;
    size_t nms;
} web_task_in;

void web_task_in_free(web_task_in *in);
/* The input that stands for task k as stored (the edit form's first
 * drawing): parties and indicators by code. in is the caller's. */
void web_task_in_of(const pm_task *k, web_task_in *in);
/* Appends a milestone row (strings copied; NULL as ""). */
void web_task_in_add_ms(web_task_in *in, const char *due, const char *what, bool met, const char *met_on);

/* The outcome of a save: status 0 written (created tells a new one), 200
 * when nothing changed (nothing written); else the HTTP status (403, 409,
 * 422, 500) with the field at fault ("deadline", "milestones[1].due"; ""
 * when none) and a Chinese message naming it. */
typedef struct web_task_verdict {
    int status;
    bool created;
    const char *why;  /* machine word: forbidden, invalid, exists, store_failed */
    char field[48];
    char msg[512];
} web_task_verdict;

/* Checks in against what the database holds (t: loaded with its
 * departments) and, within the access rule of the request's user, writes
 * it as task `code` (old: that task as stored, NULL for a new one; a new
 * one's code must not be taken). Refused before the fields are read when
 * the user may not edit at all; a department member's input that changes
 * more than milestones is refused (403) after it is read. Returns
 * v->status. */
int web_task_save(web_req *r, const web_snap *s, const web_tasks *t, const pm_task *old, const char *code,
                  const web_task_in *in, web_task_verdict *v);

#endif
