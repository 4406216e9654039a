/* The header row of a plan table: what each column holds (DESIGN "Reading a
 * plan's indicator table from text", Header), the flattening of two-row
 * headers, and the choice of base and target columns and years. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/utf8.h"
#include "parse/plantable_int.h"

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list))
            return true;
    return false;
}

int pt_period_end(const char *s)
{
    static const struct {
        const char *w;
        int end;
    } periods[] = {{"十一五", 2010}, {"十二五", 2015}, {"十三五", 2020}, {"十四五", 2025}, {"十五五", 2030},
                   {"十六五", 2035}};
    const char *best = NULL;
    int end = 0;
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        const char *p = strstr(s, periods[i].w);
        if (p && (!best || p < best))
            best = p, end = periods[i].end;
    }
    return end;
}

int pt_doc_period(const pt_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *l = xstrndup(lines[i].p, lines[i].n);
        int end = pt_period_end(l);
        free(l);
        if (end)
            return end;
    }
    return 0;
}

/* Removes every occurrence of w from s in place. */
static void drop_all(char *s, const char *w)
{
    size_t k = strlen(w);
    for (char *p; (p = strstr(s, w));)
        memmove(p, p + k, strlen(p + k) + 1);
}

/* The first 19xx/20xx in s that stands alone (not part of a longer number). */
static int find_year(const char *s, char **at)
{
    for (const char *p = s; *p; p++) {
        if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
            if (p > s && p[-1] >= '0' && p[-1] <= '9')
                continue;
            if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
                *at = (char *)p;
                return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            }
        }
    }
    return 0;
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && !memcmp(s + n - k, w, k);
}

/* A short label that ends in 指标 names the indicator column whatever
 * qualifies it (规划指标体系, 民生指标, 核心指标名称). Titles also end in
 * 指标 (专栏1 “十四五”时期残疾人事业发展主要指标): they are longer and
 * often numbered, so a label is at most 8 characters (16 columns) without digits. */
static bool name_like(const char *w)
{
    if (!(ends_with(w, "指标") || ends_with(w, "指标体系") || ends_with(w, "指标名称") || ends_with(w, "指标项")))
        return false;
    if (ends_with(w, "性指标")) /* 约束性指标: a row's 属性 cell */
        return false;
    return utf8_width(w) <= 16 && !strpbrk(w, "0123456789") && !strstr(w, "专栏") && !strstr(w, "表");
}

pt_col pt_classify(const char *text)
{
    static const char *const no_w[] = {"序号", "编号", "序", "No.", "NO.", NULL};
    static const char *const unit_w[] = {"单位", "计量单位", "指标单位", NULL};
    static const char *const attr_w[] = {"属性", "指标属性", "指标性质", "性质", "指标类型", "类型", "约束性/预期性",
                                         "约束性或预期性", NULL};
    static const char *const sub_w[] = {"子领域", "分领域", "二级领域", "子类别", "二级分类", "二级类别", NULL};
    static const char *const dom_w[] = {"领域", "类别", "领域/类别", "指标类别", "分类", "一级领域", "板块",
                                        "类目", "一级指标", "维度", "方面", "指标分类", "所属领域", "发展领域", NULL};
    static const char *const name_w[] = {"指标", "指标名称", "指标项", "主要指标", "二级指标", "具体指标", "指标内容",
                                         "名称", "指标名", "三级指标", "监测指标", "评估指标", "考核指标",
                                         "主要项目和指标", "项目和指标", "主要项目", "项目", "发展指标", NULL};
    static const char *const note_w[] = {"备注", "说明", "备注说明", "注", NULL};
    static const char *const base_w[] = {"基期", "基期值", "基数", "基期年", "现状", "现状值", "基准值", "基准",
                                         "基础值", "完成值", "实际值", "完成", "实现值", "现值", "基期水平",
                                         "现状水平", "基准年", "现状年", "完成情况值", "实际完成", "实际完成值",
                                         "预计", "预计值", "预计数", "预计完成", "预计完成值", "预估值", "基期数",
                                         "现状数", NULL};
    static const char *const target_w[] = {"目标", "目标值", "规划目标", "规划值", "预期目标", "近期规划", "规划",
                                           "预期值", "目标任务", "规划目标值", "发展目标", "目标年", "末目标",
                                           "期末目标", "目标数", "规划数", "预期", NULL};
    static const char *const cumul_w[] = {"累计", "五年累计", "累计值", "累计目标", "五年累计目标", "累计数",
                                          "期间累计", "累计增加", "累计完成", NULL};
    static const char *const group_w[] = {"指标值", "数值", "指标数值", "规划指标值", "目标值及年份", "年份", NULL};
    static const char *const other_w[] = {"完成情况", "进展情况", "责任单位", "牵头单位", "责任部门", "牵头部门",
                                          "配合单位", "年均增长", "年均增速", "年均增长率", "评估", "完成进度",
                                          "实施情况", "达标情况", NULL};
    pt_col c = {0};
    char *w = text_squeeze(text);
    size_t wn = strlen(w);
    if (wn == 0 || wn > 60) {
        free(w);
        return c;
    }
    /* A bare number (2020) is a figure in a row, not a year in a header:
     * header years say 年 (2020年) or stand in a label. */
    if (strspn(w, "0123456789.") == wn) {
        free(w);
        return c;
    }
    char *at = NULL;
    c.year = find_year(w, &at);
    int period = pt_period_end(w);
    /* The core word: without the year, the period and their decorations. */
    if (at)
        memmove(at, at + 4, strlen(at + 4) + 1);
    static const char *const deco[] = {"十一五", "十二五", "十三五", "十四五", "十五五", "十六五", "“", "”", "\"",
                                       "（", "）", "(", ")", "〔", "〕", "[", "]", "【", "】", "《", "》", "时期",
                                       "年底", "年度", "年", "底", "：", ":", NULL};
    for (const char *const *d = deco; *d; d++)
        drop_all(w, *d);
    bool had_year = c.year || period;
    if (!c.year && period)
        c.year = period;
    c.year_only = had_year && !w[0] && (text_starts(text, "（") || text[0] == '(');
    /* "“十四五”末", "2025年末", "“十四五”期末值": the value at that year's
     * end, a plain year column (the base when an earlier period's end, the
     * target when the plan's own); "期末值" alone is the plan's target. */
    static const char *const end_w[] = {"末", "期末", "末值", "期末值", "末期", NULL};
    if (word_in(w, end_w)) {
        if (had_year || !strcmp(w, "期末值")) {
            c.kind = PT_VALUE;
            c.role = had_year ? PT_ROLE_NONE : PT_ROLE_TARGET;
        }
    } else if (word_in(w, no_w))
        c.kind = PT_NO;
    else if (word_in(w, unit_w))
        c.kind = PT_UNIT;
    else if (word_in(w, attr_w))
        c.kind = PT_ATTR;
    else if (word_in(w, sub_w))
        c.kind = PT_SUBDOMAIN;
    else if (word_in(w, dom_w))
        c.kind = PT_DOMAIN;
    else if (word_in(w, name_w))
        c.kind = PT_NAME;
    else if (word_in(w, note_w))
        c.kind = PT_NOTE;
    else if (word_in(w, cumul_w) || strstr(w, "累计")) {
        c.kind = PT_VALUE;
        c.cumul = true;
        c.mixed = strstr(text, "年均") != NULL; /* w lost its 年 */
        c.role = PT_ROLE_TARGET;
    } else if (word_in(w, base_w)) {
        c.kind = PT_VALUE;
        c.role = PT_ROLE_BASE;
    } else if (word_in(w, target_w)) {
        c.kind = PT_VALUE;
        c.role = PT_ROLE_TARGET;
    } else if (!w[0] && had_year) {
        c.kind = PT_VALUE;
    } else if (word_in(w, group_w)) {
        c.kind = PT_GROUP;
    } else if (word_in(w, other_w) || strstr(text, "年均") || strstr(w, "增速") || strstr(w, "增长率")) {
        c.kind = PT_OTHER;
    } else if (name_like(w)) {
        c.kind = PT_NAME;
    }
    if (c.kind != PT_VALUE && c.kind != PT_GROUP)
        c.year = 0;
    free(w);
    return c;
}

int pt_col_of(const pt_header *h, pt_kind k)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->col[i].kind == k)
            return (int)i;
    return -1;
}

void pt_header_free(pt_header *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->col[i].label);
    free(h->col);
    memset(h, 0, sizeof *h);
}

bool pt_header_from_cells(const pt_cell *cells, size_t n, long line, pt_header *h, const char **near)
{
    memset(h, 0, sizeof *h);
    *near = NULL;
    /* Trailing empty cells (Excel's tab run, a trailing pipe cell) are no columns. */
    while (n && !cells[n - 1].text[0])
        n--;
    if (n < 2)
        return false;
    h->col = xcalloc(n, sizeof *h->col);
    h->line = line;
    bool has_name = false, has_dom = false, has_sub = false, has_no = false, has_unit = false,
         has_attr = false, has_note = false;
    int nvalues = 0, nyear_values = 0, nunknown = 0;
    for (size_t i = 0; i < n; i++) {
        pt_col c = pt_classify(cells[i].text);
        /* "（2025年）" under "现状" "近期规划": the second line of a flattened
         * two-row header gives the year of the first value column without one. */
        if (c.year_only) {
            size_t k = 0;
            for (; k < h->n; k++)
                if (h->col[k].kind == PT_VALUE && !h->col[k].year)
                    break;
            if (k < h->n) {
                h->col[k].year = c.year;
                buf b = BUF_INIT;
                buf_printf(&b, "%s%s", h->col[k].label, cells[i].text);
                free(h->col[k].label);
                h->col[k].label = buf_detach(&b);
                continue;
            }
        }
        /* A second 领域-like column is the subdomain; so is an empty cell
         * right after 领域: the header cell was merged over both columns. */
        if (c.kind == PT_DOMAIN && has_dom)
            c.kind = PT_SUBDOMAIN;
        if (c.kind == PT_UNKNOWN && !cells[i].text[0] && h->n > 0 && h->col[h->n - 1].kind == PT_DOMAIN &&
            !has_sub)
            c.kind = PT_SUBDOMAIN;
        if ((c.kind == PT_NAME && has_name) || (c.kind == PT_NO && has_no) || (c.kind == PT_UNIT && has_unit) ||
            (c.kind == PT_ATTR && has_attr) || (c.kind == PT_SUBDOMAIN && has_sub) ||
            (c.kind == PT_NOTE && has_note))
            c.kind = PT_OTHER;
        has_name |= c.kind == PT_NAME;
        has_dom |= c.kind == PT_DOMAIN;
        has_sub |= c.kind == PT_SUBDOMAIN;
        has_no |= c.kind == PT_NO;
        has_unit |= c.kind == PT_UNIT;
        has_attr |= c.kind == PT_ATTR;
        has_note |= c.kind == PT_NOTE;
        nvalues += c.kind == PT_VALUE;
        nyear_values += c.kind == PT_VALUE && (c.year || c.role);
        nunknown += c.kind == PT_UNKNOWN && cells[i].text[0];
        c.label = xstrdup(cells[i].text);
        h->col[h->n++] = c;
    }
    /* A group label over value columns that follow it is no column of its own. */
    for (size_t i = 0; i < h->n; i++) {
        if (h->col[i].kind != PT_GROUP)
            continue;
        bool values_after = false;
        for (size_t k = i + 1; k < h->n; k++)
            values_after |= h->col[k].kind == PT_VALUE;
        if (values_after) {
            free(h->col[i].label);
            memmove(&h->col[i], &h->col[i + 1], (h->n - i - 1) * sizeof *h->col);
            h->n--;
            i--;
        } else {
            h->col[i].kind = PT_OTHER;
        }
    }
    /* Most header cells are known words: a row of data with one word like
     * "指标" in it is not a header. */
    bool ok = has_name && nvalues >= 1 && nunknown * 2 <= (int)h->n;
    if (ok && nvalues == 1) {
        /* One column of values is the target (2025年, 目标, 累计), never a base alone. */
        for (size_t i = 0; i < h->n; i++)
            if (h->col[i].kind == PT_VALUE && h->col[i].role == PT_ROLE_BASE)
                ok = false;
        if (!ok)
            *near = "只有一个基期列，缺少目标列（如“2025年”“目标值”）";
    }
    if (!ok) {
        if (!*near && !has_name && nyear_values >= 2 && nunknown * 2 <= (int)h->n)
            *near = "没有指标名称列（列名可为“指标”“指标名称”“二级指标”“监测指标”等以“指标”结尾的词）";
        pt_header_free(h);
        return false;
    }
    h->base_col = h->target_col = h->cumul_col = h->no_col = h->name_col = -1;
    for (size_t i = 0; i < h->n; i++) {
        if (h->col[i].kind == PT_NO)
            h->no_col = (int)i;
        if (h->col[i].kind == PT_NAME)
            h->name_col = (int)i;
        if (h->col[i].kind == PT_UNKNOWN)
            h->col[i].kind = PT_OTHER;
    }
    return true;
}

static const char *col_label(const pt_header *h, int i)
{
    return h->col[i].label;
}

bool pt_header_years(pt_header *h, int period_end, int *base_year, int *target_year, pt_warn_fn warn,
                     void *ctx, pm_err *err)
{
    int y1 = *target_year, y0 = *base_year;
    /* The plan's period: the target column names it ("“十五五”目标"), else
     * the document's title does. */
    int p_end = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->col[i].kind == PT_VALUE && h->col[i].role == PT_ROLE_TARGET && pt_period_end(h->col[i].label))
            p_end = pt_period_end(h->col[i].label);
    /* else the latest period the value columns name (“十四五”末 | “十五五”末:
     * the table of a 十五五 plan), before one the document names (the
     * header's own line is part of the document). */
    int named = 0;
    for (size_t i = 0; i < h->n && !p_end; i++)
        if (h->col[i].kind == PT_VALUE && pt_period_end(h->col[i].label) > named)
            named = pt_period_end(h->col[i].label);
    if (!p_end)
        p_end = named;
    if (!p_end)
        p_end = period_end;
    if (y1 && y0)
        p_end = y1;

    /* Role columns without a year take the period's. A 累计 column needs
     * none when a year column says the target year (2015年 | 2020年 | 〔累计〕):
     * it is the same target's five-year total. */
    bool dated = false;
    for (size_t i = 0; i < h->n; i++)
        dated |= h->col[i].kind == PT_VALUE && !h->col[i].cumul && h->col[i].year;
    for (size_t i = 0; i < h->n; i++) {
        pt_col *c = &h->col[i];
        if (c->kind != PT_VALUE || c->year || (c->cumul && dated))
            continue;
        if (c->role == PT_ROLE_TARGET && (y1 || p_end))
            c->year = y1 ? y1 : p_end;
        else if (c->role == PT_ROLE_BASE && (y0 || p_end))
            c->year = y0 ? y0 : p_end - 5;
        if (!c->year) {
            pm_err_set(err, h->line,
                       "“%s”列没有年份，文件中也没有写明规划期（如“十四五”）：请在表头写明年份（如“2025年目标”），"
                       "或用 --years 2020-2025 指定基期和目标年份",
                       c->label);
            return false;
        }
    }
    /* The target column. */
    int t = -1;
    for (int pass = 0; pass < 3 && t < 0; pass++) {
        for (size_t i = 0; i < h->n; i++) {
            const pt_col *c = &h->col[i];
            if (c->kind != PT_VALUE || c->cumul)
                continue;
            bool want = pass == 0   ? c->role == PT_ROLE_TARGET && (y1 || p_end) && c->year == (y1 ? y1 : p_end)
                        : pass == 1 ? c->role == PT_ROLE_TARGET
                                    : c->role == PT_ROLE_NONE && (y1 || p_end) && c->year == (y1 ? y1 : p_end);
            /* Several target columns (2025 and 2035): the nearest is the plan's. */
            if (want && (t < 0 || c->year < h->col[t].year))
                t = (int)i;
        }
    }
    if (t < 0) {
        /* Plain year columns: the latest, unless there are more than two and
         * no period says which. */
        int nplain = 0;
        for (size_t i = 0; i < h->n; i++)
            if (h->col[i].kind == PT_VALUE && !h->col[i].cumul && h->col[i].role == PT_ROLE_NONE) {
                nplain++;
                if (t < 0 || h->col[i].year > h->col[t].year)
                    t = (int)i;
            }
        if (nplain > 2) {
            pm_err_set(err, h->line,
                       "表头有 %d 个年份列，无法确定哪一列是基期、哪一列是目标：请用 --years 2020-2025 指定，"
                       "或在表头写明“基期”“目标”",
                       nplain);
            return false;
        }
    }
    for (size_t i = 0; i < h->n && t < 0; i++)
        if (h->col[i].kind == PT_VALUE && h->col[i].cumul)
            t = (int)i;
    if (t < 0) {
        /* Only base columns (2020年基期值): no plan table. Refused here,
         * before anything reads the target column's year. */
        pm_err_set(err, h->line,
                   "表头中只有基期列，缺少目标列（如“2025年”“目标值”）");
        return false;
    }
    h->target_col = t;
    int ty = y1 ? y1 : h->col[t].year;
    for (size_t i = 0; i < h->n && !y1; i++)
        if ((int)i != t && h->col[i].kind == PT_VALUE && h->col[i].role == PT_ROLE_NONE &&
            h->col[t].role == PT_ROLE_NONE && !h->col[i].cumul && h->col[i].year == ty) {
            pm_err_set(err, h->line, "基期年份与目标年份相同（%d年）：两个年份列写的是同一年", ty);
            return false;
        }
    /* The cumulative column beside a target column. */
    for (size_t i = 0; i < h->n; i++)
        if (h->col[i].kind == PT_VALUE && h->col[i].cumul && (int)i != t && h->cumul_col < 0)
            h->cumul_col = (int)i;
    /* The base column: a base column before the target year, the period's
     * start preferred; else a plain year column before it. */
    int b = -1;
    int want_base = y0 ? y0 : ty - 5;
    for (int pass = 0; pass < 2 && b < 0; pass++) {
        for (size_t i = 0; i < h->n; i++) {
            const pt_col *c = &h->col[i];
            if (c->kind != PT_VALUE || c->cumul || (int)i == t || c->year >= ty)
                continue;
            if ((pass == 0 && c->role != PT_ROLE_BASE) || (pass == 1 && c->role != PT_ROLE_NONE))
                continue;
            if (b < 0 || abs(c->year - want_base) < abs(h->col[b].year - want_base))
                b = (int)i;
        }
    }
    h->base_col = b;
    *target_year = ty;
    if (!y0)
        *base_year = b >= 0 ? h->col[b].year : (p_end && p_end == ty ? p_end - 5 : ty - 5);
    if (*base_year >= *target_year) {
        pm_err_set(err, h->line, "基期年份（%d年）不早于目标年份（%d年）", *base_year, *target_year);
        return false;
    }
    if (b < 0)
        warn(ctx, "第 %ld 行表头：没有基期列，各指标的基期值为空（基期年份 %d 年）", h->line,
             *base_year);
    for (size_t i = 0; i < h->n; i++)
        if (h->col[i].kind == PT_VALUE && (int)i != t && (int)i != b && (int)i != h->cumul_col)
            warn(ctx, "第 %ld 行表头：“%s”列（%d年）不是基期列也不是目标列，未读取", h->line, col_label(h, (int)i),
                 h->col[i].year);
    return true;
}
