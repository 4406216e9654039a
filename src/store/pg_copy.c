/* planmon copy's PostgreSQL side (copy_backend.h): the tables of schema
 * planmon from the catalog, rows read with COPY … TO STDOUT and written with
 * COPY … FROM STDIN (the canonical line is COPY's text format, but for the
 * spelling of reals), identity columns moved past the ids copied. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/copy_backend.h"
#include "store/pg_conn.h"
#include "store/pg_schema.h"

/* meta and the data generation's two tables (schema 16) are the target's
 * own, as on SQLite (sqlite_copy.c). */
static const char SQL_TABLES[] =
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'planmon' AND c.relkind = 'r' AND c.relname NOT IN ('meta', 'data_gen', 'data_gen_pending') "
    "ORDER BY c.oid";
static const char SQL_COLUMNS[] =
    "SELECT a.attname, format_type(a.atttypid, NULL) FROM pg_attribute a "
    "WHERE a.attrelid = ('planmon.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped "
    "ORDER BY a.attnum";
/* The tables a table's rows name through its foreign keys; those that
 * statement triggers check instead are added from pm_pg_trigger_refs. */
static const char SQL_REFS[] =
    "SELECT DISTINCT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid "
    "WHERE k.conrelid = ('planmon.' || quote_ident($1))::regclass AND k.contype = 'f'";
static const char SQL_IDENTITY[] =
    "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ('planmon.' || quote_ident($1))::regclass "
    "AND a.attnum > 0 AND a.attidentity <> ''";

static char kind_of(const char *type)
{
    if (!strcmp(type, "bigint") || !strcmp(type, "integer") || !strcmp(type, "smallint"))
        return PM_COL_INT;
    if (!strcmp(type, "double precision") || !strcmp(type, "real") || !strcmp(type, "numeric"))
        return PM_COL_REAL;
    if (!strcmp(type, "bytea"))
        return PM_COL_BLOB;
    return PM_COL_TEXT;
}

/* The rows of a catalog query with the table name as $1 (NULL: none):
 * column 0 appended to *a, column 1's kind to *kinds when asked. */
static bool read_names(pgs *p, const char *sql, const char *table, char ***a, char **kinds, size_t *n, pm_err *err)
{
    pg_args args = {0};
    if (table)
        pg_arg_text(&args, table);
    PGresult *r = pg_run(p, sql, table ? &args : NULL, err, "读取表结构");
    if (!r)
        return false;
    for (int i = 0; i < PQntuples(r); i++) {
        *a = xrealloc(*a, (*n + 1) * sizeof **a);
        (*a)[*n] = pg_dup0(r, i, 0);
        if (kinds) {
            *kinds = xrealloc(*kinds, *n + 2);
            (*kinds)[*n] = kind_of(PQgetvalue(r, i, 1));
            (*kinds)[*n + 1] = '\0';
        }
        (*n)++;
    }
    PQclear(r);
    return true;
}

static bool pg_copy_tables(void *impl, pm_copy_table **out, size_t *n, pm_err *err)
{
    pgs *p = impl;
    char **names = NULL;
    size_t nn = 0;
    bool ok = read_names(p, SQL_TABLES, NULL, &names, NULL, &nn, err);
    pm_copy_table *t = xcalloc(nn ? nn : 1, sizeof *t);
    for (size_t i = 0; i < nn; i++) {
        t[i].name = names[i];
        if (ok)
            ok = read_names(p, SQL_COLUMNS, t[i].name, &t[i].cols, &t[i].kinds, &t[i].ncols, err) &&
                 read_names(p, SQL_REFS, t[i].name, &t[i].refs, NULL, &t[i].nrefs, err);
    }
    size_t ntr;
    const pm_pg_ref *tr = pm_pg_trigger_refs(&ntr);
    for (size_t i = 0; ok && i < nn; i++)
        for (size_t r = 0; r < ntr; r++)
            if (!strcmp(tr[r].from, t[i].name)) {
                t[i].refs = xrealloc(t[i].refs, (t[i].nrefs + 1) * sizeof *t[i].refs);
                t[i].refs[t[i].nrefs++] = xstrdup(tr[r].to);
            }
    free(names);
    *out = t;
    *n = nn;
    return ok;
}

static bool pg_copy_read_begin(void *impl, pm_err *err)
{
    /* One snapshot for every table: rows committed meanwhile by others are
     * all in or all out. */
    return pg_exec(impl, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, "开始读取");
}

static void pg_copy_read_end(void *impl)
{
    pm_err ignored = {0};
    pg_exec(impl, "COMMIT", &ignored, "结束读取");
}

static void column_list(buf *b, const pm_copy_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        buf_puts(b, c ? ", \"" : "\"");
        buf_puts(b, t->cols[c]); /* names from the schema's own catalog: no quote in them */
        buf_putc(b, '"');
    }
}

/* The result of a finished COPY: true when it succeeded. */
static bool copy_result(pgs *p, pm_err *err, const char *what)
{
    bool ok = true;
    PGresult *r;
    while ((r = PQgetResult(p->c)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && ok) {
            const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            pm_err_set(err, 0, "%s：%s", what, m ? m : PQerrorMessage(p->c));
            ok = false;
        }
        PQclear(r);
    }
    return ok;
}

static bool pg_copy_read(void *impl, const pm_copy_table *t, pm_copy_row_fn row, void *ctx, pm_err *err)
{
    pgs *p = impl;
    buf sql = BUF_INIT, line = BUF_INIT;
    char what[160];
    snprintf(what, sizeof what, "读取数据表 %s", t->name);
    buf_puts(&sql, "COPY planmon.\"");
    buf_puts(&sql, t->name);
    buf_puts(&sql, "\" (");
    column_list(&sql, t);
    buf_puts(&sql, ") TO STDOUT");
    PGresult *r = PQexec(p->c, buf_str(&sql));
    buf_free(&sql);
    bool ok = r && PQresultStatus(r) == PGRES_COPY_OUT;
    if (!ok) {
        const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        pm_err_set(err, 0, "%s：%s", what, m ? m : PQerrorMessage(p->c));
        PQclear(r);
        return false;
    }
    PQclear(r);
    bool reals = strchr(t->kinds, PM_COL_REAL) != NULL;
    char *data;
    int len;
    /* Every row is read even after a failure: the COPY must run to its end
     * before the connection takes another command. */
    while ((len = PQgetCopyData(p->c, &data, 0)) > 0) {
        size_t n = (size_t)len;
        if (n && data[n - 1] == '\n')
            n--;
        if (ok && reals) {
            ok = pm_copy_canon(t, data, n, &line, err) && row(ctx, line.p, line.len, err);
        } else if (ok) {
            ok = row(ctx, data, n, err);
        }
        PQfreemem(data);
    }
    bool done = copy_result(p, ok ? err : &(pm_err){0}, what);
    buf_free(&line);
    return ok && len == -1 && done;
}

typedef struct pg_writer {
    pgs *p;
    const pm_copy_table *t;
    buf line;
} pg_writer;

static void *pg_copy_write_begin(void *impl, const pm_copy_table *t, pm_err *err)
{
    pgs *p = impl;
    buf sql = BUF_INIT;
    buf_puts(&sql, "COPY planmon.\"");
    buf_puts(&sql, t->name);
    buf_puts(&sql, "\" (");
    column_list(&sql, t);
    buf_puts(&sql, ") FROM STDIN");
    PGresult *r = PQexec(p->c, buf_str(&sql));
    buf_free(&sql);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
        const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
        pm_err_set(err, 0, "写入数据表 %s：%s", t->name, m ? m : PQerrorMessage(p->c));
        PQclear(r);
        return NULL;
    }
    PQclear(r);
    pg_writer *w = xcalloc(1, sizeof *w);
    w->p = p;
    w->t = t;
    return w;
}

static bool pg_copy_write_row(void *wp, const char *line, size_t len, pm_err *err)
{
    pg_writer *w = wp;
    buf_reset(&w->line);
    buf_append(&w->line, line, len);
    buf_putc(&w->line, '\n');
    if (PQputCopyData(w->p->c, w->line.p, (int)w->line.len) != 1) {
        pm_err_set(err, 0, "写入数据表 %s：%s", w->t->name, PQerrorMessage(w->p->c));
        return false;
    }
    return true;
}

/* Identity columns continue after the largest id copied. */
static bool move_identities(pg_writer *w, pm_err *err)
{
    char **cols = NULL;
    size_t n = 0;
    bool ok = read_names(w->p, SQL_IDENTITY, w->t->name, &cols, NULL, &n, err);
    for (size_t i = 0; i < n; i++) {
        if (ok) {
            buf sql = BUF_INIT;
            buf_printf(&sql,
                       "SELECT setval(pg_get_serial_sequence('planmon.\"%s\"', '%s'), max(\"%s\")) "
                       "FROM planmon.\"%s\" HAVING max(\"%s\") IS NOT NULL",
                       w->t->name, cols[i], cols[i], w->t->name, cols[i]);
            ok = pg_exec(w->p, buf_str(&sql), err, "设置编号序列");
            buf_free(&sql);
        }
        free(cols[i]);
    }
    free(cols);
    return ok;
}

static bool pg_copy_write_end(void *wp, bool ok, pm_err *err)
{
    pg_writer *w = wp;
    char what[160];
    snprintf(what, sizeof what, "写入数据表 %s", w->t->name);
    if (PQputCopyEnd(w->p->c, ok ? NULL : "复制中止") != 1 && ok) {
        pm_err_set(err, 0, "%s：%s", what, PQerrorMessage(w->p->c));
        ok = false;
    }
    bool done = copy_result(w->p, ok ? err : &(pm_err){0}, what);
    ok = ok && done && move_identities(w, err);
    buf_free(&w->line);
    free(w);
    return ok;
}

const pm_copy_ops pm_pg_copy_ops = {
    .tables = pg_copy_tables,
    .read_begin = pg_copy_read_begin,
    .read_end = pg_copy_read_end,
    .read = pg_copy_read,
    .write_begin = pg_copy_write_begin,
    .write_row = pg_copy_write_row,
    .write_end = pg_copy_write_end,
};
