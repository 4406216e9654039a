/* GET /entry/print?unit=&year=: the printable 报表 of a unit's figures of
 * a year — what a town stamps, signs and scans (then uploads as the
 * `scan` attachment, page_attach.c). 表头: the plan, the unit (填报单位
 * （盖章）), the year; the items the unit reports with last year's and this
 * year's figures, their review state and comments; 表尾: 单位负责人 (to
 * sign), 填表人 (the user printing it), 联系电话, 报出日期 (today in the
 * bureau's zone). For anyone who may read the unit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "web/pagekit.h"

typedef struct cell {
    double last, cur;
    int state; /* -1: none */
    char *comment;
} cell;

typedef struct print_ctx {
    const web_snap *s;
    const char *code;
    int year;
    cell *by_elem;
} print_ctx;

static bool on_value(void *ctx, const pm_value_row *row)
{
    print_ctx *c = ctx;
    int e = strcmp(row->unit, c->code) ? -1 : pm_plan_element(&c->s->ev.plan, row->element);
    if (e < 0)
        return true; /* the listing covers the subtree: keep the unit's own */
    cell *x = &c->by_elem[e];
    if (row->year == c->year) {
        x->cur = row->value;
        x->state = (int)row->state;
        free(x->comment);
        x->comment = row->comment ? xstrdup(row->comment) : NULL;
    } else {
        x->last = row->value;
    }
    return true;
}

void web_entry_print(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_READ, &unit, &year))
        return;
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    const pm_plan *plan = &s->ev.plan;
    const pm_unit *pu = &s->ev.tree.u[unit];
    print_ctx c = {s, pu->code, year, xcalloc(plan->nelem + 1, sizeof(cell))};
    for (size_t e = 0; e < plan->nelem; e++)
        c.by_elem[e] = (cell){NAN, NAN, -1, NULL};
    pm_err err = {0};
    pm_filter f = {.unit = pu->code, .year = year};
    bool ok = pm_store_list_values(st, &f, on_value, &c, &err);
    if (ok && year - 1 >= plan->base_year) {
        f.year = year - 1;
        ok = pm_store_list_values(st, &f, on_value, &c, &err);
    }
    if (!ok) {
        web_error(r, w, 500, "store_failed", err.msg);
    } else {
        char title[512];
        snprintf(title, sizeof title, "%s %d年数据报表", pu->name, year);
        buf_reset(&w->body);
        web_page_begin(r, w, title);
        buf *b = &w->body;
        buf_puts(b, "<article class=\"print-report\"><h1>");
        web_text(b, plan->title ? plan->title : "规划");
        buf_printf(b, "<br>%d年监测数据报表</h1><p class=\"report-head\">填报单位（盖章）：", year);
        web_text(b, pu->name);
        buf_puts(b, "　　单位代码：");
        web_text(b, pu->code);
        buf_printf(b, "　　年份：%d年</p><table class=\"report-table\"><thead><tr><th>序号</th><th>数据项</th>"
                      "<th>计量单位</th><th>%d年</th><th>%d年</th><th>审核状态</th><th>说明</th></tr></thead><tbody>",
                   year, year - 1, year);
        size_t k = 0;
        for (size_t e = 0; e < plan->nelem; e++) {
            const pm_element *el = &plan->elem[e];
            if (el->level >= 0 && el->level != pu->level)
                continue;
            const cell *x = &c.by_elem[e];
            buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", ++k);
            web_text(b, el->name);
            buf_puts(b, "</td><td>");
            web_text(b, *el->unit ? el->unit : "—");
            buf_puts(b, "</td><td class=\"num\">");
            if (isnan(x->last))
                buf_puts(b, "—");
            else
                wp_raw(b, x->last);
            buf_puts(b, "</td><td class=\"num\">");
            if (isnan(x->cur))
                buf_puts(b, "—");
            else
                wp_raw(b, x->cur);
            buf_puts(b, "</td><td>");
            web_text(b, x->state >= 0 ? pm_vstate_label((pm_vstate)x->state) : "未填报");
            buf_puts(b, "</td><td>");
            web_text(b, x->comment);
            buf_puts(b, "</td></tr>");
        }
        char today[16];
        buf_puts(b, "</tbody></table><p class=\"report-foot\">单位负责人：__________　　填表人：");
        web_text(b, r->user->u.display && *r->user->u.display ? r->user->u.display : r->user->u.name);
        buf_printf(b, "　　联系电话：__________　　报出日期：%s</p>", pm_clock_today(time(NULL), today, sizeof today));
        buf_puts(b, "<p class=\"meta no-print\">用浏览器打印（A4），盖章签字后扫描，在填报页作为“盖章报表扫描件”上传。</p>"
                    "</article>");
        web_page_end(r, w);
        w->status = 200;
    }
    for (size_t e = 0; e < plan->nelem; e++)
        free(c.by_elem[e].comment);
    free(c.by_elem);
}
