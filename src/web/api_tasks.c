/* GET /api/v1/tasks: the key tasks and major projects the caller may read,
 * judged (?dept= ?state= ?type= ?year=), with counts by judgment. GET
 * /api/v1/tasks/{code}: one of them whole, with its milestones, its
 * progress updates (the append-only history of reports) and its change
 * log. POST /api/v1/tasks/{code}/updates: a progress update ({period,
 * state, percent, text}), under the access rule of task_req.h. POST
 * /api/v1/tasks/{code}/updates/{id}/review: approve or return one
 * ({decision: approve|return, reason}) by the figures' review rules. POST
 * /api/v1/tasks/{code}/updates/{id}/attachments: evidence files of an
 * update still waiting for review (the body the file, ?name= its name;
 * or a multipart form of "file" parts), all or nothing. GET
 * /api/v1/depts: the responsible departments; GET /api/v1/depts/{code}: one
 * of them with its indicators, tasks and what is due (dept_view.h, as its
 * page). The same model as planmon
 * task list / task show / dept list --format json (render/doc/work_out.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/doc/work_out.h"
#include "web/api.h"
#include "web/dept_view.h"
#include "web/task_req.h"

void web_api_tasks(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    web_task_filter f;
    if (!web_tasks_load(r, w, s, &t))
        return;
    if (web_task_filter_read(r, w, &t, &f))
        web_json(w, 200, web_tasks_doc(r, s, &t, &f));
    web_tasks_free(&t);
}

void web_api_task(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    json_t *doc = k ? web_task_doc(r, w, s, &t, k) : NULL;
    if (doc)
        web_json(w, 200, doc);
    web_tasks_free(&t);
}

void web_api_task_update(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_load_named(r, w, s, &t);
    json_t *body = NULL;
    if (k && !web_task_writes(r, s, k)) {
        /* Refused before the body is read: nothing about the task leaks. */
        web_error(r, w, 403, "forbidden", "无权报告此任务的进展：只能报告本部门或本单位承担的任务（规划人员可报告全部任务）。");
    } else if (k && (body = api_body(r, w))) {
        char t1[32], t2[64];
        bool bad = !json_is_object(body);
        /* percent: a number (62.5 too) or its text; api_member_text reads
         * integers only, so a real is written out here. */
        json_t *pc = json_object_get(body, "percent");
        const char *percent = NULL;
        if (json_is_real(pc)) {
            snprintf(t2, sizeof t2, "%.17g", json_real_value(pc));
            percent = t2;
        } else {
            percent = api_member_text(body, "percent", t2, sizeof t2, &bad);
        }
        web_update_in in = {
            api_member_text(body, "period", t1, sizeof t1, &bad),
            json_string_value(json_object_get(body, "state")),
            percent,
            json_string_value(json_object_get(body, "text")),
        };
        for (const char *const *key = (const char *const[]){"state", "text", NULL}; *key; key++) {
            json_t *v = json_object_get(body, *key);
            bad = bad || (v && !json_is_null(v) && !json_is_string(v));
        }
        char msg[400];
        const char *why;
        long id = 0;
        int status = bad ? 400 : web_task_update_record(r, s, k, &in, NULL, 0, &id, msg, sizeof msg, &why);
        if (bad) {
            web_error(r, w, 400, "bad_request", "请求体应为对象：{\"period\", \"state\", \"percent\", \"text\"}。");
        } else if (status) {
            web_error(r, w, status, why, msg);
        } else {
            json_t *doc = json_object();
            json_object_set_new(doc, "recorded", json_true());
            json_object_set_new(doc, "id", json_integer(id));
            json_object_set_new(doc, "task", json_string(k->code));
            json_object_set_new(doc, "review", json_string(pm_vstate_str(PM_VS_SUBMITTED)));
            json_object_set_new(doc, "message", json_string(msg));
            web_json(w, 201, doc);
        }
    }
    json_decref(body);
    web_tasks_free(&t);
}

void web_api_task_review(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_load_named(r, w, s, &t);
    json_t *body = NULL;
    char msg[400];
    const char *why;
    pm_task_update u;
    int status;
    if (k && !web_task_reviews(r, s, k)) {
        /* Refused before the body is read: nothing about the update leaks. */
        status = web_task_review_record(r, s, k, r->args[1], "approve", NULL, NULL, msg, sizeof msg, &why);
        web_error(r, w, status, why, msg);
    } else if (k && (body = api_body(r, w))) {
        json_t *dv = json_object_get(body, "decision"), *rv = json_object_get(body, "reason");
        if (!json_is_object(body) || !json_is_string(dv) || (rv && !json_is_null(rv) && !json_is_string(rv))) {
            web_error(r, w, 400, "bad_request", "请求体应为对象：{\"decision\": \"approve\" 或 \"return\", \"reason\"}。");
        } else if ((status = web_task_review_record(r, s, k, r->args[1], json_string_value(dv),
                                                    json_string_value(rv), &u, msg, sizeof msg, &why))) {
            web_error(r, w, status, why, msg);
        } else {
            json_t *doc = out_update_json(&u);
            json_object_set_new(doc, "message", json_string(msg));
            pm_task_update_clear(&u);
            web_json(w, 200, doc);
        }
    }
    json_decref(body);
    web_tasks_free(&t);
}

void web_api_task_attach(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_load_named(r, w, s, &t);
    if (k) {
        pm_task_file files[WEB_TASK_FILES_MAX];
        long ids[WEB_TASK_FILES_MAX];
        bool over;
        size_t n = web_task_files(r, true, files, WEB_TASK_FILES_MAX, &over);
        char msg[600];
        const char *why;
        int status = over && web_task_writes(r, s, k)
                         ? 400
                         : web_task_update_attach(r, s, k, r->args[1], files, n, ids, msg, sizeof msg, &why);
        if (over && status == 400) {
            snprintf(msg, sizeof msg, "一次最多上传 %d 个文件。", WEB_TASK_FILES_MAX);
            why = "too_many_files";
        }
        if (status) {
            web_error(r, w, status, why, msg);
        } else {
            json_t *arr = json_array();
            for (size_t i = 0; i < n; i++) {
                char url[48];
                snprintf(url, sizeof url, "/attachments/%ld", ids[i]);
                json_t *o = json_object();
                json_object_set_new(o, "id", json_integer(ids[i]));
                json_object_set_new(o, "name", json_string(files[i].name));
                json_object_set_new(o, "size", json_integer((json_int_t)files[i].size));
                json_object_set_new(o, "url", json_string(url));
                json_array_append_new(arr, o);
            }
            json_t *doc = json_object();
            json_object_set_new(doc, "task", json_string(k->code));
            json_object_set_new(doc, "update", json_integer(strtol(r->args[1], NULL, 10)));
            json_object_set_new(doc, "attachments", arr);
            json_object_set_new(doc, "message", json_string(msg));
            web_json(w, 201, doc);
        }
    }
    web_tasks_free(&t);
}

void web_api_depts(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    if (!web_tasks_load(r, w, s, &t))
        return;
    json_t *arr = json_array();
    for (size_t i = 0; i < t.set.ndepts; i++) {
        json_t *d = out_dept_json(&t.set.depts[i]);
        web_dept_load n = web_dept_count(&t, &t.set.depts[i]);
        json_object_set_new(d, "tasks_lead", json_integer((json_int_t)n.lead));
        json_object_set_new(d, "tasks_co", json_integer((json_int_t)n.co));
        json_array_append_new(arr, d);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "depts", arr);
    web_json(w, 200, doc);
    web_tasks_free(&t);
}

/* GET /api/v1/depts/{code}: the department page's content (dept_view.h). */
void web_api_dept(web_req *r, web_resp *w)
{
    web_dept_doc dp;
    if (!web_dept_open(r, w, &dp))
        return;
    const pm_evaluation *ev = &dp.s->ev;
    json_t *inds = json_array(), *tasks = json_array();
    for (size_t i = 0; i < dp.v.n; i++) {
        const web_dept_row *row = &dp.v.rows[i];
        json_t *o = json_object();
        if (row->task) {
            json_object_set_new(o, "code", esc_json_value(row->task->code));
            json_object_set_new(o, "type", json_string(row->task->project ? "project" : "task"));
            json_object_set_new(o, "title", esc_json_value(row->task->title));
            json_object_set_new(o, "judgment", json_string(pm_task_judgment_str(row->tj)));
            json_object_set_new(o, "judgment_label", json_string(pm_task_judgment_label(row->tj)));
        } else {
            const pm_indicator *ind = &ev->plan.ind[row->ind];
            json_object_set_new(o, "no", json_integer(ind->no));
            json_object_set_new(o, "code", esc_json_value(ind->code));
            json_object_set_new(o, "name", esc_json_value(ind->name));
            json_object_set_new(o, "status", json_string(pm_status_key(row->j.o.status)));
            json_object_set_new(o, "status_label", json_string(pm_label_text(pm_pace_label(&row->j.o))));
        }
        json_object_set_new(o, "role", json_string(web_dept_role_key(row)));
        json_object_set_new(o, "deadline", *row->deadline ? esc_json_value(row->deadline) : json_null());
        json_object_set_new(o, "due", json_boolean(row->due));
        json_object_set_new(o, "overdue", json_boolean(row->late));
        json_array_append_new(row->task ? tasks : inds, o);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "dept", out_dept_json(dp.d));
    json_object_set_new(doc, "year", json_integer(dp.t.year));
    json_object_set_new(doc, "as_of", json_string(dp.t.as_of));
    json_object_set_new(doc, "unit", esc_json_value(ev->tree.u[dp.v.at].code));
    json_object_set_new(doc, "indicators", inds);
    json_object_set_new(doc, "tasks", tasks);
    web_json(w, 200, doc);
    web_dept_close(&dp);
}
