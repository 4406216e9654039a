#include "engine/checks.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/strmap.h"

const pm_check_opts PM_CHECK_DEFAULT = {2.0, 5.0, 5, 1000};

/* Review states as stored (store.h's pm_vstate), repeated here because the
 * engine sits below the store. */
enum { ST_DRAFT = 0, ST_SUBMITTED = 1, ST_APPROVED = 2, ST_RETURNED = 3 };

/* ---- what is stored ----------------------------------------------------- */

void pm_known_init(pm_known *k, size_t expected)
{
    memset(k, 0, sizeof *k);
    u64map_init(&k->at, expected);
}

void pm_known_add(pm_known *k, int elem, int unit, int year, double value, int state, const char *comment)
{
    size_t cap = k->cap;
    k->value = xgrow(k->value, &cap, k->n + 1, sizeof *k->value);
    cap = k->cap;
    k->state = xgrow(k->state, &cap, k->n + 1, sizeof *k->state);
    cap = k->cap;
    k->comment = xgrow(k->comment, &cap, k->n + 1, sizeof *k->comment);
    k->cap = cap;
    k->value[k->n] = value;
    k->state[k->n] = state;
    k->comment[k->n] = comment ? xstrdup(comment) : NULL;
    u64map_put(&k->at, pm_key(elem, unit, year), k->n);
    k->n++;
}

long pm_known_find(const pm_known *k, int elem, int unit, int year)
{
    size_t i;
    return u64map_get(&k->at, pm_key(elem, unit, year), &i) ? (long)i : -1;
}

void pm_known_free(pm_known *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->comment[i]);
    free(k->comment);
    u64map_free(&k->at);
    free(k->value);
    free(k->state);
    memset(k, 0, sizeof *k);
}

/* ---- issues ------------------------------------------------------------- */

static void issue(pm_check_result *res, const pm_check_opts *o, bool error, size_t row, pm_issue_col col,
                  bool answered, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void issue(pm_check_result *res, const pm_check_opts *o, bool error, size_t row, pm_issue_col col,
                  bool answered, const char *fmt, ...)
{
    if (error)
        res->errors++;
    else {
        res->warnings++;
        res->unanswered += !answered;
    }
    if (res->nissues >= o->max_issues)
        return;
    res->issues = xgrow(res->issues, &res->cap_issues, res->nissues + 1, sizeof *res->issues);
    pm_issue *x = &res->issues[res->nissues++];
    x->error = error;
    x->answered = answered;
    x->row = row;
    x->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

/* ---- resolving an item -------------------------------------------------- */

/* Element for an item: an element code, or a directly entered indicator's
 * 序号 or code. -1 with *why set when there is none. */
static int resolve_item(const pm_plan *plan, const strmap *elems, const char *item, char *why, size_t n)
{
    int e = strmap_get(elems, item);
    if (e >= 0)
        return e;
    const pm_indicator *ind = pm_plan_find(plan, item);
    if (!ind) {
        snprintf(why, n, "数据项“%.60s”不存在（请填数据项代码，或直接填报指标的序号）", item);
        return -1;
    }
    if (ind->formula) {
        snprintf(why, n, "指标 %d（%.60s）由数据项计算（%.80s），不能直接填报，请填报其数据项", ind->no, ind->name,
                 ind->formula);
        return -1;
    }
    e = strmap_get(elems, ind->code);
    if (e < 0)
        snprintf(why, n, "指标 %d 没有可填报的数据项", ind->no);
    return e;
}

static void fmt_num(double v, char out[32]) { num_fmt_short(v, out); }

/* ---- peers -------------------------------------------------------------- */

typedef struct group {
    double *v;
    size_t n, cap;
    double median; /* NaN until computed */
} group;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- the checks --------------------------------------------------------- */

static int by_row(const void *a, const void *b)
{
    const pm_issue *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (int)x->col - (int)y->col;
}


void pm_check_rows(const pm_plan *plan, const pm_tree *tree, const pm_known *known, const pm_import_row *rows,
                   size_t n, const pm_check_opts *o, pm_check_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o)
        o = &PM_CHECK_DEFAULT;
    strmap units, elems;
    strmap_init(&units, tree->n);
    for (size_t u = 0; u < tree->n; u++)
        strmap_put(&units, tree->u[u].code, (int)u);
    strmap_init(&elems, plan->nelem);
    for (size_t e = 0; e < plan->nelem; e++)
        strmap_put(&elems, plan->elem[e].code, (int)e);
    u64map seen; /* (elem, unit, year) → row index, for duplicates */
    u64map_init(&seen, n);
    res->ok = xcalloc(n + 1, sizeof *res->ok);
    char why[320];

    for (size_t r = 0; r < n; r++) {
        const pm_import_row *x = &rows[r];
        bool bad = false;
        int u = strmap_get(&units, x->unit);
        if (u < 0) {
            issue(res, o, true, r, PM_COL_UNIT, false, "组织机构代码“%.60s”不存在", x->unit);
            bad = true;
        }
        int e = resolve_item(plan, &elems, x->item, why, sizeof why);
        if (e < 0) {
            issue(res, o, true, r, PM_COL_ITEM, false, "%s", why);
            bad = true;
        }
        long year = 0;
        if (!num_parse_int(x->year, plan->base_year, plan->target_year, &year)) {
            issue(res, o, true, r, PM_COL_YEAR, false, "年份“%.20s”无效，应为 %d–%d 年之间的整数", x->year,
                  plan->base_year, plan->target_year);
            bad = true;
        }
        double v = NAN;
        if (x->value_type == PM_CELL_FORMULA) {
            issue(res, o, true, r, PM_COL_VALUE, false, "单元格是公式，请复制后“选择性粘贴→数值”再导入");
            bad = true;
        } else if (x->value_type == PM_CELL_ERROR) {
            issue(res, o, true, r, PM_COL_VALUE, false, "单元格是错误值“%.20s”", x->value);
            bad = true;
        } else if (!x->value[0]) {
            issue(res, o, true, r, PM_COL_VALUE, false, "数值为空");
            bad = true;
        } else if (!num_parse_cstr(x->value, &v)) {
            issue(res, o, true, r, PM_COL_VALUE, false, "“%.40s”不是数字", x->value);
            bad = true;
        }
        if (e >= 0 && !isnan(v)) {
            const pm_element *el = &plan->elem[e];
            if (el->kind == PM_KIND_COUNT && v < 0) {
                issue(res, o, true, r, PM_COL_VALUE, false, "“%s”是计数，不能为负数", el->name);
                bad = true;
            } else if (el->kind == PM_KIND_COUNT && v != floor(v)) {
                issue(res, o, true, r, PM_COL_VALUE, false, "“%s”是计数，应为整数", el->name);
                bad = true;
            } else if (el->kind == PM_KIND_SHARE && (v < 0 || v > 100)) {
                issue(res, o, true, r, PM_COL_VALUE, false, "“%s”是比例，应在 0–100 之间", el->name);
                bad = true;
            } else if (el->kind == PM_KIND_FLAG && v != 0 && v != 1) {
                issue(res, o, true, r, PM_COL_VALUE, false, "“%s”是“是/否”项，只能填 1（是）或 0（否）", el->name);
                bad = true;
            }
            if (u >= 0 && el->level >= 0 && tree->u[u].level != el->level) {
                issue(res, o, true, r, PM_COL_UNIT, false, "“%s”由%s填报，不能填报给%s“%s”", el->name,
                      pm_level_name(el->level), pm_level_name(tree->u[u].level), tree->u[u].name);
                bad = true;
            }
        }
        if (u >= 0 && e >= 0 && year) {
            size_t first;
            uint64_t key = pm_key(e, u, (int)year);
            if (u64map_get(&seen, key, &first)) {
                issue(res, o, true, r, PM_COL_ITEM, false, "与第 %ld 行重复（同一单位、数据项和年份）", rows[first].row);
                bad = true;
            } else {
                u64map_put(&seen, key, r);
            }
            long k = known ? pm_known_find(known, e, u, (int)year) : -1;
            if (k >= 0 && known->state[k] == ST_APPROVED && !(known->value[k] == v)) {
                issue(res, o, true, r, PM_COL_VALUE, false,
                      "该数据已审核锁定（现值 %g），如需修改须由审核人退回（planmon return --reopen）", known->value[k]);
                bad = true;
            } else if (k >= 0 && known->state[k] == ST_SUBMITTED && !(known->value[k] == v)) {
                issue(res, o, true, r, PM_COL_VALUE, false, "该数据已提交待审核（现值 %g），如需修改须先由审核人退回",
                      known->value[k]);
                bad = true;
            }
        }
        if (!bad)
            res->ok[res->nok++] = (pm_checked_row){e, u, (int)year, v, r};
    }

    /* Outliers, among the rows that passed: against last year's value
     * (this file's, else the stored one) and against peers (same element,
     * year and level in this file: a district-wide file compares towns
     * with towns; a single town's file has no peers to compare with). */
    u64map groups;
    u64map_init(&groups, 64);
    group *g = NULL;
    size_t ng = 0, capg = 0;
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        uint64_t key = pm_key(c->elem, tree->u[c->unit].level, c->year);
        size_t gi;
        if (!u64map_get(&groups, key, &gi)) {
            g = xgrow(g, &capg, ng + 1, sizeof *g);
            memset(&g[ng], 0, sizeof g[ng]);
            g[ng].median = NAN;
            u64map_put(&groups, key, ng);
            gi = ng++;
        }
        g[gi].v = xgrow(g[gi].v, &g[gi].cap, g[gi].n + 1, sizeof *g[gi].v);
        g[gi].v[g[gi].n++] = c->value;
    }
    for (size_t i = 0; i < ng; i++) {
        if (g[i].n >= o->min_peers) {
            qsort(g[i].v, g[i].n, sizeof *g[i].v, cmp_double);
            g[i].median = g[i].n % 2 ? g[i].v[g[i].n / 2] : (g[i].v[g[i].n / 2 - 1] + g[i].v[g[i].n / 2]) / 2;
        }
    }
    u64map mine; /* this file's passing rows by (elem, unit, year) */
    u64map_init(&mine, res->nok);
    for (size_t i = 0; i < res->nok; i++)
        u64map_put(&mine, pm_key(res->ok[i].elem, res->ok[i].unit, res->ok[i].year), i);
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        const pm_element *el = &plan->elem[c->elem];
        if (el->kind == PM_KIND_FLAG)
            continue;
        /* A figure that is already stored as it is brings nothing new to question. */
        long same = known ? pm_known_find(known, c->elem, c->unit, c->year) : -1;
        if (same >= 0 && known->value[same] == c->value)
            continue;
        bool answered = rows[c->row].comment[0] != '\0';
        double last = NAN;
        size_t j;
        long k;
        if (u64map_get(&mine, pm_key(c->elem, c->unit, c->year - 1), &j))
            last = res->ok[j].value;
        else if (known && (k = pm_known_find(known, c->elem, c->unit, c->year - 1)) >= 0)
            last = known->value[k];
        char a[32], b[32];
        if (!isnan(last) && last > 0 && (c->value > last * o->jump || c->value < last / o->jump)) {
            fmt_num(last, a);
            issue(res, o, false, c->row, PM_COL_VALUE, answered, "比上年（%s）%s，请在说明列注明原因", a,
                  c->value > last ? "增加超过一倍" : "减少过半");
            continue;
        }
        size_t gi;
        if (u64map_get(&groups, pm_key(c->elem, tree->u[c->unit].level, c->year), &gi) && !isnan(g[gi].median) &&
            g[gi].median > 0 &&
            /* zero is an ordinary count (no station yet), not an outlier */
            (c->value > g[gi].median * o->peer_ratio || (c->value > 0 && c->value < g[gi].median / o->peer_ratio))) {
            fmt_num(g[gi].median, a);
            fmt_num(c->value / g[gi].median, b);
            issue(res, o, false, c->row, PM_COL_VALUE, answered, "约为同级单位中位数（%s）的 %s 倍，请在说明列注明原因",
                  a, b);
        }
    }
    u64map_free(&mine);
    /* In the order of the file, as the sender reads it. (qsort is not
     * stable, but row and column together are unique enough: two issues
     * of one cell keep an arbitrary order.) */
    if (res->nissues > 1)
        qsort(res->issues, res->nissues, sizeof *res->issues, by_row);
    for (size_t i = 0; i < ng; i++)
        free(g[i].v);
    free(g);
    u64map_free(&groups);
    u64map_free(&seen);
    strmap_free(&units);
    strmap_free(&elems);
}

void pm_check_result_free(pm_check_result *res)
{
    free(res->issues);
    free(res->ok);
    memset(res, 0, sizeof *res);
}
