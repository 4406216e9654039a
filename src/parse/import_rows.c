#include "parse/import_rows.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "base/utf8.h"
#include "parse/csvread.h"

/* Header words for each column, English (the data-exchange CSV and the
 * export) and Chinese (the template and hand-made sheets). */
static const char *const unit_w[] = {"unit", "单位代码", "单位", "组织机构代码", NULL};
static const char *const year_w[] = {"year", "年份", "年度", NULL};
static const char *const item_w[] = {"item", "数据项代码", "指标代码", "数据项", "指标", NULL};
static const char *const value_w[] = {"value", "本年值", "数值", "填报值", NULL};
static const char *const comment_w[] = {"comment", "说明", "备注", NULL};
/* Whether a figure is an actual or an estimate (实际 / 预计). */
static const char *const kind_w[] = {"kind", "estimate", "实际/预计", "实际或预计", "数值类型", "数据类型", "类型", NULL};
/* A wide sheet's unit column when it has no code column: towns by name. */
static const char *const unit_name_w[] = {"单位名称", "街道乡镇", "街道（乡镇）", "乡镇街道", "街乡镇", "地区", NULL};
/* Columns of a wide sheet that are neither figures nor keys: names beside
 * the codes, numbering, measurement units, review states of an export. */
static const char *const aside_w[] = {"序号", "单位名称", "名称", "name", "上级", "上级单位", "上级代码", "parent",
                                      "level", "层级", "数据项名称", "指标名称", "计量单位", "state", "state_label",
                                      "状态", "状态代码", "审核状态", "kind_label", "数值类型代码", NULL};

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
    c->unit = c->year = c->item = c->value = c->comment = c->kind = -1;
    c->shape = PM_SHAPE_LONG;
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
        else if (c->kind < 0 && is_word(t, kind_w))
            c->kind = col;
    }
}

#define HEADER_SEARCH_ROWS 30

/* Whether column k of a wide header holds figures: not a key, not an
 * aside, not blank. */
static bool wide_data_col(const pm_import_cols *c, const char *t, int k)
{
    return t[0] && k != c->unit && k != c->item && k != c->year && k != c->comment && k != c->kind &&
           !is_word(t, aside_w);
}

/* Whether header row r is a wide one (find_cols found no value column):
 * a unit column and no item column (items across), or an item column
 * and no unit column (units across), with at least one data column.
 * Sets cols->shape; cols->unit may become a column of unit names. */
static bool wide_header(const pm_sheet *s, size_t r, pm_import_cols *c)
{
    if (c->value >= 0)
        return false;
    if (c->unit < 0 && c->item < 0)
        for (size_t k = 0; k < s->ncols && c->unit < 0; k++)
            if (is_word(pm_sheet_cell(s, r, k)->text, unit_name_w))
                c->unit = (int)k;
    if ((c->unit >= 0) == (c->item >= 0))
        return false;
    for (size_t k = 0; k < s->ncols; k++)
        if (wide_data_col(c, pm_sheet_cell(s, r, k)->text, (int)k)) {
            c->shape = c->unit >= 0 ? PM_SHAPE_ITEMS_ACROSS : PM_SHAPE_UNITS_ACROSS;
            return true;
        }
    return false;
}

/* The first year (19xx or 20xx, 4 digits not inside a longer number) in
 * text, into out; false when none. */
static bool year_in(const char *t, char out[8])
{
    for (const char *p = t; *p; p++) {
        bool before = p > t && p[-1] >= '0' && p[-1] <= '9';
        if (before || !((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')))
            continue;
        if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
            memcpy(out, p, 4);
            out[4] = '\0';
            return true;
        }
    }
    return false;
}

/* A wide sheet without a year column takes the year its title rows (above
 * the header) or its name give ("2024年各街道乡镇民政数据"). False with
 * err naming the sheet when neither does. */
static bool wide_year(const pm_sheet *s, size_t h, pm_import_cols *c, pm_err *err)
{
    if (c->year >= 0)
        return true;
    for (size_t r = 0; r < h; r++)
        for (size_t k = 0; k < s->ncols; k++)
            if (year_in(pm_sheet_cell(s, r, k)->text, c->year_text))
                return true;
    if (year_in(s->name, c->year_text))
        return true;
    pm_err_set(err, s->nrows ? s->rownum[h] : 0,
               "%s%s%s是宽表（%s），但没有“年份”列，标题和工作表名中也没有年份：请加一列“年份”，或在标题中写明（如“2024年”）",
               s->name[0] ? "工作表“" : "文件", s->name, s->name[0] ? "”" : "",
               c->shape == PM_SHAPE_ITEMS_ACROSS ? "单位在左、数据项在上" : "数据项在左、单位在上");
    return false;
}

/* One figure of a wide sheet: row r's cell in data column k. */
static void wide_row(const pm_sheet *s, size_t r, size_t k, size_t h, const pm_import_cols *c, pm_import_row *x)
{
    const pm_cell *v = pm_sheet_cell(s, r, k);
    const char *head = pm_sheet_cell(s, h, k)->text;
    bool across = c->shape == PM_SHAPE_ITEMS_ACROSS;
    x->unit = across ? pm_sheet_cell(s, r, (size_t)c->unit)->text : head;
    x->item = across ? head : pm_sheet_cell(s, r, (size_t)c->item)->text;
    x->year = c->year >= 0 ? pm_sheet_cell(s, r, (size_t)c->year)->text : c->year_text;
    x->value = v->text;
    x->value_type = v->type;
    x->comment = c->comment >= 0 ? pm_sheet_cell(s, r, (size_t)c->comment)->text : "";
    x->kind = c->kind >= 0 ? pm_sheet_cell(s, r, (size_t)c->kind)->text : "";
    x->sheet = s->name;
    x->row = s->rownum[r];
    x->row_index = r;
    x->cols = c;
    x->col = (int)k;
}

/* The header found at sheet row h: its row number and column names. */
static void set_header(const pm_sheet *s, size_t h, pm_import_cols *cols)
{
    cols->header_row = s->rownum[h];
    /* A wide sheet lacks some (-1): "" then, as pm_sheet_cell gives outside the grid. */
    cols->unit_name = pm_sheet_cell(s, h, (size_t)cols->unit)->text;
    cols->year_name = cols->year >= 0 ? pm_sheet_cell(s, h, (size_t)cols->year)->text : "年份";
    cols->item_name = pm_sheet_cell(s, h, (size_t)cols->item)->text;
    cols->value_name = pm_sheet_cell(s, h, (size_t)cols->value)->text;
    cols->comment_name = cols->comment >= 0 ? pm_sheet_cell(s, h, (size_t)cols->comment)->text : "说明";
    cols->kind_name = cols->kind >= 0 ? pm_sheet_cell(s, h, (size_t)cols->kind)->text : "实际/预计";
}

static bool header_found(const pm_import_cols *c)
{
    return c->unit >= 0 && c->year >= 0 && c->item >= 0 && c->value >= 0;
}

static void no_header(const pm_sheet *s, pm_err *err)
{
    pm_err_set(err, s->nrows ? s->rownum[0] : 0,
               "%s%s%s没有找到表头：需要 unit、year、item、value 四列（或 单位代码、年份、数据项代码、本年值），"
               "或宽表（单位代码一列、各数据项各一列；或数据项代码一列、各单位各一列）",
               s->name[0] ? "工作表“" : "", s->name, s->name[0] ? "”" : "");
}

/* The figures of a wide sheet below its header h: every filled data cell. */
static size_t wide_rows(const pm_sheet *s, size_t h, const pm_import_cols *cols, pm_import_row **rows)
{
    size_t k = 0, cap = 0;
    pm_import_row *out = NULL;
    for (size_t r = h + 1; r < s->nrows; r++)
        for (size_t c = 0; c < s->ncols; c++) {
            if (!wide_data_col(cols, pm_sheet_cell(s, h, c)->text, (int)c))
                continue;
            const pm_cell *v = pm_sheet_cell(s, r, c);
            if (v->type == PM_CELL_EMPTY && !v->text[0])
                continue; /* not every unit reports every item */
            out = xgrow(out, &cap, k + 1, sizeof *out);
            wide_row(s, r, c, h, cols, &out[k++]);
        }
    *rows = out ? out : xcalloc(1, sizeof *out);
    return k;
}

bool pm_import_rows(const pm_sheet *s, bool skip_empty, pm_import_cols *cols, pm_import_row **rows,
                    size_t *n, pm_err *err)
{
    *rows = NULL;
    *n = 0;
    size_t h = 0;
    bool found = false, wide = false;
    for (; h < s->nrows && h < HEADER_SEARCH_ROWS && !found && !wide; h++) {
        find_cols(s, h, cols);
        found = header_found(cols);
        wide = !found && wide_header(s, h, cols);
    }
    if (!found && !wide) {
        no_header(s, err);
        return false;
    }
    set_header(s, h - 1, cols);
    if (wide) {
        if (!wide_year(s, h - 1, cols, err))
            return false;
        *n = wide_rows(s, h - 1, cols, rows);
        return true;
    }
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
        x->kind = cols->kind >= 0 ? pm_sheet_cell(s, r, (size_t)cols->kind)->text : "";
        x->sheet = s->name;
        x->row = s->rownum[r];
        x->row_index = r;
        x->cols = cols;
        x->col = cols->value;
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
    bool wide;     /* the header found is a wide one */
    size_t header; /* its index in the sheet */
    size_t index; /* the row's index as pm_import_rows counts (sheet rows) */
    pm_import_row *rows;
    size_t n, cap;
    bool fixed; /* rows is a part of another's array: cap is all there is */
} csv_rows_ctx;

/* A data row of a wide CSV: one import row per filled data cell. */
static bool csv_wide_row(csv_rows_ctx *c, char **fields, size_t n, long line)
{
    pm_sheet *s = c->sheet.s;
    const pm_import_cols *k = c->cols;
    bool across = k->shape == PM_SHAPE_ITEMS_ACROSS;
    int key = across ? k->unit : k->item;
    const char *keytext = pm_arena_strndup(s->text, fields[key], strlen(fields[key]));
    const char *year = k->year >= 0 ? pm_arena_strndup(s->text, fields[k->year], strlen(fields[k->year])) : k->year_text;
    const char *comment = k->comment >= 0 ? pm_arena_strndup(s->text, fields[k->comment], strlen(fields[k->comment])) : "";
    const char *kind = k->kind >= 0 ? pm_arena_strndup(s->text, fields[k->kind], strlen(fields[k->kind])) : "";
    for (size_t col = 0; col < n; col++) {
        const char *head = pm_sheet_cell(s, c->header, col)->text;
        if (!fields[col][0] || !wide_data_col(k, head, (int)col))
            continue;
        c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
        const char *value = pm_arena_strndup(s->text, fields[col], strlen(fields[col]));
        c->rows[c->n++] = (pm_import_row){.unit = across ? keytext : head, .year = year,
                                          .item = across ? head : keytext, .value = value, .comment = comment,
                                          .value_type = PM_CELL_STRING, .col = (int)col, .sheet = s->name,
                                          .row = line, .row_index = c->index, .cols = k, .kind = kind};
    }
    c->index++;
    return true;
}

static bool csv_row(void *ctx, char **fields, size_t n, long line, pm_err *err)
{
    csv_rows_ctx *c = ctx;
    pm_sheet *s = c->sheet.s;
    if (!c->found) {
        if (s->nrows >= HEADER_SEARCH_ROWS)
            return true; /* no header: read on only to report the file's own errors first */
        sheet_row(&c->sheet, fields, n, line, err);
        find_cols(s, s->nrows - 1, c->cols);
        c->found = header_found(c->cols);
        c->wide = !c->found && wide_header(s, s->nrows - 1, c->cols);
        c->header = s->nrows - 1;
        if (c->found || c->wide)
            set_header(s, s->nrows - 1, c->cols);
        if (c->wide && !wide_year(s, c->header, c->cols, err))
            return false;
        c->found = c->found || c->wide;
        c->index = s->nrows;
        return true;
    }
    const pm_import_cols *k = c->cols;
    if (c->wide)
        return csv_wide_row(c, fields, n, line);
    if (c->fixed && c->n >= c->cap) {
        pm_err_set(err, line, "读取 CSV 时行数超出预计（程序错误）");
        return false;
    }
    c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
    pm_import_row *x = &c->rows[c->n++];
    const char *text[6] = {"", "", "", "", "", ""};
    int col[6] = {k->unit, k->year, k->item, k->value, k->comment, k->kind};
    for (int i = 0; i < 6; i++)
        if (col[i] >= 0) /* every column but the comment and the kind is there (header_found) */
            text[i] = pm_arena_strndup(s->text, fields[col[i]], strlen(fields[col[i]]));
    *x = (pm_import_row){.unit = text[0], .year = text[1], .item = text[2], .value = text[3], .comment = text[4],
                         .value_type = text[3][0] ? PM_CELL_STRING : PM_CELL_EMPTY, .col = k->value,
                         .sheet = s->name, .row = line, .row_index = c->index++, .cols = k, .kind = text[5]};
    return true;
}

/* ---- a big CSV read in two halves, side by side -------------------------- */

size_t pm_import_csv_split_min = (size_t)8 << 20;

/* At most this many rows in t[0..n): its line ends (LF and CR both) and
 * one. */
static size_t rows_at_most(const char *t, size_t n)
{
    size_t k = 1;
    for (const char *p = memchr(t, '\n', n); p; p = memchr(p + 1, '\n', (size_t)(t + n - p - 1)))
        k++;
    for (const char *p = memchr(t, '\r', n); p; p = memchr(p + 1, '\r', (size_t)(t + n - p - 1)))
        k++;
    return k;
}

/* The header csv_row would find, looked for in the first lines of t: true
 * when it is a long one (a wide one, none there, or a quote across those
 * lines: read the file in one piece), with its columns and field count. */
static bool long_header(const char *t, size_t n, char sep, pm_import_cols *cols, size_t *ncols)
{
    size_t end = 0;
    for (int k = 0; k <= HEADER_SEARCH_ROWS; k++) {
        const char *nl = end < n ? memchr(t + end, '\n', n - end) : NULL;
        if (!nl)
            return false;
        end = (size_t)(nl - t) + 1;
    }
    /* Those lines' checks first, as a reading makes them before any row
     * (the whole text's come later, once it is to be read in halves). */
    pm_err e = {0};
    size_t skip;
    if (!pm_csv_check_text(t, end, &skip, &e))
        return false;
    pm_sheet s = {.name = xstrdup(""), .text = xcalloc(1, sizeof *s.text)};
    csv_rows_ctx c = {.sheet = {.s = &s}, .cols = cols};
    long lines;
    bool ok = pm_csv_each_part(t, end, sep, 0, csv_row, &c, &lines, &e) && c.found && !c.wide;
    *ncols = s.ncols;
    free(c.rows);
    pm_sheet_free(&s);
    return ok;
}

/* The second half, on its own thread: rows into its part of the array,
 * texts into its own arena, lines counted from its first. */
typedef struct half {
    const char *text;
    size_t len, ncols;
    char sep;
    pm_sheet sheet; /* its arena only (and a name for the rows, fixed later) */
    csv_rows_ctx c;
    pm_import_cols cols; /* the header's columns, as the first half finds them */
    long lines;
    pm_err err;
    bool ok;
} half;

static void *read_half(void *arg)
{
    half *h = arg;
    h->ok = pm_csv_each_part(h->text, h->len, h->sep, h->ncols, csv_row, &h->c, &h->lines, &h->err);
    return NULL;
}

/* A text of at least pm_import_csv_split_min bytes with a long header,
 * read as two halves split at a line end outside quotes, the second on a
 * thread of its own: the same rows, lines, indexes and first error as one
 * reading (the first half's error comes first, as it would). 1 read (ok,
 * or *err set), 0 not this way (nothing done: read it in one piece). c is
 * pm_import_rows_csv's, empty. ~1.4 s of a 10-million-row import's
 * CPU was this reading, on one core. */
static int read_halves(const char *text, size_t len, char sep, csv_rows_ctx *c, bool *ok, pm_err *err)
{
    if (len < pm_import_csv_split_min)
        return 0;
    size_t bom = utf8_bom_len(text, len);
    const char *t = text + bom;
    size_t n = len - bom, ncols;
    half *h = xcalloc(1, sizeof *h);
    size_t split = long_header(t, n, sep, &h->cols, &ncols) ? pm_csv_split_point(t, n, n / 2) : n;
    /* Not in halves: the reading in one piece makes the whole text's
     * checks (once: made here first, a wide file's 300 MB were checked
     * twice). */
    if (split >= n) {
        free(h);
        return 0;
    }
    if (!pm_csv_check_text(text, len, &bom, err)) {
        free(h);
        *ok = false;
        return 1;
    }
    size_t first = rows_at_most(t, split), second = rows_at_most(t + split, n - split);
    pm_import_row *rows = xnmalloc(first + second, sizeof *rows);
    c->rows = rows;
    c->cap = first;
    c->fixed = true;
    h->text = t + split;
    h->len = n - split;
    h->ncols = ncols;
    h->sep = sep;
    h->sheet = (pm_sheet){.name = c->sheet.s->name, .text = xcalloc(1, sizeof *h->sheet.text)};
    h->c = (csv_rows_ctx){.sheet = {.s = &h->sheet}, .cols = &h->cols, .found = true, .rows = rows + first,
                          .cap = second, .fixed = true};
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, read_half, h) == 0;
    long lines = 0;
    *ok = pm_csv_each_part(t, split, sep, 0, csv_row, c, &lines, err);
    if (threaded)
        pthread_join(th, NULL);
    else
        read_half(h);
    if (*ok && (!c->found || c->wide)) {
        pm_err_set(err, 0, "读取 CSV 时表头前后不一致（程序错误）");
        *ok = false;
    }
    if (*ok && !h->ok) {
        *err = h->err;
        if (err->line > 0)
            err->line += lines;
        *ok = false;
    }
    if (*ok) {
        /* The second half's rows after the first's, numbered on. */
        memmove(rows + c->n, rows + first, h->c.n * sizeof *rows);
        for (size_t i = c->n; i < c->n + h->c.n; i++) {
            rows[i].row += lines;
            rows[i].row_index += c->index;
            rows[i].cols = c->cols;
        }
        c->n += h->c.n;
        c->index += h->c.index;
        pm_arena_adopt(c->sheet.s->text, h->sheet.text);
    }
    c->cap = first + second;
    c->fixed = false;
    pm_arena_free(h->sheet.text);
    free(h->sheet.text);
    free(h);
    return 1;
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
    char sep = pm_csv_sniff_sep(text, len);
    bool ok = false;
    if (!read_halves(text, len, sep, &c, &ok, err))
        ok = pm_csv_each_sep(text, len, sep, csv_row, &c, err);
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
