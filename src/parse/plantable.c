/* Plan indicator table reader: the entry point. The layout files turn the
 * text into a header and rows; here every row is lined up with the header's
 * columns (by content when cells are missing), and becomes an indicator, a
 * 其中 part of the one above, or a heading that sets the domain. Whatever is
 * not used is named in the plan's warnings; whatever cannot be read is an
 * error naming its line and cell. */
#include "parse/plantable.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "base/utf8.h"
#include "parse/plantable_int.h"

/* Largest 序号 accepted: far above any plan's table, small enough for the
 * duplicate check's index. */
#define PM_PLANTABLE_MAX_NO 100000
/* Widest header whose rows are lined up by content. */
#define MAX_ALIGN 64

static void add_warning(void *ctx, const char *fmt, ...)
{
    pm_plan *plan = ctx;
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    plan->warnings = xrealloc(plan->warnings, (plan->nwarnings + 1) * sizeof *plan->warnings);
    plan->warnings[plan->nwarnings++] = buf_detach(&b);
}

/* ---- lining a row up with the header --------------------------------------- */

/* Whether t ends with a unit in parentheses, as names do ("…比例(%)"). */
static bool names_unit(const char *t)
{
    char *name, *unit;
    pm_plantable_split_unit(t, &name, &unit);
    bool has = unit[0] && name[0];
    free(name);
    free(unit);
    return has;
}

static double cost_assign(const pt_col *c, const char *t)
{
    bool empty = !t[0], binding;
    if (empty)
        return c->kind == PT_NAME ? 10 : c->kind == PT_NO ? 0.5 : 0;
    pt_value v;
    pt_value_parse(t, &v);
    bool value = v.kind == PT_V_NUMBER || v.kind == PT_V_NULL;
    bool attr = pt_is_attr_word(t, &binding);
    long no;
    switch (c->kind) {
    case PT_NO:
        return num_parse_int(t, 1, PM_PLANTABLE_MAX_NO, &no) ? 0 : 50;
    case PT_NAME:
        return attr ? 30 : value ? 40 : (pt_unit_like(t) && strlen(t) <= 6) ? 3 : 0;
    case PT_DOMAIN:
    case PT_SUBDOMAIN:
        return attr || value ? 20 : 0.2;
    case PT_UNIT:
        return attr || v.kind == PT_V_NUMBER ? 20 : (pt_unit_like(t) || !strcmp(t, "％")) ? 0 : 6;
    case PT_ATTR:
        return attr ? 0 : 20;
    case PT_VALUE:
        if (attr)
            return 30;
        if (value)
            return 0;
        if (v.kind != PT_V_TEXT)
            return 5;
        /* A text target (显著提升) is cheap; a name with its unit in
         * parentheses (…比例(%)) is no target. */
        return names_unit(t) ? 12 : 2;
    default:
        return 0.5;
    }
}

static double cost_skip(const pt_header *h, size_t j, bool grid)
{
    const pt_col *c = &h->col[j];
    switch (c->kind) {
    case PT_NO:
        return 1;
    case PT_DOMAIN:
        return 0.45; /* of two leading merged cells the copy left out, the first goes first */
    case PT_SUBDOMAIN:
        return 0.5;
    case PT_UNIT:
    case PT_ATTR:
        return 1.5;
    case PT_VALUE:
        /* A 累计 cell is empty in the rows whose target is a level, and a
         * web copy drops empty cells: leaving it out is no reason to refuse
         * the row, but dearer than any cell's misplacement but a 属性
         * word's (which would silently change the indicator's binding). */
        if (c->cumul)
            return 6;
        /* A row with one figure where the header has a base and a target,
         * in a copy that writes a cell per line or paragraph and drops the
         * empty ones (the base left blank): the figure is the target, as a
         * planner reads it, and no 属性 word or name moves into a value
         * column to fill the gap. A grid (pipe, tab, Excel) keeps its
         * empty cells: there the row is ragged. */
        if (!grid && (int)j == h->base_col && h->target_col >= 0)
            return 8;
        return 40; /* never merged: a row without them is ragged */
    case PT_NAME:
        return 40;
    default:
        return 1;
    }
}

#define EXTRA_COST 5.0

/* Assigns the row's cells to columns in order, leaving out the columns
 * whose cells the source left out (merged) and, at the end, cells beyond
 * the last column. out[j] is the cell of column j or NULL; *nextra the
 * count of cells left at the end. Returns the cost (>= 40: ragged). */
static double align(const pt_row *r, const pt_header *h, const pt_cell **out, size_t *nextra)
{
    size_t m = r->n, n = h->n;
    /* dp[i][j]: cheapest way to place the first i cells in the first j columns */
    double *dp = xcalloc((m + 1) * (n + 1), sizeof *dp);
    char *how = xcalloc((m + 1) * (n + 1), 1); /* 'a' assign, 's' skip */
#define DP(i, j) dp[(i) * (n + 1) + (j)]
#define HOW(i, j) how[(i) * (n + 1) + (j)]
    for (size_t i = 0; i <= m; i++)
        for (size_t j = 0; j <= n; j++) {
            if (i == 0 && j == 0)
                continue;
            double best = INFINITY;
            char w = 0;
            if (i > 0 && j > 0) {
                double c = DP(i - 1, j - 1) + cost_assign(&h->col[j - 1], r->cells[i - 1].text);
                if (c < best)
                    best = c, w = 'a';
            }
            if (j > 0) {
                double c = DP(i, j - 1) + cost_skip(h, j - 1, r->positional);
                if (c < best - 1e-9)
                    best = c, w = 's';
            }
            DP(i, j) = best;
            HOW(i, j) = w;
        }
    size_t used = m;
    double best = INFINITY;
    for (size_t i = 0; i <= m; i++) {
        double c = DP(i, n) + EXTRA_COST * (double)(m - i);
        if (c < best - 1e-9)
            best = c, used = i;
    }
    for (size_t j = 0; j < n; j++)
        out[j] = NULL;
    for (size_t i = used, j = n; j > 0;) {
        if (HOW(i, j) == 'a') {
            out[j - 1] = &r->cells[i - 1];
            i--, j--;
        } else {
            j--;
        }
    }
    *nextra = m - used;
#undef DP
#undef HOW
    free(dp);
    free(how);
    return best;
}

/* The error for a row that does not line up with the header: which cell or
 * column is at fault when the best placement shows it (a[] from align(),
 * unless cost is infinite), and what a row must hold. */
static void ragged_row(const pt_row *r, const pt_header *h, const pt_cell *const *a, double cost, pm_err *err)
{
    buf cols = BUF_INIT;
    for (size_t j = 0; j < h->n; j++)
        if (h->col[j].label[0])
            buf_printf(&cols, "%s“%s”", cols.len ? "、" : "", h->col[j].label);
    buf why = BUF_INIT;
    long line = r->line;
    for (size_t j = 0; isfinite(cost) && j < h->n && !why.len; j++) {
        if (a[j] && cost_assign(&h->col[j], a[j]->text) >= 20) {
            buf_printf(&why, "单元格“%s”不能放在“%s”列；", a[j]->text, h->col[j].label);
            line = a[j]->line;
        } else if (!a[j] && cost_skip(h, j, r->positional) >= 40) {
            buf_printf(&why, "“%s”列没有对应的单元格；", h->col[j].label);
        }
    }
    /* the column list last: a long one is what a cut message loses */
    pm_err_set(err, line,
               "该行有 %zu 个单元格，无法与表头的 %zu 列一一对应（行不整齐）：%s每行应依次有指标名称和各数值列"
               "（无数值写“—”），合并的单元格可以留空或省略；表头各列：%s",
               r->n, h->n, buf_str(&why), buf_str(&cols));
    buf_free(&cols);
    buf_free(&why);
}

/* ---- building indicators ---------------------------------------------------- */

typedef struct carry {
    const char *domain, *subdomain, *attr; /* borrowed from earlier rows or heading */
    char *heading;                                /* the last heading row's text, owned */
    int last_no;
} carry;

typedef struct cellv {
    pt_value v;
    const pt_cell *c;
} cellv;

static const char *VALUE_FORMS = "数字（可带 %、单位）、≥N、>N、不低于N、N以上、≤N、<N、不高于N、N以下、控制在N以内、"
                                 "N左右、约N、[N]、〔N〕、范围 N—M、“—”或“/”（无），或文字目标";

static bool read_value(const pt_cell *c, const char *what, cellv *out, pm_err *err)
{
    out->c = c;
    if (!c) {
        memset(&out->v, 0, sizeof out->v);
        out->v.kind = PT_V_NULL;
        out->v.v = NAN;
        return true;
    }
    pt_value_parse(c->text, &out->v);
    if (out->v.kind == PT_V_BAD) {
        pm_err_set(err, c->line, "%s“%s”无法识别，可接受的写法：%s", what, c->text, VALUE_FORMS);
        return false;
    }
    return true;
}

static char *norm_unit(const char *u)
{
    buf b = BUF_INIT;
    for (const char *p = u; *p;) {
        if (!strncmp(p, "％", 3)) {
            buf_putc(&b, '%');
            p += 3;
        } else {
            buf_putc(&b, *p++);
        }
    }
    return buf_detach(&b);
}

/* Name and unit from the name cell and the unit cell (NULL: none or merged). */
static void name_and_unit(const char *cell, const char *unit_cell, bool has_unit_col, char **name, char **unit,
                          bool *star)
{
    char *full = xstrdup(cell);
    *star = pt_strip_star(full);
    pt_strip_numbering(full);
    char *n2, *u2;
    pm_plantable_split_unit(full, &n2, &u2);
    if (has_unit_col && unit_cell && *unit_cell) {
        *unit = norm_unit(unit_cell);
        char *nu = norm_unit(u2);
        /* The name may repeat the unit: "…覆盖率（%）" with 单位 "%". */
        if (!strcmp(nu, *unit)) {
            free(full);
            full = n2;
        } else {
            free(n2);
        }
        free(nu);
        free(u2);
    } else {
        free(full);
        full = n2;
        *unit = norm_unit(u2);
        free(u2);
    }
    *star |= pt_strip_star(full);
    *name = full;
}

static const pt_cell *col_cell(const pt_cell *const *a, int col)
{
    return col >= 0 ? a[col] : NULL;
}

/* The base cell, NULL when there is none or when one cell spans base and
 * target (HTML colspan over both, "[4.5]"): that value is the target. */
static const pt_cell *base_cell(const pt_header *h, const pt_cell *const *a)
{
    const pt_cell *bc = col_cell(a, h->base_col), *tc = col_cell(a, h->target_col);
    if (bc && tc && tc->spanned && h->base_col < h->target_col && !strcmp(bc->text, tc->text))
        return NULL;
    return bc;
}

/* Sets target (and its marks) of x from the cell values. */
static void set_target(pm_indicator *x, const cellv *t, const cellv *b)
{
    x->target = NAN;
    x->target_op = PM_OP_EQ;
    if (t->v.kind == PT_V_NUMBER) {
        x->target = t->v.v;
        x->target_op = t->v.op;
        x->cumulative |= t->v.cumulative;
        if (t->v.range) {
            /* A range: its lower end and ≥, unless the plan goes down (a
             * level baseline above the range, or the name says 控制/降低/下降):
             * then its upper end and ≤. Five-year totals do not go down. */
            bool down = (!t->v.cumulative && b->v.kind == PT_V_NUMBER && !b->v.cumulative && b->v.v > t->v.hi) ||
                        (x->name && (strstr(x->name, "控制") || strstr(x->name, "降低") || strstr(x->name, "下降")));
            x->target = down ? t->v.hi : t->v.v;
            x->target_op = down ? PM_OP_LE : PM_OP_GE;
        }
        if (t->v.range || t->v.noted)
            x->target_text = xstrdup(t->c->text);
    } else if (t->v.kind == PT_V_TEXT) {
        x->qualitative = true;
        x->target_text = xstrdup(t->c->text);
    }
}

static bool set_baseline(pm_indicator *x, const cellv *b)
{
    x->baseline = NAN;
    if (b->v.kind == PT_V_NUMBER) {
        x->baseline = b->v.v;
        x->cumulative |= b->v.cumulative;
        if (b->v.range || b->v.noted)
            x->baseline_text = xstrdup(b->c->text);
    } else if (b->v.kind == PT_V_TEXT) {
        x->baseline_text = xstrdup(b->c->text);
    }
    return true;
}

/* A unit written on the values ("74.2%", "21km") when the table gives none. */
static void unit_from_values(char **unit, const cellv *b, const cellv *t)
{
    if (**unit)
        return;
    const char *u = t->v.kind == PT_V_NUMBER && t->v.unit[0] ? t->v.unit
                    : b->v.kind == PT_V_NUMBER && b->v.unit[0] ? b->v.unit
                                                               : NULL;
    if (u) {
        free(*unit);
        *unit = norm_unit(u);
    }
}

static bool add_part(pm_plan *plan, const pt_row *r, const pt_header *h, const pt_cell *const *a, char *pname,
                     pm_err *err)
{
    pm_indicator *up = &plan->ind[plan->nind - 1];
    cellv b, t;
    if (!read_value(base_cell(h, a), "基期值", &b, err) ||
        !read_value(col_cell(a, h->target_col), "目标值", &t, err)) {
        free(pname);
        return false;
    }
    int ucol = pt_col_of(h, PT_UNIT);
    const pt_cell *uc = col_cell(a, ucol);
    char *name, *unit;
    bool star;
    name_and_unit(pname, uc ? uc->text : NULL, ucol >= 0, &name, &unit, &star);
    free(pname);
    pm_indicator tmp = {0};
    set_baseline(&tmp, &b);
    set_target(&tmp, &t, &b);
    unit_from_values(&unit, &b, &t);
    if (!*unit) {
        free(unit);
        unit = xstrdup(up->unit);
    }
    up->parts = xrealloc(up->parts, (up->nparts + 1) * sizeof *up->parts);
    up->parts[up->nparts++] = (pm_part){name, unit, tmp.baseline, tmp.target, tmp.target_op};
    if (tmp.target_text || tmp.baseline_text)
        add_warning(plan, "第 %ld 行：“其中”行“%s”的文字或范围值（%s）只保留了数字部分", r->line, name,
                    tmp.target_text ? tmp.target_text : tmp.baseline_text);
    free(tmp.target_text);
    free(tmp.baseline_text);
    return true;
}

/* A 领域 or 子领域 cell's text without its numbering ("1.空气质量",
 * "一、发展水平" -> the words): malloc'd. */
static char *group_name(const char *cell)
{
    char *hd = pt_heading_text(cell);
    if (hd)
        return hd;
    char *t = xstrdup(cell);
    pt_strip_numbering(t);
    return t;
}

static bool build_indicator(pm_plan *plan, const pt_row *r, const pt_header *h, const pt_cell *const *a,
                            carry *above, pm_err *err)
{
    pm_indicator *x = &plan->ind[plan->nind];
    memset(x, 0, sizeof *x);
    x->line = r->line;
    x->baseline = x->target = NAN;
    const pt_cell *name_c = col_cell(a, h->name_col);
    /* 序号 */
    const pt_cell *no_c = col_cell(a, h->no_col);
    if (no_c && no_c->text[0]) {
        long v;
        if (!num_parse_int(no_c->text, 1, PM_PLANTABLE_MAX_NO, &v)) {
            pm_err_set(err, no_c->line, "序号“%s”不是正整数（应为 1 到 %d 的整数）", no_c->text,
                       PM_PLANTABLE_MAX_NO);
            return false;
        }
        x->no = (int)v;
    } else if (no_c && no_c->spanned && above->last_no > 0) {
        /* An empty cell under a spanning 序号 (its text lost in a damaged
         * table, or a row split from one without a number): the row shares
         * the number above, as it would under a readable one. Numbering it
         * on met the next row's own number. */
        x->no = above->last_no;
    } else {
        x->no = above->last_no + 1;
    }
    plan->nind++; /* from here on pm_plan_free releases it */
    above->last_no = x->no;

    /* 领域: an empty or merged cell is the same as above; a heading row sets it. */
    int dcol = pt_col_of(h, PT_DOMAIN), scol = pt_col_of(h, PT_SUBDOMAIN);
    const pt_cell *dc = col_cell(a, dcol), *sc = col_cell(a, scol);
    const char *domain = dc && dc->text[0] ? dc->text : NULL;
    bool inherited = !domain;
    if (inherited)
        domain = above->domain;
    if (dcol >= 0 && !domain) {
        pm_err_set(err, r->line, "第一个指标行的“领域”为空，无法确定所属领域（请填写领域，或在表格前加一行领域标题）");
        return false;
    }
    /* A new domain starts a new merged region: its subdomain is not carried
     * over. A row as wide as a header whose 领域 spans two columns has none. */
    const char *sub = NULL;
    if (sc && sc->missing)
        sub = NULL;
    else if (sc && sc->text[0])
        sub = sc->text;
    else if (scol >= 0 && inherited)
        sub = above->subdomain;
    x->domain = group_name(domain ? domain : "");
    x->subdomain = sub ? group_name(sub) : NULL;
    above->domain = domain;
    above->subdomain = sub;

    /* 指标, 单位, star */
    if (!name_c || !name_c->text[0]) {
        pm_err_set(err, name_c ? name_c->line : r->line, "指标名称为空（“%s”列应有指标名称）",
                   h->name_col >= 0 ? h->col[h->name_col].label : "指标");
        return false;
    }
    int ucol = pt_col_of(h, PT_UNIT);
    const pt_cell *uc = col_cell(a, ucol);
    /* A unit cell the copy left out is an empty one, not the unit above:
     * the cells a web copy drops are empty ones, and the merged cells it
     * drops are the leading ones (领域); a unit carried down would give
     * 婴儿死亡率 the 1/10万 of 孕产妇死亡率 above it. */
    const char *unit_cell = uc ? uc->text : NULL;
    bool star;
    name_and_unit(name_c->text, unit_cell, ucol >= 0, &x->name, &x->unit, &star);
    /* The unlabelled column beside the name ("医疗救助" | "城市"): a part of the
     * name that splits the row in two; its unit, if the name has none. */
    int kcol = h->name_col + 1;
    if ((size_t)kcol < h->n && h->col[kcol].kind == PT_OTHER && !h->col[kcol].label[0] && a[kcol] &&
        a[kcol]->text[0] && !a[kcol]->spanned) {
        char *sn, *su;
        pm_plantable_split_unit(a[kcol]->text, &sn, &su);
        buf nb = BUF_INIT;
        buf_printf(&nb, "%s（%s）", x->name, sn);
        free(x->name);
        x->name = buf_detach(&nb);
        if (!*x->unit) {
            free(x->unit);
            x->unit = norm_unit(su);
        }
        free(sn);
        free(su);
    }
    if (!*x->name) {
        pm_err_set(err, name_c->line, "指标名称为空（“%s”只有单位或星号）", name_c->text);
        return false;
    }

    /* 属性 column, else the star */
    int acol = pt_col_of(h, PT_ATTR);
    if (acol >= 0) {
        const pt_cell *ac = col_cell(a, acol);
        const char *attr = ac && ac->text[0] ? ac->text : above->attr;
        if (!attr || !pt_is_attr_word(attr, &x->binding)) {
            pm_err_set(err, ac ? ac->line : r->line, "指标属性“%s”无法识别，应为“约束性”或“预期性”", attr ? attr : "");
            return false;
        }
        above->attr = attr;
    } else {
        x->binding = star;
    }

    cellv b, t, cu;
    if (!read_value(base_cell(h, a), "基期值", &b, err) ||
        !read_value(col_cell(a, h->target_col), "目标值", &t, err) ||
        !read_value(col_cell(a, h->cumul_col), "累计值", &cu, err))
        return false;
    if (t.v.kind == PT_V_NULL && cu.v.kind != PT_V_NULL) {
        t = cu;
        /* "年均[累计]": 5左右 is a yearly rate, [20] a five-year total */
        if (t.v.kind == PT_V_NUMBER && !h->col[h->cumul_col].mixed)
            t.v.cumulative = true;
    } else if (cu.v.kind != PT_V_NULL) {
        add_warning(plan, "第 %ld 行：指标“%s”已有目标值，“%s”列的“%s”未读取", cu.c->line, x->name,
                    h->col[h->cumul_col].label, cu.c->text);
    }
    set_baseline(x, &b);
    set_target(x, &t, &b);
    if (x->qualitative)
        x->baseline = b.v.kind == PT_V_NUMBER ? b.v.v : NAN;
    if (!x->qualitative && t.v.kind == PT_V_NULL && b.v.kind == PT_V_TEXT)
        x->qualitative = true;
    unit_from_values(&x->unit, &b, &t);
    int ncol = pt_col_of(h, PT_NOTE);
    const pt_cell *nc = col_cell(a, ncol);
    if (nc && nc->text[0])
        x->note = xstrdup(nc->text);
    x->polarity = pm_polarity_derive(x->target_op, x->baseline, x->target);
    x->rate = pm_indicator_looks_rate(x);
    char code[32];
    snprintf(code, sizeof code, "I%02d", x->no);
    x->code = xstrdup(code);
    return true;
}

/* Columns the reader does not use, named once each when they hold anything
 * (filled[j]: some row's cell of column j is not empty). */
static void warn_unused_columns(pm_plan *plan, const pt_header *h, const bool *filled)
{
    for (size_t j = 0; j < h->n; j++)
        if (h->col[j].kind == PT_OTHER && (filled[j] || h->col[j].label[0]))
            add_warning(plan, "第 %ld 行表头：“%s”列不是指标表的内容（领域、指标、单位、属性、基期、目标、备注），未读取",
                        h->line, h->col[j].label[0] ? h->col[j].label : "（无标题）");
}

/* The seed's 领域 header over two data columns: rows one cell wider than
 * the header get a subdomain column after 领域; rows as wide as the header
 * have no subdomain (an empty cell is placed there). */
static void extra_domain_column(pt_header *h, pt_rows *rows)
{
    int d = pt_col_of(h, PT_DOMAIN);
    bool name_span = false;
    if (d < 0 && h->name_col >= 0) {
        /* "监测指标" over the 类别 and the name columns */
        d = h->name_col;
        name_span = true;
    }
    if (d < 0 || pt_col_of(h, PT_SUBDOMAIN) >= 0)
        return;
    bool wider = false;
    for (size_t i = 0; i < rows->n; i++) {
        size_t n = rows->v[i].n;
        while (n > h->n + 1 && !rows->v[i].cells[n - 1].text[0])
            n--;
        if (rows->v[i].positional && n == h->n + 1 && rows->v[i].cells[n - 1].text[0])
            wider = true;
    }
    if (!wider)
        return;
    h->col = xrealloc(h->col, (h->n + 1) * sizeof *h->col);
    memmove(&h->col[d + 2], &h->col[d + 1], (h->n - (size_t)d - 1) * sizeof *h->col);
    h->col[d + 1] = (pt_col){.kind = name_span ? PT_NAME : PT_SUBDOMAIN, .label = xstrdup(h->col[d].label)};
    h->n++;
    h->inserted_sub = !name_span;
    if (name_span) {
        h->col[d].kind = PT_DOMAIN;
        h->name_col = d + 1;
    }
    if (h->no_col > d)
        h->no_col++;
    if (h->name_col > d && !name_span)
        h->name_col++;
    for (size_t i = 0; i < rows->n; i++) {
        pt_row *r = &rows->v[i];
        size_t n = r->n;
        while (n > h->n && !r->cells[n - 1].text[0])
            n--;
        if (!r->positional || n != h->n - 1)
            continue;
        pt_row_add(r, xstrdup(""), r->line);
        pt_cell tmp = r->cells[r->n - 1];
        memmove(&r->cells[d + 2], &r->cells[d + 1], (r->n - (size_t)d - 2) * sizeof *r->cells);
        r->cells[d + 1] = tmp;
        r->cells[d + 1].missing = !name_span; /* no subdomain at all, not "same as above" */
        if (name_span) {
            /* the row's cell is the name; the domain's is merged */
            pt_cell c = r->cells[d];
            r->cells[d] = r->cells[d + 1];
            r->cells[d + 1] = c;
        }
    }
}

/* Cells of row r up to its last non-empty one (Excel's trailing tabs). */
static size_t row_width(const pt_row *r)
{
    size_t n = r->n;
    while (n > 0 && !r->cells[n - 1].text[0])
        n--;
    return n;
}

/* Whether a row's leading cell at k can be a 领域/子领域 cell: text that is
 * no figure and no 属性 word; empty only in a grid row (merged, same as
 * above). */
static bool group_cell(const pt_row *r, size_t k, bool may_be_empty)
{
    const char *t = r->cells[k].text;
    if (!t[0])
        return may_be_empty;
    pt_value v;
    bool binding;
    pt_value_parse(t, &v);
    return v.kind == PT_V_TEXT && !pt_is_attr_word(t, &binding);
}

/* "指标" over the leading merged cells too (生态环境质量 | 1.空气质量 |
 * 地级及以上城市…): when the name is the header's first column, no 领域
 * column exists and the rows are up to two cells wider than the header,
 * with group text (or, in a grid, merged empties) in those leading cells and
 * the name after them, a 领域 (and a 子领域) column comes before the name.
 * Narrower rows read cell by cell miss those merged cells and are lined up
 * by content. */
static void name_over_leading_columns(pt_header *h, pt_rows *rows)
{
    if (h->name_col != 0 || pt_col_of(h, PT_DOMAIN) >= 0 || pt_col_of(h, PT_SUBDOMAIN) >= 0)
        return;
    size_t widest = 0;
    for (size_t i = 0; i < rows->n; i++)
        if (row_width(&rows->v[i]) > widest)
            widest = row_width(&rows->v[i]);
    if (widest <= h->n || widest > h->n + 2)
        return;
    size_t extra = widest - h->n;
    bool text_lead = false, grid = false;
    for (size_t i = 0; i < rows->n; i++) {
        const pt_row *r = &rows->v[i];
        if (row_width(r) != widest)
            continue;
        if (!r->cells[extra].text[0] || !group_cell(r, extra, false))
            return; /* no name where it would stand */
        grid |= r->positional;
        for (size_t k = 0; k < extra; k++) {
            if (!group_cell(r, k, r->positional))
                return;
            text_lead |= r->cells[k].text[0] != '\0';
        }
    }
    /* one more cell in a grid: extra_domain_column() (监测指标 over 类别) */
    if (!text_lead || (grid && extra == 1))
        return;
    h->col = xrealloc(h->col, (h->n + extra) * sizeof *h->col);
    memmove(&h->col[extra], &h->col[0], h->n * sizeof *h->col);
    for (size_t k = 0; k < extra; k++)
        h->col[k] = (pt_col){.kind = k == 0 ? PT_DOMAIN : PT_SUBDOMAIN, .label = xstrdup(h->col[extra].label)};
    h->n += extra;
    h->name_col += (int)extra;
    if (h->no_col >= 0)
        h->no_col += (int)extra;
}

/* "监测指标" over two columns (the 类别 and the name), or "指标" over
 * three (领域, 子领域, name): when the last unlabelled column after the name
 * column holds text in most rows, it is the name and the ones before it the
 * 领域 (and 子领域); else (a name cell spanning them) they stay unused,
 * empty columns. */
static void name_over_two_columns(pt_header *h, const pt_rows *rows)
{
    int k = h->name_col;
    if (k < 0 || pt_col_of(h, PT_DOMAIN) >= 0 || pt_col_of(h, PT_SUBDOMAIN) >= 0)
        return;
    int span = 0;
    while (span < 2 && (size_t)(k + span + 1) < h->n && h->col[k + span + 1].kind == PT_OTHER &&
           !h->col[k + span + 1].label[0])
        span++;
    for (; span > 0; span--) {
        int last = k + span;
        size_t filled = 0, all = 0;
        for (size_t i = 0; i < rows->n; i++) {
            const pt_row *r = &rows->v[i];
            if (!r->positional || r->n <= (size_t)last)
                continue;
            all++;
            filled += r->cells[last].text[0] && !r->cells[last].spanned;
        }
        if (filled * 2 > all)
            break;
    }
    if (span == 0)
        return;
    h->col[k].kind = PT_DOMAIN;
    if (span == 2)
        h->col[k + 1].kind = PT_SUBDOMAIN;
    h->col[k + span].kind = PT_NAME;
    h->name_col = k + span;
}

/* Cells with line breaks (HTML <br>): when the name and a value cell hold
 * the same number of lines, each line is a row (the later ones 其中 parts
 * of the first); otherwise the lines of a cell are one broken text. */
static void split_stacked_rows(const pt_header *h, pt_rows *rows)
{
    pt_rows out = {0};
    for (size_t i = 0; i < rows->n; i++) {
        pt_row *r = &rows->v[i];
        size_t k = 1;
        if (r->positional && h->name_col >= 0 && (size_t)h->name_col < r->n) {
            const char *nm = r->cells[h->name_col].text;
            size_t lines = 1;
            for (const char *p = nm; *p; p++)
                lines += *p == '\n';
            int vcols[3] = {h->base_col, h->target_col, h->cumul_col};
            for (int v = 0; v < 3 && lines > 1; v++) {
                if (vcols[v] < 0 || (size_t)vcols[v] >= r->n)
                    continue;
                size_t vl = 1;
                for (const char *p = r->cells[vcols[v]].text; *p; p++)
                    vl += *p == '\n';
                if (vl == lines)
                    k = lines;
            }
        }
        for (size_t line = 0; line < k; line++) {
            pt_row nr = {0};
            nr.line = r->line;
            nr.positional = r->positional;
            if (line == 0) {
                nr.heading = r->heading;
                r->heading = NULL;
            }
            for (size_t c = 0; c < r->n; c++) {
                const char *t = r->cells[c].text;
                size_t nl = 0;
                for (const char *p = t; *p; p++)
                    nl += *p == '\n';
                buf b = BUF_INIT;
                if (k > 1 && nl == k - 1) {
                    /* this cell's line-th line */
                    const char *s = t;
                    for (size_t z = 0; z < line; z++)
                        s = strchr(s, '\n') + 1;
                    const char *e = strchr(s, '\n');
                    size_t len = e ? (size_t)(e - s) : strlen(s);
                    if (line > 0 && (int)c == h->name_col && !text_starts(s, "其中"))
                        buf_puts(&b, "其中：");
                    buf_append(&b, s, len);
                } else if (line == 0 || (int)c == h->no_col) {
                    for (const char *p = t; *p; p++)
                        if (*p != '\n')
                            buf_putc(&b, *p);
                }
                char *txt = buf_detach(&b);
                pt_row_add(&nr, text_trim_dup(txt, strlen(txt)), r->cells[c].line);
                free(txt);
                nr.cells[nr.n - 1].missing = r->cells[c].missing;
                nr.cells[nr.n - 1].x0 = r->cells[c].x0;
                nr.cells[nr.n - 1].x1 = r->cells[c].x1;
                nr.cells[nr.n - 1].spanned = r->cells[c].spanned || (line > 0 && (int)c == h->no_col);
            }
            pt_rows_add(&out, &nr);
        }
    }
    pt_rows_free(rows);
    *rows = out;
}

/* The value column indexes are known only after the years are chosen;
 * pt_header_years() set them. */
static bool build(pm_plan *plan, pt_header *h, pt_rows *rows, pm_err *err)
{
    carry above = {0};
    plan->ind = xcalloc(rows->n, sizeof *plan->ind);
    const pt_cell *a[MAX_ALIGN];
    bool filled[MAX_ALIGN] = {false};
    size_t *ind_of_no = h->no_col >= 0 ? xcalloc(PM_PLANTABLE_MAX_NO + 1, sizeof *ind_of_no) : NULL;
    bool ok = true;
    for (size_t i = 0; ok && i < rows->n; i++) {
        pt_row *r = &rows->v[i];
        if (r->heading) {
            free(above.heading);
            above.heading = xstrdup(r->heading);
            above.domain = above.heading;
            above.subdomain = NULL;
        }
        /* One text spanning the whole row (HTML colspan): a table note ends
         * the table; anything else is a heading. */
        if (r->positional && r->n > 1 && r->cells[0].text[0]) {
            bool one = true;
            for (size_t k = 1; k < r->n && one; k++)
                one = r->cells[k].spanned && !strcmp(r->cells[k].text, r->cells[0].text);
            if (one) {
                const char *t0 = r->cells[0].text;
                if (text_starts(t0, "注") || text_starts(t0, "备注") || text_starts(t0, "说明") ||
                    text_starts(t0, "资料来源"))
                    break;
                char *hd = pt_heading_text(t0);
                free(above.heading);
                above.heading = hd ? hd : xstrdup(t0);
                above.domain = above.heading;
                above.subdomain = NULL;
                continue;
            }
        }
        /* Excel's trailing tab runs */
        while (r->positional && r->n > h->n && !r->cells[r->n - 1].text[0])
            free(r->cells[--r->n].text);
        size_t nextra = 0;
        if (r->positional && r->n == h->n) {
            for (size_t j = 0; j < h->n; j++)
                a[j] = &r->cells[j];
        } else if (r->positional && r->n > h->n) {
            for (size_t j = 0; j < h->n; j++)
                a[j] = &r->cells[j];
            nextra = r->n - h->n;
        } else {
            double cost = r->n <= h->n + 16 ? align(r, h, a, &nextra) : INFINITY;
            if (cost >= 40) {
                ragged_row(r, h, a, cost, err);
                ok = false;
                break;
            }
        }
        for (size_t k = r->n - nextra; k < r->n; k++)
            if (r->cells[k].text[0])
                add_warning(plan, "第 %ld 行：单元格“%s”在表头各列之外，未读取", r->cells[k].line,
                            r->cells[k].text);
        for (size_t j = 0; j < h->n; j++)
            filled[j] |= a[j] && a[j]->text[0] && !a[j]->spanned && !((int)j == h->name_col + 1 && !h->col[j].label[0]);
        const pt_cell *name_c = col_cell(a, h->name_col);
        char *pname = name_c ? pt_part_name(name_c->text) : NULL;
        if (pname && plan->nind > 0) {
            ok = add_part(plan, r, h, a, pname, err);
            continue;
        }
        free(pname);
        ok = build_indicator(plan, r, h, a, &above, err);
        const pt_cell *no_c = col_cell(a, h->no_col);
        if (ok && no_c && no_c->spanned && plan->nind >= 2 && plan->ind[plan->nind - 2].no == plan->ind[plan->nind - 1].no) {
            /* Rows under one spanning 序号 (城市 / 农村) share the number; the
             * code, which data exchange keys on, must stay unique. */
            pm_indicator *x = &plan->ind[plan->nind - 1];
            size_t k = 2;
            while (k < plan->nind && plan->ind[plan->nind - 1 - k].no == x->no)
                k++;
            char code[48];
            snprintf(code, sizeof code, "I%02d-%zu", x->no, k);
            free(x->code);
            x->code = xstrdup(code);
        }
        if (ok && ind_of_no && !(no_c && no_c->spanned)) {
            pm_indicator *x = &plan->ind[plan->nind - 1];
            size_t *seen = &ind_of_no[x->no];
            if (*seen) {
                pm_err_set(err, r->line, "序号 %d 重复（第 %ld 行已有）", x->no, plan->ind[*seen - 1].line);
                ok = false;
            }
            *seen = plan->nind;
        }
    }
    free(ind_of_no);
    free(above.heading);
    /* A backstop: whatever the numbering above makes of a damaged table,
     * two indicators never share a code, as data exchange keys on it (a
     * spanning 序号 cell read as none once numbered its rows on, meeting
     * the next row's own number; build_indicator now shares it). */
    for (size_t i = 1; ok && i < plan->nind; i++)
        for (size_t j = 0; ok && j < i; j++)
            if (!strcmp(plan->ind[i].code, plan->ind[j].code)) {
                pm_err_set(err, plan->ind[i].line, "序号 %d 重复（第 %ld 行已有）", plan->ind[i].no, plan->ind[j].line);
                ok = false;
            }
    if (ok)
        warn_unused_columns(plan, h, filled);
    if (ok && plan->nind == 0) {
        pm_err_set(err, h->line, "表头下面没有指标行");
        ok = false;
    }
    return ok;
}

/* The table in cells between pipe-only lines, when the text has one (the
 * first such run of lines with a header in it); false otherwise, and the
 * other layouts are tried. */
static bool bar_table(const pt_line *lines, size_t nlines, pt_header *h, pt_rows *rows, long *near_line,
                      const char **near)
{
    for (size_t i = 0; i < nlines; i++) {
        if (!pt_is_bar_form(lines, nlines, i))
            continue;
        pt_rows grid = {0};
        pt_bar_rows(lines, nlines, i, &grid);
        bool found = pt_grid_table(&grid, h, rows, near_line, near);
        pt_rows_free(&grid);
        if (found)
            return true;
        while (i + 1 < nlines && (pt_bar_pipes(&lines[i + 1]) || pt_is_bar_form(lines, nlines, i + 1)))
            i++; /* past this run */
    }
    return false;
}

bool pm_plantable_parse_opts(const char *text, size_t len, const pm_plantable_opts *opts, pm_plan *plan,
                             pm_err *err)
{
    memset(plan, 0, sizeof *plan);
    pt_line *lines = NULL;
    size_t nlines = 0;
    if (!pt_split_lines(text, len, &lines, &nlines, err))
        return false;
    pt_header h = {0};
    pt_rows rows = {0};
    long near_line = 0;
    const char *near = NULL;
    bool found;
    /* The plan period named first (its title, mostly before the table):
     * the header's years and a two-line header cell are read by it. */
    int period = pt_doc_period(lines, nlines);
    if (pt_is_html(text, len)) {
        pt_rows grid = {0};
        found = pt_html_rows(text, len, &grid, err) && pt_grid_table(&grid, &h, &rows, &near_line, &near);
        pt_rows_free(&grid);
    } else {
        found = bar_table(lines, nlines, &h, &rows, &near_line, &near) ||
                pt_read_table(lines, nlines, period, &h, &rows, &near_line, &near);
    }
    if (!found) {
        size_t last = nlines - 1;
        while (last > 0 && pt_blank(lines[last].p, lines[last].n))
            last--;
        if (near)
            pm_err_set(err, near_line, "此行像是指标表的表头，但%s", near);
        else
            pm_err_set(err, 1,
                       "直到文件末尾（第 %ld 行）也未找到指标表：没有同时含“指标”列和目标列"
                       "（如“2025年”“目标值”““十五五”目标”）的表头",
                       lines[last].no);
        free(lines);
        pt_rows_free(&rows);
        return false;
    }
    bool ok = true;
    if (rows.n == 0) {
        pm_err_set(err, h.line, "表头下面没有指标行");
        ok = false;
    }
    if (ok && h.n > MAX_ALIGN) {
        pm_err_set(err, h.line, "表头有 %zu 列，超过 %d 列，不像指标表", h.n, MAX_ALIGN);
        ok = false;
    }
    if (ok) {
        name_over_leading_columns(&h, &rows);
        extra_domain_column(&h, &rows);
    }
    int y0 = opts ? opts->base_year : 0, y1 = opts ? opts->target_year : 0;
    plan->base_year = y0;
    plan->target_year = y1;
    if (ok)
        ok = pt_header_years(&h, period, &plan->base_year, &plan->target_year, add_warning, plan, err);
    if (ok) {
        name_over_two_columns(&h, &rows);
        split_stacked_rows(&h, &rows);
        pt_place_by_position(&h, &rows);
        ok = build(plan, &h, &rows, err);
    }
    pt_rows_free(&rows);
    pt_header_free(&h);
    free(lines);
    if (!ok)
        pm_plan_free(plan);
    return ok;
}

bool pm_plantable_parse(const char *text, size_t len, pm_plan *plan, pm_err *err)
{
    return pm_plantable_parse_opts(text, len, NULL, plan, err);
}
