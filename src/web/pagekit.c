/* Pieces the data pages share (pagekit.h). */
#include "web/pagekit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "render/doc/plan_out.h"

/* ---- figures ------------------------------------------------------------------ */

int wp_decimals(const pm_indicator *ind)
{
    return out_value_decimals(ind->baseline, ind->target, ind->unit, ind->rate);
}

void wp_num(buf *b, double v, int decimals)
{
    if (isnan(v)) {
        buf_puts(b, "—");
        return;
    }
    char s[48];
    num_fmt_fixed(v, decimals, s);
    web_text(b, s);
}

/* A unit after a figure: "%" and "‰" sit close, words after a space. */
static void unit_after(buf *b, const char *unit)
{
    if (!unit || !*unit)
        return;
    if (strcmp(unit, "%") && strcmp(unit, "‰"))
        buf_puts(b, " ");
    web_text(b, unit);
}

void wp_value(buf *b, const pm_indicator *ind, double v)
{
    wp_num(b, v, wp_decimals(ind));
    if (!isnan(v))
        unit_after(b, ind->unit);
}

void wp_completion(buf *b, const pm_indicator *ind, double g, double value, double base)
{
    if (isnan(g)) {
        buf_puts(b, "—");
        return;
    }
    if (g > 0) {
        wp_num(b, g * 100, 1);
        buf_puts(b, "%");
        return;
    }
    double d = value - base;
    char n[48];
    num_fmt_fixed(fabs(d), wp_decimals(ind), n);
    if (isnan(d) || strspn(n, "0.") == strlen(n)) {
        buf_puts(b, "与基期持平");
        return;
    }
    buf_printf(b, "较基期%s %s", d < 0 ? "下降" : "上升", n);
    if (!strcmp(ind->unit, "%"))
        buf_puts(b, " 个百分点");
    else
        unit_after(b, ind->unit);
}

void wp_target(buf *b, const pm_indicator *ind, double target)
{
    char t[64];
    out_plan_value(target, ind->target_op, ind->cumulative, t);
    web_text(b, t);
    if (!isnan(target))
        unit_after(b, ind->unit);
}

void wp_raw(buf *b, double v)
{
    if (isnan(v))
        return;
    char s[32];
    num_fmt_short(v, s);
    web_text(b, s);
}

/* ---- badges, links, messages ---------------------------------------------------- */

void wp_status_badge(buf *b, const pm_pace_out *o)
{
    buf_puts(b, "<span class=\"st st-");
    web_attr(b, pm_status_key(o->status));
    buf_puts(b, "\">");
    web_text(b, pm_label_text(pm_pace_label(o)));
    buf_puts(b, "</span>");
}

void wp_state_badge(buf *b, int state)
{
    if (state < 0 || state > PM_VS_RETURNED) {
        buf_puts(b, "<span class=\"vs vs-none\">未填报</span>");
        return;
    }
    buf_puts(b, "<span class=\"vs vs-");
    web_attr(b, pm_vstate_str((pm_vstate)state));
    buf_puts(b, "\">");
    web_text(b, pm_vstate_label((pm_vstate)state));
    buf_puts(b, "</span>");
}

void wp_unit_href(buf *b, const pm_tree *t, int u, int year)
{
    buf href = BUF_INIT;
    buf_puts(&href, "/unit/");
    esc_url_component(&href, t->u[u].code);
    if (year)
        buf_printf(&href, "?year=%d", year);
    web_attr(b, buf_str(&href));
    buf_free(&href);
}

void wp_link(buf *b, const char *href, const char *label)
{
    buf_puts(b, "<a href=\"");
    web_attr(b, href);
    buf_puts(b, "\">");
    web_text(b, label);
    buf_puts(b, "</a>");
}

void wp_unit_link(buf *b, const pm_tree *t, int u, int year)
{
    buf_puts(b, "<a href=\"");
    wp_unit_href(b, t, u, year);
    buf_puts(b, "\">");
    web_text(b, t->u[u].name);
    buf_puts(b, "</a>");
}

static void indicator_link(buf *b, const pm_indicator *ind, const char *unit_code, int year, const char *label,
                           const char *fragment)
{
    buf href = BUF_INIT;
    buf_printf(&href, "/indicator/%d", ind->no);
    char sep = '?';
    if (unit_code) {
        buf_puts(&href, "?unit=");
        esc_url_component(&href, unit_code);
        sep = '&';
    }
    if (year)
        buf_printf(&href, "%cyear=%d", sep, year);
    buf_puts(&href, fragment);
    wp_link(b, buf_str(&href), label);
    buf_free(&href);
}

void wp_indicator_link(buf *b, const pm_indicator *ind, const char *unit_code, int year, const char *label)
{
    indicator_link(b, ind, unit_code, year, label, "");
}

void wp_lagging_link(buf *b, const pm_indicator *ind, const char *unit_code, int year, const char *label)
{
    indicator_link(b, ind, unit_code, year, label, "#lagging");
}

void wp_msg(buf *b, const char *kind, const char *text)
{
    bool loud = !strcmp(kind, "error") || !strcmp(kind, "warn");
    buf_puts(b, "<p class=\"msg msg-");
    web_attr(b, kind);
    buf_puts(b, loud ? "\" role=\"alert\">" : "\" role=\"status\">");
    web_text(b, text);
    buf_puts(b, "</p>");
}

void wp_table_wrap(buf *b, const char *label)
{
    buf_puts(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
    web_attr(b, label);
    buf_puts(b, "\">");
}

void wp_table_begin(buf *b, const char *label, const char *cls, const char *const *head, size_t n)
{
    wp_table_wrap(b, label);
    buf_puts(b, "<table class=\"");
    web_attr(b, cls);
    buf_puts(b, "\"><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<th>");
        web_text(b, head[i]);
        buf_puts(b, "</th>");
    }
    buf_puts(b, "</tr></thead><tbody>");
}

void wp_table_end(buf *b)
{
    buf_puts(b, "</tbody></table></div>");
}

/* A judgment as a chip: the status palette's class whose meaning is
 * nearest (done → achieved, lagging → lagging, overdue → missed …), so the
 * words, signs and contrast are those of every other page. */
void wp_judgment_chip(buf *b, const char *key, const char *label)
{
    static const struct {
        const char *judgment, *cls;
    } map[] = {{"done", "achieved"},    {"on_schedule", "on_track"}, {"lagging", "lagging"},
               {"overdue", "missed"},   {"not_started", "no_data"},  {"cancelled", "na"}};
    const char *cls = "na";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].judgment, key))
            cls = map[i].cls;
    buf_printf(b, "<span class=\"st st-%s\">", cls);
    web_text(b, label);
    buf_puts(b, "</span>");
}

void wp_party(buf *b, const pm_party *p)
{
    wp_dept_link(b, p->unit ? NULL : p->code, p->name && *p->name ? p->name : p->code);
}

void wp_parties(buf *b, const pm_party *co, size_t nco, const char *sep)
{
    for (size_t k = 0; k < nco; k++) {
        if (k)
            buf_puts(b, sep);
        wp_party(b, &co[k]);
    }
}

/* <a href="/PREFIX/CODE">label</a>, the code escaped for the path. */
static void coded_link(buf *b, const char *prefix, const char *code, const char *label)
{
    buf h = BUF_INIT;
    buf_puts(&h, prefix);
    esc_url_component(&h, code);
    wp_link(b, buf_str(&h), label);
    buf_free(&h);
}

void wp_dept_link(buf *b, const char *code, const char *name)
{
    if (!code || !*code)
        web_text(b, name ? name : "");
    else
        coded_link(b, "/depts/", code, name ? name : "");
}

void wp_task_link(buf *b, const char *code)
{
    coded_link(b, "/tasks/", code, code);
}

void wp_duty(buf *b, const pm_assignment *a, bool co)
{
    if (!a || !a->lead.code) {
        buf_puts(b, "未明确");
        return;
    }
    wp_party(b, &a->lead);
    if (co && a->nco) {
        buf_puts(b, "（配合：");
        wp_parties(b, a->co, a->nco, "、");
        buf_puts(b, "）");
    }
}

void wp_td(buf *b, const char *text)
{
    buf_puts(b, "<td>");
    web_text(b, text);
    buf_puts(b, "</td>");
}

/* ---- judgments ------------------------------------------------------------------ */

void wp_judge(const pm_evaluation *ev, int i, int u, int year, wp_judged *out)
{
    const pm_indicator *ind = &ev->plan.ind[i];
    const pm_unit_target *t = pm_evaluation_target(ev, i, u);
    out->g = pm_engine_goalpost(&ev->engine, i, u, t ? &t->baseline : NULL, t ? &t->target : NULL);
    pm_engine_pace(&ev->engine, i, u, year, &out->g, pm_pace_settings(), &out->o);
    double v = pm_engine_value(&ev->engine, i, u, year);
    double root = pm_engine_value(&ev->engine, i, 0, year);
    out->share = (u != 0 && !ind->rate && !isnan(v) && root > 0) ? v / root : NAN;
    out->estimate = out->o.year && pm_engine_estimated(&ev->engine, i, u, out->o.year);
}

void wp_estimate_mark(buf *b)
{
    buf_puts(b, " <span class=\"est\" title=\"该值为预计值，尚无实际数据\">预计</span>");
}

bool wp_counts(const wp_judged *j)
{
    return j->g.judged && j->o.status != PM_ST_NO_DATA && j->o.status != PM_ST_NO_TARGET;
}

bool wp_good(pm_status st)
{
    return st == PM_ST_ACHIEVED || st == PM_ST_ON_TRACK;
}

bool wp_bad(pm_status st)
{
    return st == PM_ST_BEHIND || st == PM_ST_LAGGING || st == PM_ST_REGRESSING || st == PM_ST_MISSED;
}

wp_score wp_unit_score(const pm_evaluation *ev, int u, int year)
{
    wp_score s = {0, 0};
    for (size_t i = 0; i < ev->plan.nind; i++) {
        wp_judged j;
        wp_judge(ev, (int)i, u, year, &j);
        if (!wp_counts(&j))
            continue;
        s.judged++;
        s.good += wp_good(j.o.status);
    }
    return s;
}

/* ---- forms ------------------------------------------------------------------ */

void wp_unit_select(web_req *r, buf *b, const web_snap *s, const char *name, web_action a, int chosen,
                    int max_level)
{
    const pm_tree *t = &s->ev.tree;
    buf_puts(b, "<select name=\"");
    web_attr(b, name);
    buf_puts(b, "\">");
    for (size_t i = 0; i < t->n; i++) {
        bool sel = (int)i == chosen;
        if (!sel && (t->u[i].level > max_level || !web_can(r->user, a, (int)i)))
            continue;
        buf_puts(b, "<option value=\"");
        web_attr(b, t->u[i].code);
        buf_puts(b, sel ? "\" selected>" : "\">");
        for (int k = 0; k < t->u[i].level && k < 3; k++)
            buf_puts(b, "　");
        web_text(b, t->u[i].name);
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select>");
}

void wp_year_select(buf *b, const web_snap *s, const char *name, int year, bool any)
{
    buf_puts(b, "<select name=\"");
    web_attr(b, name);
    buf_puts(b, "\">");
    if (any)
        buf_printf(b, "<option value=\"\"%s>全部年份</option>", year == 0 ? " selected" : "");
    for (int y = s->ev.plan.base_year; y <= s->ev.plan.target_year; y++)
        buf_printf(b, "<option value=\"%d\"%s>%d年</option>", y, y == year ? " selected" : "", y);
    buf_puts(b, "</select>");
}

void wp_chooser(web_req *r, buf *b, const web_snap *s, const char *action, web_action a, int unit, int year)
{
    buf_puts(b, "<form method=\"get\" action=\"");
    web_attr(b, action);
    buf_puts(b, "\" class=\"filters\"><label>组织机构 ");
    wp_unit_select(r, b, s, "unit", a, unit, PM_LEVEL_TOWN);
    buf_puts(b, "</label> <label>年份 ");
    wp_year_select(b, s, "year", year, false);
    buf_puts(b, "</label> <button type=\"submit\">查看</button></form>");
}

char *wp_trim(char *s)
{
    if (!s)
        return NULL;
    static const char ideo[] = "\xE3\x80\x80"; /* U+3000, the full-width space IMEs type */
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (!strncmp(s, ideo, 3))
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
            n--;
        else if (n >= 3 && !memcmp(s + n - 3, ideo, 3))
            n -= 3;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

/* ---- review moves ------------------------------------------------------------- */

typedef struct move_scan {
    const char *unit;   /* the unit's code */
    unsigned from;
    strmap *elems;      /* element code → index */
    int *own, *below;   /* per element: figures in `from` at the unit / below it */
} move_scan;

static bool count_movable(void *ctx, const pm_value_row *row)
{
    move_scan *m = ctx;
    if (!((m->from >> row->state) & 1u))
        return true;
    int e = strmap_get(m->elems, row->element);
    if (e < 0)
        return true; /* an element the plan no longer has: not shown, not moved */
    if (!strcmp(row->unit, m->unit))
        m->own[e]++;
    else
        m->below[e]++;
    return true;
}

bool wp_move_unit(pm_store *st, const web_snap *s, int u, int year, int elem, unsigned from, pm_vstate to, int level,
                  const char *who,
                  const char *why, size_t *moved, bool *conflict, pm_err *err)
{
    const pm_plan *plan = &s->ev.plan;
    const char *code = s->ev.tree.u[u].code;
    *moved = 0;
    *conflict = false;
    strmap elems;
    strmap_init(&elems, plan->nelem);
    for (size_t e = 0; e < plan->nelem; e++)
        strmap_put(&elems, plan->elem[e].code, (int)e);
    move_scan m = {code, from, &elems, xcalloc(plan->nelem + 1, sizeof(int)), xcalloc(plan->nelem + 1, sizeof(int))};
    pm_filter f = {.unit = code, .year = year};
    bool ok = pm_store_list_values(st, &f, count_movable, &m, err);
    for (size_t e = 0; ok && e < plan->nelem; e++)
        if (m.own[e] && m.below[e] && (elem < 0 || (size_t)elem == e))
            *conflict = true;
    for (size_t e = 0; ok && !*conflict && e < plan->nelem; e++) {
        if (!m.own[e] || (elem >= 0 && (size_t)elem != e))
            continue;
        pm_transition t = {.unit = code, .year = year, .element = plan->elem[e].code, .from = from, .to = to,
                           .level = level, .who = who, .why = why};
        size_t n = 0;
        ok = pm_store_transition(st, &t, &n, err);
        *moved += n;
    }
    free(m.own);
    free(m.below);
    strmap_free(&elems);
    return ok;
}
