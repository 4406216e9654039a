/* GET /plans: the plans in the database — which is the default, which
 * one these pages show; a link switches (?plan=CODE, remembered in a
 * cookie: web_plan_key). GET /judgments: the qualitative indicators of the
 * plan shown, the judgment by hand in force for each, the form planners
 * record one with, and every judgment so far. POST /judgments records. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "store/plans.h"
#include "web/judge_req.h"
#include "web/pagekit.h"
#include "web/web.h"

void web_plans_page(web_req *r, web_resp *w)
{
    const pm_plan_info *p;
    pm_plan_info *own;
    size_t n;
    if (!web_plans_list(r, w, &p, &n, &own))
        return;
    web_page_begin(r, w, "规划");
    buf *b = &w->body;
    buf_puts(b, "<h1>规划</h1><p>数据库中的全部规划。点击“查看”切换本网页显示的规划（记在本浏览器中）；"
                "“当前规划”是未切换时各页面和命令默认使用的规划，由 <code>planmon plan use 代码</code> 设定。</p>");
    buf_puts(b, "<div class=\"table-wrap\"><table><thead><tr><th>代码</th><th>规划</th><th>规划期</th><th>指标数</th>"
                "<th>状态</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<tr><td>");
        web_text(b, p[i].code);
        buf_puts(b, "</td><td>");
        web_text(b, p[i].title);
        buf_printf(b, "</td><td>%d—%d年</td><td>%zu</td><td>", p[i].base_year + 1, p[i].target_year, p[i].nind);
        web_text(b, p[i].is_default ? (p[i].in_use ? "当前规划（正在查看）" : "当前规划")
                                    : (p[i].in_use ? "正在查看" : ""));
        buf_puts(b, "</td><td><a href=\"/?plan=");
        buf u = BUF_INIT;
        esc_url_component(&u, p[i].code);
        web_attr(b, buf_str(&u));
        buf_free(&u);
        buf_puts(b, "\">查看</a></td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
    if (n > 1)
        buf_puts(b, "<p>各规划的定性指标人工评价见 <a href=\"/judgments\">人工评价</a>。</p>");
    web_page_end(r, w);
    pm_plan_infos_free(own, own ? n : 0);
}

/* The judgments table of one plan (all of them, oldest first). */
static void history(buf *b, const pm_plan *p, const pm_judgment *j, size_t n)
{
    buf_puts(b, "<h2>评价记录</h2>");
    if (!n) {
        buf_puts(b, "<p>尚无人工评价记录。</p>");
        return;
    }
    char zone[16], when[32];
    buf_printf(b,
               "<div class=\"table-wrap\"><table><thead><tr><th>时间（%s）</th><th>指标</th><th>组织机构</th>"
               "<th>年份</th><th>结论</th><th>说明</th><th>评价人</th></tr></thead><tbody>",
               pm_clock_zone(zone, sizeof zone));
    for (size_t i = 0; i < n; i++) {
        const pm_indicator *ind = pm_plan_find(p, j[i].indicator);
        buf_puts(b, "<tr><td>");
        web_text(b, pm_clock_local(j[i].at, true, when, sizeof when));
        buf_puts(b, "</td><td>");
        web_text(b, ind ? ind->name : j[i].indicator);
        buf_puts(b, "</td><td>");
        web_text(b, j[i].unit);
        buf_printf(b, "</td><td>%d</td><td>", j[i].year);
        web_text(b, pm_verdict_label(j[i].verdict));
        buf_puts(b, "</td><td>");
        web_text(b, j[i].note ? j[i].note : "");
        buf_puts(b, "</td><td>");
        web_text(b, j[i].who);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
}

/* The form a planner records a judgment with. */
static void form(web_req *r, buf *b, const web_snap *s)
{
    const pm_plan *p = &s->ev.plan;
    buf_puts(b, "<h2>记录人工评价</h2><form method=\"post\" action=\"/judgments\" class=\"judge\">");
    web_csrf_field(r, b);
    buf_puts(b, "<label>指标 <select name=\"item\">");
    for (size_t i = 0; i < p->nind; i++) {
        if (!p->ind[i].qualitative)
            continue;
        buf_puts(b, "<option value=\"");
        web_attr(b, p->ind[i].code);
        buf_printf(b, "\">%d ", p->ind[i].no);
        web_text(b, p->ind[i].name);
        buf_puts(b, "</option>");
    }
    buf_printf(b, "</select></label> <label>年份 <input name=\"year\" type=\"number\" min=\"%d\" max=\"%d\" value=\"%d\" "
                  "required></label> ",
               p->base_year + 1, p->target_year, s->ev.latest_year > p->base_year ? s->ev.latest_year : p->base_year + 1);
    buf_puts(b, "<label>结论 <select name=\"verdict\"><option>已实现</option><option>基本实现</option>"
                "<option>未实现</option></select></label> <label>说明 <input name=\"note\" size=\"40\"></label> ");
    buf_puts(b, "<button type=\"submit\">记录</button></form>");
}

static void render(web_req *r, web_resp *w, const web_snap *s, int status, const char *kind, const char *msg)
{
    const pm_plan *p = &s->ev.plan;
    pm_judgment *j = NULL;
    size_t n = 0;
    pm_err err = {0};
    if (!pm_store_judgments(r->store, NULL, &j, &n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    w->status = status;
    web_page_begin(r, w, "人工评价");
    buf *b = &w->body;
    buf_puts(b, "<h1>定性指标人工评价</h1>");
    if (msg)
        wp_msg(b, kind, msg);
    size_t nq = 0;
    for (size_t i = 0; i < p->nind; i++)
        nq += p->ind[i].qualitative;
    if (!nq) {
        buf_puts(b, "<p>本规划没有定性指标（目标均为数值）。</p>");
    } else {
        buf_puts(b, "<p>目标为文字表述的指标不按数据测算进度，由规划人员评价为“已实现、基本实现、未实现”，"
                    "每次评价都保留记录，最新一次有效。</p>");
        buf_puts(b, "<div class=\"table-wrap\"><table><thead><tr><th>序号</th><th>指标</th><th>规划目标</th>"
                    "<th>目前结论</th><th>说明</th></tr></thead><tbody>");
        const char *root = s->ev.tree.n ? s->ev.tree.u[0].code : "";
        for (size_t i = 0; i < p->nind; i++) {
            const pm_indicator *ind = &p->ind[i];
            if (!ind->qualitative)
                continue;
            const pm_judgment *now = pm_judgment_find(j, n, ind->code, root, p->target_year);
            buf_printf(b, "<tr><td>%d</td><td>", ind->no);
            web_text(b, ind->name);
            buf_puts(b, "</td><td>");
            web_text(b, ind->target_text ? ind->target_text : "");
            buf_puts(b, "</td><td>");
            web_text(b, now ? pm_verdict_label(now->verdict) : "尚未评价");
            if (now)
                buf_printf(b, "（%d 年）", now->year);
            buf_puts(b, "</td><td>");
            web_text(b, now && now->note ? now->note : "");
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody></table></div>");
        if (web_can(r->user, WEB_DO_PLAN, 0))
            form(r, b, s);
    }
    history(b, p, j, n);
    web_page_end(r, w);
    pm_judgments_free(j, n);
}

void web_judgments_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    if (!s->ok) {
        web_error(r, w, s->no_plan ? 404 : 503, s->no_plan ? "unknown_plan" : "not_ready", s->err.msg);
        return;
    }
    if (web_store(r, w))
        render(r, w, s, 200, NULL, NULL);
}

void web_judgments_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    if (!s->ok) {
        web_error(r, w, s->no_plan ? 404 : 503, s->no_plan ? "unknown_plan" : "not_ready", s->err.msg);
        return;
    }
    if (!web_store(r, w))
        return;
    web_judge_in in = {web_form(r, "item"), web_form(r, "unit"), web_form(r, "year"), web_form(r, "verdict"),
                       web_form(r, "note")};
    char msg[400];
    const char *why, *code = NULL;
    int status = web_judge_record(r, s, &in, &code, msg, sizeof msg, &why);
    if (status) {
        render(r, w, s, status, "error", msg);
        return;
    }
    render(r, w, s, 200, "ok", "已记录人工评价。");
}
