/* GET /depts/{code}: one responsible department — the indicators it leads
 * or co-operates on (分解落实表) with how each stands at the user's own
 * unit (the district for who reads it; a town's reporter sees its town's
 * figures, never the district's, as everywhere else), the
 * key tasks and projects it leads or co-operates on that the user may read
 * (task_req.h's rule) with their judgment, and what is due: those whose
 * deadline falls in the year judged and are not done, and those overdue. */
#include <stdio.h>
#include <string.h>

#include "engine/task_judge.h"
#include "web/pagekit.h"
#include "web/task_req.h"

/* 牵头 or 配合 for department code in a, or NULL when it is neither. */
static const char *role_in(const pm_assignment *a, const char *code)
{
    if (!a)
        return NULL;
    if (pm_assignment_has_dept(a, code, true))
        return "牵头";
    return pm_assignment_has_dept(a, code, false) ? "配合" : NULL;
}

/* Is a deadline due in year (its year) or already past as_of? */
static bool due(const char *deadline, int year, const char *as_of, bool *late)
{
    *late = *deadline && strcmp(deadline, as_of) < 0;
    char y[8];
    snprintf(y, sizeof y, "%d", year);
    return *late || !strncmp(deadline, y, 4);
}

static void indicators(web_req *r, buf *b, const web_snap *s, const pm_dept *d, int year, const char *as_of,
                       buf *dues)
{
    const pm_evaluation *ev = &s->ev;
    /* Judged where the user reads: the district (0) for planners, admins
     * and the district's reviewers, else the user's own subtree's top. */
    int at = web_home_unit(r->user);
    buf_puts(b, "<section><h2>负责的指标</h2>");
    size_t n = 0;
    for (size_t i = 0; i < ev->plan.nind; i++)
        n += role_in(pm_evaluation_duty(ev, (int)i), d->code) != NULL;
    if (!n) {
        buf_puts(b, "<p>分解落实表中没有由本单位负责的指标。</p></section>");
        return;
    }
    const char *const head[] = {"序号", "指标", "分工", "完成时限", at ? "本单位进度" : "全区进度"};
    wp_table_begin(b, "负责的指标", "dept-indicators", head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < ev->plan.nind; i++) {
        const pm_assignment *a = pm_evaluation_duty(ev, (int)i);
        const char *role = role_in(a, d->code);
        if (!role)
            continue;
        const pm_indicator *ind = &ev->plan.ind[i];
        wp_judged j;
        wp_judge(ev, (int)i, at, year, &j);
        buf_printf(b, "<tr><td class=\"num\">%d</td><td>", ind->no);
        wp_indicator_link(b, ind, ev->tree.u[at].code, year, ind->name);
        buf_puts(b, "</td>");
        wp_td(b, role);
        wp_td(b, *a->deadline ? a->deadline : "—");
        buf_puts(b, "<td>");
        wp_status_badge(b, &j.o);
        buf_puts(b, "</td></tr>");
        bool late;
        bool done = j.o.status == PM_ST_ACHIEVED;
        if (!done && *a->deadline && due(a->deadline, year, as_of, &late)) {
            buf_printf(dues, "<li>指标 %d. ", ind->no);
            web_text(dues, ind->name);
            buf_puts(dues, "：完成时限 ");
            web_text(dues, a->deadline);
            buf_puts(dues, late ? "，<strong>已逾期</strong>" : "，年内到期");
            buf_puts(dues, "</li>");
        }
    }
    wp_table_end(b);
    buf_puts(b, "</section>");
}

static void tasks(web_req *r, buf *b, const web_snap *s, const web_tasks *t, const pm_dept *d, buf *dues)
{
    buf_puts(b, "<section><h2>负责的重点任务和重大项目</h2>");
    static const char *const head[] = {"编号", "类型", "名称", "分工", "完成时限", "评估结论"};
    size_t n = 0;
    int year = t->year;
    for (size_t i = 0; i < t->set.ntasks; i++) {
        const pm_task *k = &t->set.tasks[i];
        const char *role = role_in(&k->duty, d->code);
        if (!role || !web_task_reads(r, s, k))
            continue;
        if (!n++)
            wp_table_begin(b, "负责的重点任务和重大项目", "dept-tasks", head, sizeof head / sizeof head[0]);
        pm_task_judgment jt = pm_task_judge(k, t->set.updates, t->set.nupdates, t->as_of).judgment;
        buf_puts(b, "<tr><td>");
        wp_task_link(b, k->code);
        buf_puts(b, "</td>");
        wp_td(b, k->project ? "重大项目" : "重点任务");
        wp_td(b, k->title);
        wp_td(b, role);
        wp_td(b, *k->duty.deadline ? k->duty.deadline : "—");
        buf_puts(b, "<td>");
        wp_judgment_chip(b, pm_task_judgment_str(jt), pm_task_judgment_label(jt));
        buf_puts(b, "</td></tr>");
        bool late;
        bool closed = jt == PM_TJ_DONE || jt == PM_TJ_CANCELLED;
        if (!closed && *k->duty.deadline && due(k->duty.deadline, year, t->as_of, &late)) {
            buf_printf(dues, "<li>%s ", k->project ? "重大项目" : "重点任务");
            web_text(dues, k->code);
            buf_puts(dues, " ");
            web_text(dues, k->title);
            buf_puts(dues, "：完成时限 ");
            web_text(dues, k->duty.deadline);
            buf_puts(dues, late ? "，<strong>已逾期</strong>" : "，年内到期");
            buf_puts(dues, "</li>");
        }
    }
    if (n)
        wp_table_end(b);
    else
        buf_puts(b, "<p>没有您可以查看的、由本单位负责的任务或项目。</p>");
    buf_puts(b, "</section>");
}

void web_dept_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    if (!web_tasks_load(r, w, s, &t))
        return;
    const pm_dept *d = r->nargs ? web_dept_find(&t, r->args[0]) : NULL;
    if (!d) {
        web_error(r, w, 404, "unknown_dept", "没有这个责任单位。");
        web_tasks_free(&t);
        return;
    }
    web_page_begin(r, w, d->name);
    buf *b = &w->body;
    buf_puts(b, "<p><a href=\"/depts\">责任单位</a></p><h1>");
    web_text(b, d->name);
    buf_puts(b, "</h1><dl class=\"facts\"><dt>代码</dt><dd>");
    web_text(b, d->code);
    buf_puts(b, "</dd><dt>类型</dt><dd>");
    web_text(b, pm_dept_kind_label(d->kind));
    buf_puts(b, "</dd><dt>联系人</dt><dd>");
    web_text(b, *d->contact ? d->contact : "—");
    buf_printf(b, "</dd></dl><p>按 %s 的进展评估（%d 年）。</p>", t.as_of, t.year);
    buf dues = BUF_INIT;
    buf body = BUF_INIT;
    indicators(r, &body, s, d, t.year, t.as_of, &dues);
    tasks(r, &body, s, &t, d, &dues);
    buf_printf(b, "<section class=\"dept-due\"><h2>到期和逾期（%d 年）</h2>", t.year);
    if (dues.len) {
        buf_puts(b, "<ul>");
        buf_puts(b, buf_str(&dues));
        buf_puts(b, "</ul>");
    } else {
        buf_puts(b, "<p>本年没有到期未完成或已逾期的指标、任务。</p>");
    }
    buf_puts(b, "</section>");
    buf_puts(b, buf_str(&body));
    buf_free(&dues);
    buf_free(&body);
    web_page_end(r, w);
    web_tasks_free(&t);
}
