#include "parse/units_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mail.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/strmap.h"
#include "parse/csvread.h"

/* Column index for the first of the names present, or -1. */
static int col_of(const pm_csv *t, const char *a, const char *b)
{
    int c = pm_csv_col(t, a);
    return c >= 0 ? c : pm_csv_col(t, b);
}

/* Looks up the columns named in pairs (English, Chinese); a missing one
 * is an error naming it. */
static bool need_cols(const pm_csv *t, const char *const names[][2], int *cols, size_t n, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        cols[i] = col_of(t, names[i][0], names[i][1]);
        if (cols[i] < 0) {
            pm_err_set(err, 1, "表头缺少列“%s”（或“%s”）", names[i][0], names[i][1]);
            return false;
        }
    }
    return true;
}

/* The first column present of names (NULL-ended), or -1; *name its header. */
static int col_any(const pm_csv *t, const char *const *names, const char **name)
{
    for (size_t i = 0; names[i]; i++)
        if (pm_csv_col(t, names[i]) >= 0) {
            *name = names[i];
            return pm_csv_col(t, names[i]);
        }
    return -1;
}

/* The contact columns, when the file has any (pm_units_file). */
static void contact_cols(const pm_csv *t, pm_units_file *out, pm_errs *errs)
{
    static const char *const person[] = {"contact", "联系人", NULL}, *const phone[] = {"phone", "电话", "联系电话", NULL},
                             *const email[] = {"email", "邮箱", "电子邮箱", NULL};
    const char *pn = NULL, *fn = NULL, *en = NULL;
    int cp = col_any(t, person, &pn), cf = col_any(t, phone, &fn), ce = col_any(t, email, &en);
    if (cp < 0 && cf < 0 && ce < 0)
        return;
    out->person = xcalloc(t->nrows + 1, sizeof *out->person);
    out->phone = xcalloc(t->nrows + 1, sizeof *out->phone);
    out->email = xcalloc(t->nrows + 1, sizeof *out->email);
    for (size_t r = 0; r < t->nrows; r++) {
        out->person[r] = cp >= 0 ? pm_csv_get(t, r, cp) : "";
        out->phone[r] = cf >= 0 ? pm_csv_get(t, r, cf) : "";
        out->email[r] = ce >= 0 ? pm_csv_get(t, r, ce) : "";
        char why[512];
        if (*out->email[r] && !pm_email_valid(out->email[r], why, sizeof why))
            pm_errs_add(errs, t->line[r], "列“%s”：%s", en, why);
    }
}

/* An optional year column's cell: empty is 0 (open). False with err naming
 * the line and the column otherwise. */
static bool year_cell(const char *cell, const char *col, long line, int *year, pm_err *err)
{
    long v;
    *year = 0;
    if (!*cell)
        return true;
    if (num_parse_int(cell, 1900, 2200, &v)) {
        *year = (int)v;
        return true;
    }
    pm_err_set(err, line, "列“%s”的值“%s”不是年份（如 2022，或留空）", col, cell);
    return false;
}

bool pm_units_csv_rows(const char *text, size_t len, pm_units_file *out, pm_errs *errs)
{
    static const char *const names[][2] = {{"code", "代码"}, {"name", "名称"}, {"parent", "上级"}, {"level", "级别"}};
    memset(out, 0, sizeof *out);
    pm_err err = {0};
    if (!pm_csv_parse(text, len, &out->csv, &err)) {
        pm_errs_put(errs, &err);
        return false;
    }
    const pm_csv *t = &out->csv;
    int col[4];
    if (!need_cols(t, names, col, 4, &err)) {
        pm_errs_put(errs, &err);
        return false;
    }
    if (t->nrows == 0) {
        pm_errs_add(errs, 1, "文件中没有组织机构");
        return false;
    }
    /* Optional: the unit's group (镇/街道, 城市社区/农村社区) and the years
     * it existed. */
    int cgroup = col_of(t, "group", "分组"), cfrom = col_of(t, "valid_from", "设立年份"),
        cto = col_of(t, "valid_to", "撤销年份");
    out->in = xcalloc(t->nrows + 1, sizeof *out->in);
    out->n = t->nrows;
    unsigned long before = errs->n + errs->more;
    /* Every row is read to its end: each bad cell is listed. */
    for (size_t r = 0; r < t->nrows; r++) {
        pm_unit_in *u = &out->in[r];
        const char *lv = pm_csv_get(t, r, col[3]);
        if (cgroup >= 0)
            u->group = (char *)pm_csv_get(t, r, cgroup);
        if (cfrom >= 0 && !year_cell(pm_csv_get(t, r, cfrom), "valid_from", t->line[r], &u->valid_from, &err))
            pm_errs_put(errs, &err);
        if (cto >= 0 && !year_cell(pm_csv_get(t, r, cto), "valid_to", t->line[r], &u->valid_to, &err))
            pm_errs_put(errs, &err);
        u->code = (char *)pm_csv_get(t, r, col[0]);
        u->name = (char *)pm_csv_get(t, r, col[1]);
        u->parent_code = (char *)pm_csv_get(t, r, col[2]);
        u->line = t->line[r];
        if (!pm_level_parse(lv, &u->level))
            pm_errs_add(errs, t->line[r], "列“level”的值“%s”无法识别（可用 区/街道乡镇/社区村 或 0/1/2）", lv);
    }
    contact_cols(t, out, errs);
    return errs->n + errs->more == before;
}

void pm_units_file_free(pm_units_file *f)
{
    free(f->in);
    free(f->person);
    free(f->phone);
    free(f->email);
    pm_csv_free(&f->csv);
    memset(f, 0, sizeof *f);
}

bool pm_targets_csv_parse(const char *text, size_t len, const pm_plan *plan, const pm_tree *tree,
                          pm_unit_target **out, size_t *n, pm_err *err)
{
    static const char *const names[][2] = {
        {"unit", "单位"}, {"item", "指标"}, {"baseline", "基期值"}, {"target", "目标值"}};
    *out = NULL;
    *n = 0;
    pm_csv t;
    if (!pm_csv_parse(text, len, &t, err))
        return false;
    int col[4];
    bool ok = need_cols(&t, names, col, 4, err);
    /* An import replaces every target the bureau has set: a file with a
     * header and nothing under it (a botched export) would wipe them all. */
    if (ok && t.nrows == 0) {
        pm_err_set(err, 1, "文件中没有分解目标（导入会替换现有的全部分解目标，空文件不予导入）");
        ok = false;
    }
    strmap units;
    strmap_init(&units, tree->n);
    for (size_t i = 0; i < tree->n; i++)
        strmap_put(&units, tree->u[i].code, (int)i);
    pm_unit_target *v = xcalloc(t.nrows + 1, sizeof *v);
    size_t k = 0;
    for (size_t r = 0; ok && r < t.nrows; r++) {
        const char *unit = pm_csv_get(&t, r, col[0]), *item = pm_csv_get(&t, r, col[1]);
        const char *b = pm_csv_get(&t, r, col[2]), *tg = pm_csv_get(&t, r, col[3]);
        const pm_indicator *ind = pm_plan_find(plan, item);
        double base = NAN, target;
        if (strmap_get(&units, unit) < 0) {
            pm_err_set(err, t.line[r], "列“unit”：组织机构“%s”不存在", unit);
            ok = false;
        } else if (!ind) {
            pm_err_set(err, t.line[r], "列“item”：规划中没有指标“%s”", item);
            ok = false;
        } else if (*b && !num_parse_cstr(b, &base)) {
            pm_err_set(err, t.line[r], "列“baseline”的值“%s”不是数字", b);
            ok = false;
        } else if (!num_parse_cstr(tg, &target)) {
            pm_err_set(err, t.line[r], "列“target”的值“%s”%s", tg, *tg ? "不是数字" : "不能为空");
            ok = false;
        } else {
            for (size_t j = 0; j < k && ok; j++)
                if (!strcmp(v[j].unit, unit) && !strcmp(v[j].indicator, ind->code)) {
                    pm_err_set(err, t.line[r], "单位“%s”的指标 %d 目标重复", unit, ind->no);
                    ok = false;
                }
            if (ok) {
                v[k].unit = xstrdup(unit);
                v[k].indicator = xstrdup(ind->code);
                v[k].baseline = base;
                v[k].target = target;
                k++;
            }
        }
    }
    strmap_free(&units);
    pm_csv_free(&t);
    if (!ok) {
        for (size_t j = 0; j < k; j++) {
            free(v[j].unit);
            free(v[j].indicator);
        }
        free(v);
        return false;
    }
    *out = v;
    *n = k;
    return true;
}
