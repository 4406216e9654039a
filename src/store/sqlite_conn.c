/* The SQLite backend's statement helpers and units of work (sqlite_conn.h). */
#include "store/sqlite_conn.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "store/sqlite_bind.h"

/* ---- errors ---------------------------------------------------------------- */

void sq_fail(sq *s, pm_err *err, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pm_err_set(err, 0, "%s：%s", what, sqlite3_errmsg(s->db));
}

/* ---- statements ------------------------------------------------------------ */

sqlite3_stmt *sq_use(sq *s, const char *sql, pm_err *err)
{
    uint64_t key = (uint64_t)(uintptr_t)sql;
    size_t i;
    if (s->by_sql.cap && u64map_get(&s->by_sql, key, &i))
        return s->stmts[i];
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sq_fail(s, err, "数据库 %s 准备 SQL 语句失败", s->path);
        sqlite3_finalize(st);
        return NULL;
    }
    if (!s->by_sql.cap)
        u64map_init(&s->by_sql, 64);
    s->stmts = xgrow(s->stmts, &s->stmts_cap, s->nstmts + 1, sizeof *s->stmts);
    s->stmts[s->nstmts] = st;
    u64map_put(&s->by_sql, key, s->nstmts++);
    return st;
}

void sq_done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

void sq_forget_statements(sq *s)
{
    for (size_t i = 0; i < s->nstmts; i++)
        sqlite3_finalize(s->stmts[i]);
    free(s->stmts);
    s->stmts = NULL;
    s->nstmts = s->stmts_cap = 0;
    if (s->by_sql.cap)
        u64map_free(&s->by_sql);
    memset(&s->by_sql, 0, sizeof s->by_sql);
}

bool sq_run(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *fmt, ...)
{
    int rc = bind_rc == SQLITE_OK ? sqlite3_step(st) : bind_rc;
    bool ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok) {
        char what[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        if (bind_rc != SQLITE_OK)
            pm_err_set(err, 0, "%s：绑定参数失败（%s）", what, sqlite3_errstr(bind_rc));
        else
            pm_err_set(err, 0, "%s：%s", what, sqlite3_errmsg(s->db));
    }
    sq_done(st);
    return ok;
}

bool sq_exec(sq *s, const char *sql, pm_err *err, const char *what)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    return st && sq_run(s, st, SQLITE_OK, err, "数据库 %s %s失败", s->path, what);
}

/* ---- reading rows ---------------------------------------------------------- */

bool sq_each(sq *s, sqlite3_stmt *st, int bind_rc, sq_row_fn row, void *ctx, pm_err *err,
             const char *what)
{
    int rc = bind_rc;
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (!row(ctx, st))
                break;
    }
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok && bind_rc != SQLITE_OK)
        pm_err_set(err, 0, "%s：绑定参数失败（%s）", what, sqlite3_errstr(bind_rc));
    else if (!ok)
        sq_fail(s, err, "%s", what);
    sq_done(st);
    return ok;
}

typedef struct collect {
    char *items;
    size_t *n, cap, size;
    void (*fill)(void *item, sqlite3_stmt *row);
} collect;

static bool collect_row(void *ctx, sqlite3_stmt *row)
{
    collect *c = ctx;
    c->items = xgrow(c->items, &c->cap, *c->n + 1, c->size);
    void *item = c->items + *c->n * c->size;
    memset(item, 0, c->size);
    c->fill(item, row);
    ++*c->n;
    return true;
}

void *sq_collect(sq *s, sqlite3_stmt *st, void *items, size_t *n, size_t size,
                 void (*fill)(void *item, sqlite3_stmt *row), bool *ok, pm_err *err, const char *what)
{
    return sq_collect_bound(s, st, SQLITE_OK, items, n, size, fill, ok, err, what);
}

void *sq_collect_bound(sq *s, sqlite3_stmt *st, int bind_rc, void *items, size_t *n, size_t size,
                       void (*fill)(void *item, sqlite3_stmt *row), bool *ok, pm_err *err, const char *what)
{
    if (!st) { /* sq_use failed and said why */
        *ok = false;
        return items;
    }
    /* *n items are there already: the array holds at least that many. */
    collect c = {.items = items, .n = n, .cap = *n, .size = size, .fill = fill};
    *ok = sq_each(s, st, bind_rc, collect_row, &c, err, what);
    return c.items;
}

int sq_one(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *what)
{
    int rc = bind_rc == SQLITE_OK ? sqlite3_step(st) : bind_rc;
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE) {
        if (bind_rc != SQLITE_OK)
            pm_err_set(err, 0, "%s：绑定参数失败（%s）", what, sqlite3_errstr(bind_rc));
        else
            sq_fail(s, err, "%s", what);
    }
    sq_done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

bool sq_int(sq *s, const char *sql, long long *out, pm_err *err, const char *what)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    int got = st ? sq_one(s, st, SQLITE_OK, err, what) : -1;
    if (got == 1) {
        *out = sqlite3_column_int64(st, 0);
        sq_done(st);
    } else if (got == 0) {
        pm_err_set(err, 0, "%s：没有结果", what);
    }
    return got == 1;
}

int sq_lookup_id(sq *s, const char *sql, const char *code, long *out, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":code", code, &rc);
    char what[256];
    snprintf(what, sizeof what, "在数据库中查找 %s 失败", code);
    int found = sq_one(s, st, rc, err, what);
    if (found == 1) {
        if (out)
            *out = (long)sqlite3_column_int64(st, 0);
        sq_done(st);
    }
    return found;
}

char *sq_col_dup0(sqlite3_stmt *st, int i)
{
    char *t = sq_col_dup(st, i);
    return t ? t : xstrdup("");
}

/* ---- units of work ----------------------------------------------------------- */

bool sq_work_begin(sq *s, bool write, bool *outer, pm_err *err)
{
    *outer = sqlite3_get_autocommit(s->db) != 0;
    const char *sql = !*outer ? "SAVEPOINT pm_work" : write ? "BEGIN IMMEDIATE" : "BEGIN";
    return sq_exec(s, sql, err, "开始事务");
}

bool sq_work_end(sq *s, bool outer, bool ok, pm_err *err)
{
    if (ok && sq_exec(s, outer ? "COMMIT" : "RELEASE pm_work", err, "提交事务"))
        return true;
    pm_err ignored = {0};
    if (outer) {
        if (!sqlite3_get_autocommit(s->db))
            sq_exec(s, "ROLLBACK", &ignored, "回滚事务");
    } else if (!sqlite3_get_autocommit(s->db)) {
        /* An I/O error may have rolled the whole transaction back already;
         * then the savepoint is gone and there is nothing left to undo. */
        if (sq_exec(s, "ROLLBACK TO pm_work", &ignored, "回滚到保存点"))
            sq_exec(s, "RELEASE pm_work", &ignored, "释放保存点");
    }
    return false;
}

/* ---- codes and ids -------------------------------------------------------------- */

const char sq_sql_unit_id[] = "SELECT id FROM org_unit WHERE code = :code";
static const char SQL_ELEM_ANY_ID[] = "SELECT id FROM element WHERE code = :code";

bool sq_find_unit(sq *s, const char *code, long *id, pm_err *err)
{
    int found = sq_lookup_id(s, sq_sql_unit_id, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "未知组织机构：%s", code);
    return found == 1;
}

bool sq_find_element(sq *s, const char *code, long *id, pm_err *err)
{
    int found = sq_lookup_id(s, SQL_ELEM_ANY_ID, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "未知数据项：%s", code);
    return found == 1;
}

void sq_bind_id(sqlite3_stmt *st, const char *name, long id, int *rc)
{
    if (id)
        sq_bind_int(st, name, id, rc);
    else
        sq_bind_text(st, name, NULL, rc);
}

/* ---- the recorded time ------------------------------------------------------------ */

/* pm_fixed_now(): PLANMON_NOW in the stored form when it names a time
 * ("2025-03-20T02:00:00Z" → "2025-03-20T02:00:00.000Z"), else NULL. */
static void fixed_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    time_t t;
    if (!pm_clock_fixed(&t)) {
        sqlite3_result_null(ctx);
        return;
    }
    char iso[40];
    sqlite3_result_text(ctx, pm_clock_iso(t, iso, sizeof iso), -1, SQLITE_TRANSIENT);
}

bool sq_clock_register(sq *s, pm_err *err)
{
    if (sqlite3_create_function(s->db, "pm_fixed_now", 0, SQLITE_UTF8, NULL, fixed_now, NULL, NULL) == SQLITE_OK)
        return true;
    sq_fail(s, err, "数据库 %s 注册时间函数失败", s->path);
    return false;
}
