/* Internals of the plan-table reader shared by its files (not for other
 * modules): cells and rows as read from the text, the header's columns, and
 * the helpers each step offers the next.
 *   plantable_layout.c  lines -> header row + data rows (every text layout)
 *   plantable_html.c    <table> source -> rows (libxml2's HTML parser)
 *   plantable_header.c  header words -> column kinds, years, flattening
 *   plantable_value.c   one cell -> number/operator/text; names and units
 *   plantable.c         rows -> indicators, parts, warnings (entry point) */
#ifndef PM_PLANTABLE_INT_H
#define PM_PLANTABLE_INT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* ---- lines, cells, rows ------------------------------------------------- */

typedef struct pt_line {
    const char *p; /* into the caller's text, without the line end */
    size_t n;
    long no; /* 1-based */
} pt_line;

typedef struct pt_cell {
    char *text; /* trimmed, malloc'd, never NULL */
    long line;
    bool missing; /* not in the source: a merged cell the layout left out */
    bool spanned; /* a copy of a cell spanning rows or columns (HTML rowspan/colspan) */
    size_t x0, x1; /* PDF text: the display columns [x0, x1) the cell stands in; x1 == 0 when not known */
} pt_cell;

typedef struct pt_row {
    pt_cell *cells;
    size_t n, cap;
    long line;      /* first line of the row */
    char *heading;  /* a section heading seen just before this row (malloc'd) or NULL */
    bool positional; /* cells given one per column (a grid row); else aligned by content */
} pt_row;

typedef struct pt_rows {
    pt_row *v;
    size_t n, cap;
} pt_rows;

void pt_row_add(pt_row *r, char *text, long line);
void pt_row_free(pt_row *r);
void pt_rows_add(pt_rows *rs, pt_row *r); /* takes r's contents, leaves r empty */
void pt_rows_free(pt_rows *rs);
bool pt_blank(const char *s, size_t n);

/* ---- header --------------------------------------------------------------- */

typedef enum pt_kind {
    PT_UNKNOWN = 0, /* not a header word */
    PT_OTHER,       /* a known header word whose column is not used (完成情况, 年均增长) */
    PT_DOMAIN,
    PT_SUBDOMAIN,
    PT_NO,
    PT_NAME,
    PT_UNIT,
    PT_ATTR,
    PT_NOTE,  /* 备注: kept as the indicator's note */
    PT_VALUE, /* a year, base, target or cumulative column */
    PT_GROUP, /* 指标值: a label over value columns, dropped when flattened */
} pt_kind;

typedef enum pt_role { PT_ROLE_NONE = 0, PT_ROLE_BASE, PT_ROLE_TARGET } pt_role;

typedef struct pt_col {
    pt_kind kind;
    char *label;  /* the header text, for messages (malloc'd) */
    int year;     /* 0: none in the label */
    pt_role role; /* for PT_VALUE */
    bool cumul;   /* 累计 column: its value is a cumulative target */
    bool year_only; /* "（2025年）": only a year, to attach to a column before it */
    bool mixed;     /* "年均[累计]": a value is cumulative only when bracketed */
} pt_col;

typedef struct pt_header {
    pt_col *col;
    size_t n;
    long line;
    int base_col, target_col, cumul_col; /* -1: none */
    int no_col, name_col;                /* -1: none */
    bool inserted_sub;                   /* 领域 over two data columns: a subdomain column added */
} pt_header;

/* Classifies one header cell. Never fails: PT_UNKNOWN when it is no header word. */
pt_col pt_classify(const char *text);
/* Builds a header from cells (taking nothing from them). False when they are no
 * header: *near then says why, when it looks like one. */
bool pt_header_from_cells(const pt_cell *cells, size_t n, long line, pt_header *h, const char **near);
void pt_header_free(pt_header *h);
/* The index of h's first column of kind k, or -1 when it has none. */
int pt_col_of(const pt_header *h, pt_kind k);
/* Years of 十X五 periods: "十四五" at s -> 2025 (the period's end), 0 if none. */
int pt_period_end(const char *s);
/* The period named first in lines[0..n) (a plan's title), end year or 0. */
int pt_doc_period(const pt_line *lines, size_t n);

/* Chooses base and target columns and the plan's years. base_year and
 * target_year in: the --years override (0: none). warn gets a message for
 * every value column not used. False with err set when the years cannot be
 * known. */
typedef void (*pt_warn_fn)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool pt_header_years(pt_header *h, int period_end, int *base_year, int *target_year, pt_warn_fn warn,
                     void *ctx, pm_err *err);

/* ---- layouts ------------------------------------------------------------- */

bool pt_split_lines(const char *text, size_t len, pt_line **out, size_t *nout, pm_err *err);
/* Finds the header and reads the rows below it, in whichever layout the text
 * has; period_end is pt_doc_period's of the whole text (a two-line header
 * cell names its year). False with *near/near_line set when no header is
 * found. */
bool pt_read_table(const pt_line *lines, size_t nlines, int period_end, pt_header *h, pt_rows *rows,
                   long *near_line, const char **near);
/* HTML: whether the text holds a <table>, and its rows (every <tr>, in order). */
bool pt_is_html(const char *text, size_t len);
bool pt_html_rows(const char *text, size_t len, pt_rows *rows, pm_err *err);
/* Cells on lines of their own closed by pipe-only lines: whether the text at
 * lines[i] is in that form (plantable_layout.c), and its rows, every row a
 * grid row, the header's among them (plantable_bars.c). */
size_t pt_bar_pipes(const pt_line *l); /* pipes alone on the line: their count, else 0 */
bool pt_is_bar_form(const pt_line *lines, size_t nlines, size_t i);
void pt_bar_rows(const pt_line *lines, size_t nlines, size_t i, pt_rows *grid);
/* PDF text (cells with display columns): rows narrower than the header get
 * each cell in the column it stands under (the columns' extents taken from
 * the full rows) and empty cells for the merged ones, and a 领域/子领域
 * label the PDF broke over two rows is joined into one (plantable_place.c). */
void pt_place_by_position(const pt_header *h, pt_rows *rows);
/* Finds the header among grid rows and moves the rows after it into data. */
bool pt_grid_table(pt_rows *grid, pt_header *h, pt_rows *data, long *near_line, const char **near);

/* ---- cells --------------------------------------------------------------- */

typedef enum pt_vkind { PT_V_NULL, PT_V_NUMBER, PT_V_TEXT, PT_V_BAD } pt_vkind;

typedef struct pt_value {
    pt_vkind kind;
    double v; /* NAN unless PT_V_NUMBER */
    pm_target_op op;
    bool cumulative; /* [N] 〔N〕 ［N］ 【N】 */
    bool range;      /* N—M: v is N, hi is M */
    double hi;
    bool noted;      /* a parenthesis note after the number: keep the cell as text */
    char unit[64];   /* a unit written on the value ("11.4年" -> "年"), "" none */
} pt_value;

void pt_value_parse(const char *text, pt_value *out);
bool pt_is_attr_word(const char *text, bool *binding);
bool pt_unit_like(const char *s);
/* Strips numbering ("1.", "1、", "（1）", "①") from the front of a name, in place. */
void pt_strip_numbering(char *name);
/* A heading row's text ("一、发展水平", "（二）民生"), with its numbering dropped:
 * malloc'd, or NULL when s is no heading. */
char *pt_heading_text(const char *s);
/* Strips a trailing binding star (*, ＊, ※, ★) in place; true if there was one. */
bool pt_strip_star(char *name);
/* "其中：公园绿地" -> "公园绿地" (malloc'd), NULL when s is no 其中 row. */
char *pt_part_name(const char *s);

#endif
