/* GET /depts/{code}: one responsible department — the indicators it leads
 * or co-operates on (分解落实表) with how each stands at the user's own
 * unit (the district for who reads it; a town's reporter sees its town's
 * figures, never the district's, as everywhere else), the
 * key tasks and projects it leads or co-operates on that the user may read
 * (task_req.h's rule) with their judgment, and what is due: those whose
 * deadline falls in the year judged and are not done, and those overdue
 * (worked out by dept_view.c, which the API's answer shares). */
#include <stdio.h>
#include <string.h>

#include "web/dept_view.h"
#include "web/pagekit.h"
#include "web/task_req.h"

/* The line of the due list for one row. */
static void due_item(buf *dues, const web_dept_row *row, const pm_evaluation *ev)
{
    if (!row->due)
        return;
    if (row->task) {
        buf_printf(dues, "<li>%s ", row->task->project ? "重大项目" : "重点任务");
        web_text(dues, row->task->code);
        buf_puts(dues, " ");
        web_text(dues, row->task->title);
    } else {
        buf_printf(dues, "<li>指标 %d. ", ev->plan.ind[row->ind].no);
        web_text(dues, ev->plan.ind[row->ind].name);
    }
    buf_puts(dues, "：完成时限 ");
    web_text(dues, row->deadline);
    buf_puts(dues, row->late ? "，<strong>已逾期</strong>" : "，年内到期");
    buf_puts(dues, "</li>");
}

static void indicators(buf *b, const web_snap *s, const web_dept_view *v, int year)
{
    const pm_evaluation *ev = &s->ev;
    buf_puts(b, "<section><h2>负责的指标</h2>");
    if (!v->nind) {
        buf_puts(b, "<p>分解落实表中没有由本单位负责的指标。</p></section>");
        return;
    }
    const char *const head[] = {"序号", "指标", "分工", "完成时限", v->at ? "本单位进度" : "全区进度"};
    wp_table_begin(b, "负责的指标", "dept-indicators", head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < v->nind; i++) {
        const web_dept_row *row = &v->rows[i];
        const pm_indicator *ind = &ev->plan.ind[row->ind];
        buf_printf(b, "<tr><td class=\"num\">%d</td><td>", ind->no);
        wp_indicator_link(b, ind, ev->tree.u[v->at].code, year, ind->name);
        buf_puts(b, "</td>");
        wp_td(b, web_dept_role_label(row));
        wp_td(b, *row->deadline ? row->deadline : "—");
        buf_puts(b, "<td>");
        wp_status_badge(b, &row->j.o);
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
    buf_puts(b, "</section>");
}

static void tasks(buf *b, const web_dept_view *v)
{
    buf_puts(b, "<section><h2>负责的重点任务和重大项目</h2>");
    if (v->n == v->nind) {
        buf_puts(b, "<p>没有您可以查看的、由本单位负责的任务或项目。</p></section>");
        return;
    }
    static const char *const head[] = {"编号", "类型", "名称", "分工", "完成时限", "评估结论"};
    wp_table_begin(b, "负责的重点任务和重大项目", "dept-tasks", head, sizeof head / sizeof head[0]);
    for (size_t i = v->nind; i < v->n; i++) {
        const web_dept_row *row = &v->rows[i];
        const pm_task *k = row->task;
        buf_puts(b, "<tr><td>");
        wp_task_link(b, k->code);
        buf_puts(b, "</td>");
        wp_td(b, k->project ? "重大项目" : "重点任务");
        wp_td(b, k->title);
        wp_td(b, web_dept_role_label(row));
        wp_td(b, *row->deadline ? row->deadline : "—");
        buf_puts(b, "<td>");
        wp_judgment_chip(b, pm_task_judgment_str(row->tj), pm_task_judgment_label(row->tj));
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
    buf_puts(b, "</section>");
}

void web_dept_page(web_req *r, web_resp *w)
{
    web_dept_doc dp;
    if (!web_dept_open(r, w, &dp))
        return;
    web_page_begin(r, w, dp.d->name);
    buf *b = &w->body;
    buf_puts(b, "<p><a href=\"/depts\">责任单位</a></p><h1>");
    web_text(b, dp.d->name);
    buf_puts(b, "</h1><dl class=\"facts\"><dt>代码</dt><dd>");
    web_text(b, dp.d->code);
    buf_puts(b, "</dd><dt>类型</dt><dd>");
    web_text(b, pm_dept_kind_label(dp.d->kind));
    buf_puts(b, "</dd><dt>联系人</dt><dd>");
    web_text(b, *dp.d->contact ? dp.d->contact : "—");
    buf_printf(b, "</dd></dl><p>按 %s 的进展评估（%d 年）。</p>", dp.t.as_of, dp.t.year);
    buf_printf(b, "<section class=\"dept-due\"><h2>到期和逾期（%d 年）</h2>", dp.t.year);
    buf dues = BUF_INIT;
    for (size_t i = 0; i < dp.v.n; i++)
        due_item(&dues, &dp.v.rows[i], &dp.s->ev);
    if (dues.len) {
        buf_puts(b, "<ul>");
        buf_puts(b, buf_str(&dues));
        buf_puts(b, "</ul>");
    } else {
        buf_puts(b, "<p>本年没有到期未完成或已逾期的指标、任务。</p>");
    }
    buf_puts(b, "</section>");
    buf_free(&dues);
    indicators(b, dp.s, &dp.v, dp.t.year);
    tasks(b, &dp.v);
    web_page_end(r, w);
    web_dept_close(&dp);
}
