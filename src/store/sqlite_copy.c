/* planmon copy's SQLite side (copy_backend.h): the schema's tables read
 * from sqlite_master and the pragmas, rows read as canonical lines and
 * written through one INSERT per table, foreign keys checked at commit. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/copy_backend.h"
#include "store/sqlite_conn.h"

/* meta is the target's own (its schema version); data_gen is the data
 * generation (schema 14; PostgreSQL's 16), bumped by triggers, not data:
 * a new target starts its own; value_block(_meta) (schema 19) are a copy
 * of data_value a SQLite target rebuilds itself on its first evaluation. */
static const char SQL_TABLES[] = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "AND name NOT IN ('meta', 'data_gen', 'value_block', 'value_block_meta') ORDER BY rowid";
static const char SQL_COLUMNS[] = "SELECT name, upper(type) FROM pragma_table_info(?1) ORDER BY cid";
static const char SQL_REFS[] = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)";

/* A declared type's kind, by SQLite's affinity rules. */
static char kind_of(const char *type)
{
    if (strstr(type, "INT"))
        return PM_COL_INT;
    if (strstr(type, "REAL") || strstr(type, "FLOA") || strstr(type, "DOUB"))
        return PM_COL_REAL;
    if (strstr(type, "BLOB"))
        return PM_COL_BLOB;
    return PM_COL_TEXT;
}

/* Every row of a one-parameter statement's first two columns, appended. */
static bool read_pairs(sq *s, const char *sql, const char *arg, char ***a, char **kinds, size_t *n, pm_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sq_fail(s, err, "数据库 %s 读取表结构失败", s->path);
        return false;
    }
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *a = xrealloc(*a, (*n + 1) * sizeof **a);
        (*a)[*n] = xstrdup((const char *)sqlite3_column_text(st, 0));
        if (kinds) {
            *kinds = xrealloc(*kinds, *n + 2);
            const unsigned char *t = sqlite3_column_text(st, 1);
            (*kinds)[*n] = kind_of(t ? (const char *)t : "");
            (*kinds)[*n + 1] = '\0';
        }
        (*n)++;
    }
    if (rc != SQLITE_DONE)
        sq_fail(s, err, "数据库 %s 读取表结构失败", s->path);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

static bool sq_copy_tables(void *impl, pm_copy_table **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    char **names = NULL;
    size_t nn = 0;
    *out = NULL;
    *n = 0;
    bool ok = read_pairs(s, SQL_TABLES, NULL, &names, NULL, &nn, err);
    pm_copy_table *t = xcalloc(nn ? nn : 1, sizeof *t);
    for (size_t i = 0; i < nn; i++) {
        t[i].name = names[i];
        if (ok)
            ok = read_pairs(s, SQL_COLUMNS, t[i].name, &t[i].cols, &t[i].kinds, &t[i].ncols, err) &&
                 read_pairs(s, SQL_REFS, t[i].name, &t[i].refs, NULL, &t[i].nrefs, err);
    }
    free(names);
    *out = t;
    *n = nn;
    return ok;
}

static bool sq_copy_read_begin(void *impl, pm_err *err)
{
    return sq_exec(impl, "BEGIN", err, "开始读取");
}

static void sq_copy_read_end(void *impl)
{
    sqlite3_exec(((sq *)impl)->db, "COMMIT", NULL, NULL, NULL);
}

/* "c1","c2",… of t, quoted. */
static void column_list(buf *b, const pm_copy_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        buf_puts(b, c ? ", \"" : "\"");
        buf_puts(b, t->cols[c]); /* names from the schema's own catalog: no quote in them */
        buf_putc(b, '"');
    }
}

/* One column of the row as a canonical field. */
static void put_field(buf *line, sqlite3_stmt *st, int c, char kind)
{
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_NULL)
        pm_copy_put_null(line);
    else if (kind == PM_COL_REAL || (type == SQLITE_FLOAT && kind != PM_COL_TEXT))
        pm_copy_put_real(line, sqlite3_column_double(st, c));
    else if (kind == PM_COL_INT && type == SQLITE_INTEGER)
        pm_copy_put_int(line, sqlite3_column_int64(st, c));
    else if (kind == PM_COL_BLOB) {
        const void *p = sqlite3_column_blob(st, c);
        pm_copy_put_blob(line, p, (size_t)sqlite3_column_bytes(st, c));
    } else {
        const char *p = (const char *)sqlite3_column_text(st, c);
        pm_copy_put_text(line, p, (size_t)sqlite3_column_bytes(st, c));
    }
}

static bool sq_copy_read(void *impl, const pm_copy_table *t, pm_copy_row_fn row, void *ctx, pm_err *err)
{
    sq *s = impl;
    buf sql = BUF_INIT, line = BUF_INIT;
    buf_puts(&sql, "SELECT ");
    column_list(&sql, t);
    buf_printf(&sql, " FROM \"%s\"", t->name);
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        buf_reset(&line);
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                buf_putc(&line, '\t');
            put_field(&line, st, (int)c, t->kinds[c]);
        }
        ok = row(ctx, line.p, line.len, err);
    }
    if (ok && rc != SQLITE_DONE)
        ok = false;
    if (!ok && !err->msg[0])
        sq_fail(s, err, "数据库 %s 读取数据表 %s 失败", s->path, t->name);
    sqlite3_finalize(st);
    buf_free(&sql);
    buf_free(&line);
    return ok;
}

typedef struct sq_writer {
    sq *s;
    const pm_copy_table *t;
    sqlite3_stmt *ins;
    buf scratch;
    const char **fields;
    size_t *lens;
} sq_writer;

static void *sq_copy_write_begin(void *impl, const pm_copy_table *t, pm_err *err)
{
    sq *s = impl;
    /* Rows arrive table by table, each table's in any order: foreign keys
     * are checked when the copy commits (reset by SQLite at commit). */
    if (!sq_exec(s, "PRAGMA defer_foreign_keys = ON", err, "推迟外键检查"))
        return NULL;
    buf sql = BUF_INIT;
    buf_printf(&sql, "INSERT INTO \"%s\" (", t->name);
    column_list(&sql, t);
    buf_puts(&sql, ") VALUES (");
    for (size_t c = 0; c < t->ncols; c++)
        buf_printf(&sql, c ? ", ?%zu" : "?%zu", c + 1);
    buf_putc(&sql, ')');
    sq_writer *w = xcalloc(1, sizeof *w);
    w->s = s;
    w->t = t;
    if (sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &w->ins, NULL) != SQLITE_OK) {
        sq_fail(s, err, "数据库 %s 写入数据表 %s 失败", s->path, t->name);
        buf_free(&sql);
        free(w);
        return NULL;
    }
    buf_free(&sql);
    w->fields = xcalloc(t->ncols ? t->ncols : 1, sizeof *w->fields);
    w->lens = xcalloc(t->ncols ? t->ncols : 1, sizeof *w->lens);
    return w;
}

static bool sq_copy_write_row(void *wp, const char *line, size_t len, pm_err *err)
{
    sq_writer *w = wp;
    const pm_copy_table *t = w->t;
    if (!pm_copy_split(line, len, t->ncols, t->kinds, &w->scratch, w->fields, w->lens, err))
        return false;
    sqlite3_reset(w->ins);
    int rc = SQLITE_OK;
    for (size_t c = 0; c < t->ncols && rc == SQLITE_OK; c++) {
        int i = (int)c + 1;
        const char *f = w->fields[c];
        if (!f)
            rc = sqlite3_bind_null(w->ins, i);
        else if (t->kinds[c] == PM_COL_INT)
            rc = sqlite3_bind_int64(w->ins, i, strtoll(f, NULL, 10));
        else if (t->kinds[c] == PM_COL_REAL)
            rc = sqlite3_bind_double(w->ins, i, strtod(f, NULL));
        else if (t->kinds[c] == PM_COL_BLOB)
            rc = sqlite3_bind_blob(w->ins, i, f, (int)w->lens[c], SQLITE_STATIC);
        else
            rc = sqlite3_bind_text(w->ins, i, f, (int)w->lens[c], SQLITE_STATIC);
    }
    if (rc != SQLITE_OK || sqlite3_step(w->ins) != SQLITE_DONE) {
        sq_fail(w->s, err, "数据库 %s 写入数据表 %s 失败", w->s->path, t->name);
        return false;
    }
    return true;
}

static bool sq_copy_write_end(void *wp, bool ok, pm_err *err)
{
    (void)err;
    sq_writer *w = wp;
    sqlite3_finalize(w->ins);
    buf_free(&w->scratch);
    free(w->fields);
    free(w->lens);
    free(w);
    return ok;
}

const pm_copy_ops pm_sqlite_copy_ops = {
    .tables = sq_copy_tables,
    .read_begin = sq_copy_read_begin,
    .read_end = sq_copy_read_end,
    .read = sq_copy_read,
    .write_begin = sq_copy_write_begin,
    .write_row = sq_copy_write_row,
    .write_end = sq_copy_write_end,
};
