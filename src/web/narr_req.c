/* Narratives for one request: loading, the access rule, filters, the JSON
 * document and writing one (narr_req.h). */
#include "web/narr_req.h"

#include <stdio.h>
#include <string.h>

#include "render/doc/work_out.h"

/* The narratives and history of x's year into x (x's own freed first).
 * False with err set, x then holding none. */
static bool read_narrs(web_req *r, web_narrs *x, pm_err *err)
{
    pm_narratives_free(x->nv, x->n);
    pm_narr_changes_free(x->ch, x->nch);
    x->nv = NULL, x->ch = NULL, x->n = x->nch = 0;
    return pm_store_narratives(r->store, x->t.year, &x->nv, &x->n, err) &&
           pm_store_narrative_history(r->store, x->t.year, -1, NULL, &x->ch, &x->nch, err);
}

bool web_narrs_load(web_req *r, web_resp *w, const web_snap *s, web_narrs *x)
{
    memset(x, 0, sizeof *x);
    /* The rule and the words about a task need the tasks, not their
     * departments or updates. */
    if (!web_tasks_load_bare(r, w, s, &x->t))
        return false;
    pm_err err = {0};
    if (!read_narrs(r, x, &err)) {
        web_narrs_free(x);
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    return true;
}

void web_narrs_free(web_narrs *x)
{
    web_tasks_free(&x->t);
    pm_narratives_free(x->nv, x->n);
    pm_narr_changes_free(x->ch, x->nch);
    memset(x, 0, sizeof *x);
}

/* May the request's user accept a narrative (planners and admins)? */
static bool narr_accepts(const web_req *r)
{
    return r->user && !r->user->u.disabled && web_can(r->user, WEB_DO_PLAN, -1);
}

/* The rule of narr_req.h for reading (write false) or writing. */
static bool narr_may(const web_req *r, const web_snap *s, const web_narrs *x, pm_narr_scope scope, const char *target,
                     bool write)
{
    const web_user *u = r->user;
    if (!u || u->u.disabled)
        return false;
    if (narr_accepts(r))
        return true;
    if (scope == PM_NS_TASK) {
        const pm_task *k = web_task_find(&x->t, target);
        return k && (write ? web_task_writes(r, s, k) : web_task_reads(r, s, k));
    }
    if (u->u.dept) {
        if (scope != PM_NS_INDICATOR)
            return false;
        const pm_indicator *ind = pm_plan_find(&s->ev.plan, target);
        const pm_assignment *a = ind ? pm_evaluation_duty(&s->ev, (int)(ind - s->ev.plan.ind)) : NULL;
        return a && pm_assignment_has_dept(a, u->u.dept, false);
    }
    /* Who reads the whole district reads every narrative (as every task). */
    return !write && s->ev.tree.n && web_can(u, WEB_DO_READ, 0);
}

/* May the request's user read / write the narratives about scope and
 * target (a canonical target: a section key, indicator code, task code)? */
static bool narr_reads(const web_req *r, const web_snap *s, const web_narrs *x, pm_narr_scope scope,
                       const char *target)
{
    return narr_may(r, s, x, scope, target, false);
}

static bool narr_writes(const web_req *r, const web_snap *s, const web_narrs *x, pm_narr_scope scope,
                        const char *target)
{
    return narr_may(r, s, x, scope, target, true);
}

/* The canonical target of scope for what a user typed (a section's key or
 * title, an indicator's 序号 or code, a task's code, a domain's name; ""
 * for the whole report), borrowed from the plan, tasks or section table;
 * NULL when there is no such thing. */
static const char *narr_target(const web_snap *s, const web_narrs *x, pm_narr_scope scope, const char *typed)
{
    const char *t = typed ? typed : "";
    switch (scope) {
    case PM_NS_PLAN:
        return *t ? NULL : "";
    case PM_NS_SECTION: {
        const pm_narr_section *sec = pm_narr_section_find(t);
        return sec ? sec->key : NULL;
    }
    case PM_NS_DOMAIN: /* a domain is one its indicators name, however many there are */
        for (size_t i = 0; i < s->ev.plan.nind; i++)
            if (!strcmp(s->ev.plan.ind[i].domain, t))
                return s->ev.plan.ind[i].domain;
        return NULL;
    case PM_NS_INDICATOR: {
        const pm_indicator *ind = *t ? pm_plan_find(&s->ev.plan, t) : NULL;
        return ind ? ind->code : NULL;
    }
    case PM_NS_TASK: {
        const pm_task *k = web_task_find(&x->t, t);
        return k ? k->code : NULL;
    }
    case PM_NS_COUNT:
        break;
    }
    return NULL;
}

/* What a narrative is about, in words: "报告章节：存在问题及原因",
 * "指标：区级精神卫生福利床位数", "任务或项目：XM01 区级精神卫生…". */
static void narr_about(buf *b, const web_snap *s, const web_narrs *x, pm_narr_scope scope, const char *target)
{
    buf_puts(b, pm_narr_scope_label(scope));
    if (scope == PM_NS_PLAN)
        return;
    buf_puts(b, "：");
    const pm_narr_section *sec = scope == PM_NS_SECTION ? pm_narr_section_find(target) : NULL;
    const pm_indicator *ind = scope == PM_NS_INDICATOR ? pm_plan_find(&s->ev.plan, target) : NULL;
    const pm_task *k = scope == PM_NS_TASK ? web_task_find(&x->t, target) : NULL;
    if (sec)
        buf_puts(b, sec->title);
    else if (ind)
        buf_printf(b, "%d. %s", ind->no, ind->name);
    else if (k)
        buf_printf(b, "%s %s", k->code, k->title);
    else
        buf_puts(b, target);
}

bool web_narr_filter_read(web_req *r, web_resp *w, const web_snap *s, const web_narrs *x, web_narr_filter *f)
{
    *f = (web_narr_filter){-1, NULL, -1};
    const char *section = web_query(r, "section"), *scope = web_query(r, "scope"), *ref = web_query(r, "ref"),
               *kind = web_query(r, "kind");
    pm_narr_scope sc;
    pm_narr_kind k;
    if (section && *section) {
        f->scope = PM_NS_SECTION;
        if (!(f->target = narr_target(s, x, PM_NS_SECTION, section))) {
            web_error(r, w, 400, "bad_request", "报告中没有这个章节。");
            return false;
        }
    } else if (scope && *scope) {
        if (!pm_narr_scope_parse(scope, &sc)) {
            web_error(r, w, 400, "bad_request", "scope 应为 plan、section、domain、indicator、task 之一。");
            return false;
        }
        f->scope = (int)sc;
        if (ref && *ref && !(f->target = narr_target(s, x, sc, ref))) {
            web_error(r, w, 400, "bad_request", "ref 所指的章节、领域、指标或任务不存在。");
            return false;
        }
    } else if (ref && *ref) {
        web_error(r, w, 400, "bad_request", "ref 须与 scope 同用（或用 section）。");
        return false;
    }
    if (kind && *kind) {
        if (!pm_narr_kind_parse(kind, &k)) {
            web_error(r, w, 400, "bad_request", "kind 应为 work、achievements、problems、next_steps、adjustments 之一。");
            return false;
        }
        f->kind = (int)k;
    }
    return true;
}

static bool narr_passes(const web_narr_filter *f, pm_narr_scope scope, const char *target, pm_narr_kind kind)
{
    return (f->scope < 0 || (int)scope == f->scope) && (!f->target || !strcmp(f->target, target)) &&
           (f->kind < 0 || (int)kind == f->kind);
}

/* Sets "about" (narr_about's words) on o. */
static void set_about(json_t *o, const web_snap *s, const web_narrs *x, pm_narr_scope scope, const char *target)
{
    buf b = BUF_INIT;
    narr_about(&b, s, x, scope, target);
    json_object_set_new(o, "about", esc_json_value(buf_str(&b)));
    buf_free(&b);
}

json_t *web_narrs_doc(const web_req *r, const web_snap *s, const web_narrs *x, const web_narr_filter *f)
{
    json_t *doc = json_object(), *kinds = json_array(), *rows = json_array(), *hist = json_array();
    json_object_set_new(doc, "year", json_integer(x->t.year));
    json_object_set_new(doc, "can_accept", json_boolean(narr_accepts(r)));
    for (int k = 0; k < PM_NK_COUNT; k++)
        json_array_append_new(kinds, json_pack("{s:s,s:s}", "key", pm_narr_kind_str((pm_narr_kind)k), "label",
                                               pm_narr_kind_label((pm_narr_kind)k)));
    for (size_t i = 0; i < x->n; i++) {
        const pm_narrative *nv = &x->nv[i];
        if (!narr_passes(f, nv->scope, nv->target, nv->kind) || !narr_reads(r, s, x, nv->scope, nv->target))
            continue;
        json_t *o = out_narrative_json(nv);
        set_about(o, s, x, nv->scope, nv->target);
        bool edit = narr_writes(r, s, x, nv->scope, nv->target) &&
                    (nv->state != PM_NST_ACCEPTED || narr_accepts(r));
        json_object_set_new(o, "can_edit", json_boolean(edit));
        json_array_append_new(rows, o);
    }
    for (size_t i = 0; i < x->nch; i++) {
        const pm_narr_change *c = &x->ch[i];
        if (!narr_passes(f, c->scope, c->target, c->kind) || !narr_reads(r, s, x, c->scope, c->target))
            continue;
        json_t *o = out_narr_change_json(&x->ch[i]);
        set_about(o, s, x, c->scope, c->target);
        json_array_append_new(hist, o);
    }
    json_object_set_new(doc, "kinds", kinds);
    json_object_set_new(doc, "narratives", rows);
    json_object_set_new(doc, "history", hist);
    return doc;
}

/* The stored narrative of x's year with that scope, target and kind, or NULL. */
static const pm_narrative *stored(const web_narrs *x, pm_narr_scope scope, const char *target, pm_narr_kind kind)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->nv[i].scope == scope && x->nv[i].kind == kind && !strcmp(x->nv[i].target, target))
            return &x->nv[i];
    return NULL;
}

int web_narr_record(web_req *r, const web_snap *s, web_narrs *x, const web_narr_in *in, web_narr_filter *saved,
                    char *msg, size_t cap, const char **why)
{
    pm_narrative nv = {0};
    nv.year = x->t.year;
    if (!in->scope || !pm_narr_scope_parse(in->scope, &nv.scope))
        return web_refuse(400, "bad_request", why, msg, cap, "范围（scope）应为 plan、section、domain、indicator、task 之一。");
    const char *target = narr_target(s, x, nv.scope, in->target);
    if (!target)
        return web_refuse(400, "bad_request", why, msg, cap, "对象不存在：章节用其名称，指标用序号或代码，任务用编号，领域用其名称。");
    if (!narr_writes(r, s, x, nv.scope, target))
        return web_refuse(403, "forbidden", why, msg, cap,
                          "无权撰写此评估意见：各部门撰写本部门牵头或配合的指标和任务的意见，街道乡镇撰写本单位承担的任务的意见，"
                          "报告章节由规划人员撰写。");
    if (in->accept && !narr_accepts(r))
        return web_refuse(403, "forbidden", why, msg, cap, "只有规划人员可以采纳评估意见。");
    if (!in->kind || !pm_narr_kind_parse(in->kind, &nv.kind))
        return web_refuse(400, "bad_request", why, msg, cap,
                          "类别应为 评估工作开展情况、主要成效、存在问题及原因、下一步工作建议、规划调整建议 之一。");
    if (!in->text || !*in->text)
        return web_refuse(400, "bad_request", why, msg, cap, "评估意见的内容不能为空。");
    /* The store refuses a longer text too, but its refusal cannot be told
     * from a failure (500): this one is the user's (400). Valid UTF-8 is
     * the front door's (dispatch.c for a form, jansson for JSON). */
    if (strlen(in->text) > PM_NARR_TEXT_MAX) {
        snprintf(msg, cap, "评估意见过长（最多 %d 字节）。", PM_NARR_TEXT_MAX);
        *why = "bad_request";
        return 400;
    }
    const pm_narrative *old = stored(x, nv.scope, target, nv.kind);
    if (old && old->state == PM_NST_ACCEPTED && !narr_accepts(r))
        return web_refuse(409, "accepted", why, msg, cap, "该评估意见已被采纳，只能由规划人员修改。");
    nv.target = (char *)target;
    nv.text = (char *)in->text;
    nv.state = in->accept ? PM_NST_ACCEPTED : PM_NST_DRAFT;
    nv.who = r->user->u.name;
    pm_err err = {0};
    /* target is the plan's, a task's of x->t or the section table's: it
     * outlives the narratives read again. */
    if (!pm_store_narrative_put(r->store, &nv, &err) || !read_narrs(r, x, &err))
        return web_refuse(500, "store_failed", why, msg, cap, err.msg);
    if (saved)
        *saved = (web_narr_filter){(int)nv.scope, target, (int)nv.kind};
    buf b = BUF_INIT;
    narr_about(&b, s, x, nv.scope, target);
    snprintf(msg, cap, "已保存 %d 年%s的%s（%s）。", nv.year, buf_str(&b), pm_narr_kind_label(nv.kind),
             pm_narr_state_label(nv.state));
    buf_free(&b);
    return 0;
}
