/* Collection rounds on the web (填报任务):
 *
 *   GET  /rounds                  every round with its summary
 *   GET  /rounds/{id}             each reporting unit's state, late or on time,
 *                                 reminders, contact; the timeliness rate
 *   GET  /rounds/{id}/overdue.xlsx the overdue list (逾期未报) with contacts
 *   POST /rounds/{id}/remind      a 催报 to every unit not yet reported (or unit=)
 *
 * The handlers are declared in handlers.h with the others; the 待办 a
 * reporter sees of its rounds is page_todo.h's. The states come from the
 * store's cells judged by engine/round.h and shaped by render/doc/round_out.h:
 * the same model as `planmon round status`. Who sees what: every
 * logged-in user sees the rounds; the units' rows are those the user may
 * read; reminding takes the right to review or plan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "render/doc/round_out.h"
#include "render/write/xlsx_table.h"
#include "store/round_remind.h"
#include "store/round_view.h"
#include "web/pagekit.h"

/* Keeps the units the user may read (the summary stays the round's). */
static void view_scope(pm_round_view *v, web_req *r, const web_snap *s)
{
    size_t k = 0;
    for (size_t i = 0; i < v->nu; i++) {
        int u = web_snap_unit(s, v->u[i].unit);
        if (u >= 0 && web_can(r->user, WEB_DO_READ, u))
            v->u[k++] = v->u[i];
    }
    v->nu = k;
}

/* The round of the path's {id} as the user may see it: 1 with v loaded and
 * kept to the units the user may read (view_scope: every page, download
 * and API answer of a round shows only those), else 0 with the answer in
 * w. v is the caller's to free (pm_round_view_free) after 1; *st is the
 * request's store (web_store), not to be closed. */
static int round_of(web_req *r, web_resp *w, pm_store **st, pm_round_view *v)
{
    const web_snap *s = web_snapshot(r); /* taken before the store is read, as the pages always did */
    char *end = NULL;
    long id = r->nargs ? strtol(r->args[0], &end, 10) : 0;
    if (id <= 0 || !end || *end) {
        web_error(r, w, 404, "unknown_round", "没有这个填报任务。");
        return 0;
    }
    *st = web_store(r, w);
    if (!*st)
        return 0;
    pm_err err = {0};
    int found = pm_store_round_view(*st, id, time(NULL), v, &err);
    if (found < 0)
        web_error(r, w, 500, "store_failed", err.msg);
    else if (found == 0)
        web_error(r, w, 404, "unknown_round", "没有这个填报任务。");
    else
        view_scope(v, r, s);
    return found > 0;
}

static void percent(buf *b, double x)
{
    if (isnan(x))
        buf_puts(b, "—");
    else
        buf_printf(b, "%.1f%%", 100.0 * x);
}

static void summary(buf *b, const pm_round_view *v)
{
    buf_printf(b, "<p class=\"meta\">截止 %s（当天 24 时前报送为按时）· 应报 %zu 个单位，已报送 %zu 个（按时 %zu 个），"
                  "逾期 %zu 个，未报 %zu 个 · <strong>按时报送率 ",
               v->r.deadline, v->sum.units, v->sum.reported, v->sum.on_time, v->sum.late, v->sum.not_reported);
    percent(b, v->sum.timeliness);
    buf_puts(b, "</strong> · 报送完成率 ");
    percent(b, v->sum.completeness);
    buf_puts(b, "</p>");
}

void web_rounds_page(web_req *r, web_resp *w)
{
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    pm_err err = {0};
    pm_round *rs = NULL;
    size_t n = 0;
    if (!pm_store_rounds(st, &rs, &n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    buf_reset(&w->body);
    web_page_begin(r, w, "填报任务");
    buf *b = &w->body;
    buf_puts(b, "<div class=\"page-head\"><h1>填报任务</h1></div>");
    if (!n)
        buf_puts(b, "<p class=\"meta\">还没有填报任务（规划人员用 <code>planmon round open</code> 创建）。</p>");
    for (size_t i = 0; i < n; i++) {
        pm_round_view v;
        if (pm_store_round_view(st, rs[i].id, time(NULL), &v, &err) <= 0)
            continue;
        buf_printf(b, "<section class=\"round\"><h2><a href=\"/rounds/%ld\">", rs[i].id);
        web_text(b, v.r.title);
        buf_puts(b, "</a></h2>");
        summary(b, &v);
        buf_puts(b, "</section>");
        pm_round_view_free(&v);
    }
    web_page_end(r, w);
    w->status = 200;
    pm_rounds_free(rs, n);
}

static void unit_rows(buf *b, const pm_round_view *v, const web_snap *s)
{
    json_t *rows = out_round_units_json(v->u, v->nu, v->rem, v->nrem, false);
    /* A region that takes the focus: on a phone the table scrolls, and a
     * reporter's rows may hold no link to reach it by. */
    wp_table_wrap(b, "报送单位");
    buf_puts(b, "<table class=\"round-units\"><thead><tr><th>单位</th><th>报送状态</th>"
                "<th>报送时间</th><th>已填</th><th>催报</th><th>联系人</th><th>联系电话</th><th>电子邮箱</th></tr></thead><tbody>");
    size_t i;
    json_t *o;
    json_array_foreach(rows, i, o) {
        const pm_round_unit *u = &v->u[i];
        int idx = web_snap_unit(s, u->unit);
        buf_puts(b, u->late ? "<tr class=\"late\"><td>" : "<tr><td>");
        if (idx >= 0)
            wp_unit_link(b, &s->ev.tree, idx, v->r.year);
        else
            web_text(b, u->unit_name);
        buf_puts(b, "</td><td>");
        web_text(b, json_string_value(json_object_get(o, "state_label")));
        buf_puts(b, "</td><td>");
        web_text(b, json_string_value(json_object_get(o, "reported_local")));
        buf_printf(b, "</td><td class=\"num\">%zu/%zu</td><td class=\"num\">%lld</td><td>", u->filled, u->items,
                   (long long)json_integer_value(json_object_get(o, "reminders")));
        web_text(b, u->person);
        buf_puts(b, "</td><td>");
        web_text(b, u->phone);
        buf_puts(b, "</td><td>");
        web_text(b, u->email);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
    json_decref(rows);
}

/* The reminder log (催报记录) of the units shown: each 站内待办 and each
 * e-mail's outcome, newest first. */
static void reminder_rows(buf *b, const pm_round_view *v, const web_snap *s)
{
    json_t *rows = out_round_reminders_json(v->rem, v->nrem);
    size_t shown = 0;
    buf t = BUF_INIT;
    for (size_t i = json_array_size(rows); i-- > 0;) {
        json_t *o = json_array_get(rows, i);
        const char *code = json_string_value(json_object_get(o, "unit"));
        bool visible = false;
        for (size_t k = 0; k < v->nu && !visible; k++) /* the units the user may read */
            visible = !strcmp(v->u[k].unit, code);
        if (!visible)
            continue;
        int idx = web_snap_unit(s, code);
        buf_puts(&t, "<tr><td>");
        web_text(&t, json_string_value(json_object_get(o, "at_local")));
        buf_puts(&t, "</td><td>");
        web_text(&t, idx >= 0 ? s->ev.tree.u[idx].name : code);
        buf_puts(&t, "</td><td>");
        web_text(&t, json_string_value(json_object_get(o, "channel_label")));
        buf_puts(&t, "</td><td>");
        web_text(&t, json_string_value(json_object_get(o, "outcome_label")));
        buf_puts(&t, "</td><td>");
        web_text(&t, json_string_value(json_object_get(o, "detail")));
        buf_puts(&t, "</td><td>");
        web_text(&t, json_string_value(json_object_get(o, "who")));
        buf_puts(&t, "</td></tr>");
        shown++;
    }
    char zone[32];
    buf_printf(b, "<h2>催报记录</h2>");
    if (!shown) {
        buf_puts(b, "<p class=\"meta\">还没有催报。</p>");
    } else {
        wp_table_wrap(b, "催报记录"); /* no links inside: the region itself takes the focus to scroll */
        buf_printf(b, "<table class=\"round-reminders\"><thead><tr><th>时间（%s）</th>"
                      "<th>单位</th><th>方式</th><th>结果</th><th>邮箱或原因</th><th>催报人</th></tr></thead><tbody>%s"
                      "</tbody></table></div>",
                   pm_clock_zone(zone, sizeof zone), buf_str(&t));
    }
    buf_free(&t);
    json_decref(rows);
}

static void render_round(web_req *r, web_resp *w, int status, const char *ok, const char *error)
{
    pm_store *st;
    pm_round_view v;
    if (!round_of(r, w, &st, &v))
        return;
    const web_snap *s = web_snapshot(r);
    buf_reset(&w->body);
    web_page_begin(r, w, v.r.title);
    buf *b = &w->body;
    buf_puts(b, "<div class=\"page-head\"><h1>");
    web_text(b, v.r.title);
    buf_puts(b, "</h1></div>");
    if (error)
        wp_msg(b, "error", error);
    if (ok)
        wp_msg(b, "ok", ok);
    summary(b, &v);
    buf_printf(b, "<p class=\"meta\"><a href=\"/rounds/%ld/overdue.xlsx\">下载逾期未报单位清单（Excel，含联系人和电话）</a></p>",
               v.r.id);
    if (web_can(r->user, WEB_DO_REVIEW, -1) || web_can(r->user, WEB_DO_PLAN, -1)) {
        buf_printf(b, "<form method=\"post\" action=\"/rounds/%ld/remind\" class=\"inline\">", v.r.id);
        web_csrf_field(r, b);
        buf_puts(b, "<button type=\"submit\">向全部未报送单位催报</button> <span class=\"meta\">催报记入记录，"
                    "该单位用户在总览和填报页看到待办。</span></form>");
    }
    unit_rows(b, &v, s);
    reminder_rows(b, &v, s);
    web_page_end(r, w);
    w->status = status;
    pm_round_view_free(&v);
}

void web_round_page(web_req *r, web_resp *w)
{
    render_round(r, w, 200, NULL, NULL);
}

void web_round_overdue_xlsx(web_req *r, web_resp *w)
{
    pm_store *st;
    pm_round_view v;
    if (!round_of(r, w, &st, &v))
        return;
    json_t *rows = out_round_units_json(v.u, v.nu, v.rem, v.nrem, true);
    size_t ncols;
    const out_column *cols = out_round_unit_columns(&ncols);
    pm_err err = {0};
    buf_reset(&w->body);
    bool ok = out_xlsx_table(&w->body, "逾期未报", rows, cols, ncols, &err);
    json_decref(rows);
    if (!ok) {
        web_error(r, w, 500, "xlsx_failed", err.msg);
    } else {
        w->status = 200;
        w->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        char cd[160];
        snprintf(cd, sizeof cd, "attachment; filename=\"planmon-overdue-%ld.xlsx\"", v.r.id);
        web_add_header(w, "Content-Disposition", cd);
    }
    pm_round_view_free(&v);
}

void web_round_remind(web_req *r, web_resp *w)
{
    if (!web_can(r->user, WEB_DO_REVIEW, -1) && !web_can(r->user, WEB_DO_PLAN, -1)) {
        web_error(r, w, 403, "forbidden", "只有审核人员和规划人员可以催报。");
        return;
    }
    pm_store *st;
    pm_round_view v;
    if (!round_of(r, w, &st, &v)) /* scoped: a reviewer reminds the units of its subtree */
        return;
    const char *only = web_form(r, "unit");
    bool known = !only || !*only;
    for (size_t i = 0; !known && i < v.nu; i++) /* of the units the user may read */
        known = !strcmp(v.u[i].unit, only);
    if (!known) {
        pm_round_view_free(&v);
        render_round(r, w, 409, NULL, "该单位不是本填报任务中您可催报的报送单位。");
        return;
    }
    pm_err err = {0};
    pm_remind_result res;
    bool ok = pm_round_remind(st, &v, only, r->user->u.name, pm_smtp_config(), pm_clock_now(), &res, &err);
    pm_round_view_free(&v);
    if (!ok) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    buf msg = BUF_INIT;
    if (!res.n)
        buf_puts(&msg, "没有需要催报的单位。");
    else
        buf_printf(&msg, "已向 %zu 个单位催报。", res.n);
    if (res.n && !res.mail_on)
        buf_puts(&msg, "邮件催报未开启（未设置 smtp-url），只记了站内待办。");
    else if (res.n)
        buf_printf(&msg, "邮件：已发送 %zu 封，失败 %zu 封，无邮箱 %zu 个单位。", res.sent, res.failed, res.no_address);
    buf err_msg = BUF_INIT;
    for (size_t i = 0; i < res.n; i++)
        if (res.line[i].outcome && !strcmp(res.line[i].outcome, "failed"))
            buf_printf(&err_msg, "%s%s：%s", err_msg.len ? "；" : "发送失败：", res.line[i].unit_name,
                       res.line[i].detail);
    render_round(r, w, res.n ? 200 : 409, res.n ? buf_str(&msg) : NULL,
                 !res.n ? buf_str(&msg) : err_msg.len ? buf_str(&err_msg) : NULL);
    buf_free(&msg);
    buf_free(&err_msg);
    pm_remind_result_free(&res);
}

/* GET /api/v1/rounds/{id}: the round, its summary and the units the
 * caller may read — the JSON of `planmon round status --format json`.
 * Here rather than in an api_*.c so that page and API share one reading
 * (pm_store_round_view, view_scope in round_of). */
void web_api_round(web_req *r, web_resp *w)
{
    pm_store *st;
    pm_round_view v;
    if (!round_of(r, w, &st, &v))
        return;
    json_t *doc = json_object();
    json_object_set_new(doc, "round", out_round_json(&v.r));
    json_object_set_new(doc, "summary", out_round_summary_json(&v.sum));
    json_object_set_new(doc, "units", out_round_units_json(v.u, v.nu, v.rem, v.nrem, false));
    web_json(w, 200, doc);
    pm_round_view_free(&v);
}
