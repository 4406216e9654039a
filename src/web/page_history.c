/* GET /history?unit=CODE&item=CODE&year=Y&page=N: who changed which
 * figure, when, from what to what (value and review state), and why;
 * newest first, PER_PAGE rows a page, filtered by unit (its subtree),
 * data item and year. A user sees the history of their own subtree only:
 * the unit goes through web_unit_param (WEB_DO_READ), and without one it
 * is the user's home unit.
 *
 * The store hands the history out oldest first, through a callback: one
 * pass counts the rows, a second keeps only the page's, so a district's
 * tens of thousands of rows never sit in memory at once. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/num.h"
#include "web/pagekit.h"

#define PER_PAGE 200

typedef struct hrow {
    char *at, *who, *element, *unit, *why, *comment; /* owned */
    int year;
    double old_value, new_value;
    int old_state, new_state;
} hrow;

typedef struct hscan {
    size_t seen;       /* rows passed so far */
    size_t from, to;   /* keep rows with index in [from, to) (oldest first) */
    hrow *rows;        /* to - from slots */
    size_t n;
} hscan;

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static bool count_row(void *ctx, const pm_history_row *row)
{
    (void)row;
    ((hscan *)ctx)->seen++;
    return true;
}

static bool keep_row(void *ctx, const pm_history_row *row)
{
    hscan *h = ctx;
    size_t i = h->seen++;
    if (i < h->from)
        return true;
    if (i >= h->to)
        return false; /* the page is full: stop the scan */
    h->rows[h->n++] = (hrow){dup_or_null(row->at),     dup_or_null(row->who),  dup_or_null(row->element),
                             dup_or_null(row->unit),   dup_or_null(row->why),  dup_or_null(row->comment),
                             row->year,                row->old_value,         row->new_value,
                             row->old_state,           row->new_state};
    return true;
}

static void hscan_free(hscan *h)
{
    for (size_t i = 0; i < h->n; i++) {
        hrow *x = &h->rows[i];
        free(x->at);
        free(x->who);
        free(x->element);
        free(x->unit);
        free(x->why);
        free(x->comment);
    }
    free(h->rows);
}

/* "2024-03-01T08:00:00.123Z" → "2024-03-01 08:00:00" (UTC, as stored). */
/* A stored UTC time in the bureau's zone (serve --time-zone). */
static void when(buf *b, const char *at)
{
    if (!at)
        return;
    char s[32];
    web_text(b, pm_clock_local(at, true, s, sizeof s));
}

static void value(buf *b, double v)
{
    if (isnan(v))
        buf_puts(b, "—");
    else
        wp_raw(b, v);
}

/* "/history?unit=…&item=…&year=…&page=N" for an attribute. */
static void page_href(buf *b, const char *unit, const char *item, int year, size_t page)
{
    buf h = BUF_INIT;
    buf_puts(&h, "/history?unit=");
    esc_url_component(&h, unit);
    if (item) {
        buf_puts(&h, "&item=");
        esc_url_component(&h, item);
    }
    if (year)
        buf_printf(&h, "&year=%d", year);
    buf_printf(&h, "&page=%zu", page);
    web_attr(b, buf_str(&h));
    buf_free(&h);
}

static void item_select(buf *b, const pm_plan *plan, const char *chosen)
{
    buf_puts(b, "<select name=\"item\"><option value=\"\">全部数据项</option>");
    for (size_t e = 0; e < plan->nelem; e++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, plan->elem[e].code);
        buf_puts(b, chosen && !strcmp(chosen, plan->elem[e].code) ? "\" selected>" : "\">");
        web_text(b, plan->elem[e].name);
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select>");
}

static void table(buf *b, const web_snap *s, const hscan *h, int year)
{
    const pm_evaluation *ev = &s->ev;
    wp_table_wrap(b, "修改历史");
    char zone[16];
    buf_printf(b, "<table class=\"history\"><thead><tr><th>时间（%s）</th><th>操作人</th><th>单位</th>",
               pm_clock_zone(zone, sizeof zone));
    buf_puts(b, "<th>数据项</th><th>年份</th><th>原值 → 新值</th><th>状态</th><th>原因</th><th>说明</th></tr></thead><tbody>");
    for (size_t k = h->n; k-- > 0;) {
        const hrow *x = &h->rows[k];
        buf_puts(b, "<tr><td class=\"nowrap\">");
        when(b, x->at);
        buf_puts(b, "</td><td>");
        web_text(b, x->who);
        buf_puts(b, "</td><td>");
        int u = web_snap_unit(s, x->unit);
        if (u >= 0)
            wp_unit_link(b, &ev->tree, u, year ? year : x->year);
        else
            web_text(b, x->unit);
        buf_puts(b, "</td><td>");
        int e = x->element ? pm_plan_element(&ev->plan, x->element) : -1;
        web_text(b, e >= 0 ? ev->plan.elem[e].name : x->element);
        buf_puts(b, "<span class=\"sub\"><code>");
        web_text(b, x->element);
        buf_printf(b, "</code></span></td><td class=\"num\">%d</td><td class=\"num nowrap\">", x->year);
        if (x->old_value != x->new_value) { /* a review move keeps the value: show it once */
            value(b, x->old_value);
            buf_puts(b, " → ");
        }
        value(b, x->new_value);
        buf_puts(b, "</td><td class=\"nowrap\">");
        if (x->old_state >= 0 && x->old_state != x->new_state) {
            wp_state_badge(b, x->old_state);
            buf_puts(b, " → ");
        }
        wp_state_badge(b, x->new_state);
        buf_puts(b, "</td><td>");
        web_text(b, x->why);
        buf_puts(b, "</td><td>");
        web_text(b, x->comment);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
}

void web_history_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    if (unit < 0)
        return;
    int year = web_year_of(r, w, s, web_query(r, "year"), 0);
    if (year < 0)
        return;
    const pm_evaluation *ev = &s->ev;
    const char *item = web_query(r, "item");
    if (item && !*item)
        item = NULL;
    if (item && pm_plan_element(&ev->plan, item) < 0) {
        web_error(r, w, 400, "unknown_item", "数据项不存在：请从列表中选择数据项。");
        return;
    }
    long page = 1;
    const char *ps = web_query(r, "page");
    if (ps && *ps && !num_parse_int(ps, 1, 1000000, &page)) {
        web_error(r, w, 400, "bad_page", "页码应为正整数。");
        return;
    }
    /* The body depends only on the data, the filters and which units the
     * user may pick: drawn once per snapshot and kept (key 0, never kept:
     * an item or a page number that does not fit). */
    int elem = item ? pm_plan_element(&ev->plan, item) : -1;
    uint64_t key = elem < 63 && page <= 8
                       ? web_fragment_key('H', unit, year, web_read_scope(r->user),
                                          (elem + 1) | (int)(page - 1) << 6 | (year == 0) << 9)
                       : 0;
    web_page_begin(r, w, "修改历史");
    size_t body_from = w->body.len;
    if (web_fragment_get(r, key, &w->body)) {
        web_page_end(r, w);
        return;
    }
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    const char *code = ev->tree.u[unit].code;
    pm_filter f = {.unit = unit == 0 ? NULL : code, .element = item, .year = year};
    pm_err err = {0};
    hscan h = {0};
    if (!pm_store_history(st, &f, count_row, &h, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    size_t total = h.seen, pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
    if ((size_t)page > pages) {
        web_error(r, w, 404, "no_such_page", "没有这一页：修改记录没有那么多。");
        return;
    }
    /* Newest first: page 1 holds the last PER_PAGE rows. */
    size_t to = total - (size_t)(page - 1) * PER_PAGE;
    size_t from = to > PER_PAGE ? to - PER_PAGE : 0;
    h = (hscan){0, from, to, xcalloc(to - from + 1, sizeof(hrow)), 0};
    if (!pm_store_history(st, &f, keep_row, &h, &err)) {
        hscan_free(&h);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    buf *b = &w->body;
    buf_puts(b, "<div class=\"page-head\"><h1>修改历史：");
    web_text(b, ev->tree.u[unit].name);
    buf_puts(b, "</h1><form method=\"get\" action=\"/history\" class=\"filters\"><label>组织机构 ");
    wp_unit_select(r, b, s, "unit", WEB_DO_READ, unit, PM_LEVEL_TOWN);
    buf_puts(b, "</label> <label>数据项 ");
    item_select(b, &ev->plan, item);
    buf_puts(b, "</label> <label>年份 ");
    wp_year_select(b, s, "year", year, true);
    buf_puts(b, "</label> <button type=\"submit\">筛选</button></form></div>");
    buf_printf(b, "<p class=\"meta\">共 %zu 条修改记录（含下级单位），从新到旧排列", total);
    if (pages > 1)
        buf_printf(b, "，每页 %d 条", PER_PAGE);
    buf_puts(b, "。每次填报、导入、提交、审核、退回都记录在此，不能删除。</p>");
    if (!total)
        buf_puts(b, "<p class=\"meta\">没有符合条件的修改记录。</p>");
    else
        table(b, s, &h, year);
    if (pages > 1) {
        buf_puts(b, "<nav class=\"pager\" aria-label=\"分页\">");
        if (page > 1) {
            buf_puts(b, "<a href=\"");
            page_href(b, code, item, year, (size_t)page - 1);
            buf_puts(b, "\" rel=\"prev\">« 较新</a> ");
        }
        buf_printf(b, "<span>第 %ld / %zu 页</span>", page, pages);
        if ((size_t)page < pages) {
            buf_puts(b, " <a href=\"");
            page_href(b, code, item, year, (size_t)page + 1);
            buf_puts(b, "\" rel=\"next\">较旧 »</a>");
        }
        buf_puts(b, "</nav>");
    }
    web_fragment_put(r, key, b, body_from);
    web_page_end(r, w);
    hscan_free(&h);
}
