/* Data entry (数据填报) for one unit and year:
 *
 *   GET  /entry?unit=CODE&year=Y               the form: the items that unit reports (the
 *                                             elements of its level), last year's value, this
 *                                             year's value and review state, a comment
 *   POST /entry?unit=CODE&year=Y  action=save  save as drafts
 *                                 action=submit save, then submit the unit's own figures
 *                                 action=submit_tree  submit the drafts of the whole subtree
 *   GET  /entry/template.xlsx?unit=&year=      the XLSX template (the `planmon template` file)
 *   POST /entry/upload?unit=&year=             a filled template or a CSV, imported
 *
 * A save goes through the import pipeline the CLI uses (store/import.h):
 * the form becomes rows (sheet "网页填报", row = the item's position), so
 * the checks and their Chinese messages are those of `planmon import`:
 * errors refuse the whole save, warnings (a value far from last year's)
 * ask for a comment. Reporters are held to their subtree twice: by
 * web_can on the unit, and by the import's only_unit scope. Approved
 * figures are shown read-only; a changed value posted for one anyway is
 * refused by the checks (locked). Every write is made under the user's
 * name, so it lands in the history with who, when, old and new.
 *
 * Writes run inside one store transaction (BEGIN IMMEDIATE): the checks
 * read the stored figures and the write lands on exactly what they read;
 * "save and submit" lands whole or not at all. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "render/doc/import_report.h"
#include "render/doc/xlsx_template.h"
#include "parse/import_file.h"
#include "store/import.h"
#include "store/review.h"
#include "store/notes.h"
#include "web/page_attach.h"
#include "web/page_todo.h"
#include "web/pagekit.h"
#include "web/submit_hold.h"
#include "web/thread.h"

#define SHEET_NAME "网页填报"
#define COMMENT_MAX 1500  /* bytes of a comment: 500 Chinese characters */
#define VALUE_MAX 64      /* bytes of a value as typed */
#define FILENAME_MAX_SHOWN 200

/* ---- the items of a unit and what is stored for them ---------------------------------- */

typedef struct item {
    int e;          /* element index in the snapshot's plan */
    double last;    /* last year's figure; NaN: none */
    double cur;     /* this year's; NaN: none */
    int state;      /* this year's review state; -1: none */
    char *comment;  /* this year's comment; owned, NULL: none */
} item;

typedef struct items {
    item *it;
    size_t n;
    int *of_elem;   /* element index → item index or -1 */
    const char *unit_code;
    int year;
} items;

/* The elements unit u reports: those of its level (and those of any
 * level), in the plan's order. */
static void items_init(items *x, const web_snap *s, int u, int year)
{
    const pm_plan *plan = &s->ev.plan;
    int level = s->ev.tree.u[u].level;
    x->it = xcalloc(plan->nelem + 1, sizeof *x->it);
    x->of_elem = xcalloc(plan->nelem + 1, sizeof *x->of_elem);
    x->n = 0;
    x->unit_code = s->ev.tree.u[u].code;
    x->year = year;
    for (size_t e = 0; e < plan->nelem; e++) {
        x->of_elem[e] = -1;
        if (plan->elem[e].level >= 0 && plan->elem[e].level != level)
            continue;
        x->of_elem[e] = (int)x->n;
        x->it[x->n++] = (item){(int)e, NAN, NAN, -1, NULL};
    }
}

static void items_free(items *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->it[i].comment);
    free(x->it);
    free(x->of_elem);
    memset(x, 0, sizeof *x);
}

typedef struct load_ctx {
    items *x;
    const strmap *elems;
} load_ctx;

static bool load_row(void *ctx, const pm_value_row *row)
{
    load_ctx *c = ctx;
    items *x = c->x;
    if (strcmp(row->unit, x->unit_code)) /* the listing covers the subtree: keep the unit's own */
        return true;
    int e = strmap_get(c->elems, row->element);
    int k = e >= 0 ? x->of_elem[e] : -1;
    if (k < 0)
        return true;
    item *it = &x->it[k];
    if (row->year == x->year) {
        it->cur = row->value;
        it->state = (int)row->state;
        free(it->comment);
        it->comment = row->comment ? xstrdup(row->comment) : NULL;
    } else if (row->year == x->year - 1) {
        it->last = row->value;
    }
    return true;
}

/* Reads this year's and last year's stored figures of the unit's items.
 * False with err when the store fails. */
static bool items_load(items *x, pm_store *st, const web_snap *s, pm_err *err)
{
    const pm_plan *plan = &s->ev.plan;
    strmap elems;
    strmap_init(&elems, plan->nelem);
    for (size_t e = 0; e < plan->nelem; e++)
        strmap_put(&elems, plan->elem[e].code, (int)e);
    load_ctx c = {x, &elems};
    pm_filter f = {.unit = x->unit_code, .year = x->year};
    bool ok = pm_store_list_values(st, &f, load_row, &c, err);
    if (ok && x->year - 1 >= s->ev.plan.base_year) {
        f.year = x->year - 1;
        ok = pm_store_list_values(st, &f, load_row, &c, err);
    }
    strmap_free(&elems);
    return ok;
}

/* Figures a user may still change: none yet, a draft, or returned. */
static bool editable(const item *it)
{
    return it->state != PM_VS_SUBMITTED && it->state != PM_VS_APPROVED;
}

/* ---- what a page shows besides the form ------------------------------------------------ */

typedef struct view {
    const char *ok, *warn, *error, *info;   /* messages, plain text */
    /* The checks of a save: rows built from the form, the item of each. */
    const pm_check_result *checks;
    const int *row_item;
    bool posted;            /* show what was posted in the inputs (a refused save) */
    /* An upload's report: the CLI's lines (plain text, one per line) and its summary. */
    const char *upload_lines;
    const char *upload_summary;
    bool upload_refused;
} view;

static const char *issue_level(const pm_issue *x)
{
    return x->error ? "错误" : x->note ? "提示" : x->answered ? "提示（已说明）" : "警告（需说明）";
}

/* Does the save's check hold an error for item k? */
static bool item_has_error(const view *v, size_t k)
{
    if (!v->checks)
        return false;
    for (size_t i = 0; i < v->checks->nissues; i++)
        if (v->checks->issues[i].error && v->row_item[v->checks->issues[i].row] == (int)k)
            return true;
    return false;
}

/* The id of item k's messages ("msg-CODE"), which its input names in
 * aria-describedby, and of its input ("v_CODE"), which the summary links. */
static void field_id(buf *b, const char *prefix, const char *code)
{
    buf id = BUF_INIT;
    buf_puts(&id, prefix);
    buf_puts(&id, code);
    web_attr(b, buf_str(&id));
    buf_free(&id);
}

/* Item k's messages, under its input: <span id="msg-CODE">…</span>. */
static void issues_of_item(buf *b, const view *v, size_t k, const char *code)
{
    if (!v->checks)
        return;
    bool any = false;
    for (size_t i = 0; i < v->checks->nissues; i++) {
        const pm_issue *x = &v->checks->issues[i];
        if (v->row_item[x->row] != (int)k)
            continue;
        if (!any) {
            buf_puts(b, "<span class=\"issues-of\" id=\"");
            field_id(b, "msg-", code);
            buf_puts(b, "\">");
            any = true;
        }
        buf_puts(b, x->error ? "<span class=\"issue issue-error\">" : "<span class=\"issue issue-warn\">");
        web_text(b, issue_level(x));
        buf_puts(b, "：");
        web_text(b, x->msg);
        buf_puts(b, "</span>");
    }
    if (any)
        buf_puts(b, "</span>");
}

/* The summary of a save's issues above the form: how many errors and
 * warnings, each a link to its field (names, not row numbers). */
static void issues_list(buf *b, const view *v, const items *x, const pm_plan *plan)
{
    if (!v->checks || !v->checks->nissues)
        return;
    buf_puts(b, "<section class=\"issues\" aria-labelledby=\"issues-h\"><h2 id=\"issues-h\">检查结果：");
    if (v->checks->errors)
        buf_printf(b, "%zu 个错误", v->checks->errors);
    if (v->checks->errors && v->checks->warnings)
        buf_puts(b, "，");
    if (v->checks->warnings)
        buf_printf(b, "%zu 个警告", v->checks->warnings);
    buf_puts(b, "</h2><ul>");
    for (size_t i = 0; i < v->checks->nissues; i++) {
        const pm_issue *is = &v->checks->issues[i];
        int k = v->row_item[is->row];
        buf_puts(b, is->error ? "<li class=\"issue-error\">" : "<li class=\"issue-warn\">");
        if (k >= 0 && (size_t)k < x->n) {
            const pm_element *el = &plan->elem[x->it[k].e];
            buf_puts(b, "<a href=\"#");
            {
                buf frag = BUF_INIT;
                buf_puts(&frag, "v_");
                esc_url_component(&frag, el->code);
                web_attr(b, buf_str(&frag));
                buf_free(&frag);
            }
            buf_puts(b, "\">");
            web_text(b, el->name);
            buf_puts(b, "</a>：");
        }
        web_text(b, issue_level(is));
        buf_puts(b, "：");
        web_text(b, is->msg);
        buf_puts(b, "</li>");
    }
    size_t total = v->checks->errors + v->checks->warnings;
    if (total > v->checks->nissues)
        buf_printf(b, "<li>……另有 %zu 个问题未列出。</li>", total - v->checks->nissues);
    buf_puts(b, "</ul></section>");
}

static void upload_report(buf *b, const view *v)
{
    if (!v->upload_summary)
        return;
    buf_puts(b, "<section class=\"issues upload-report\"><h2>上传结果</h2>");
    wp_msg(b, v->upload_refused ? "error" : "ok", v->upload_summary);
    if (v->upload_lines && *v->upload_lines) {
        buf_puts(b, "<ul>");
        const char *p = v->upload_lines;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            char *line = xstrndup(p, len);
            buf_puts(b, strstr(line, "：错误：") ? "<li class=\"issue-error\">" : "<li class=\"issue-warn\">");
            web_text(b, line);
            buf_puts(b, "</li>");
            free(line);
            p += len + (nl ? 1 : 0);
        }
        buf_puts(b, "</ul>");
    }
    buf_puts(b, "</section>");
}

/* "/entry?unit=CODE&year=Y" and the like, for an attribute. */
static void here(buf *b, const char *path, const char *code, int year)
{
    buf h = BUF_INIT;
    buf_puts(&h, path);
    buf_puts(&h, "?unit=");
    esc_url_component(&h, code);
    buf_printf(&h, "&year=%d", year);
    web_attr(b, buf_str(&h));
    buf_free(&h);
}

static const char *kind_hint(pm_value_kind k)
{
    switch (k) {
    case PM_KIND_COUNT: return "整数";
    case PM_KIND_SHARE: return "0–100";
    case PM_KIND_FLAG: return "1 是 / 0 否";
    case PM_KIND_NUMBER: break;
    }
    return "数值";
}

/* The reply to a figure's thread (审核意见): field n_CODE, kept as a
 * note when the form is saved. */
static void reply_field(web_req *r, buf *b, const pm_element *el, const view *v)
{
    char nname[160];
    snprintf(nname, sizeof nname, "n_%s", el->code);
    buf_puts(b, "<label class=\"reply\">回复审核意见<input class=\"reply\" maxlength=\"500\" name=\"");
    web_attr(b, nname);
    buf_puts(b, "\" value=\"");
    if (v->posted)
        web_attr(b, web_form(r, nname));
    buf_puts(b, "\"></label>");
}

static void form_row(web_req *r, buf *b, const pm_plan *plan, const item *it, size_t k, int year, const view *v,
                     const wt_thread *th)
{
    const pm_element *el = &plan->elem[it->e];
    bool open = editable(it);
    bool bad = open && item_has_error(v, k);
    buf_printf(b, open ? (bad ? "<tr class=\"invalid\">" : "<tr>") : "<tr class=\"locked\">");
    buf_printf(b, "<td class=\"num row-no\">%zu</td><td class=\"item\">", k + 1);
    web_text(b, el->name);
    buf_puts(b, "<span class=\"sub\"><code>");
    web_text(b, el->code);
    buf_puts(b, "</code></span></td><td data-label=\"计量单位\">");
    web_text(b, *el->unit ? el->unit : "—");
    buf_printf(b, "</td><td class=\"num\" data-label=\"%d年值\">", year - 1);
    if (isnan(it->last))
        buf_puts(b, "—");
    else
        wp_raw(b, it->last);
    buf_printf(b, "</td><td class=\"num value-cell\" data-label=\"%d年值\">", year);
    /* Field names carry the element code: v_CODE and c_CODE. */
    if (open) {
        const char *pv = NULL, *pc = NULL;
        char vname[160], cname[160];
        snprintf(vname, sizeof vname, "v_%s", el->code);
        snprintf(cname, sizeof cname, "c_%s", el->code);
        if (v->posted) {
            pv = web_form(r, vname);
            pc = web_form(r, cname);
        }
        buf_puts(b, "<input class=\"value\" inputmode=\"decimal\" autocomplete=\"off\" id=\"");
        field_id(b, "v_", el->code);
        if (bad) {
            buf_puts(b, "\" aria-invalid=\"true\" aria-describedby=\"");
            field_id(b, "msg-", el->code);
        }
        buf_puts(b, "\" name=\"");
        web_attr(b, vname);
        buf_puts(b, "\" placeholder=\"");
        web_attr(b, kind_hint(el->kind));
        buf_puts(b, "\" aria-label=\"");
        web_attr(b, el->name);
        buf_puts(b, " 本年值\" value=\"");
        if (pv)
            web_attr(b, pv);
        else
            wp_raw(b, it->cur);
        buf_puts(b, "\">");
        if (it->state == PM_VS_RETURNED)
            wt_return_reason(b, th);
        issues_of_item(b, v, k, el->code);
        buf_puts(b, "</td><td data-label=\"状态\">");
        wp_state_badge(b, it->state);
        buf_puts(b, "</td><td data-label=\"说明\"><input class=\"comment\" maxlength=\"500\" name=\"");
        web_attr(b, cname);
        buf_puts(b, "\" aria-label=\"");
        web_attr(b, el->name);
        buf_puts(b, " 说明\" value=\"");
        web_attr(b, pc ? pc : it->comment);
        buf_puts(b, "\">");
        if (th->n) /* a thread to answer: the reply lands with the save (POST /entry) */
            reply_field(r, b, el, v);
    } else {
        wp_raw(b, it->cur);
        issues_of_item(b, v, k, el->code);
        buf_puts(b, "</td><td data-label=\"状态\">");
        wp_state_badge(b, it->state);
        buf_puts(b, it->state == PM_VS_APPROVED ? "<span class=\"sub\">已锁定</span>" : "<span class=\"sub\">待审核，不能修改</span>");
        buf_puts(b, "</td><td data-label=\"说明\">");
        web_text(b, it->comment);
    }
    wt_list(b, th);
    buf_puts(b, "</td></tr>");
}

/* May the page be drawn once per snapshot and kept? A plain GET: no
 * messages, no posted values (a POST draws what it just wrote afresh). */
static bool plain(const web_req *r, const view *v)
{
    return !strcmp(r->method, "GET") && !v->ok && !v->warn && !v->error && !v->info && !v->checks && !v->posted &&
           !v->upload_summary;
}

/* The whole page. Its body depends on the data, the unit, the year and who
 * the user is (role and subtree: which units the selector offers, the
 * reopen form): a plain GET's is drawn once per snapshot and kept
 * (web_fragment_begin), with each request's own CSRF fields. Otherwise the
 * stored figures are read afresh (after a write, they are what was just
 * written). */
static void render(web_req *r, web_resp *w, int status, const web_snap *s, int unit, int year, const view *v)
{
    const pm_evaluation *ev = &s->ev;
    const pm_unit *pu = &ev->tree.u[unit];
    char title[512];
    snprintf(title, sizeof title, "数据填报 · %s %d年", pu->name, year);
    buf_reset(&w->body);
    web_page_begin(r, w, title);
    uint64_t key = plain(r, v) ? web_fragment_key('E', unit, year, web_user_scope(r->user), (int)r->user->u.role) : 0;
    web_frag f;
    if (web_fragment_begin(r, &f, key, &w->body)) {
        web_page_end(r, w);
        w->status = status;
        return;
    }
    pm_store *st = web_store(r, w);
    items x;
    items_init(&x, s, unit, year);
    pm_err err = {0};
    wt_threads th = {0};
    if (!st || !items_load(&x, st, s, &err) || !wt_load(&th, st, s, pu->code, year, &err)) {
        items_free(&x);
        wt_free(&th);
        web_fragment_drop(r, &f);
        if (st)
            web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    buf *b = &f.piece;
    buf_puts(b, "<div class=\"page-head\"><h1>数据填报：");
    web_text(b, pu->name);
    buf_printf(b, " %d年</h1><form method=\"get\" action=\"/entry\" class=\"filters\"><label>组织机构 ", year);
    wp_unit_select(r, b, s, "unit", WEB_DO_ENTER, unit, PM_LEVEL_MAX);
    buf_puts(b, "</label> <label>年份 ");
    wp_year_select(b, s, "year", year, false);
    buf_puts(b, "</label> <button type=\"submit\">打开</button></form></div><p class=\"meta\">");
    buf_puts(b, "<a href=\"");
    here(b, "/entry/template.xlsx", pu->code, year);
    buf_puts(b, "\">下载 Excel 填报模板</a> · <a href=\"");
    here(b, "/entry/print", pu->code, year);
    buf_puts(b, "\">打印报表（盖章用）</a> · <a href=\"");
    here(b, "/history", pu->code, year);
    buf_puts(b, "\">修改历史</a> · ");
    wp_unit_link(b, &ev->tree, unit, year);
    buf_puts(b, "</p>");
    if (v->error)
        wp_msg(b, "error", v->error);
    if (v->warn)
        wp_msg(b, "warn", v->warn);
    if (v->ok)
        wp_msg(b, "ok", v->ok);
    if (v->info)
        wp_msg(b, "info", v->info);
    web_todo_unit(r, b, s, unit);
    upload_report(b, v);
    issues_list(b, v, &x, &ev->plan);

    size_t locked = 0, open = 0, approved = 0, returned = 0;
    for (size_t k = 0; k < x.n; k++) {
        open += editable(&x.it[k]);
        approved += x.it[k].state == PM_VS_APPROVED;
        returned += x.it[k].state == PM_VS_RETURNED;
    }
    if (returned) {
        char ret[256];
        snprintf(ret, sizeof ret, "有 %zu 项数据被退回：退回原因写在该项下方，请修改后（可在“回复审核意见”中说明）重新提交。",
                 returned);
        wp_msg(b, "warn", ret);
    }
    locked = x.n - open;
    if (!x.n) {
        buf_puts(b, "<p class=\"meta\">");
        web_text(b, pm_level_name(pu->level));
        buf_puts(b, "“");
        web_text(b, pu->name);
        buf_puts(b, "”没有需要填报的数据项。</p>");
    } else {
        buf_puts(b, "<section class=\"entry\"><h2>填报表</h2><p class=\"meta\">");
        buf_printf(b, "共 %zu 项；已提交或已审核的 %zu 项不能修改。计数填整数，比例填 0–100，是否项填 1 或 0；"
                      "与上年相比变化过大的数值请在“说明”栏注明原因。",
                   x.n, locked);
        buf_puts(b, "</p><form method=\"post\" class=\"entry-form\" action=\"");
        here(b, "/entry", pu->code, year);
        buf_puts(b, "\">");
        web_csrf_field(r, b);
        wp_table_wrap(b, "填报表");
        buf_printf(b, "<table class=\"entry-table\"><thead><tr><th>行</th><th>数据项</th>"
                      "<th>计量单位</th><th>%d年值</th><th>%d年值</th><th>状态</th><th>说明</th></tr></thead><tbody>",
                   year - 1, year);
        for (size_t k = 0; k < x.n; k++)
            form_row(r, b, &ev->plan, &x.it[k], k, year, v, &th.by_elem[x.it[k].e]);
        buf_puts(b, "</tbody></table></div>");
        if (open)
            buf_puts(b, "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\">保存草稿</button> "
                        "<button type=\"submit\" name=\"action\" value=\"submit\">保存并提交审核</button></p>");
        buf_puts(b, "</form></section>");
    }
    if (ev->tree.end[unit] - unit > 1) {
        buf_puts(b, "<section class=\"entry-tree\"><h2>提交下级单位的数据</h2><form method=\"post\" action=\"");
        here(b, "/entry", pu->code, year);
        buf_puts(b, "\" class=\"inline\">");
        web_csrf_field(r, b);
        buf_puts(b, "<p>把");
        web_text(b, pu->name);
        buf_printf(b, "及其全部下级单位 %d 年的草稿和退回修改的数据一并提交审核。</p>", year);
        buf_puts(b, "<button type=\"submit\" name=\"action\" value=\"submit_tree\">全部提交审核</button></form></section>");
    }
    web_attach_section(r, b, s, unit, year, true);
    buf_puts(b, "<section class=\"upload\"><h2>上传填好的模板</h2><form method=\"post\" enctype=\"multipart/form-data\" "
                "class=\"form\" action=\"");
    here(b, "/entry/upload", pu->code, year);
    buf_puts(b, "\">");
    web_csrf_field(r, b);
    buf_puts(b, "<label>Excel 模板（.xlsx）或 CSV 文件（不超过 10 MB）<input type=\"file\" name=\"file\" required "
                "accept=\".xlsx,.csv\"></label><button type=\"submit\">上传并导入</button></form>"
                "<p class=\"meta\">与网页填报使用同样的检查：有错误时整个文件都不导入；导入的数据为草稿，需再提交审核。</p>"
                "</section>");
    if (approved && web_can(r->user, WEB_DO_ADMIN, unit)) {
        buf_puts(b, "<section class=\"reopen\"><h2>重新打开已审核的数据</h2><form method=\"post\" action=\"/review\" "
                    "class=\"form\">");
        web_csrf_field(r, b);
        buf_puts(b, "<input type=\"hidden\" name=\"action\" value=\"reopen\"><input type=\"hidden\" name=\"unit\" value=\"");
        web_attr(b, pu->code);
        buf_printf(b, "\"><input type=\"hidden\" name=\"year\" value=\"%d\">", year);
        buf_printf(b, "<p>本单位 %d 年有 %zu 项数据已审核锁定。重新打开后退回填报人修改（须说明原因）。</p>", year, approved);
        buf_puts(b, "<label>原因<input name=\"reason\" required maxlength=\"500\"></label>"
                    "<button type=\"submit\">重新打开</button></form></section>");
    }
    web_fragment_end(r, &f, &w->body);
    web_page_end(r, w);
    w->status = status;
    items_free(&x);
    wt_free(&th);
}

/* ---- GET /entry ------------------------------------------------------------------------ */

void web_entry_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_ENTER, &unit, &year))
        return;
    view v = {0};
    render(r, w, 200, s, unit, year, &v);
}

/* ---- POST /entry ------------------------------------------------------------------------ */

/* The form as import rows: one per item with a value typed in. The texts
 * are trimmed copies owned by *texts (free each, then the array). */
typedef struct form_rows {
    pm_import_row *rows;
    int *row_item;
    size_t n;
    char **texts;
    size_t ntexts;
    pm_import_cols cols;
    char year[16];
} form_rows;

static char *keep(form_rows *f, const char *s)
{
    char *c = xstrdup(s ? s : "");
    f->texts[f->ntexts++] = c;
    return wp_trim(c);
}

/* Builds the rows; false with a message in msg when a field is too long. */
static bool form_rows_build(web_req *r, const web_snap *s, const items *x, form_rows *f, char *msg, size_t cap)
{
    const pm_plan *plan = &s->ev.plan;
    memset(f, 0, sizeof *f);
    f->rows = xcalloc(x->n + 1, sizeof *f->rows);
    f->row_item = xcalloc(x->n + 1, sizeof *f->row_item);
    f->texts = xcalloc(2 * x->n + 1, sizeof *f->texts);
    snprintf(f->year, sizeof f->year, "%d", x->year);
    /* The columns the messages name: a form has no letters, only names. */
    f->cols = (pm_import_cols){.unit = 0, .year = 1, .item = 2, .value = 3, .comment = 4, .unit_name = "单位",
                               .year_name = "年份", .item_name = "数据项", .value_name = "本年值", .comment_name = "说明"};
    for (size_t k = 0; k < x->n; k++) {
        const pm_element *el = &plan->elem[x->it[k].e];
        char vname[160], cname[160];
        snprintf(vname, sizeof vname, "v_%s", el->code);
        snprintf(cname, sizeof cname, "c_%s", el->code);
        const char *rv = web_form(r, vname), *rc = web_form(r, cname);
        if ((rv && strlen(rv) > VALUE_MAX) || (rc && strlen(rc) > COMMENT_MAX)) {
            snprintf(msg, cap, "第 %zu 行（%s）：%s过长，数值不超过 %d 个字符，说明不超过 500 个汉字。数据库未作任何改动。",
                     k + 1, el->name, rv && strlen(rv) > VALUE_MAX ? "数值" : "说明", VALUE_MAX);
            return false;
        }
        const char *v = keep(f, rv);
        if (!*v)
            continue; /* nothing typed: like a template's empty row */
        const char *c = keep(f, rc);
        f->row_item[f->n] = (int)k;
        f->rows[f->n] = (pm_import_row){.unit = x->unit_code, .year = f->year, .item = el->code, .value = v,
                                        .comment = c, .value_type = PM_CELL_STRING, .sheet = SHEET_NAME,
                                        .row = (long)(k + 1), .row_index = f->n, .cols = &f->cols};
        f->n++;
    }
    return true;
}

static void form_rows_free(form_rows *f)
{
    for (size_t i = 0; i < f->ntexts; i++)
        free(f->texts[i]);
    free(f->texts);
    free(f->rows);
    free(f->row_item);
    memset(f, 0, sizeof *f);
}

/* The subtree an importing user is held to: its own (reporters and
 * reviewers), none for admins. The snapshot's preorder indexes are the
 * store's (both come from pm_store_get_units over the same rows). */
static int scope_of(const web_req *r)
{
    return r->user && r->user->root >= 0 ? r->user->root : -1;
}

static void store_failed(web_req *r, web_resp *w, pm_store *st, const pm_err *err)
{
    pm_store_rollback(st);
    web_error(r, w, 500, "store_failed", err->msg);
}

static void submit_tree(web_req *r, web_resp *w, const web_snap *s, int unit, int year)
{
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    pm_err err = {0};
    char msg[2048];
    size_t held = 0;
    if (!web_submit_held(st, s->ev.tree.u[unit].code, year, NULL, &held, msg, sizeof msg, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if (held) {
        render(r, w, 422, s, unit, year, &(view){.error = msg});
        return;
    }
    pm_review_req rq = {PM_REVIEW_SUBMIT, web_review_actor(r->user, unit), r->user->u.name, s->ev.tree.u[unit].code,
                        year, NULL, NULL};
    pm_review_verdict verdict;
    size_t moved = 0;
    if (!pm_store_review(st, &rq, &verdict, &moved, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if (verdict != PM_REVIEW_OK) { /* web_unit_param checked WEB_DO_ENTER: the same rule */
        char why[200];
        web_error(r, w, web_review_status(verdict), "forbidden",
                  pm_review_refusal(verdict, PM_REVIEW_SUBMIT, s->ev.tree.u[unit].name, why, sizeof why));
        return;
    }
    view v = {0};
    if (moved) {
        snprintf(msg, sizeof msg, "已提交%s及其下级单位 %d 年的 %zu 个数据，等待审核。", s->ev.tree.u[unit].name, year, moved);
        v.ok = msg;
    } else {
        snprintf(msg, sizeof msg, "%s及其下级单位 %d 年没有需要提交的草稿或退回的数据。", s->ev.tree.u[unit].name, year);
        v.info = msg;
    }
    render(r, w, moved ? 200 : 409, s, unit, year, &v);
}

/* The replies typed in the form (n_CODE), trimmed; NULL where none. */
static const char *reply_of(web_req *r, const pm_element *el, char *copy, size_t cap)
{
    char nname[160];
    snprintf(nname, sizeof nname, "n_%s", el->code);
    const char *t = web_form(r, nname);
    if (!t || strlen(t) >= cap)
        return t && *t ? t : NULL; /* too long: replies_check refuses it first */
    snprintf(copy, cap, "%s", t);
    const char *c = wp_trim(copy);
    return *c ? c : NULL;
}

/* How many replies the form holds; false with a message when one is too long. */
static bool replies_check(web_req *r, const web_snap *s, const items *x, size_t *n, char *msg, size_t cap)
{
    *n = 0;
    for (size_t k = 0; k < x->n; k++) {
        const pm_element *el = &s->ev.plan.elem[x->it[k].e];
        char copy[PM_NOTE_MAX + 2];
        const char *t = reply_of(r, el, copy, sizeof copy);
        if (t && strlen(t) > PM_NOTE_MAX) {
            snprintf(msg, cap, "第 %zu 行（%s）：回复过长，不超过 %d 个汉字。数据库未作任何改动。", k + 1, el->name,
                     PM_NOTE_MAX / 3);
            return false;
        }
        *n += t != NULL;
    }
    return true;
}

/* Keeps the replies as notes on their figures, inside the caller's
 * transaction. False with err when the store fails. */
static bool replies_save(web_req *r, const web_snap *s, const items *x, pm_store *st, pm_err *err)
{
    for (size_t k = 0; k < x->n; k++) {
        const pm_element *el = &s->ev.plan.elem[x->it[k].e];
        char copy[PM_NOTE_MAX + 2];
        const char *t = reply_of(r, el, copy, sizeof copy);
        if (t && !pm_store_note_add(st, x->unit_code, el->code, x->year, r->user->u.name, t, err))
            return false;
    }
    return true;
}

void web_entry_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_ENTER, &unit, &year))
        return;
    const char *action = web_form(r, "action");
    bool submit = action && !strcmp(action, "submit");
    if (action && !strcmp(action, "submit_tree")) {
        submit_tree(r, w, s, unit, year);
        return;
    }
    if (!action || (strcmp(action, "save") && !submit)) {
        web_error(r, w, 400, "bad_action", "请用“保存草稿”或“保存并提交审核”按钮提交表单。");
        return;
    }
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    items x;
    items_init(&x, s, unit, year);
    form_rows f;
    char msg[768];
    view v = {0};
    size_t replies = 0;
    if (!form_rows_build(r, s, &x, &f, msg, sizeof msg) || !replies_check(r, s, &x, &replies, msg, sizeof msg)) {
        v.error = msg;
        v.posted = true;
        render(r, w, 422, s, unit, year, &v);
        goto done;
    }
    if (!f.n && !replies && !submit) {
        v.info = "没有填写任何数值，数据库未作任何改动。";
        render(r, w, 200, s, unit, year, &v);
        goto done;
    }
    pm_err err = {0};
    if (!pm_store_begin(st, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        goto done;
    }
    pm_import_input in = {0};
    in.rows = f.rows;
    in.nrows = f.n;
    pm_import_opts io = {.dry_run = false, .who = r->user->u.name, .why = "网页填报", .only_unit = scope_of(r)};
    pm_import_outcome out = {0};
    if (f.n && !pm_import_run(st, &in, &io, &out, &err)) {
        pm_import_outcome_free(&out);
        store_failed(r, w, st, &err);
        goto done;
    }
    v.checks = &out.checks;
    v.row_item = f.row_item;
    if (out.refused) {
        pm_store_rollback(st);
        snprintf(msg, sizeof msg, "保存失败：%zu 个数值中有 %zu 个错误，数据库未作任何改动。请改正后重新保存。", f.n,
                 out.checks.errors);
        v.error = msg;
        v.posted = true;
        render(r, w, 422, s, unit, year, &v);
        pm_import_outcome_free(&out);
        goto done;
    }
    if (replies && !replies_save(r, s, &x, st, &err)) {
        pm_import_outcome_free(&out);
        store_failed(r, w, st, &err);
        goto done;
    }
    int status = 200;
    char note[512] = "";
    if (submit && out.checks.unanswered) {
        snprintf(note, sizeof note, "有 %zu 个警告尚未在“说明”栏注明原因，暂未提交：请补充说明后再点“保存并提交审核”。",
                 out.checks.unanswered);
        v.warn = note;
    } else if (submit) {
        size_t moved = 0;
        bool conflict = false;
        const pm_review_rule *rule = pm_review_rule_of(PM_REVIEW_SUBMIT);
        if (!wp_move_unit(st, s, unit, year, -1, rule->from, rule->to, 0, r->user->u.name, NULL, &moved, &conflict, &err)) {
            pm_import_outcome_free(&out);
            store_failed(r, w, st, &err);
            goto done;
        }
        if (conflict) {
            pm_store_rollback(st);
            pm_import_outcome_free(&out);
            web_error(r, w, 409, "conflict", "下级单位也有同一数据项待提交，请用“全部提交审核”一并提交。数据库未作任何改动。");
            goto done;
        }
        if (moved)
            snprintf(note, sizeof note, "已提交本单位 %d 年的 %zu 个数据，等待审核。", year, moved);
        else
            snprintf(note, sizeof note, "本单位 %d 年没有需要提交的草稿或退回的数据。", year);
        if (!moved && !out.written && !replies)
            status = 409;
    } else if (out.checks.unanswered) {
        snprintf(note, sizeof note, "有 %zu 个警告需要在“说明”栏注明原因，补充后再保存并提交审核。", out.checks.unanswered);
        v.warn = note;
    }
    if (!pm_store_commit(st, &err)) {
        pm_import_outcome_free(&out);
        store_failed(r, w, st, &err);
        goto done;
    }
    char replied[64] = "";
    if (replies)
        snprintf(replied, sizeof replied, "回复审核意见 %zu 条。", replies);
    snprintf(msg, sizeof msg, "已保存：写入 %zu 个数据（草稿），未变化 %zu 个。%s%s", out.written, out.unchanged, replied,
             v.warn ? "" : note);
    v.ok = msg;
    render(r, w, status, s, unit, year, &v);
    pm_import_outcome_free(&out);
done:
    form_rows_free(&f);
    items_free(&x);
}

/* ---- GET /entry/template.xlsx ------------------------------------------------------------- */

void web_entry_template(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_ENTER, &unit, &year))
        return;
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    const pm_evaluation *ev = &s->ev;
    const pm_unit *pu = &ev->tree.u[unit];
    items x;
    items_init(&x, s, unit, year);
    pm_err err = {0};
    if (!items_load(&x, st, s, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        items_free(&x);
        return;
    }
    if (!x.n) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s“%s”没有需要填报的数据项。", pm_level_name(pu->level), pu->name);
        web_error(r, w, 404, "no_items", msg);
        items_free(&x);
        return;
    }
    pm_template_item *ti = xcalloc(x.n, sizeof *ti);
    for (size_t k = 0; k < x.n; k++) {
        const pm_element *el = &ev->plan.elem[x.it[k].e];
        ti[k] = (pm_template_item){el->code, el->name, el->unit, el->kind, x.it[k].last, x.it[k].cur, x.it[k].comment};
    }
    pm_template t = {ev->plan.title ? ev->plan.title : "规划", pu->code, pu->name, year, ti, x.n, &ev->plan};
    buf_reset(&w->body);
    bool ok = pm_template_write(&w->body, &t, &err);
    free(ti);
    if (!ok) {
        web_error(r, w, 500, "template_failed", err.msg); /* "无法生成填报模板：…" */
        items_free(&x);
        return;
    }
    w->status = 200;
    w->type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /* An ASCII name for old clients, the Chinese one as RFC 6266/5987
     * filename*: percent-encoded UTF-8, so nothing in a unit's name can
     * reach the header as it is. */
    buf cd = BUF_INIT, name = BUF_INIT;
    buf_printf(&name, "%s%d年填报模板.xlsx", pu->name, year);
    buf_printf(&cd, "attachment; filename=\"planmon-template-%d.xlsx\"; filename*=UTF-8''", year);
    esc_url_component(&cd, buf_str(&name));
    web_add_header(w, "Content-Disposition", buf_str(&cd));
    buf_free(&cd);
    buf_free(&name);
    items_free(&x);
}

/* ---- POST /entry/upload -------------------------------------------------------------------- */

/* The file's name as shown and recorded: its last path component (browsers
 * may send "C:\fakepath\…"), valid UTF-8, at most FILENAME_MAX_SHOWN bytes
 * cut at a character boundary. Written into out. */
static void clean_filename(const char *given, buf *out)
{
    const char *base = web_upload_basename(given);
    buf c = BUF_INIT;
    esc_utf8_clean(&c, *base ? base : "上传的文件");
    size_t n = c.len;
    if (n > FILENAME_MAX_SHOWN)
        n = utf8_cut(c.p, FILENAME_MAX_SHOWN);
    buf_append(out, buf_str(&c), n);
    buf_free(&c);
}

void web_entry_upload(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_ENTER, &unit, &year))
        return;
    const web_file *file = web_upload(r, "file");
    view v = {0};
    if (!file || !file->data.len) {
        v.error = "请选择要上传的文件（填好的 Excel 模板或 CSV 文件）。";
        render(r, w, 400, s, unit, year, &v);
        return;
    }
    buf name = BUF_INIT;
    clean_filename(file->filename, &name);
    char summary[2048];
    pm_import_input in;
    pm_err err = {0};
    bool ok = pm_import_read(file->data.p, file->data.len, &in, &err);
    if (!ok || !in.nrows) {
        if (!ok) {
            char e[1000];
            pm_err_format(&err, e, sizeof e);
            snprintf(summary, sizeof summary, "无法读取文件 %s：%s。数据库未作任何改动。", buf_str(&name), e);
        } else {
            snprintf(summary, sizeof summary, "文件 %s 中没有填写任何数值，数据库未作任何改动。", buf_str(&name));
        }
        v.upload_summary = summary;
        v.upload_refused = true;
        render(r, w, 422, s, unit, year, &v);
        pm_import_input_free(&in);
        buf_free(&name);
        return;
    }
    pm_store *st = web_store(r, w);
    if (!st || !pm_store_begin(st, &err)) {
        if (st)
            web_error(r, w, 500, "store_failed", err.msg);
        pm_import_input_free(&in);
        buf_free(&name);
        return;
    }
    buf why = BUF_INIT;
    buf_printf(&why, "网页上传 %s", buf_str(&name));
    pm_import_opts io = {.dry_run = false, .who = r->user->u.name, .why = buf_str(&why), .only_unit = scope_of(r)};
    pm_import_outcome out;
    if (!pm_import_run(st, &in, &io, &out, &err)) {
        store_failed(r, w, st, &err);
    } else {
        /* The issues in the CLI's own words (out/import_report.c). */
        char *lines = NULL;
        size_t lines_len = 0;
        FILE *mem = open_memstream(&lines, &lines_len);
        if (mem) {
            out_import_report_text(mem, buf_str(&name), in.rows, &out.checks);
            fclose(mem);
        }
        int status = 200;
        if (out.refused) {
            pm_store_rollback(st);
            snprintf(summary, sizeof summary, "导入失败：%zu 行中有 %zu 个错误，数据库未作任何改动。", in.nrows,
                     out.checks.errors);
            /* Rows of units the user may not write: forbidden, as on the API. */
            status = out.outside ? 403 : 422;
        } else if (!pm_store_commit(st, &err)) {
            store_failed(r, w, st, &err);
            status = 0;
        } else {
            snprintf(summary, sizeof summary, "已导入 %s：%zu 行，写入 %zu 个数据（草稿），未变化 %zu 个；警告 %zu 个（未说明 %zu 个）。%s",
                     buf_str(&name), in.nrows, out.written, out.unchanged, out.checks.warnings, out.checks.unanswered,
                     out.checks.unanswered ? "请在说明列补充警告的原因后重新导入，再提交审核。" : "导入的数据为草稿，请核对后提交审核。");
        }
        if (status) {
            v.upload_summary = summary;
            v.upload_refused = out.refused;
            v.upload_lines = lines;
            render(r, w, status, s, unit, year, &v);
        }
        free(lines);
    }
    pm_import_outcome_free(&out);
    pm_import_input_free(&in);
    buf_free(&why);
    buf_free(&name);
}
