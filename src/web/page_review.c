/* The review queue (审核):
 *
 *   GET  /review   the figures submitted within the reviewer's subtree,
 *                  grouped by unit and year, each group with an approve
 *                  button and a return form (a reason is required)
 *   POST /review   action=approve | return | reopen, unit=CODE, year=Y
 *                  [, reason=…]: the review actions of engine/review.h on
 *                  that unit's own figures of that year, each move with
 *                  its history row under the reviewer's name
 *
 * Approved figures are locked: the import checks refuse a changed value
 * for one, on the form, in an upload and on the CLI alike. Who may
 * approve, return and reopen is the rules' answer, the same as on the CLI
 * and the API (only admins reopen). A group is one unit's own
 * figures (not its subtree's): what the reviewer saw is what moves
 * (pagekit's wp_move_unit). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "engine/rules_check.h"
#include "store/notes.h"
#include "web/page_attach.h"
#include "web/pagekit.h"
#include "web/thread.h"

#define QUEUE_MAX 20000 /* figures listed at most; a district submits a few thousand a year */

typedef struct pending {
    int unit, elem, year;
    int level; /* the review level it waits at (0: one level only) */
    double value;
    char *comment; /* owned, NULL when none */
} pending;

typedef struct queue {
    const web_snap *s;
    strmap elems;
    pending *p;
    size_t n, cap;
    size_t dropped; /* beyond QUEUE_MAX */
    const pm_review_levels *lv;
    int level;      /* the reviewer's level: only figures waiting there are listed (0: all) */
    size_t elsewhere; /* submitted figures waiting at other levels */
} queue;

static bool collect(void *ctx, const pm_value_row *row)
{
    queue *q = ctx;
    if (row->state != PM_VS_SUBMITTED)
        return true;
    int u = web_snap_unit(q->s, row->unit), e = strmap_get(&q->elems, row->element);
    if (u < 0 || e < 0)
        return true; /* a unit or element the snapshot does not know (changed meanwhile) */
    int lvl = pm_review_waits_at(q->lv, row->review_level, q->s->ev.tree.u[u].level);
    if (q->level > 0 && lvl != q->level) {
        q->elsewhere++;
        return true;
    }
    if (q->n >= QUEUE_MAX) {
        q->dropped++;
        return true;
    }
    q->p = xgrow(q->p, &q->cap, q->n + 1, sizeof *q->p);
    q->p[q->n++] = (pending){u, e, row->year, lvl, row->value, row->comment ? xstrdup(row->comment) : NULL};
    return true;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return (x->elem > y->elem) - (x->elem < y->elem);
}

static void queue_free(queue *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->p[i].comment);
    free(q->p);
    strmap_free(&q->elems);
}

/* The hidden fields naming a group, and the CSRF token. */
static void group_fields(web_req *r, buf *b, const char *action, const char *code, int year)
{
    web_csrf_field(r, b);
    buf_puts(b, "<input type=\"hidden\" name=\"action\" value=\"");
    web_attr(b, action);
    buf_puts(b, "\"><input type=\"hidden\" name=\"unit\" value=\"");
    web_attr(b, code);
    buf_printf(b, "\"><input type=\"hidden\" name=\"year\" value=\"%d\">", year);
}

/* One item's own form: return it alone (a reason is required) or leave a
 * note for the reporter without moving it. */
static void item_form(web_req *r, buf *b, const pm_unit *pu, const pm_element *el, int year)
{
    buf_puts(b, "<form method=\"post\" action=\"/review\" class=\"item-review\">");
    web_csrf_field(r, b);
    buf_puts(b, "<input type=\"hidden\" name=\"unit\" value=\"");
    web_attr(b, pu->code);
    buf_printf(b, "\"><input type=\"hidden\" name=\"year\" value=\"%d\"><input type=\"hidden\" name=\"item\" value=\"", year);
    web_attr(b, el->code);
    buf_puts(b, "\"><input name=\"reason\" required maxlength=\"500\" placeholder=\"审核意见或退回原因\" aria-label=\"");
    web_attr(b, el->name);
    buf_puts(b, " 审核意见\"> <button type=\"submit\" name=\"action\" value=\"return\" class=\"secondary\">退回此项</button> "
                "<button type=\"submit\" name=\"action\" value=\"note\" class=\"secondary\">只留言</button></form>");
}

/* The figures a group's rules are judged on: the unit's, of the year. */
typedef struct group_vals {
    const pm_evaluation *ev;
    int unit, year;
} group_vals;

static double group_value(void *ctx, int elem)
{
    const group_vals *g = ctx;
    return pm_engine_elem(&g->ev->engine, elem, g->unit, g->year);
}

static void rule_broken(void *ctx, bool error, const char *msg)
{
    buf *b = ctx;
    buf_puts(b, error ? "<li class=\"issue-error\">错误：" : "<li class=\"issue-warn\">警告：");
    web_text(b, msg);
    buf_puts(b, "</li>");
}

/* The validation rules the group's figures break as they stand (issue 14:
 * a rule violated by stored figures is listed where they are reviewed). */
static void broken_rules(buf *b, const web_snap *s, int unit, int year)
{
    buf items = BUF_INIT;
    group_vals g = {&s->ev, unit, year};
    pm_check_rules_stored(&s->ev.plan, group_value, &g, rule_broken, &items);
    if (items.len) {
        buf_puts(b, "<div class=\"issues rules-broken\"><h3>不符合校验规则</h3><ul>");
        buf_append(b, items.p, items.len);
        buf_puts(b, "</ul></div>");
    }
    buf_free(&items);
}

static void group(web_req *r, buf *b, const web_snap *s, const pending *g, size_t n, const wt_threads *th,
                  const pm_review_levels *lv)
{
    const pm_evaluation *ev = &s->ev;
    const pm_unit *pu = &ev->tree.u[g->unit];
    buf_puts(b, "<section class=\"review-group\"><h2>");
    wp_unit_link(b, &ev->tree, g->unit, g->year);
    buf_puts(b, " <span class=\"level\">");
    web_text(b, pm_level_name(pu->level));
    buf_puts(b, " · ");
    web_text(b, pu->code);
    buf_printf(b, "</span> · %d年 · %zu 项待", g->year, n);
    if (lv->n) {
        buf_printf(b, "第 %d 级“", g->level);
        web_text(b, pm_review_level_name(lv, g->level));
        buf_puts(b, "”");
    } else {
        buf_puts(b, "审核");
    }
    buf_puts(b, "</h2>");
    wp_table_wrap(b, "待审核数据");
    buf_printf(b, "<table class=\"review-table\"><thead><tr><th>数据项</th><th>计量单位</th>"
                  "<th>%d年值</th><th>%d年值</th><th>说明</th><th>审核意见</th></tr></thead><tbody>",
               g->year - 1, g->year);
    for (size_t k = 0; k < n; k++) {
        const pending *x = &g[k];
        const pm_element *el = &ev->plan.elem[x->elem];
        buf_puts(b, "<tr><td>");
        web_text(b, el->name);
        buf_puts(b, "<span class=\"sub\"><code>");
        web_text(b, el->code);
        buf_puts(b, "</code></span></td><td>");
        web_text(b, *el->unit ? el->unit : "—");
        buf_puts(b, "</td><td class=\"num\">");
        /* Last year's figure as the engine holds it for the unit (its own,
         * since each element is reported at one level). */
        double last = x->year - 1 >= ev->plan.base_year ? pm_engine_elem(&ev->engine, x->elem, x->unit, x->year - 1) : NAN;
        if (isnan(last))
            buf_puts(b, "—");
        else
            wp_raw(b, last);
        buf_puts(b, "</td><td class=\"num\">");
        wp_raw(b, x->value);
        buf_puts(b, "</td><td>");
        web_text(b, x->comment);
        buf_puts(b, "</td><td>");
        wt_list(b, &th->by_elem[x->elem]);
        item_form(r, b, pu, el, g->year);
        buf_puts(b, "</td></tr>");
    }
    buf_puts(b, "</tbody></table></div>");
    broken_rules(b, s, g->unit, g->year);
    web_attach_section(r, b, s, g->unit, g->year, false);
    buf_puts(b, "<div class=\"review-actions\"><form method=\"post\" action=\"/review\" class=\"inline\">");
    group_fields(r, b, "approve", pu->code, g->year);
    buf_puts(b, "<button type=\"submit\">审核通过</button></form><form method=\"post\" action=\"/review\" class=\"inline\">");
    group_fields(r, b, "return", pu->code, g->year);
    buf_puts(b, "<label>退回原因 <input name=\"reason\" required maxlength=\"500\" placeholder=\"必填，例如：床位数与上年差异过大\">"
                "</label> <button type=\"submit\" class=\"secondary\">全部退回修改</button></form></div></section>");
}

/* Where the reviewer stands in the chain, and what waits elsewhere. */
static void level_note(buf *b, const pm_review_levels *lv, int level, size_t elsewhere)
{
    buf_printf(b, "<p class=\"meta review-level\">您负责第 %d 级审核“", level);
    web_text(b, pm_review_level_name(lv, level));
    buf_puts(b, "”（审核顺序：");
    for (int k = 1; k <= lv->n; k++) {
        if (k > 1)
            buf_puts(b, " → ");
        web_text(b, pm_review_level_name(lv, k));
    }
    buf_puts(b, "）。");
    buf_puts(b, level < lv->n ? "您审核通过后转下一级审核，最后一级通过后锁定。" : "您审核通过后数据即锁定。");
    if (elsewhere)
        buf_printf(b, "另有 %zu 个已提交的数据在其他层级审核。", elsewhere);
    buf_puts(b, "</p>");
}

static void render(web_req *r, web_resp *w, int status, const char *ok, const char *error)
{
    const web_snap *s = web_snapshot(r);
    if (!s->ok) {
        web_error(r, w, 503, "not_ready", s->err.msg);
        return;
    }
    int root = web_home_unit(r->user);
    if (r->user->root == -2) {
        web_error(r, w, 403, "forbidden", "您的账号所属的组织机构已不存在，无法审核。");
        return;
    }
    const pm_evaluation *ev = &s->ev;
    buf_reset(&w->body);
    web_page_begin(r, w, "审核");
    /* The body depends on the data and on who the user is (role and
     * subtree: the queue, the level it reviews at, the forms): a plain
     * GET's is drawn once per snapshot and kept, with each request's own
     * CSRF fields. */
    bool plain = !ok && !error && !strcmp(r->method, "GET");
    uint64_t key = plain ? web_fragment_key('R', root, 0, web_user_scope(r->user), (int)r->user->u.role) : 0;
    web_frag piece;
    if (web_fragment_begin(r, &piece, key, &w->body)) {
        web_page_end(r, w);
        w->status = status;
        return;
    }
    pm_store *st = web_store(r, w);
    pm_review_actor actor;
    pm_review_levels lv;
    if (!st || !web_review_actor_at(r, w, s, root, &actor, &lv)) {
        web_fragment_drop(r, &piece);
        return;
    }
    queue q = {s, {0}, NULL, 0, 0, 0, &lv, actor.level, 0};
    strmap_init(&q.elems, ev->plan.nelem);
    for (size_t e = 0; e < ev->plan.nelem; e++)
        strmap_put(&q.elems, ev->plan.elem[e].code, (int)e);
    pm_filter f = {.unit = root == 0 ? NULL : ev->tree.u[root].code};
    pm_err err = {0};
    if (!pm_store_list_values(st, &f, collect, &q, &err)) {
        queue_free(&q);
        web_fragment_drop(r, &piece);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if (q.n > 1)
        qsort(q.p, q.n, sizeof *q.p, cmp_pending);
    buf *b = &piece.piece;
    buf_puts(b, "<div class=\"page-head\"><h1>审核：");
    web_text(b, ev->tree.u[root].name);
    buf_puts(b, "及下级单位</h1></div>");
    if (error)
        wp_msg(b, "error", error);
    if (ok)
        wp_msg(b, "ok", ok);
    size_t groups = 0;
    for (size_t i = 0; i < q.n; i++)
        groups += i == 0 || q.p[i].unit != q.p[i - 1].unit || q.p[i].year != q.p[i - 1].year;
    if (!q.n) {
        buf_puts(b, "<p class=\"meta\">没有待审核的数据。</p>");
    } else {
        buf_printf(b, "<p class=\"meta\">共 %zu 个数据待审核，分属 %zu 个单位和年份。审核通过的数据即锁定，不能再修改；"
                      "退回的数据由填报人修改后重新提交。</p>",
                   q.n + q.dropped, groups);
        if (q.dropped)
            buf_printf(b, "<p class=\"meta\">只列出前 %d 个；审核后刷新页面可见其余的。</p>", QUEUE_MAX);
    }
    if (lv.n && actor.level > 0)
        level_note(b, &lv, actor.level, q.elsewhere);
    for (size_t i = 0; i < q.n;) {
        size_t j = i + 1;
        while (j < q.n && q.p[j].unit == q.p[i].unit && q.p[j].year == q.p[i].year)
            j++;
        wt_threads th = {0};
        if (!wt_load(&th, st, s, ev->tree.u[q.p[i].unit].code, q.p[i].year, &err)) {
            wt_free(&th);
            queue_free(&q);
            web_fragment_drop(r, &piece);
            web_error(r, w, 500, "store_failed", err.msg);
            return;
        }
        group(r, b, s, &q.p[i], j - i, &th, &lv);
        wt_free(&th);
        i = j;
    }
    if (pm_review_may(&actor, PM_REVIEW_REOPEN)) {
        buf_puts(b, "<section class=\"reopen\"><h2>重新打开已审核的数据（管理员）</h2><form method=\"post\" action=\"/review\" "
                    "class=\"form\">");
        web_csrf_field(r, b);
        buf_puts(b, "<input type=\"hidden\" name=\"action\" value=\"reopen\"><label>组织机构");
        wp_unit_select(r, b, s, "unit", WEB_DO_REVIEW, root, PM_LEVEL_MAX);
        buf_puts(b, "</label><label>年份");
        wp_year_select(b, s, "year", ev->latest_year ? ev->latest_year : ev->plan.base_year, false);
        buf_puts(b, "</label><label>原因（必填）<input name=\"reason\" required maxlength=\"500\"></label>"
                    "<button type=\"submit\">重新打开并退回</button></form><p class=\"meta\">该单位本身在该年已审核的数据改为“已退回”，"
                    "由填报人修改后重新提交（与 planmon return --reopen 相同，但只含该单位本身的数据）。</p></section>");
    }
    web_fragment_end(r, &piece, &w->body);
    web_page_end(r, w);
    w->status = status;
    queue_free(&q);
}

void web_review_page(web_req *r, web_resp *w)
{
    render(r, w, 200, NULL, NULL);
}

/* The element index of the form's item; -1 when none was named, -2 with
 * a 400 in w when it is not an item of the plan. */
static int item_of(web_req *r, web_resp *w, const web_snap *s)
{
    const char *code = web_form(r, "item");
    if (!code || !*code)
        return -1;
    for (size_t e = 0; e < s->ev.plan.nelem; e++)
        if (!strcmp(s->ev.plan.elem[e].code, code))
            return (int)e;
    web_error(r, w, 400, "unknown_item", "没有这个数据项。");
    return -2;
}

/* action=note: a note on one figure (审核意见), by anyone who may enter or
 * review the unit's figures; nothing moves. */
static void post_note(web_req *r, web_resp *w, const web_snap *s, int unit, int year, int elem)
{
    if (elem < 0) {
        web_error(r, w, 400, "unknown_item", "请指定数据项。");
        return;
    }
    if (!web_can(r->user, WEB_DO_REVIEW, unit) && !web_can(r->user, WEB_DO_ENTER, unit)) {
        web_error(r, w, 403, "forbidden", "您无权对该单位的数据留言。");
        return;
    }
    char *given = xstrdup(web_form(r, "reason") ? web_form(r, "reason") : ""); /* freed below */
    const char *body = wp_trim(given);
    pm_store *st = *body && strlen(body) <= PM_NOTE_MAX ? web_store(r, w) : NULL;
    pm_err err = {0};
    if (!*body || strlen(body) > PM_NOTE_MAX)
        render(r, w, 400, NULL, *body ? "审核意见过长：不超过 500 个汉字。" : "请填写审核意见。");
    else if (st && !pm_store_note_add(st, s->ev.tree.u[unit].code, s->ev.plan.elem[elem].code, year,
                                      r->user->u.name, body, &err))
        web_error(r, w, 500, "store_failed", err.msg);
    else if (st)
        render(r, w, 200, "已留言，填报人在填报页该项下可以看到。", NULL);
    free(given);
}

void web_review_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    const char *act = web_form(r, "action");
    if (act && !strcmp(act, "note")) {
        int unit = web_unit_of(r, w, s, web_form(r, "unit"), WEB_DO_READ);
        int year = unit < 0 ? -1 : web_year_of(r, w, s, web_form(r, "year"), 0);
        int elem = year <= 0 ? -2 : item_of(r, w, s);
        if (year == 0)
            web_error(r, w, 400, "bad_year", "请指定年份。");
        else if (elem > -2)
            post_note(r, w, s, unit, year, elem);
        return;
    }
    pm_review_action action;
    if (!pm_review_parse(act, &action) || action == PM_REVIEW_SUBMIT) {
        web_error(r, w, 400, "bad_action", "请用“审核通过”“退回修改”或“重新打开”按钮提交。");
        return;
    }
    /* Any unit the user may see; whether it may act there is the rules'. */
    int unit = web_unit_of(r, w, s, web_form(r, "unit"), WEB_DO_READ);
    if (unit < 0)
        return;
    const char *ys = web_form(r, "year");
    if (!ys || !*ys) {
        web_error(r, w, 400, "bad_year", "请指定年份。");
        return;
    }
    int year = web_year_of(r, w, s, ys, 0);
    if (year < 0)
        return;
    int elem = item_of(r, w, s);
    if (elem < -1)
        return;
    char *given = xstrdup(web_form(r, "reason") ? web_form(r, "reason") : ""); /* freed below */
    const char *reason = wp_trim(given);
    char msg[768];
    pm_review_actor actor;
    pm_review_levels lv;
    if (!web_review_actor_at(r, w, s, unit, &actor, &lv)) {
        free(given);
        return;
    }
    pm_review_verdict v = pm_review_check(&actor, action, *reason ? reason : NULL);
    if (v != PM_REVIEW_OK) {
        char why[200];
        snprintf(msg, sizeof msg, "%s%s", pm_review_refusal(v, action, s->ev.tree.u[unit].name, why, sizeof why),
                 action == PM_REVIEW_RETURN && v == PM_REVIEW_NO_REASON ? "，填报人据此修改。" : "。");
        if (v == PM_REVIEW_FORBIDDEN || v == PM_REVIEW_NO_LEVEL)
            web_error(r, w, 403, "forbidden", msg);
        else
            render(r, w, web_review_status(v), NULL, msg);
        free(given);
        return;
    }
    const pm_review_rule *rule = pm_review_rule_of(action);
    pm_store *st = web_store(r, w);
    if (!st) {
        free(given);
        return;
    }
    pm_err err = {0};
    size_t moved = 0;
    bool conflict = false;
    bool ok = pm_store_begin(st, &err);
    if (ok)
        ok = wp_move_unit(st, s, unit, year, elem, rule->from, rule->to, actor.level, r->user->u.name,
                          *reason ? reason : NULL, &moved,
                          &conflict, &err);
    if (ok && conflict) {
        pm_store_rollback(st);
        render(r, w, 409, NULL, "下级单位也有同一数据项处于同一状态，无法只处理本单位；请用 planmon approve/return 按单位及下级处理。");
        free(given);
        return;
    }
    if (ok)
        ok = pm_store_commit(st, &err);
    if (!ok) {
        pm_store_rollback(st);
        web_error(r, w, 500, "store_failed", err.msg);
        free(given);
        return;
    }
    const char *name = s->ev.tree.u[unit].name;
    const char *verb = rule->verb;
    if (moved && elem >= 0) {
        snprintf(msg, sizeof msg, "已%s%s %d 年的“%s”，%s", verb, name, year, s->ev.plan.elem[elem].name,
                 action == PM_REVIEW_RETURN ? "填报人在填报页该项下可以看到退回原因。" : "");
        render(r, w, 200, msg, NULL);
    } else if (moved && action == PM_REVIEW_APPROVE && lv.n && actor.level > 0 && actor.level < lv.n) {
        snprintf(msg, sizeof msg, "已%s%s %d 年的 %zu 个数据，转“%s”。", verb, name, year, moved,
                 pm_review_level_name(&lv, actor.level + 1));
        render(r, w, 200, msg, NULL);
    } else if (moved) {
        snprintf(msg, sizeof msg, "已%s%s %d 年的 %zu 个数据。", verb, name, year, moved);
        render(r, w, 200, msg, NULL);
    } else {
        snprintf(msg, sizeof msg, "%s %d 年没有可%s的数据（可能已由他人处理）。", name, year, verb);
        render(r, w, 409, NULL, msg);
    }
    free(given);
}
