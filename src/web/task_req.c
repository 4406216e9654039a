/* Tasks for one request: loading, the access rule, filters, the JSON
 * documents and recording an update (task_req.h). */
#include "web/task_req.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/num.h"
#include "engine/review.h"
#include "render/doc/work_out.h"
#include "render/write/escape.h"

/* web_tasks_load's work; all false: the year and the tasks only. */
static bool load(web_req *r, web_resp *w, const web_snap *s, web_tasks *t, bool all)
{
    memset(t, 0, sizeof *t);
    if (!s->ok) {
        web_error(r, w, s->no_plan ? 404 : 503, s->no_plan ? "unknown_plan" : "not_ready", s->err.msg);
        return false;
    }
    pm_store *st = web_store(r, w);
    if (!st)
        return false;
    pm_err err = {0};
    int latest = 0;
    /* The year the CLI judges for (cli_as_of): the latest holding figures
     * of the plan in use, else the plan's first year. */
    if (!pm_store_latest_year(st, &latest, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    const pm_plan *p = &s->ev.plan;
    int year = web_year_of(r, w, s, web_query(r, "year"), latest ? latest : p->base_year + 1);
    if (year < 0)
        return false;
    if (!pm_store_work_set(st, &t->set, all, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    char today[PM_DATE_LEN];
    pm_clock_today(time(NULL), today, sizeof today);
    t->year = year;
    pm_task_as_of(year, today, t->as_of);
    return true;
}

bool web_tasks_load(web_req *r, web_resp *w, const web_snap *s, web_tasks *t)
{
    return load(r, w, s, t, true);
}

bool web_tasks_load_bare(web_req *r, web_resp *w, const web_snap *s, web_tasks *t)
{
    return load(r, w, s, t, false);
}

void web_tasks_free(web_tasks *t)
{
    pm_work_set_free(&t->set);
    memset(t, 0, sizeof *t);
}

const pm_task *web_task_find(const web_tasks *t, const char *code)
{
    for (size_t i = 0; code && i < t->set.ntasks; i++)
        if (!strcmp(t->set.tasks[i].code, code))
            return &t->set.tasks[i];
    return NULL;
}

const pm_dept *web_dept_find(const web_tasks *t, const char *code_or_name)
{
    for (size_t i = 0; code_or_name && i < t->set.ndepts; i++)
        if (!strcmp(t->set.depts[i].code, code_or_name) || !strcmp(t->set.depts[i].name, code_or_name))
            return &t->set.depts[i];
    return NULL;
}

/* Does some org-unit party of k (lead or co) pass web_can(a) for u? */
static bool unit_party_can(const web_user *u, const web_snap *s, const pm_task *k, web_action a)
{
    const pm_assignment *d = &k->duty;
    if (d->lead.code && d->lead.unit && web_can(u, a, web_snap_unit(s, d->lead.code)))
        return true;
    for (size_t i = 0; i < d->nco; i++) {
        int idx = d->co[i].unit ? web_snap_unit(s, d->co[i].code) : -1;
        if (idx >= 0 && web_can(u, a, idx))
            return true;
    }
    return false;
}

/* The access rule of task_req.h for action a: WEB_DO_READ to read a task,
 * WEB_DO_ENTER to report on it. Reading and reporting differ only in the
 * district reader's rule and in the action asked of a party unit. */
static bool task_may(const web_req *r, const web_snap *s, const pm_task *k, web_action a)
{
    const web_user *u = r->user;
    if (!u || u->u.disabled)
        return false;
    if (web_can(u, WEB_DO_PLAN, -1))
        return true;
    /* A department's member sees and reports on its own department's tasks
     * and no more, whatever unit its account was given. */
    if (u->u.dept)
        return pm_assignment_has_dept(&k->duty, u->u.dept, false);
    /* Who reads the whole district (its root) reads every task. */
    if (a == WEB_DO_READ && s->ev.tree.n && web_can(u, WEB_DO_READ, 0))
        return true;
    return unit_party_can(u, s, k, a);
}

bool web_task_reads(const web_req *r, const web_snap *s, const pm_task *k)
{
    return task_may(r, s, k, WEB_DO_READ);
}

bool web_task_writes(const web_req *r, const web_snap *s, const pm_task *k)
{
    return task_may(r, s, k, WEB_DO_ENTER);
}

const pm_task *web_task_load_named(web_req *r, web_resp *w, const web_snap *s, web_tasks *t)
{
    if (!web_tasks_load(r, w, s, t))
        return NULL;
    const pm_task *k = web_task_find(t, r->args[0]);
    if (!k)
        web_error(r, w, 404, "unknown_task", "没有这个任务或项目。");
    return k;
}

const pm_task *web_task_of_path(web_req *r, web_resp *w, const web_snap *s, web_tasks *t)
{
    const pm_task *k = web_task_load_named(r, w, s, t);
    if (k && !web_task_reads(r, s, k)) {
        web_error(r, w, 403, "forbidden", "无权查看此任务：只能查看本部门或本单位承担的任务。");
        return NULL;
    }
    return k;
}

const pm_dept *web_dept_load_named(web_req *r, web_resp *w, const web_snap *s, web_tasks *t)
{
    if (!web_tasks_load(r, w, s, t))
        return NULL;
    const pm_dept *d = r->nargs ? web_dept_find(t, r->args[0]) : NULL;
    if (!d)
        web_error(r, w, 404, "unknown_dept", "没有这个责任单位。");
    return d;
}

web_dept_load web_dept_count(const web_tasks *t, const pm_dept *d)
{
    web_dept_load n = {0, 0, 0};
    for (size_t k = 0; k < t->set.ntasks; k++) {
        if (!pm_assignment_has_dept(&t->set.tasks[k].duty, d->code, false))
            continue;
        if (!pm_assignment_has_dept(&t->set.tasks[k].duty, d->code, true)) {
            n.co++;
            continue;
        }
        n.lead++;
        pm_task_judgment j = pm_task_judge(&t->set.tasks[k], t->set.updates, t->set.nupdates, t->as_of).judgment;
        n.late += j == PM_TJ_LAGGING || j == PM_TJ_OVERDUE;
    }
    return n;
}

bool web_task_filter_read(web_req *r, web_resp *w, const web_tasks *t, web_task_filter *f)
{
    *f = (web_task_filter){NULL, -1, -1};
    const char *dept = web_query(r, "dept"), *state = web_query(r, "state"), *type = web_query(r, "type");
    if (dept && *dept && !(f->dept = web_dept_find(t, dept))) {
        web_error(r, w, 404, "unknown_dept", "没有这个责任单位。");
        return false;
    }
    pm_task_judgment j;
    if (state && *state) {
        if (!pm_task_judgment_parse(state, &j)) {
            web_error(r, w, 400, "bad_request", "state 应为 未启动、按进度推进、进度滞后、逾期未完成、已完成、已取消 之一。");
            return false;
        }
        f->judgment = (int)j;
    }
    if (type && *type) {
        if (!strcmp(type, "project") || !strcmp(type, "重大项目"))
            f->project = 1;
        else if (!strcmp(type, "task") || !strcmp(type, "重点任务"))
            f->project = 0;
        else {
            web_error(r, w, 400, "bad_request", "type 应为 task（重点任务）或 project（重大项目）。");
            return false;
        }
    }
    return true;
}

/* Does judged row `row` of task k pass f? */
static bool passes(const web_task_filter *f, const pm_task *k, const json_t *row)
{
    if (f->project >= 0 && (int)k->project != f->project)
        return false;
    if (f->dept && !pm_assignment_has_dept(&k->duty, f->dept->code, false))
        return false;
    if (f->judgment >= 0) {
        const char *j = json_string_value(json_object_get(row, "judgment"));
        if (!j || strcmp(j, pm_task_judgment_str((pm_task_judgment)f->judgment)))
            return false;
    }
    return true;
}

json_t *web_tasks_doc(const web_req *r, const web_snap *s, const web_tasks *t, const web_task_filter *f)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < t->set.ntasks; i++) {
        const pm_task *k = &t->set.tasks[i];
        if (!web_task_reads(r, s, k))
            continue;
        json_t *row = out_task_json(k, t->set.updates, t->set.nupdates, t->as_of, false);
        if (passes(f, k, row))
            json_array_append(rows, row);
        json_decref(row);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "year", json_integer(t->year));
    json_object_set_new(doc, "as_of", json_string(t->as_of));
    json_object_set_new(doc, "counts", out_task_counts(rows));
    json_object_set_new(doc, "tasks", rows);
    return doc;
}

/* The files of update id among the task's files fs: an array of
 * {id, name, mime, size, who, at, url}. New reference. */
static json_t *files_json(const pm_attachment *fs, size_t n, long id)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (pm_task_files_update(fs[i].ref, NULL) != id)
            continue;
        char url[48];
        snprintf(url, sizeof url, "/attachments/%ld", fs[i].id);
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(fs[i].id));
        json_object_set_new(o, "name", esc_json_value(fs[i].name));
        json_object_set_new(o, "mime", esc_json_value(fs[i].mime));
        json_object_set_new(o, "size", json_integer((json_int_t)fs[i].size));
        json_object_set_new(o, "who", esc_json_value(fs[i].who));
        json_object_set_new(o, "at", esc_json_value(fs[i].at));
        json_object_set_new(o, "url", json_string(url));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *web_task_doc(web_req *r, web_resp *w, const web_snap *s, const web_tasks *t, const pm_task *k)
{
    pm_work_entry *log = NULL;
    size_t nlog = 0;
    pm_attachment *fs = NULL;
    size_t nfs = 0;
    pm_err err = {0};
    char prefix[PM_TASK_CODE_MAX + 16];
    pm_store *st = web_store(r, w);
    if (!st)
        return NULL;
    if (!pm_task_files_prefix(k->code, prefix, sizeof prefix)) {
        web_error(r, w, 500, "store_failed", "任务编号过长");
        return NULL;
    }
    if (!pm_store_work_log(st, "task", k->code, &log, &nlog, &err) ||
        !pm_store_attachments_ref(st, prefix, &fs, &nfs, &err)) {
        pm_work_log_free(log, nlog);
        web_error(r, w, 500, "store_failed", err.msg);
        return NULL;
    }
    json_t *doc = out_task_json(k, t->set.updates, t->set.nupdates, t->as_of, true);
    json_t *ups = json_array(), *hist = json_array();
    for (size_t i = 0; i < t->set.nupdates; i++)
        if (!strcmp(t->set.updates[i].task, k->code)) {
            json_t *u = out_update_json(&t->set.updates[i]);
            json_object_set_new(u, "attachments", files_json(fs, nfs, t->set.updates[i].id));
            json_array_append_new(ups, u);
        }
    pm_attachments_free(fs, nfs);
    for (size_t i = 0; i < nlog; i++)
        json_array_append_new(hist, out_work_entry_json(log[i].at, log[i].who, log[i].action, log[i].kind, log[i].code,
                                                        log[i].detail, log[i].id));
    pm_work_log_free(log, nlog);
    json_object_set_new(doc, "year", json_integer(t->year));
    json_object_set_new(doc, "updates", ups);
    json_object_set_new(doc, "history", hist);
    json_object_set_new(doc, "can_update", json_boolean(web_task_writes(r, s, k)));
    return doc;
}

/* A file's refusal without its field word ("file：文件“x”是空的" → "文件“x”是空的"). */
static const char *refusal_text(const pm_err *err)
{
    const char *colon = pm_attach_refused(err) ? strstr(err->msg, "：") : NULL;
    return colon ? colon + strlen("：") : err->msg;
}

static int update_of(pm_store *st, const char *code, long id, pm_task_update *out, pm_err *err);

size_t web_task_files(const web_req *r, bool raw, pm_task_file *out, size_t cap, bool *over)
{
    size_t n = 0;
    *over = false;
    for (size_t i = 0; i < r->nfiles; i++) {
        const web_file *f = &r->files[i];
        const char *name = web_upload_basename(f->filename);
        if (strcmp(f->field, "file") || (!*name && !f->data.len))
            continue;
        if (n == cap) {
            *over = true;
            break;
        }
        out[n++] = (pm_task_file){name, f->data.p, f->data.len};
    }
    if (!n && raw && !r->nfiles && !r->nform && r->body.len && cap) {
        const char *name = web_query(r, "name");
        out[n++] = (pm_task_file){name ? web_upload_basename(name) : "", r->body.p, r->body.len};
    }
    return n;
}

int web_attach_status(const pm_err *err, const pm_task_file *files, size_t n, const char **why)
{
    if (!pm_attach_refused(err)) {
        *why = "store_failed";
        return 500;
    }
    for (size_t i = 0; i < n; i++)
        if (files[i].size > pm_attach_max()) {
            *why = "too_large";
            return 413;
        }
    *why = "bad_file";
    return 422;
}

int web_task_update_record(web_req *r, const web_snap *s, const pm_task *k, const web_update_in *in,
                           const pm_task_file *files, size_t n, long *id, char *msg, size_t cap, const char **why)
{
    if (!web_task_writes(r, s, k))
        return web_refuse(403, "forbidden", why, msg, cap,
                      "无权报告此任务的进展：只能报告本部门或本单位承担的任务（规划人员可报告全部任务）。");
    pm_task_update u;
    memset(&u, 0, sizeof u);
    u.task = k->code;
    u.percent = NAN;
    u.text = (char *)(in->text ? in->text : "");
    u.who = r->user->u.name;
    if (!in->period || !pm_period_parse(in->period, u.period, NULL))
        return web_refuse(400, "bad_request", why, msg, cap, "报告期无法识别（如 2023、2023H1、2023Q2、2023年上半年）。");
    long y = 0;
    char year[5];
    memcpy(year, u.period, 4);
    year[4] = '\0';
    const pm_plan *p = &s->ev.plan;
    if (!num_parse_int(year, p->base_year + 1, p->target_year, &y)) {
        snprintf(msg, cap, "报告期应在规划期 %d—%d 年内。", p->base_year + 1, p->target_year);
        *why = "bad_request";
        return 400;
    }
    if (!in->state || !pm_task_state_parse(in->state, &u.state))
        return web_refuse(400, "bad_request", why, msg, cap, "进展状态应为 未启动、按计划推进、滞后、已完成、已取消 之一。");
    if (in->percent && *in->percent &&
        (!num_parse_cstr(in->percent, &u.percent) || !(u.percent >= 0 && u.percent <= 100)))
        return web_refuse(400, "bad_request", why, msg, cap, "完成比例应为 0 到 100 之间的数。");
    if (strlen(u.text) > PM_TASK_TEXT_MAX)
        return web_refuse(400, "bad_request", why, msg, cap, "进展情况过长（最多 8000 字节）。");
    pm_err err = {0};
    const char *unit = pm_task_files_unit(k, &s->ev.tree);
    if (n && !unit)
        return web_refuse(500, "store_failed", why, msg, cap, "没有组织机构，佐证材料无处存放。");
    if (!pm_store_task_update_with_files(r->store, &u, files, n, unit, id, &err)) {
        int status = web_attach_status(&err, files, n, why);
        snprintf(msg, cap, "%s%s", refusal_text(&err), status == 500 ? "" : "（进展未记录）");
        return status;
    }
    if (n)
        snprintf(msg, cap, "已记录 %s 的进展（第 %ld 号，待审核），附佐证材料 %zu 份。", k->code, *id, n);
    else
        snprintf(msg, cap, "已记录 %s 的进展（第 %ld 号，待审核）。", k->code, *id);
    return 0;
}

int web_task_update_attach(web_req *r, const web_snap *s, const pm_task *k, const char *id,
                           const pm_task_file *files, size_t n, long *ids, char *msg, size_t cap, const char **why)
{
    if (!web_task_writes(r, s, k))
        return web_refuse(403, "forbidden", why, msg, cap,
                          "无权为此任务的进展上传佐证材料：只能报告本部门或本单位承担的任务（规划人员可报告全部任务）。");
    long num = 0;
    if (!id || !num_parse_int(id, 1, 1L << 52, &num))
        return web_refuse(404, "unknown_update", why, msg, cap, "没有这份进展报告。");
    if (!n)
        return web_refuse(400, "no_file", why, msg, cap, "请求中没有文件。");
    pm_err err = {0};
    pm_task_update u;
    int found = update_of(r->store, k->code, num, &u, &err);
    if (found < 0)
        return web_refuse(500, "store_failed", why, msg, cap, err.msg);
    if (!found)
        return web_refuse(404, "unknown_update", why, msg, cap, "该任务没有这份进展报告。");
    int status = 0;
    if (u.review != PM_VS_SUBMITTED) {
        status = web_refuse(409, "not_submitted", why, msg, cap,
                            "这份进展报告已审核，不能再添加佐证材料（请随新的进展报告上传）。");
    } else {
        const char *unit = pm_task_files_unit(k, &s->ev.tree);
        char *author = u.who;
        u.who = r->user->u.name; /* the uploader, not the update's author */
        if (!unit) {
            status = web_refuse(500, "store_failed", why, msg, cap, "没有组织机构，佐证材料无处存放。");
        } else if (!pm_store_task_update_attach(r->store, &u, files, n, unit, ids, &err)) {
            status = web_attach_status(&err, files, n, why);
            snprintf(msg, cap, "%s", refusal_text(&err));
        } else {
            snprintf(msg, cap, "已为 %s 的第 %ld 号进展报告添加佐证材料 %zu 份。", k->code, num, n);
        }
        u.who = author;
    }
    pm_task_update_clear(&u);
    return status;
}

/* The review actor of the request's user on task k: its role, the task
 * in scope when the user may read it, one level (updates have no levels). */
static pm_review_actor task_actor(const web_req *r, const web_snap *s, const pm_task *k)
{
    pm_review_actor a = {PM_ROLE_REPORTER, false, -1};
    if (r->user && !r->user->u.disabled)
        a = (pm_review_actor){r->user->u.role, web_task_reads(r, s, k), 0};
    return a;
}

bool web_task_reviews(const web_req *r, const web_snap *s, const pm_task *k)
{
    pm_review_actor a = task_actor(r, s, k);
    return pm_review_may(&a, PM_REVIEW_APPROVE) && pm_review_may(&a, PM_REVIEW_RETURN);
}

/* Copies update `id` of task `code` from the store into *out: 1 found, 0
 * not (of that task), -1 store failure (err). */
static int update_of(pm_store *st, const char *code, long id, pm_task_update *out, pm_err *err)
{
    pm_task_update *u = NULL;
    size_t n = 0;
    if (!pm_store_task_updates(st, code, &u, &n, err))
        return -1;
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        if (u[i].id != id)
            continue;
        *out = u[i];
        memset(&u[i], 0, sizeof u[i]); /* moved out: not freed below */
        found = 1;
    }
    pm_task_updates_free(u, n);
    return found;
}

int web_task_review_record(web_req *r, const web_snap *s, const pm_task *k, const char *id, const char *decision,
                           const char *reason, pm_task_update *u, char *msg, size_t cap, const char **why)
{
    if (u)
        memset(u, 0, sizeof *u);
    pm_review_actor actor = task_actor(r, s, k);
    pm_review_action a;
    bool known = decision && pm_review_parse(decision, &a) && (a == PM_REVIEW_APPROVE || a == PM_REVIEW_RETURN);
    if (!web_task_reads(r, s, k) || !pm_review_may(&actor, known ? a : PM_REVIEW_APPROVE))
        return web_refuse(403, "forbidden", why, msg, cap,
                      "无权审核此任务的进展：只有审核人（本部门或本单位承担的任务）和管理员可以审核。");
    if (!known)
        return web_refuse(400, "bad_request", why, msg, cap, "审核操作应为 approve（审核通过）或 return（退回）。");
    long n = 0;
    if (!id || !num_parse_int(id, 1, 1L << 52, &n))
        return web_refuse(404, "unknown_update", why, msg, cap, "没有这份进展报告。");
    pm_store *st = r->store;
    pm_err err = {0};
    pm_task_update was;
    int found = update_of(st, k->code, n, &was, &err);
    if (found < 0)
        return web_refuse(500, "store_failed", why, msg, cap, err.msg);
    if (!found)
        return web_refuse(404, "unknown_update", why, msg, cap, "该任务没有这份进展报告。");
    pm_task_update_clear(&was); /* only that it is this task's */
    pm_review_verdict v = pm_review_check(&actor, a, reason && *reason ? reason : NULL);
    if (v != PM_REVIEW_OK) {
        char text[256];
        pm_review_refusal(v, a, NULL, text, sizeof text);
        snprintf(msg, cap, "%s。", text);
        bool denied = v == PM_REVIEW_FORBIDDEN || v == PM_REVIEW_NO_LEVEL;
        *why = denied ? "forbidden" : "bad_request";
        return denied ? 403 : 400;
    }
    pm_vstate to = pm_review_rule_of(a)->to;
    int moved = pm_store_task_update_review(st, n, to, r->user->u.name, a == PM_REVIEW_RETURN ? reason : NULL, &err);
    if (moved < 0)
        return web_refuse(500, "store_failed", why, msg, cap, err.msg);
    if (!moved)
        return web_refuse(409, "not_submitted", why, msg, cap, "这份进展报告已审核过（只有待审核的报告可以审核通过或退回）。");
    if (u && update_of(st, k->code, n, u, &err) != 1)
        return web_refuse(500, "store_failed", why, msg, cap, err.msg);
    snprintf(msg, cap, "已%s %s 的第 %ld 号进展报告。", pm_review_rule_of(a)->verb, k->code, n);
    return 0;
}
