#include "parse/import_rows.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "parse/csvread.h"

/* Header words for each column, English (the data-exchange CSV and the
 * export) and Chinese (the template and hand-made sheets). */
static const char *const unit_w[] = {"unit", "单位代码", "单位", "组织机构代码", NULL};
static const char *const year_w[] = {"year", "年份", "年度", NULL};
static const char *const item_w[] = {"item", "数据项代码", "指标代码", "数据项", "指标", NULL};
static const char *const value_w[] = {"value", "本年值", "数值", "填报值", NULL};
static const char *const comment_w[] = {"comment", "说明", "备注", NULL};

static bool is_word(const char *cell, const char *const *words)
{
    char *w = text_squeeze(cell);
    bool hit = false;
    for (; *words && !hit; words++)
        hit = text_ieq(w, *words);
    free(w);
    return hit;
}

/* The first match of each kind wins: "单位代码" before a later "单位". */
static void find_cols(const pm_sheet *s, size_t r, pm_import_cols *c)
{
    c->unit = c->year = c->item = c->value = c->comment = -1;
    for (size_t k = 0; k < s->ncols; k++) {
        const char *t = pm_sheet_cell(s, r, k)->text;
        int col = (int)k;
        if (c->unit < 0 && is_word(t, unit_w))
            c->unit = col;
        else if (c->year < 0 && is_word(t, year_w))
            c->year = col;
        else if (c->item < 0 && is_word(t, item_w))
            c->item = col;
        else if (c->value < 0 && is_word(t, value_w))
            c->value = col;
        else if (c->comment < 0 && is_word(t, comment_w))
            c->comment = col;
    }
}

#define HEADER_SEARCH_ROWS 30

/* The header found at sheet row h: its row number and column names. */
static void set_header(const pm_sheet *s, size_t h, pm_import_cols *cols)
{
    cols->header_row = s->rownum[h];
    cols->unit_name = pm_sheet_cell(s, h, (size_t)cols->unit)->text;
    cols->year_name = pm_sheet_cell(s, h, (size_t)cols->year)->text;
    cols->item_name = pm_sheet_cell(s, h, (size_t)cols->item)->text;
    cols->value_name = pm_sheet_cell(s, h, (size_t)cols->value)->text;
    cols->comment_name = cols->comment >= 0 ? pm_sheet_cell(s, h, (size_t)cols->comment)->text : "说明";
}

static bool header_found(const pm_import_cols *c)
{
    return c->unit >= 0 && c->year >= 0 && c->item >= 0 && c->value >= 0;
}

static void no_header(const pm_sheet *s, pm_err *err)
{
    pm_err_set(err, s->nrows ? s->rownum[0] : 0,
               "%s%s%s没有找到表头：需要 unit、year、item、value 四列（或 单位代码、年份、数据项代码、本年值）",
               s->name[0] ? "工作表“" : "", s->name, s->name[0] ? "”" : "");
}

bool pm_import_rows(const pm_sheet *s, bool skip_empty, pm_import_cols *cols, pm_import_row **rows,
                    size_t *n, pm_err *err)
{
    *rows = NULL;
    *n = 0;
    size_t h = 0;
    bool found = false;
    for (; h < s->nrows && h < HEADER_SEARCH_ROWS && !found; h++) {
        find_cols(s, h, cols);
        found = header_found(cols);
    }
    if (!found) {
        no_header(s, err);
        return false;
    }
    set_header(s, h - 1, cols);
    pm_import_row *out = xcalloc(s->nrows - h + 1, sizeof *out);
    size_t k = 0;
    for (size_t r = h; r < s->nrows; r++) {
        const pm_cell *v = pm_sheet_cell(s, r, (size_t)cols->value);
        if (skip_empty && v->type == PM_CELL_EMPTY && !v->text[0])
            continue;
        pm_import_row *x = &out[k++];
        x->unit = pm_sheet_cell(s, r, (size_t)cols->unit)->text;
        x->year = pm_sheet_cell(s, r, (size_t)cols->year)->text;
        x->item = pm_sheet_cell(s, r, (size_t)cols->item)->text;
        x->value = v->text;
        x->value_type = v->type;
        x->comment = cols->comment >= 0 ? pm_sheet_cell(s, r, (size_t)cols->comment)->text : "";
        x->sheet = s->name;
        x->row = s->rownum[r];
        x->row_index = r;
        x->cols = cols;
    }
    *rows = out;
    *n = k;
    return true;
}

/* pm_csv_each's row callback for pm_sheet_from_csv: the header and each
 * row straight into the sheet, texts into its arena. */
typedef struct sheet_ctx {
    pm_sheet *s;
    size_t cells_cap, rows_cap;
} sheet_ctx;

static bool sheet_row(void *ctx, char **fields, size_t n, long line, pm_err *err)
{
    (void)err;
    sheet_ctx *c = ctx;
    pm_sheet *s = c->s;
    s->ncols = n; /* the same for every row (pm_csv_each checks) */
    s->cells = xgrow(s->cells, &c->cells_cap, (s->nrows + 1) * n, sizeof *s->cells);
    s->rownum = xgrow(s->rownum, &c->rows_cap, s->nrows + 1, sizeof *s->rownum);
    pm_cell *row = s->cells + s->nrows * n;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(fields[i]);
        row[i].text = pm_arena_strndup(s->text, fields[i], len);
        /* The header is text whatever it holds; a row's empty cell is empty. */
        row[i].type = len || !s->nrows ? PM_CELL_STRING : PM_CELL_EMPTY;
    }
    s->rownum[s->nrows++] = line;
    return true;
}

bool pm_sheet_from_csv(const char *text, size_t len, pm_sheet *out, pm_err *err)
{
    memset(out, 0, sizeof *out);
    out->name = xstrdup("");
    out->text = xcalloc(1, sizeof *out->text);
    sheet_ctx c = {.s = out};
    if (!pm_csv_each(text, len, sheet_row, &c, err)) {
        pm_sheet_free(out);
        return false;
    }
    return true;
}

/* pm_csv_each's row callback for pm_import_rows_csv: rows into the sheet
 * until one of the first HEADER_SEARCH_ROWS is the header, then every row
 * after it straight into an import row. */
typedef struct csv_rows_ctx {
    sheet_ctx sheet;
    pm_import_cols *cols;
    bool found;
    size_t index; /* the row's index as pm_import_rows counts (sheet rows) */
    pm_import_row *rows;
    size_t n, cap;
} csv_rows_ctx;

static bool csv_row(void *ctx, char **fields, size_t n, long line, pm_err *err)
{
    csv_rows_ctx *c = ctx;
    pm_sheet *s = c->sheet.s;
    if (!c->found) {
        if (s->nrows >= HEADER_SEARCH_ROWS)
            return true; /* no header: read on only to report the file's own errors first */
        sheet_row(&c->sheet, fields, n, line, err);
        find_cols(s, s->nrows - 1, c->cols);
        if ((c->found = header_found(c->cols)))
            set_header(s, s->nrows - 1, c->cols);
        c->index = s->nrows;
        return true;
    }
    const pm_import_cols *k = c->cols;
    c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
    pm_import_row *x = &c->rows[c->n++];
    const char *text[5] = {"", "", "", "", ""};
    int col[5] = {k->unit, k->year, k->item, k->value, k->comment};
    for (int i = 0; i < 5; i++)
        if (col[i] >= 0) /* every column but the comment is there (header_found) */
            text[i] = pm_arena_strndup(s->text, fields[col[i]], strlen(fields[col[i]]));
    *x = (pm_import_row){text[0], text[1], text[2], text[3], text[4],
                         text[3][0] ? PM_CELL_STRING : PM_CELL_EMPTY, s->name, line, c->index++, k};
    return true;
}

bool pm_import_rows_csv(const char *text, size_t len, pm_sheet *sheet, pm_import_cols *cols, pm_import_row **rows,
                        size_t *n, pm_err *err)
{
    memset(sheet, 0, sizeof *sheet);
    *rows = NULL;
    *n = 0;
    sheet->name = xstrdup("");
    sheet->text = xcalloc(1, sizeof *sheet->text);
    csv_rows_ctx c = {.sheet = {.s = sheet}, .cols = cols};
    bool ok = pm_csv_each(text, len, csv_row, &c, err);
    if (ok && !c.found) {
        no_header(sheet, err);
        ok = false;
    }
    if (!ok) {
        free(c.rows);
        pm_sheet_free(sheet);
        return false;
    }
    *rows = c.rows ? c.rows : xcalloc(1, sizeof **rows);
    *n = c.n;
    return true;
}
