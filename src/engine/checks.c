#include "engine/checks.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cellnum.h"
#include "base/arena.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/radix.h"
#include "base/strmap.h"
#include "engine/rules_check.h"
#include "model/figkind.h"
#include "model/vstate.h"

const pm_check_opts PM_CHECK_DEFAULT = {2.0, 5.0, 5, 1000};

/* Review states as stored (store.h's pm_vstate), repeated here because the
 * engine sits below the store. */
enum { ST_DRAFT = 0, ST_SUBMITTED = 1, ST_APPROVED = 2, ST_RETURNED = 3 };

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
    memset(x, 0, sizeof *x);
    x->error = error;
    x->answered = answered;
    x->row = row;
    x->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

/* A note on a row that is skipped: neither an error nor a warning. */
static void note(pm_check_result *res, const pm_check_opts *o, size_t row, pm_issue_col col, const char *msg)
{
    res->notes++;
    if (res->nissues >= o->max_issues)
        return;
    res->issues = xgrow(res->issues, &res->cap_issues, res->nissues + 1, sizeof *res->issues);
    pm_issue *x = &res->issues[res->nissues++];
    memset(x, 0, sizeof *x);
    x->note = x->answered = true;
    x->row = row;
    x->col = col;
    snprintf(x->msg, sizeof x->msg, "%s", msg);
}

/* ---- resolving an item -------------------------------------------------- */

/* Codes and names the rows may use: units by code, else by a name no other
 * unit has (a yearbook's towns across); elements by code, else by a name
 * no other element has, also with its unit in parentheses ("常住人口（人）",
 * a wide sheet's header). Full-width codes ("１１０１１５") are folded. */
typedef struct lookups {
    strmap units, unit_names, elems, elem_names;
    bool *unit_twice, *elem_twice; /* a name two of them share: never resolved by it */
    pm_arena names;                /* the "name（unit）" keys */
} lookups;

static void put_name(strmap *m, const char *name, int i, bool *twice)
{
    if (!strmap_put(m, name, i))
        twice[strmap_get(m, name)] = true;
}

static void lookups_init(lookups *l, const pm_plan *plan, const pm_tree *tree)
{
    memset(l, 0, sizeof *l);
    l->unit_twice = xcalloc(tree->n + 1, sizeof *l->unit_twice);
    l->elem_twice = xcalloc(plan->nelem + 1, sizeof *l->elem_twice);
    strmap_init(&l->units, tree->n);
    strmap_init(&l->unit_names, tree->n);
    for (size_t u = 0; u < tree->n; u++) {
        strmap_put(&l->units, tree->u[u].code, (int)u);
        put_name(&l->unit_names, tree->u[u].name, (int)u, l->unit_twice);
    }
    strmap_init(&l->elems, plan->nelem);
    strmap_init(&l->elem_names, plan->nelem * 3);
    for (size_t e = 0; e < plan->nelem; e++) {
        const pm_element *el = &plan->elem[e];
        strmap_put(&l->elems, el->code, (int)e);
        put_name(&l->elem_names, el->name, (int)e, l->elem_twice);
        if (el->unit[0]) {
            char with[256];
            for (int paren = 0; paren < 2; paren++) {
                int n = snprintf(with, sizeof with, paren ? "%s(%s)" : "%s（%s）", el->name, el->unit);
                if (n > 0 && (size_t)n < sizeof with)
                    put_name(&l->elem_names, pm_arena_strndup(&l->names, with, (size_t)n), (int)e, l->elem_twice);
            }
        }
    }
}

static void lookups_free(lookups *l)
{
    strmap_free(&l->units);
    strmap_free(&l->unit_names);
    strmap_free(&l->elems);
    strmap_free(&l->elem_names);
    pm_arena_free(&l->names);
    free(l->unit_twice);
    free(l->elem_twice);
}

static int by_name(const strmap *m, const bool *twice, const char *name)
{
    int i = strmap_get(m, name);
    return i >= 0 && !twice[i] ? i : -1;
}

/* A unit by code (full-width digits folded), else by its unique name; -1 when neither. */
static int resolve_unit(const lookups *l, const char *unit)
{
    int u = strmap_get(&l->units, unit);
    char folded[64];
    if (u < 0 && pm_fold_fullwidth(unit, folded, sizeof folded))
        u = strmap_get(&l->units, folded);
    return u >= 0 ? u : by_name(&l->unit_names, l->unit_twice, unit);
}

/* Element for an item: an element code, or a directly entered indicator's
 * 序号 or code. -1 with *why set when there is none. */
static int resolve_item(const pm_plan *plan, const lookups *l, const char *item, char *why, size_t n)
{
    const strmap *elems = &l->elems;
    int e = strmap_get(elems, item);
    if (e < 0)
        e = by_name(&l->elem_names, l->elem_twice, item);
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

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Puts the k-th smallest of v[0..n) at v[k], smaller ones before it and
 * larger ones after (quickselect, median-of-three pivots): linear on
 * average where sorting a group of a million figures for its median is
 * n log n. A file built to defeat the pivots falls back to qsort once the
 * rounds exceed twice log2(n), so no input makes it quadratic. */
static void select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n, rounds = 0, limit = 2;
    for (size_t m = n; m > 1; m >>= 1)
        limit += 2;
    while (hi - lo > 2) {
        if (++rounds > limit) {
            qsort(v + lo, hi - lo, sizeof *v, cmp_double);
            return;
        }
        size_t mid = lo + (hi - lo) / 2, last = hi - 1;
        if (v[mid] < v[lo])
            swap_d(&v[mid], &v[lo]);
        if (v[last] < v[lo])
            swap_d(&v[last], &v[lo]);
        if (v[last] < v[mid])
            swap_d(&v[last], &v[mid]);
        double pivot = v[mid];
        /* Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot. */
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < pivot)
                swap_d(&v[i++], &v[lt++]);
            else if (v[i] > pivot)
                swap_d(&v[i], &v[--gt]);
            else
                i++;
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return;
    }
    if (hi - lo == 2 && v[lo + 1] < v[lo])
        swap_d(&v[lo], &v[lo + 1]);
}

/* The median of v[0..n), n ≥ 1, as the sorted middle (or the mean of the
 * two middles); v is reordered. */
static double median_of(double *v, size_t n)
{
    size_t k = n / 2;
    select_kth(v, n, k);
    if (n % 2)
        return v[k];
    double below = v[0]; /* the largest of v[0..k): the lower middle */
    for (size_t i = 1; i < k; i++)
        below = v[i] > below ? v[i] : below;
    return (below + v[k]) / 2;
}

/* ---- figures named twice, and last year's row --------------------------- */

/* No row index: UINT32_MAX. Rows are counted in uint32 (4 bytes a row on
 * arrays as long as the file): 4 billion rows is far past any file the
 * readers take. */
#define NO_ROW UINT32_MAX

/* For every row that names a figure (unit, element and year resolved),
 * which earlier row named the same figure (dup) and which row holds the
 * same figure's year before (prev: the first row naming it), both NO_ROW
 * when none. Found by sorting the rows by figure (element, unit, year,
 * with the year the last digit): equal figures sit side by side in file
 * order, and last year's figure just before. A sort keeps the memory
 * traffic sequential; hash maps over 10 million keys, probed at random,
 * spent most of the checks' time in cache misses. */
static void pair_rows(const int *re, const int *ru, const int *ry, size_t n, size_t nunits, int year0,
                      int nyears, uint32_t *dup, uint32_t *prev)
{
    pm_keyed *k = xnmalloc(n + 1, sizeof *k);
    size_t m = 0;
    uint64_t maxkey = 0;
    for (size_t r = 0; r < n; r++) {
        dup[r] = prev[r] = NO_ROW;
        if (re[r] < 0 || ru[r] < 0 || !ry[r])
            continue;
        uint64_t key = ((uint64_t)re[r] * nunits + (uint64_t)ru[r]) * (uint64_t)nyears + (uint64_t)(ry[r] - year0);
        k[m++] = (pm_keyed){key, (uint32_t)r};
        maxkey = key > maxkey ? key : maxkey;
    }
    pm_radix_sort(k, m, maxkey);
    size_t prev_start = 0; /* where the run before the current one starts */
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && k[b].key == k[a].key)
            b++;
        uint32_t first = k[a].idx;
        for (size_t i = a + 1; i < b; i++)
            dup[k[i].idx] = first;
        /* The year is the key's last digit: key − 1 is last year's figure
         * unless this is the first year of the plan. */
        if (a > 0 && k[a].key % (uint64_t)nyears != 0 && k[a - 1].key == k[a].key - 1)
            for (size_t i = a; i < b; i++)
                prev[k[i].idx] = k[prev_start].idx;
        prev_start = a;
        a = b;
    }
    free(k);
}

/* ---- the checks --------------------------------------------------------- */

/* pm_check_rules' way to add an issue. */
typedef struct rule_ctx {
    pm_check_result *res;
    const pm_check_opts *o;
} rule_ctx;

static void rule_issue(void *ctx, bool error, size_t row, bool answered, const char *msg)
{
    rule_ctx *c = ctx;
    issue(c->res, c->o, error, row, PM_COL_VALUE, answered, "%s", msg);
}

static int by_row(const void *a, const void *b)
{
    const pm_issue *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (int)x->col - (int)y->col;
}

/* Resolves every row's unit, element and year (-1, -1, 0 when not
 * resolved) before the checks proper, so that figures can be paired by
 * sorting (pair_rows). */
static void resolve_rows(const pm_plan *plan, const lookups *l, const pm_import_row *rows, size_t n, int *ru, int *re,
                         int *ry)
{
    char why[320];
    for (size_t r = 0; r < n; r++) {
        const pm_import_row *x = &rows[r];
        ru[r] = resolve_unit(l, x->unit);
        re[r] = resolve_item(plan, l, x->item, why, sizeof why);
        long year = 0;
        ry[r] = num_parse_int(x->year, plan->base_year, plan->target_year, &year) ? (int)year : 0;
    }
}

void pm_check_rows(const pm_plan *plan, const pm_tree *tree, const pm_known *known, const pm_import_row *rows,
                   size_t n, const pm_check_opts *o, pm_check_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o)
        o = &PM_CHECK_DEFAULT;
    res->ok = xcalloc(n + 1, sizeof *res->ok);
    if (n >= NO_ROW) {
        issue(res, o, true, 0, PM_COL_NONE, false, "文件行数过多（超过 %u 行），请分成几个文件导入", NO_ROW - 1);
        return;
    }
    lookups lk;
    lookups_init(&lk, plan, tree);
    int *ru = xnmalloc(n + 1, sizeof *ru), *re = xnmalloc(n + 1, sizeof *re), *ry = xnmalloc(n + 1, sizeof *ry);
    resolve_rows(plan, &lk, rows, n, ru, re, ry);
    char why[320];
    int nyears = plan->target_year - plan->base_year + 1;
    uint32_t *dup = xnmalloc(n + 1, sizeof *dup), *prev = xnmalloc(n + 1, sizeof *prev);
    pair_rows(re, ru, ry, n, tree->n, plan->base_year, nyears > 0 ? nyears : 1, dup, prev);
    uint32_t *ok_of = xnmalloc(n + 1, sizeof *ok_of); /* row → index into res->ok, NO_ROW when it failed */

    for (size_t r = 0; r < n; r++) {
        const pm_import_row *x = &rows[r];
        bool bad = false, skip = false;
        int u = ru[r], e = re[r];
        long year = ry[r];
        ok_of[r] = NO_ROW;
        if (u < 0 && pm_looks_scientific(x->unit)) {
            issue(res, o, true, r, PM_COL_UNIT, false,
                  "组织机构代码“%.40s”：单元格被 Excel 转成了科学计数法，请把代码列设为文本（设置单元格格式→文本）后重新填写代码",
                  x->unit);
            bad = true;
        } else if (u < 0) {
            issue(res, o, true, r, PM_COL_UNIT, false, "组织机构代码“%.60s”不存在", x->unit);
            bad = true;
        }
        if (e < 0) {
            resolve_item(plan, &lk, x->item, why, sizeof why); /* again, for the message: rows in error are few */
            issue(res, o, true, r, PM_COL_ITEM, false, "%s", why);
            bad = true;
        }
        if (!year) {
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
        } else {
            switch (pm_cell_number(x->value, &v)) {
            case PM_CELLNUM_NONE:
                /* "—" or "/" is how a sheet says "none": nothing is stored, and the report says so. */
                note(res, o, r, PM_COL_VALUE, "“—”“/”等按“无数据”处理，本行未导入（如实际为 0，请填 0）");
                skip = true;
                break;
            case PM_CELLNUM_BAD:
                issue(res, o, true, r, PM_COL_VALUE, false, "“%.40s”不是数字", x->value);
                bad = true;
                break;
            case PM_CELLNUM_PERCENT:
                if (e >= 0 && plan->elem[e].kind != PM_KIND_SHARE) {
                    char plain[32];
                    num_fmt_short(v, plain);
                    issue(res, o, true, r, PM_COL_VALUE, false,
                          "“%s”不是比例项（单位：%s），数值不能带 %%，请填数值（如 %s）", plan->elem[e].name,
                          plan->elem[e].unit[0] ? plan->elem[e].unit : "无", plain);
                    bad = true;
                    v = NAN;
                }
                break; /* a share is entered 0–100: "12.0%" is 12.0 */
            case PM_CELLNUM_OK:
                break;
            }
            /* A figure is kept as the spreadsheets keep it, at 15 significant
             * digits: Excel writes 0.5578 into XLSX as 0.55779999999999996,
             * a computed one may be 0.5578000000000001. Short texts are
             * exact already (and 10 million of them are not reformatted). */
            if (!isnan(v) && strlen(x->value) > 15)
                v = num_round15(v);
        }
        if (e >= 0 && !isnan(v) && !skip) {
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
        bool est = false;
        if (!pm_figkind_parse(x->kind, &est)) {
            issue(res, o, true, r, PM_COL_KIND, false, "“%.40s”应为“实际”或“预计”（留空为实际）", x->kind);
            bad = true;
        }
        if (u >= 0 && e >= 0 && year && !skip) {
            long k = known ? pm_known_find(known, e, u, (int)year) : -1;
            /* An actual wins: an estimate never replaces one (a new
             * estimate over an estimate, or an actual over either, is fine). */
            bool over_actual = est && k >= 0 && !known->estimate[k] && !isnan(known->value[k]);
            if (over_actual) {
                issue(res, o, true, r, PM_COL_KIND, false, "该数据已有实际值 %g（%s），不能再填预计值", known->value[k],
                      pm_vstate_label((pm_vstate)known->state[k]));
                bad = true;
            }
            if (dup[r] != NO_ROW) {
                issue(res, o, true, r, PM_COL_ITEM, false, "与第 %ld 行重复（同一单位、数据项和年份）", rows[dup[r]].row);
                bad = true;
            }
            bool kind_changes = k >= 0 && (bool)known->estimate[k] != est;
            if (over_actual) {
                /* said above */
            } else if (k >= 0 && known->state[k] == ST_APPROVED && (!num_same15(known->value[k], v) || kind_changes)) {
                issue(res, o, true, r, PM_COL_VALUE, false,
                      "该数据已审核锁定（现值 %g），如需修改须由审核人退回（planmon return --reopen）", known->value[k]);
                bad = true;
            } else if (k >= 0 && known->state[k] == ST_SUBMITTED && (!num_same15(known->value[k], v) || kind_changes)) {
                issue(res, o, true, r, PM_COL_VALUE, false, "该数据已提交待审核（现值 %g），如需修改须先由审核人退回",
                      known->value[k]);
                bad = true;
            }
        }
        if (!bad && !skip) {
            ok_of[r] = (uint32_t)res->nok;
            res->ok[res->nok++] = (pm_checked_row){.value = v, .elem = e, .unit = u, .year = (int)year, .estimate = est, .row = r};
        }
    }

    free(dup); /* the duplicates are known: not held through the rules and peers */
    double *passed = xnmalloc(n + 1, sizeof *passed); /* each row's value, NaN unless it passed */
    for (size_t r = 0; r < n; r++)
        passed[r] = ok_of[r] == NO_ROW ? NAN : res->ok[ok_of[r]].value;
    rule_ctx rc = {res, o};
    pm_check_rules(plan, known, rows, &(pm_rows_resolved){ru, re, ry, passed, n}, rule_issue, &rc);
    free(passed);
    /* What is left needs only prev and ok_of: the rest goes before the
     * peers' groups are gathered. */
    free(ru);
    free(re);
    free(ry);

    /* Outliers, among the rows that passed: against last year's value
     * (this file's, else the stored one) and against peers (same element,
     * year and level in this file: a district-wide file compares towns
     * with towns; a single town's file has no peers to compare with).
     * Groups are found by index (element, level, year): few, and dense. */
    int nlev = 1;
    for (size_t u = 0; u < tree->n; u++)
        nlev = tree->u[u].level + 1 > nlev ? tree->u[u].level + 1 : nlev;
    size_t ngroups = plan->nelem * (size_t)nlev * (size_t)(nyears > 0 ? nyears : 1);
    group *g = xcalloc(ngroups + 1, sizeof *g);
#define GROUP_OF(c) (((size_t)(c)->elem * (size_t)nlev + (size_t)tree->u[(c)->unit].level) * (size_t)nyears + \
                     (size_t)((c)->year - plan->base_year))
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        group *x = &g[GROUP_OF(c)];
        x->v = xgrow(x->v, &x->cap, x->n + 1, sizeof *x->v);
        x->v[x->n++] = c->value;
    }
    for (size_t i = 0; i < ngroups; i++)
        g[i].median = g[i].n >= o->min_peers && g[i].n ? median_of(g[i].v, g[i].n) : NAN;
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        const pm_element *el = &plan->elem[c->elem];
        if (el->kind == PM_KIND_FLAG)
            continue;
        /* A figure that is already stored as it is brings nothing new to question. */
        long same = known ? pm_known_find(known, c->elem, c->unit, c->year) : -1;
        if (same >= 0 && num_same15(known->value[same], c->value))
            continue;
        bool answered = rows[c->row].comment[0] != '\0';
        double last = NAN;
        uint32_t p = prev[c->row];
        long k;
        if (p != NO_ROW && ok_of[p] != NO_ROW)
            last = res->ok[ok_of[p]].value;
        else if (known && (k = pm_known_find(known, c->elem, c->unit, c->year - 1)) >= 0)
            last = known->value[k];
        /* Numbers are formatted only for issues still listed: a big file's
         * thousands of warnings past max_issues are only counted. */
        bool listed = res->nissues < o->max_issues;
        char a[32] = "";
        if (!isnan(last) && last > 0 && (c->value > last * o->jump || c->value < last / o->jump)) {
            if (listed)
                fmt_num(last, a);
            issue(res, o, false, c->row, PM_COL_VALUE, answered, "比上年（%s）%s，请在说明列注明原因", a,
                  c->value > last ? "增加超过一倍" : "减少过半");
            continue;
        }
        const group *x = &g[GROUP_OF(c)];
        if (!isnan(x->median) && x->median > 0 &&
            /* zero is an ordinary count (no station yet), not an outlier */
            (c->value > x->median * o->peer_ratio || (c->value > 0 && c->value < x->median / o->peer_ratio))) {
            char b[32] = "";
            if (listed) {
                fmt_num(x->median, a);
                fmt_num(c->value / x->median, b);
            }
            issue(res, o, false, c->row, PM_COL_VALUE, answered, "约为同级单位中位数（%s）的 %s 倍，请在说明列注明原因",
                  a, b);
        }
    }
#undef GROUP_OF
    /* In the order of the file, as the sender reads it. (qsort is not
     * stable, but row and column together are unique enough: two issues
     * of one cell keep an arbitrary order.) */
    if (res->nissues > 1)
        qsort(res->issues, res->nissues, sizeof *res->issues, by_row);
    for (size_t i = 0; i < ngroups; i++)
        free(g[i].v);
    free(g);
    free(ok_of);
    free(prev);
    lookups_free(&lk);
}

void pm_check_result_free(pm_check_result *res)
{
    free(res->issues);
    free(res->ok);
    memset(res, 0, sizeof *res);
}
