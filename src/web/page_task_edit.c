/* GET /tasks/new and POST /tasks/new: the form that adds a key task or a
 * major project; GET /tasks/{code}/edit and POST /tasks/{code}/edit: the
 * form that changes one (task_edit.h: checks, access rule, write). A
 * planner sees every field; a department member who may only mark its
 * project's milestones sees the definition as text (sent back unchanged
 * in hidden fields) and the milestones' 已完成 and 完成日期 as the only
 * inputs. A form that fails its checks comes back (422) with the typed
 * values kept and the field at fault named and marked; nothing written.
 * "增加一行" redraws the form with one more empty milestone row; a row
 * ticked 删除 is left out. Saved: 303 to the task's page, whose change
 * log shows the edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "parse/work_in.h"
#include "web/pagekit.h"
#include "web/task_edit.h"

/* Milestone rows a form may carry (the form's ms_n). */
#define MS_ROWS_MAX 200

/* ---- drawing ------------------------------------------------------------------------- */

typedef struct form_ctx {
    web_req *r;
    const web_snap *s;
    const web_tasks *t;
    const char *code;   /* NULL: a new one */
    bool defs;          /* may change the definition (else milestones' met only) */
    const char *field;  /* the field at fault, "" none */
} form_ctx;

/* ` aria-invalid="true"` when name is the field at fault (a milestone's
 * field matches by its prefix "milestones[i].due"). */
static void invalid_mark(buf *b, const form_ctx *c, const char *name)
{
    if (c->field && *c->field && !strcmp(c->field, name))
        buf_puts(b, " aria-invalid=\"true\" aria-describedby=\"te-error\"");
}

static void hidden(buf *b, const char *name, const char *value)
{
    buf_puts(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    buf_puts(b, "\" value=\"");
    web_attr(b, value ? value : "");
    buf_puts(b, "\">");
}

/* A labelled text input (or, without defs, the value as text and a hidden
 * input carrying it back). */
static void text_row(buf *b, const form_ctx *c, const char *name, const char *label, const char *value,
                     const char *extra, const char *hint)
{
    if (!c->defs) {
        buf_puts(b, "<p><span class=\"label\">");
        web_text(b, label);
        buf_puts(b, "</span>：");
        web_text(b, value && *value ? value : "—");
        hidden(b, name, value);
        buf_puts(b, "</p>");
        return;
    }
    buf_printf(b, "<p><label for=\"te-%s\">", name);
    web_text(b, label);
    buf_printf(b, "</label> <input id=\"te-%s\" name=\"%s\" value=\"", name, name);
    web_attr(b, value ? value : "");
    buf_printf(b, "\" %s", extra ? extra : "");
    if (hint)
        buf_printf(b, " aria-describedby=\"te-%s-hint\"", name);
    invalid_mark(b, c, name);
    buf_puts(b, ">");
    if (hint) {
        buf_printf(b, " <span class=\"hint\" id=\"te-%s-hint\">", name);
        web_text(b, hint);
        buf_puts(b, "</span>");
    }
    buf_puts(b, "</p>");
}

static void option(buf *b, const char *value, const char *label, bool selected)
{
    buf_puts(b, "<option value=\"");
    web_attr(b, value);
    buf_puts(b, selected ? "\" selected>" : "\">");
    web_text(b, label);
    buf_puts(b, "</option>");
}

static bool names(const char *typed, const char *code, const char *name)
{
    return typed && (!strcmp(typed, code) || !strcmp(typed, name));
}

static void lead_row(buf *b, const form_ctx *c, const char *lead)
{
    const web_tasks *t = c->t;
    const pm_tree *tree = &c->s->ev.tree;
    if (!c->defs) {
        const char *shown = lead;
        for (size_t i = 0; i < t->set.ndepts; i++)
            if (names(lead, t->set.depts[i].code, t->set.depts[i].name))
                shown = t->set.depts[i].name;
        text_row(b, c, "lead", "牵头单位", shown, NULL, NULL);
        return;
    }
    buf_puts(b, "<p><label for=\"te-lead\">牵头单位</label> <select id=\"te-lead\" name=\"lead\" required");
    invalid_mark(b, c, "lead");
    buf_puts(b, ">");
    bool found = !lead || !*lead;
    option(b, "", "请选择", found);
    buf_puts(b, "<optgroup label=\"科室和委办局\">");
    for (size_t i = 0; i < t->set.ndepts; i++) {
        bool sel = names(lead, t->set.depts[i].code, t->set.depts[i].name);
        found = found || sel;
        option(b, t->set.depts[i].code, t->set.depts[i].name, sel);
    }
    buf_puts(b, "</optgroup><optgroup label=\"区和街道乡镇\">");
    for (size_t i = 0; i < tree->n; i++) {
        if (tree->u[i].level > 1)
            continue;
        bool sel = !found && names(lead, tree->u[i].code, tree->u[i].name);
        found = found || sel;
        option(b, tree->u[i].code, tree->u[i].name, sel);
    }
    buf_puts(b, "</optgroup>");
    if (!found) {
        /* What was typed and is unknown stays, to be seen and changed. */
        char label[300];
        snprintf(label, sizeof label, "%s（不存在）", lead);
        option(b, lead, label, true);
    }
    buf_puts(b, "</select></p>");
}

static char *joined(char *const *v, size_t n)
{
    buf j = BUF_INIT;
    buf_puts(&j, "");
    for (size_t i = 0; i < n; i++)
        buf_printf(&j, "%s%s", i ? "、" : "", v[i]);
    return buf_detach(&j);
}

static void indicators_row(buf *b, const form_ctx *c, const web_task_in *in)
{
    const pm_plan *plan = &c->s->ev.plan;
    if (!c->defs) {
        char *all = joined(in->indicators, in->nind);
        buf_puts(b, "<p><span class=\"label\">关联指标</span>：");
        web_text(b, *all ? all : "—");
        buf_puts(b, "</p>");
        free(all);
        for (size_t i = 0; i < in->nind; i++)
            hidden(b, "ind", in->indicators[i]);
        return;
    }
    buf_puts(b, "<fieldset class=\"te-inds\"");
    invalid_mark(b, c, "indicators");
    buf_puts(b, "><legend>关联指标</legend>");
    bool *typed_known = xcalloc(in->nind + 1, sizeof *typed_known);
    for (size_t i = 0; i < plan->nind; i++) {
        const pm_indicator *ind = &plan->ind[i];
        bool on = false;
        for (size_t k = 0; k < in->nind; k++) {
            const pm_indicator *x = pm_work_indicator(plan, in->indicators[k]);
            if (x == ind)
                on = typed_known[k] = true;
        }
        buf_printf(b, "<label class=\"te-ind\"><input type=\"checkbox\" name=\"ind\" value=\"");
        web_attr(b, ind->code);
        buf_printf(b, "\"%s> %d. ", on ? " checked" : "", ind->no);
        web_text(b, ind->name);
        buf_puts(b, "</label> ");
    }
    for (size_t k = 0; k < in->nind; k++)
        if (!typed_known[k]) {
            /* An unknown one sent back stays ticked, named as unknown. */
            buf_puts(b, "<label class=\"te-ind\"><input type=\"checkbox\" name=\"ind\" checked value=\"");
            web_attr(b, in->indicators[k]);
            buf_puts(b, "\"> ");
            web_text(b, in->indicators[k]);
            buf_puts(b, "（规划中没有）</label> ");
        }
    free(typed_known);
    buf_puts(b, "</fieldset>");
}

static void milestone_rows(buf *b, const form_ctx *c, const web_task_in *in, size_t extra)
{
    size_t n = in->nms + extra;
    buf_puts(b, "<h3>建设节点</h3>");
    static const char *const head_all[] = {"日期", "内容", "已完成", "完成日期", "删除"};
    wp_table_begin(b, "建设节点", "te-ms", head_all, c->defs ? 5 : 4);
    for (size_t i = 0; i < n; i++) {
        const web_ms_in *m = i < in->nms ? &in->ms[i] : NULL;
        char name[48], f[48];
        buf_puts(b, "<tr>");
        if (c->defs) {
            for (int k = 0; k < 2; k++) {
                const char *what = k ? "what" : "due";
                snprintf(name, sizeof name, "ms_%s_%zu", what, i);
                snprintf(f, sizeof f, "milestones[%zu].%s", i, what);
                buf_printf(b, "<td><input name=\"%s\" aria-label=\"第 %zu 行节点%s\" value=\"", name, i + 1,
                           k ? "内容" : "日期");
                web_attr(b, m ? (k ? m->what : m->due) : "");
                buf_printf(b, "\" %s", k ? "size=\"30\" maxlength=\"600\"" : "size=\"12\" placeholder=\"2024-06-30\"");
                invalid_mark(b, c, f);
                buf_puts(b, "></td>");
            }
        } else {
            buf_puts(b, "<td>");
            web_text(b, m ? m->due : "");
            buf_puts(b, "</td><td>");
            web_text(b, m ? m->what : "");
            snprintf(name, sizeof name, "ms_due_%zu", i);
            hidden(b, name, m ? m->due : "");
            snprintf(name, sizeof name, "ms_what_%zu", i);
            hidden(b, name, m ? m->what : "");
            buf_puts(b, "</td>");
        }
        buf_printf(b, "<td><input type=\"checkbox\" name=\"ms_met_%zu\" value=\"1\" aria-label=\"第 %zu 行节点已完成\"%s></td>",
                   i, i + 1, m && m->met ? " checked" : "");
        snprintf(f, sizeof f, "milestones[%zu].met_on", i);
        buf_printf(b, "<td><input name=\"ms_on_%zu\" aria-label=\"第 %zu 行节点完成日期\" size=\"12\" value=\"", i, i + 1);
        web_attr(b, m ? m->met_on : "");
        buf_puts(b, "\"");
        invalid_mark(b, c, f);
        buf_puts(b, "></td>");
        if (c->defs)
            buf_printf(b, "<td><input type=\"checkbox\" name=\"ms_del_%zu\" value=\"1\" aria-label=\"删除第 %zu 行节点\"></td>", i,
                       i + 1);
        buf_puts(b, "</tr>");
    }
    wp_table_end(b);
    buf_printf(b, "<input type=\"hidden\" name=\"ms_n\" value=\"%zu\">", n);
    if (c->defs)
        buf_puts(b, "<p><button type=\"submit\" name=\"action\" value=\"more\" formnovalidate>增加一行节点</button> "
                    "<span class=\"hint\">空行不保存；勾选“删除”的节点保存时去掉。</span></p>");
}

/* The whole page: the form holding in (typed or stored), status, an error
 * message (NULL none) about field. */
static void render(const form_ctx *c, web_resp *w, int status, const web_task_in *in, size_t extra_rows,
                   const char *error)
{
    web_req *r = c->r;
    const pm_task *k = c->code ? web_task_find(c->t, c->code) : NULL;
    char title[PM_TASK_TITLE_MAX + 64];
    if (k)
        snprintf(title, sizeof title, "编辑 %s %s", k->code, k->title);
    else
        snprintf(title, sizeof title, "新增任务或项目");
    w->status = status;
    web_page_begin(r, w, title);
    buf *b = &w->body;
    buf_puts(b, "<p><a href=\"/tasks\">重点任务和重大项目</a>");
    buf h = BUF_INIT;
    if (k) {
        buf_puts(&h, "/tasks/");
        esc_url_component(&h, k->code);
        buf_puts(b, " › ");
        wp_link(b, buf_str(&h), k->code);
    }
    buf_puts(b, "</p><h1>");
    web_text(b, title);
    buf_puts(b, "</h1>");
    if (error)
        buf_puts(b, "<div id=\"te-error\">"), wp_msg(b, "error", error), buf_puts(b, "</div>");
    if (!c->defs)
        wp_msg(b, "info", "您可以登记本部门项目各节点的完成情况；任务的定义（名称、责任单位、时限、投资、节点内容）由规划人员修改。");
    buf_puts(b, "<form method=\"post\" class=\"task-edit\" action=\"");
    if (k)
        buf_puts(&h, "/edit");
    web_attr(b, k ? buf_str(&h) : "/tasks/new");
    buf_free(&h);
    buf_puts(b, "\">");
    web_csrf_field(r, b);
    if (!k)
        text_row(b, c, "code", "编号", in->code, "required maxlength=\"32\" size=\"12\"",
                 "字母、数字或 - _ .，如 RW21、XM06");
    bool project = in->type && (!strcmp(in->type, "project") || !strcmp(in->type, "重大项目"));
    if (!in->type && k)
        project = k->project;
    if (c->defs) {
        buf_puts(b, "<p><label for=\"te-type\">类型</label> <select id=\"te-type\" name=\"type\"");
        invalid_mark(b, c, "type");
        buf_puts(b, ">");
        option(b, "task", "重点任务", !project);
        option(b, "project", "重大项目", project);
        buf_puts(b, "</select></p>");
    } else {
        buf_printf(b, "<p><span class=\"label\">类型</span>：%s", project ? "重大项目" : "重点任务");
        hidden(b, "type", project ? "project" : "task");
        buf_puts(b, "</p>");
    }
    text_row(b, c, "title", "名称", in->title, "required maxlength=\"600\" size=\"60\"", NULL);
    text_row(b, c, "section", "规划章节（领域）", in->section, "maxlength=\"600\" size=\"40\"", "如：（二）健全养老服务体系");
    lead_row(b, c, in->lead);
    char *co = joined(in->co, in->nco);
    text_row(b, c, "co", "配合单位", co, "size=\"40\"", "多个单位用顿号（、）分隔，可填代码或名称");
    free(co);
    indicators_row(b, c, in);
    text_row(b, c, "deadline", "完成时限", in->deadline, "size=\"12\" placeholder=\"2025-12-31\"",
             "如 2025-12-31、2025年6月、2025年底；重大项目即完工时间；不填为持续推进");
    buf_puts(b, "<fieldset class=\"te-project\"><legend>重大项目（类型为重大项目时填写）</legend>");
    text_row(b, c, "invest_planned", "计划投资（万元）", in->invest_planned, "size=\"10\" inputmode=\"decimal\"", NULL);
    text_row(b, c, "invest_spent", "已完成投资（万元）", in->invest_spent, "size=\"10\" inputmode=\"decimal\"", NULL);
    text_row(b, c, "start", "开工时间", in->start, "size=\"12\" placeholder=\"2022-03-01\"", NULL);
    milestone_rows(b, c, in, extra_rows);
    buf_puts(b, "</fieldset><p><button type=\"submit\" name=\"action\" value=\"save\">保存</button></p></form>");
    web_page_end(r, w);
}

/* ---- reading the form ---------------------------------------------------------------- */

static char *form_dup(web_req *r, const char *name)
{
    const char *v = web_form(r, name);
    return v ? wp_trim(xstrdup(v)) : NULL;
}

/* The form as a web_task_in (the caller's); false (400 in w) when it is
 * malformed: no or a bad row count. */
static bool read_form(web_req *r, web_resp *w, web_task_in *in)
{
    memset(in, 0, sizeof *in);
    in->code = form_dup(r, "code");
    in->type = form_dup(r, "type");
    in->title = form_dup(r, "title");
    in->section = form_dup(r, "section");
    in->lead = form_dup(r, "lead");
    in->deadline = form_dup(r, "deadline");
    in->invest_planned = form_dup(r, "invest_planned");
    in->invest_spent = form_dup(r, "invest_spent");
    in->start = form_dup(r, "start");
    in->co = pm_split_names(web_form(r, "co") ? web_form(r, "co") : "", &in->nco);
    for (size_t i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].key, "ind") && *r->form[i].val) {
            in->indicators = xnrealloc(in->indicators, in->nind + 1, sizeof *in->indicators);
            in->indicators[in->nind++] = wp_trim(xstrdup(r->form[i].val));
        }
    const char *ns = web_form(r, "ms_n");
    char *end = NULL;
    long n = ns ? strtol(ns, &end, 10) : -1;
    if (!ns || !*ns || *end || n < 0 || n > MS_ROWS_MAX) {
        web_error(r, w, 400, "bad_request", "表单不完整（缺少节点行数 ms_n），请刷新页面后重试。");
        return false;
    }
    for (long i = 0; i < n; i++) {
        char k1[32], k2[32], k3[32], k4[32], k5[32];
        snprintf(k1, sizeof k1, "ms_due_%ld", i);
        snprintf(k2, sizeof k2, "ms_what_%ld", i);
        snprintf(k3, sizeof k3, "ms_met_%ld", i);
        snprintf(k4, sizeof k4, "ms_on_%ld", i);
        snprintf(k5, sizeof k5, "ms_del_%ld", i);
        if (web_form(r, k5))
            continue;
        char *due = form_dup(r, k1), *what = form_dup(r, k2), *on = form_dup(r, k4);
        web_task_in_add_ms(in, due, what, web_form(r, k3) != NULL, on);
        free(due);
        free(what);
        free(on);
    }
    return true;
}

/* ---- handlers --------------------------------------------------------------------------- */

/* The form's access rule answered: 403 in w when the user may not edit. */
static bool may_open(web_req *r, web_resp *w, const pm_task *k, web_task_edit_right *right)
{
    *right = web_task_edit_right_of(r->user, k);
    if (*right != WEB_TASK_EDIT_NONE)
        return true;
    web_error(r, w, 403, "forbidden",
              k ? "无权修改此任务：只有规划人员和管理员可以修改任务和项目（部门用户可登记本部门项目的节点完成情况）。"
                : "无权新增任务或项目：只有规划人员和管理员可以新增。");
    return false;
}

void web_task_new_form(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    web_task_edit_right right;
    if (!web_tasks_load(r, w, s, &t))
        return;
    if (may_open(r, w, NULL, &right)) {
        web_task_in in;
        memset(&in, 0, sizeof in);
        form_ctx c = {r, s, &t, NULL, true, ""};
        render(&c, w, 200, &in, 3, NULL);
        web_task_in_free(&in);
    }
    web_tasks_free(&t);
}

void web_task_edit_form(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    web_task_edit_right right;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    if (k && may_open(r, w, k, &right)) {
        web_task_in in;
        web_task_in_of(k, &in);
        bool defs = right == WEB_TASK_EDIT_ALL;
        form_ctx c = {r, s, &t, k->code, defs, ""};
        render(&c, w, 200, &in, defs ? 2 : 0, NULL);
        web_task_in_free(&in);
    }
    web_tasks_free(&t);
}

/* POST of either form: k the task edited (NULL: a new one). */
static void post(web_req *r, web_resp *w, const web_snap *s, web_tasks *t, const pm_task *k)
{
    web_task_edit_right right;
    web_task_in in;
    if (!may_open(r, w, k, &right))
        return;
    if (!read_form(r, w, &in)) {
        web_task_in_free(&in);
        return;
    }
    form_ctx c = {r, s, t, k ? k->code : NULL, right == WEB_TASK_EDIT_ALL, ""};
    const char *action = web_form(r, "action");
    if (action && !strcmp(action, "more")) {
        render(&c, w, 200, &in, 1, NULL);
        web_task_in_free(&in);
        return;
    }
    web_task_verdict v;
    const char *code = k ? k->code : in.code ? in.code : "";
    int status = web_task_save(r, s, t, k, code, &in, &v);
    if (status == 0 || status == 200) {
        buf h = BUF_INIT;
        buf_puts(&h, "/tasks/");
        esc_url_component(&h, code);
        web_redirect(w, 303, buf_str(&h));
        buf_free(&h);
    } else if (status == 422 || status == 409) {
        c.field = v.field;
        render(&c, w, 422, &in, 0, v.msg);
    } else {
        web_error(r, w, status, v.why, v.msg);
    }
    web_task_in_free(&in);
}

void web_task_new_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    if (web_tasks_load(r, w, s, &t))
        post(r, w, s, &t, NULL);
    web_tasks_free(&t);
}

void web_task_edit_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    if (k)
        post(r, w, s, &t, k);
    web_tasks_free(&t);
}
