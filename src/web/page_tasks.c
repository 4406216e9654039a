/* GET /tasks: the key tasks and major projects the user may read, judged
 * for the year shown, with counts by judgment and filters by department,
 * judgment and type. GET /tasks/{code}: one task or project — its
 * assignment, linked indicators, milestones, every progress update (the
 * append-only history of reports, with their review) and its change log,
 * and the form to report progress for those allowed (task_req.h's rule).
 * POST /tasks/{code}/updates records one with its evidence files (a
 * multipart form; update and files together or not at all); reviewers approve or return a
 * waiting one (POST /tasks/{code}/updates/{id}/review). GET /depts: the responsible
 * departments and how their tasks stand. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "engine/task_judge.h"
#include "parse/filetype.h"
#include "render/doc/work_out.h"
#include "web/pagekit.h"
#include "web/task_req.h"

/* ---- the list ---------------------------------------------------------------------- */

static void filter_form(buf *b, const web_tasks *t, const web_task_filter *f)
{
    buf_puts(b, "<form method=\"get\" action=\"/tasks\" class=\"chooser\"><label>责任单位 <select name=\"dept\">"
                "<option value=\"\">全部</option>");
    for (size_t i = 0; i < t->set.ndepts; i++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, t->set.depts[i].code);
        buf_puts(b, f->dept == &t->set.depts[i] ? "\" selected>" : "\">");
        web_text(b, t->set.depts[i].name);
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select></label> <label>评估结论 <select name=\"state\"><option value=\"\">全部</option>");
    for (int j = 0; j < PM_TJ_COUNT; j++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, pm_task_judgment_str((pm_task_judgment)j));
        buf_puts(b, f->judgment == j ? "\" selected>" : "\">");
        web_text(b, pm_task_judgment_label((pm_task_judgment)j));
        buf_puts(b, "</option>");
    }
    buf_printf(b, "</select></label> <label>类型 <select name=\"type\"><option value=\"\">全部</option>"
                  "<option value=\"task\"%s>重点任务</option><option value=\"project\"%s>重大项目</option></select></label>"
                  " <button type=\"submit\">筛选</button></form>",
               f->project == 0 ? " selected" : "", f->project == 1 ? " selected" : "");
}

static void counts_line(buf *b, const json_t *counts)
{
    buf_printf(b, "<p class=\"counts\">共 %lld 项：", (long long)json_integer_value(json_object_get(counts, "total")));
    for (int j = 0; j < PM_TJ_COUNT; j++) {
        const char *k = pm_task_judgment_str((pm_task_judgment)j);
        buf_printf(b, "%s", j ? "，" : "");
        web_text(b, pm_task_judgment_label((pm_task_judgment)j));
        buf_printf(b, " %lld", (long long)json_integer_value(json_object_get(counts, k)));
    }
    buf_puts(b, "。</p>");
}

static void task_row(buf *b, const json_t *row)
{
    buf_puts(b, "<tr><td>");
    wp_task_link(b, web_doc_str(row, "code"));
    buf_puts(b, "</td>");
    wp_td(b, web_doc_str(row, "type_label"));
    wp_td(b, web_doc_str(row, "title"));
    buf_puts(b, "<td>");
    wp_dept_link(b, strcmp(web_doc_str(row, "lead_type"), "dept") ? NULL : web_doc_str(row, "lead"), web_doc_str(row, "lead_name"));
    buf_puts(b, "</td>");
    wp_td(b, web_doc_str(row, "co"));
    wp_td(b, web_doc_str(row, "deadline"));
    buf_puts(b, "<td>");
    if (*web_doc_str(row, "latest_period")) {
        web_text(b, web_doc_str(row, "latest_period_label"));
        buf_puts(b, " ");
        web_text(b, web_doc_str(row, "latest_state_label"));
        json_t *pc = json_object_get(row, "percent");
        if (json_is_number(pc))
            buf_printf(b, " %.0f%%", json_number_value(pc));
    } else {
        buf_puts(b, "尚无报告");
    }
    buf_puts(b, "</td><td>");
    wp_judgment_chip(b, web_doc_str(row, "judgment"), web_doc_str(row, "judgment_label"));
    buf_puts(b, "</td></tr>");
}

void web_tasks_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    web_task_filter f;
    if (!web_tasks_load(r, w, s, &t))
        return;
    if (!web_task_filter_read(r, w, &t, &f)) {
        web_tasks_free(&t);
        return;
    }
    json_t *doc = web_tasks_doc(r, s, &t, &f);
    web_page_begin(r, w, "重点任务和重大项目");
    buf *b = &w->body;
    buf_printf(b, "<h1>重点任务和重大项目</h1><p>按 %s 的进展评估（%d 年）。只列出您可以查看的任务："
                  "各部门查看本部门牵头或配合的任务，街道乡镇查看本单位承担的任务。</p>",
               t.as_of, t.year);
    if (web_task_edit_right_of(r->user, NULL) == WEB_TASK_EDIT_ALL)
        buf_puts(b, "<p><a href=\"/tasks/new\">新增任务或项目</a></p>");
    filter_form(b, &t, &f);
    counts_line(b, json_object_get(doc, "counts"));
    const json_t *rows = json_object_get(doc, "tasks");
    if (!json_array_size(rows)) {
        buf_puts(b, "<p>没有符合条件的任务。</p>");
    } else {
        static const char *const head[] = {"编号", "类型", "名称", "牵头单位", "配合单位", "完成时限", "最新进展", "评估结论"};
        wp_table_begin(b, "重点任务和重大项目", "tasks", head, sizeof head / sizeof head[0]);
        size_t i;
        const json_t *row;
        json_array_foreach(rows, i, row)
            task_row(b, row);
        wp_table_end(b);
    }
    web_page_end(r, w);
    json_decref(doc);
    web_tasks_free(&t);
}

/* ---- one task ---------------------------------------------------------------------- */

static void dl_item(buf *b, const char *term, const char *text)
{
    buf_puts(b, "<dt>");
    web_text(b, term);
    buf_puts(b, "</dt><dd>");
    web_text(b, *text ? text : "—");
    buf_puts(b, "</dd>");
}

static void facts(buf *b, const json_t *doc, const pm_task *k)
{
    buf_puts(b, "<dl class=\"facts\">");
    dl_item(b, "类型", web_doc_str(doc, "type_label"));
    dl_item(b, "规划章节", web_doc_str(doc, "section"));
    buf_puts(b, "<dt>牵头单位</dt><dd>");
    if (k->duty.lead.code)
        wp_party(b, &k->duty.lead);
    else
        buf_puts(b, "—");
    buf_puts(b, "</dd>");
    dl_item(b, "配合单位", web_doc_str(doc, "co"));
    dl_item(b, "完成时限", web_doc_str(doc, "deadline"));
    dl_item(b, "关联指标", web_doc_str(doc, "indicators"));
    buf_puts(b, "<dt>评估结论</dt><dd>");
    wp_judgment_chip(b, web_doc_str(doc, "judgment"), web_doc_str(doc, "judgment_label"));
    buf_puts(b, "（截至 ");
    web_text(b, web_doc_str(doc, "as_of"));
    buf_puts(b, "）</dd>");
    if (k->project) {
        dl_item(b, "开工日期", k->start);
        dl_item(b, "完成日期", k->finish);
        char m[64];
        json_t *pl = json_object_get(doc, "invest_planned"), *sp = json_object_get(doc, "invest_spent");
        snprintf(m, sizeof m, "%s", "");
        if (json_is_number(pl))
            snprintf(m, sizeof m, "%.0f 万元", json_number_value(pl));
        dl_item(b, "计划投资", m);
        m[0] = '\0';
        if (json_is_number(sp))
            snprintf(m, sizeof m, "%.0f 万元", json_number_value(sp));
        dl_item(b, "已完成投资", m);
    }
    buf_puts(b, "</dl>");
}

static void milestones(buf *b, const json_t *doc)
{
    const json_t *ms = json_object_get(doc, "milestones");
    if (!json_array_size(ms))
        return;
    buf_puts(b, "<h2>节点</h2>");
    static const char *const head[] = {"计划日期", "节点", "完成情况"};
    wp_table_begin(b, "项目节点", "milestones", head, 3);
    size_t i;
    const json_t *m;
    json_array_foreach(ms, i, m)
    {
        buf_puts(b, "<tr>");
        wp_td(b, web_doc_str(m, "due"));
        wp_td(b, web_doc_str(m, "what"));
        buf_puts(b, "<td>");
        if (json_is_true(json_object_get(m, "met"))) {
            buf_puts(b, "已完成");
            if (*web_doc_str(m, "met_on")) {
                buf_puts(b, "（");
                web_text(b, web_doc_str(m, "met_on"));
                buf_puts(b, "）");
            }
        } else {
            buf_puts(b, json_is_true(json_object_get(m, "late")) ? "逾期未完成" : "未到期");
        }
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
}

/* One update's evidence files as a cell: each a download link with its
 * type, size, uploader and time. */
static void update_files(buf *b, const json_t *files)
{
    if (!json_array_size(files)) {
        buf_puts(b, "<td>—</td>");
        return;
    }
    buf_puts(b, "<td><ul class=\"attachments\">");
    size_t i;
    const json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *mime = web_doc_str(f, "mime");
        pm_filetype t = PM_FT_UNKNOWN;
        for (int k = PM_FT_PDF; k <= PM_FT_DOCX; k++)
            if (!strcmp(mime, pm_filetype_mime((pm_filetype)k)))
                t = (pm_filetype)k;
        char local[40];
        buf_puts(b, "<li><a href=\"");
        web_attr(b, web_doc_str(f, "url"));
        buf_puts(b, "\">");
        web_text(b, web_doc_str(f, "name"));
        buf_puts(b, "</a> <span class=\"sub\">");
        web_text(b, pm_filetype_label(t));
        buf_printf(b, " · %.1f KB · ", (double)json_integer_value(json_object_get(f, "size")) / 1024.0);
        web_text(b, web_doc_str(f, "who"));
        buf_puts(b, " · ");
        web_text(b, pm_clock_local(web_doc_str(f, "at"), false, local, sizeof local));
        buf_puts(b, "</span></li>");
    }
    buf_puts(b, "</ul></td>");
}

/* The reports of progress, oldest first: appended, never rewritten. */
static void updates(buf *b, const json_t *doc)
{
    const json_t *ups = json_object_get(doc, "updates");
    buf_puts(b, "<h2 id=\"updates\">进展报告</h2>");
    if (!json_array_size(ups)) {
        buf_puts(b, "<p>尚无进展报告。</p>");
        return;
    }
    buf_puts(b, "<p>每次报告都保留，不会被改写；审核人审核通过或退回（附原因）。</p>");
    static const char *const head[] = {"编号", "报告期", "进展状态", "完成比例", "进展情况", "佐证材料", "报告人", "时间", "审核"};
    wp_table_begin(b, "进展报告", "updates", head, sizeof head / sizeof head[0]);
    size_t i;
    const json_t *u;
    json_array_foreach(ups, i, u)
    {
        buf_printf(b, "<tr><td>%lld</td>", (long long)json_integer_value(json_object_get(u, "id")));
        wp_td(b, web_doc_str(u, "period_label"));
        wp_td(b, web_doc_str(u, "state_label"));
        json_t *pc = json_object_get(u, "percent");
        if (json_is_number(pc))
            buf_printf(b, "<td>%.0f%%</td>", json_number_value(pc));
        else
            buf_puts(b, "<td>—</td>");
        wp_td(b, web_doc_str(u, "text"));
        update_files(b, json_object_get(u, "attachments"));
        wp_td(b, web_doc_str(u, "who"));
        char local[40];
        wp_td(b, pm_clock_local(web_doc_str(u, "at"), false, local, sizeof local));
        buf_puts(b, "<td>");
        web_text(b, web_doc_str(u, "review_label"));
        if (*web_doc_str(u, "reason")) {
            buf_puts(b, "：");
            web_text(b, web_doc_str(u, "reason"));
        }
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
}

/* One form per report waiting for review: approve, or return with a
 * reason (the figures' review rules, engine/review.h). */
static void review_forms(web_req *r, buf *b, const json_t *doc, const pm_task *k)
{
    const json_t *ups = json_object_get(doc, "updates");
    size_t i, waiting = 0;
    const json_t *u;
    json_array_foreach(ups, i, u)
        waiting += !strcmp(web_doc_str(u, "review"), "submitted");
    if (!waiting)
        return;
    buf_printf(b, "<h2 id=\"review\">审核进展报告</h2><p>待审核 %zu 份。审核通过后计入评估；退回须写明原因，"
                  "退回的报告不再计入。</p>",
               waiting);
    json_array_foreach(ups, i, u)
    {
        if (strcmp(web_doc_str(u, "review"), "submitted"))
            continue;
        long long id = (long long)json_integer_value(json_object_get(u, "id"));
        buf h = BUF_INIT;
        buf_puts(&h, "/tasks/");
        esc_url_component(&h, k->code);
        buf_printf(&h, "/updates/%lld/review", id);
        buf_puts(b, "<form method=\"post\" class=\"task-review\" action=\"");
        web_attr(b, buf_str(&h));
        buf_free(&h);
        buf_puts(b, "\">");
        web_csrf_field(r, b);
        buf_printf(b, "<p>第 %lld 号：", id);
        web_text(b, web_doc_str(u, "period_label"));
        buf_puts(b, " ");
        web_text(b, web_doc_str(u, "state_label"));
        buf_puts(b, "（");
        web_text(b, web_doc_str(u, "who"));
        size_t nf = json_array_size(json_object_get(u, "attachments"));
        if (nf)
            buf_printf(b, "，佐证材料 %zu 份，见上表", nf);
        buf_printf(b, "）</p><p><label for=\"rv-reason-%lld\">退回原因</label> <input id=\"rv-reason-%lld\" name=\"reason\" "
                      "maxlength=\"500\" class=\"reason\"> <button type=\"submit\" name=\"decision\" value=\"approve\">"
                      "审核通过</button> <button type=\"submit\" name=\"decision\" value=\"return\">退回</button></p></form>",
                   id, id);
    }
}

static void change_log(buf *b, const json_t *doc)
{
    const json_t *h = json_object_get(doc, "history");
    if (!json_array_size(h))
        return;
    buf_puts(b, "<h2>修改记录</h2>");
    static const char *const head[] = {"时间", "操作人", "操作", "内容"};
    wp_table_begin(b, "修改记录", "worklog", head, 4);
    size_t i;
    const json_t *e;
    json_array_foreach(h, i, e)
    {
        char local[40];
        buf_puts(b, "<tr>");
        wp_td(b, pm_clock_local(web_doc_str(e, "at"), false, local, sizeof local));
        wp_td(b, web_doc_str(e, "who"));
        wp_td(b, web_doc_str(e, "action_label"));
        wp_td(b, web_doc_str(e, "detail"));
        buf_puts(b, "</tr>");
    }
    wp_table_end(b);
}

static void update_form(web_req *r, buf *b, const pm_task *k, int year)
{
    buf_puts(b, "<h2>报告进展</h2><form method=\"post\" enctype=\"multipart/form-data\" class=\"task-update\" "
                "action=\"");
    buf h = BUF_INIT;
    buf_puts(&h, "/tasks/");
    esc_url_component(&h, k->code);
    buf_puts(&h, "/updates");
    web_attr(b, buf_str(&h));
    buf_free(&h);
    buf_puts(b, "\">");
    web_csrf_field(r, b);
    buf_printf(b, "<p><label for=\"up-period\">报告期</label> <input id=\"up-period\" name=\"period\" value=\"%d\" "
                  "required size=\"12\"> <span class=\"hint\">如 %d、%dH1、%dQ2</span></p>",
               year, year, year, year);
    buf_puts(b, "<p><label for=\"up-state\">进展状态</label> <select id=\"up-state\" name=\"state\">");
    for (int i = 0; i < PM_TS_COUNT; i++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, pm_task_state_str((pm_task_state)i));
        buf_puts(b, i == PM_TS_ON_PLAN ? "\" selected>" : "\">");
        web_text(b, pm_task_state_label((pm_task_state)i));
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select></p><p><label for=\"up-percent\">完成比例（%）</label> <input id=\"up-percent\" name=\"percent\" "
                "type=\"number\" min=\"0\" max=\"100\" step=\"any\"></p>"
                "<p><label for=\"up-text\">进展情况</label><br><textarea id=\"up-text\" name=\"text\" rows=\"4\" "
                "cols=\"60\" maxlength=\"8000\"></textarea></p>");
    buf_printf(b, "<p><label for=\"up-file\">佐证材料</label> <input id=\"up-file\" name=\"file\" type=\"file\" multiple "
                  "accept=\".pdf,.png,.jpg,.jpeg,.xlsx,.docx\"> <span class=\"hint\">可选，可多选：PDF、PNG/JPEG 图片、.xlsx 或 "
                  ".docx，每个不超过 %zu MB</span></p><p><button type=\"submit\">提交进展</button></p></form>",
               pm_attach_max() >> 20);
}

/* Renders the page of task k (status with an optional message above). */
static void task_page(web_req *r, web_resp *w, const web_snap *s, const web_tasks *t, const pm_task *k, int status,
                      const char *kind, const char *msg)
{
    json_t *doc = web_task_doc(r, w, s, t, k);
    if (!doc)
        return;
    w->status = status;
    char title[PM_TASK_TITLE_MAX + 64];
    snprintf(title, sizeof title, "%s %s", k->code, k->title);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    buf_puts(b, "<p><a href=\"/tasks\">重点任务和重大项目</a></p><h1>");
    web_text(b, k->code);
    buf_puts(b, " ");
    web_text(b, k->title);
    buf_puts(b, "</h1>");
    if (msg)
        wp_msg(b, kind, msg);
    web_task_edit_right right = web_task_edit_right_of(r->user, k);
    if (right != WEB_TASK_EDIT_NONE) {
        buf e = BUF_INIT;
        buf_puts(&e, "/tasks/");
        esc_url_component(&e, k->code);
        buf_puts(&e, "/edit");
        buf_puts(b, "<p>");
        wp_link(b, buf_str(&e), right == WEB_TASK_EDIT_ALL ? "编辑" : "登记节点完成情况");
        buf_puts(b, "</p>");
        buf_free(&e);
    }
    facts(b, doc, k);
    milestones(b, doc);
    updates(b, doc);
    if (web_task_reviews(r, s, k))
        review_forms(r, b, doc, k);
    if (json_is_true(json_object_get(doc, "can_update")))
        update_form(r, b, k, t->year);
    change_log(b, doc);
    web_page_end(r, w);
    json_decref(doc);
}

void web_task_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    if (k)
        task_page(r, w, s, &t, k, 200, NULL, NULL);
    web_tasks_free(&t);
}

/* After a POST on the task of the path: the tasks read again and its page
 * drawn with the outcome (msg; status 0 is success), so the page shows the
 * new report or review in its history. */
static void redraw(web_req *r, web_resp *w, const web_snap *s, web_tasks *t, int status, const char *msg)
{
    web_tasks_free(t);
    const pm_task *k;
    if (web_tasks_load(r, w, s, t) && (k = web_task_find(t, r->args[0])))
        task_page(r, w, s, t, k, status ? status : 200, status ? "error" : "ok", msg);
}

void web_task_update_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    if (k) {
        web_update_in in = {web_form(r, "period"), web_form(r, "state"), web_form(r, "percent"), web_form(r, "text")};
        char msg[400];
        const char *why;
        long id;
        pm_task_file files[WEB_TASK_FILES_MAX];
        bool over;
        size_t n = web_task_files(r, false, files, WEB_TASK_FILES_MAX, &over);
        int status = over && web_task_writes(r, s, k) ? 400 : web_task_update_record(r, s, k, &in, files, n, &id, msg, sizeof msg, &why);
        if (over)
            snprintf(msg, sizeof msg, "一次最多上传 %d 个文件（进展未记录）。", WEB_TASK_FILES_MAX);
        if (status == 403)
            web_error(r, w, 403, why, msg);
        else
            redraw(r, w, s, &t, status, msg);
    }
    web_tasks_free(&t);
}

void web_task_review_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    const pm_task *k = web_task_of_path(r, w, s, &t);
    if (k) {
        char msg[400];
        const char *why;
        int status = web_task_review_record(r, s, k, r->args[1], web_form(r, "decision"), web_form(r, "reason"), NULL,
                                            msg, sizeof msg, &why);
        if (status == 403 || status == 404)
            web_error(r, w, status, why, msg);
        else
            redraw(r, w, s, &t, status, msg);
    }
    web_tasks_free(&t);
}

/* ---- departments ----------------------------------------------------------------------- */

void web_depts_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    if (!web_tasks_load(r, w, s, &t))
        return;
    web_page_begin(r, w, "责任单位");
    buf *b = &w->body;
    buf_printf(b, "<h1>责任单位</h1><p>承担规划重点任务和重大项目的科室和委办局，按 %s 的进展统计其牵头的任务。</p>",
               t.as_of);
    if (!t.set.ndepts) {
        buf_puts(b, "<p>尚未登记责任单位（<code>planmon dept add</code> 或导入分解落实表）。</p>");
    } else {
        static const char *const head[] = {"代码", "名称", "类型", "联系人", "牵头任务", "配合任务", "进度滞后或逾期"};
        wp_table_begin(b, "责任单位", "depts", head, sizeof head / sizeof head[0]);
        for (size_t i = 0; i < t.set.ndepts; i++) {
            const pm_dept *d = &t.set.depts[i];
            web_dept_load n = web_dept_count(&t, d);
            buf_puts(b, "<tr>");
            wp_td(b, d->code);
            buf_puts(b, "<td>");
            wp_dept_link(b, d->code, d->name);
            buf_puts(b, "</td>");
            wp_td(b, pm_dept_kind_label(d->kind));
            wp_td(b, d->contact);
            buf_puts(b, "<td><a href=\"/tasks?dept=");
            buf h = BUF_INIT;
            esc_url_component(&h, d->code);
            web_attr(b, buf_str(&h));
            buf_free(&h);
            buf_printf(b, "\">%zu</a></td><td>%zu</td><td>%zu</td></tr>", n.lead, n.co, n.late);
        }
        wp_table_end(b);
    }
    web_page_end(r, w);
    web_tasks_free(&t);
}
