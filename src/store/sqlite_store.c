/* The SQLite backend of the store (store_backend.h).
 *
 * Every statement is a constant in st_sql[] below, prepared once on first
 * use and kept for the life of the connection; data reaches SQL only
 * through bound named parameters. Each call that writes runs as one unit
 * of work: BEGIN IMMEDIATE when the caller holds no transaction (taking the
 * write lock up front lets a busy database wait in busy_timeout instead of
 * failing half-way), a SAVEPOINT inside pm_store_begin/commit so that it
 * nests and a failed call leaves the caller's transaction usable.
 *
 * Thread use: a connection is opened without SQLite's own mutex (the scan
 * of all values is the hot path, and the mutex costs a lock per column
 * read): one pm_store serves one thread at a time. */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_bind.h"
#include "store/store_backend.h"
#include "store/users_backend.h"

/* ---- statements ------------------------------------------------------------ */

typedef enum st_id {
    ST_BEGIN,
    ST_BEGIN_READ,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_PLAN_DEL,
    ST_PLAN_INS,
    ST_PLAN_GET,
    ST_HAS_PLAN,
    ST_GOAL_DEL,
    ST_GOAL_INS,
    ST_GOAL_GET,
    ST_IND_DEL,
    ST_IND_INS,
    ST_IND_GET,
    ST_IND_EXISTS,
    ST_ELEM_RETIRE,
    ST_ELEM_INPLAN,
    ST_ELEM_PUT,
    ST_ELEM_PURGE,
    ST_ELEM_GET,
    ST_ELEM_ID,
    ST_UNIT_PUT,
    ST_UNIT_ROOTS,
    ST_UNIT_BADLEVEL,
    ST_UNIT_GET,
    ST_UNIT_ID,
    ST_VAL_OLD,
    ST_VAL_PUT,
    ST_HIST_ADD,
    ST_NOW,
    ST_SCAN,
    ST_HIST_WRITE,
    ST_HIST_LAST,
    ST_ELEM_ANY_ID,
    ST_ELEM_CODE,
    ST_UNIT_CODE,
    ST_MOVE_LOG,
    ST_MOVE_SET,
    ST_VAL_LIST,
    ST_HIST_SCAN,
    ST_HIST_SEEK,
    ST_TGT_DEL,
    ST_TGT_INS,
    ST_TGT_GET,
    ST_INTEGRITY,
    ST_FK_CHECK,
    ST_COUNT
} st_id;

static const char *const st_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_BEGIN_READ] = "BEGIN",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT pm_work",
    [ST_RELEASE] = "RELEASE pm_work",
    [ST_ROLLBACK_TO] = "ROLLBACK TO pm_work",

    [ST_PLAN_DEL] = "DELETE FROM plan",
    [ST_PLAN_INS] = "INSERT INTO plan(id, title, base_year, target_year)"
                    " VALUES (1, :title, :base_year, :target_year)",
    [ST_PLAN_GET] = "SELECT title, base_year, target_year FROM plan WHERE id = 1",
    [ST_HAS_PLAN] = "SELECT 1 FROM plan WHERE id = 1",

    [ST_GOAL_DEL] = "DELETE FROM goal",
    [ST_GOAL_INS] = "INSERT INTO goal(ord, label, title, domain) VALUES (:ord, :label, :title, :domain)",
    [ST_GOAL_GET] = "SELECT label, title, domain FROM goal ORDER BY ord",

    [ST_IND_DEL] = "DELETE FROM indicator",
    [ST_IND_INS] = "INSERT INTO indicator(code, no, domain, subdomain, name, unit, baseline, target,"
                   " target_op, binding, cumulative, polarity, formula, rate, line, ord)"
                   " VALUES (:code, :no, :domain, :subdomain, :name, :unit, :baseline, :target,"
                   " :target_op, :binding, :cumulative, :polarity, :formula, :rate, :line, :ord)",
    [ST_IND_GET] = "SELECT code, no, domain, subdomain, name, unit, baseline, target, target_op,"
                   " binding, cumulative, polarity, formula, rate, line FROM indicator ORDER BY ord",
    [ST_IND_EXISTS] = "SELECT 1 FROM indicator WHERE code = :code",

    [ST_ELEM_RETIRE] = "UPDATE element SET ord = NULL WHERE ord IS NOT NULL",
    [ST_ELEM_INPLAN] = "SELECT 1 FROM element WHERE code = :code AND ord IS NOT NULL",
    [ST_ELEM_PUT] = "INSERT INTO element(code, name, unit, agg, kind, level, ord)"
                    " VALUES (:code, :name, :unit, :agg, :kind, :level, :ord)"
                    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
                    " agg = excluded.agg, kind = excluded.kind, level = excluded.level,"
                    " ord = excluded.ord",
    /* Dropped elements go only when nothing refers to them: values and
     * their history outlive a change of plan. */
    [ST_ELEM_PURGE] = "DELETE FROM element WHERE ord IS NULL"
                      " AND NOT EXISTS (SELECT 1 FROM data_value v WHERE v.element_id = element.id)"
                      " AND NOT EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = element.id)",
    [ST_ELEM_GET] = "SELECT id, code, name, unit, agg, kind, level FROM element"
                    " WHERE ord IS NOT NULL ORDER BY ord",
    [ST_ELEM_ID] = "SELECT id FROM element WHERE code = :code AND ord IS NOT NULL",

    /* Preorder input: a parent is upserted before its children, so the
     * subquery finds it. */
    [ST_UNIT_PUT] = "INSERT INTO org_unit(code, name, parent_id, level, ord)"
                    " VALUES (:code, :name, (SELECT id FROM org_unit WHERE code = :parent), :level, :ord)"
                    " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
                    " parent_id = excluded.parent_id, level = excluded.level, ord = excluded.ord",
    [ST_UNIT_ROOTS] = "SELECT code FROM org_unit WHERE parent_id IS NULL ORDER BY id LIMIT 2",
    [ST_UNIT_BADLEVEL] = "SELECT c.code, c.level, p.code, p.level FROM org_unit c"
                         " JOIN org_unit p ON p.id = c.parent_id WHERE c.level <= p.level LIMIT 1",
    [ST_UNIT_GET] = "SELECT u.id, u.code, u.name, p.code, u.level FROM org_unit u"
                    " LEFT JOIN org_unit p ON p.id = u.parent_id ORDER BY u.ord, u.id",
    [ST_UNIT_ID] = "SELECT id FROM org_unit WHERE code = :code",

    [ST_VAL_OLD] = "SELECT value, state FROM data_value"
                   " WHERE element_id = :element_id AND unit_id = :unit_id AND year = :year",
    /* A change without a comment (an approval, say) keeps the sender's
     * comment; an empty one clears it. */
    [ST_VAL_PUT] = "INSERT INTO data_value(element_id, unit_id, year, value, state, comment)"
                   " VALUES (:element_id, :unit_id, :year, :value, :state, nullif(:comment, ''))"
                   " ON CONFLICT(element_id, unit_id, year) DO UPDATE SET value = excluded.value,"
                   " state = excluded.state,"
                   " comment = CASE WHEN :comment IS NULL THEN data_value.comment"
                   " ELSE nullif(:comment, '') END",
    [ST_HIST_ADD] = "INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
                    " new_value, old_state, new_state, why, comment)"
                    " VALUES (:element_id, :unit_id, :year, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                    " :who, :old_value, :new_value, :old_state, :new_state, :why, :comment)",
    /* One timestamp for every history row of a batch (batch_time). */
    [ST_NOW] = "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    /* The hot path: nothing but the columns a pm_value holds. */
    [ST_SCAN] = "SELECT pm_scan_row(element_id, unit_id, year, value, state) FROM data_value",

    /* pm_store_write_values: ST_VAL_PUT per row, then this, with :at (from
     * ST_NOW), :who and :why bound once for the whole batch. */
    [ST_HIST_WRITE] = "INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
                      " new_value, old_state, new_state, why, comment)"
                      " VALUES (:element_id, :unit_id, :year, :at, :who, :old_value, :new_value,"
                      " :old_state, :new_state, :why, :comment)",
    /* Filters and transitions name elements by code, retired ones too:
     * their values and history are still there to review and read. */
    [ST_ELEM_ANY_ID] = "SELECT id FROM element WHERE code = :code",
    /* Only for messages, after a row of a batch failed. */
    [ST_ELEM_CODE] = "SELECT code FROM element WHERE id = :id",
    [ST_UNIT_CODE] = "SELECT code FROM org_unit WHERE id = :id",

    /* Review transitions. The subtree comes from a recursive walk down
     * org_unit.parent_id (not from org_unit.ord: a partial put_units leaves
     * ord out of preorder). The figures are found by crossing the subtree
     * with the (few) elements and seeking data_value's primary key
     * (element_id, unit_id, year) for each pair: no index on unit_id is
     * needed, which would tax every import. CROSS JOIN fixes that loop
     * order. The history rows go in first; ST_MOVE_SET then moves exactly
     * the figures they record (history ids above :after, the largest id
     * before), so the count of each is the same by construction. A figure
     * already in state :to does not change and gets no history row. One
     * statement, one step: 'now' is the same for every row. */
    [ST_HIST_LAST] = "SELECT coalesce(max(id), 0) FROM value_history",
    [ST_MOVE_LOG] = "WITH RECURSIVE sub(id) AS (SELECT :unit_id UNION ALL"
                    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"
                    " INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
                    " new_value, old_state, new_state, why, comment)"
                    " SELECT v.element_id, v.unit_id, v.year, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),"
                    " :who, v.value, v.value, v.state, :to, :why, NULL"
                    " FROM sub CROSS JOIN element e CROSS JOIN data_value v"
                    " WHERE (:element_id IS NULL OR e.id = :element_id)"
                    " AND v.element_id = e.id AND v.unit_id = sub.id"
                    " AND (:year = 0 OR v.year = :year)"
                    " AND (:from >> v.state) & 1 AND v.state <> :to",
    [ST_MOVE_SET] = "UPDATE data_value SET state = :to WHERE (element_id, unit_id, year) IN"
                    " (SELECT element_id, unit_id, year FROM value_history WHERE id > :after)",

    /* Listings. The same crossing as the transitions, with the unit and
     * element loops read through their code indexes: rows stream out in
     * (unit code, element code, year) order with no sort, even for an
     * export of every figure. :unit_id NULL: every unit (the subtree is
     * then never computed). */
    [ST_VAL_LIST] = "WITH RECURSIVE sub(id) AS (SELECT :unit_id UNION ALL"
                    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"
                    " SELECT e.code, u.code, v.year, v.value, v.state, v.comment"
                    " FROM org_unit u CROSS JOIN element e CROSS JOIN data_value v"
                    " WHERE (:unit_id IS NULL OR u.id IN sub)"
                    " AND (:element_id IS NULL OR e.id = :element_id)"
                    " AND v.element_id = e.id AND v.unit_id = u.id"
                    " AND (:year = 0 OR v.year = :year)"
                    " ORDER BY u.code, e.code, v.year",
    /* History with neither unit nor element: the table in id order, which
     * is the order of events, no sort. */
    [ST_HIST_SCAN] = "SELECT h.id, e.code, u.code, h.year, h.at, h.who, h.old_value, h.new_value,"
                     " h.old_state, h.new_state, h.why, h.comment"
                     " FROM value_history h JOIN element e ON e.id = h.element_id"
                     " JOIN org_unit u ON u.id = h.unit_id"
                     " WHERE :year = 0 OR h.year = :year ORDER BY h.id",
    /* With a unit or an element: seeks into value_history_key (element_id,
     * unit_id, year, id) for each pair, then the few rows sorted by id. */
    [ST_HIST_SEEK] = "WITH RECURSIVE sub(id) AS (SELECT :unit_id UNION ALL"
                     " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"
                     " SELECT h.id, e.code, u.code, h.year, h.at, h.who, h.old_value, h.new_value,"
                     " h.old_state, h.new_state, h.why, h.comment"
                     " FROM org_unit u CROSS JOIN element e CROSS JOIN value_history h"
                     " WHERE (:unit_id IS NULL OR u.id IN sub)"
                     " AND (:element_id IS NULL OR e.id = :element_id)"
                     " AND h.element_id = e.id AND h.unit_id = u.id"
                     " AND (:year = 0 OR h.year = :year)"
                     " ORDER BY h.id",

    [ST_TGT_DEL] = "DELETE FROM unit_target",
    [ST_TGT_INS] = "INSERT INTO unit_target(unit_id, indicator_code, baseline, target)"
                   " VALUES (:unit_id, :indicator, :baseline, :target)",
    [ST_TGT_GET] = "SELECT u.code, t.indicator_code, t.baseline, t.target FROM unit_target t"
                   " JOIN org_unit u ON u.id = t.unit_id ORDER BY u.id, t.indicator_code",

    [ST_INTEGRITY] = "PRAGMA integrity_check",
    [ST_FK_CHECK] = "PRAGMA foreign_key_check",
};

typedef struct sq {
    sqlite3 *db;
    char *path;               /* for messages; owned */
    int version;              /* schema version after opening (and migrating) */
    sqlite3_stmt *st[ST_COUNT]; /* prepared on first use, finalized at close */
    /* pm_store_write_values' multi-row statements (WRITE_CHUNK rows each),
     * made from the one-row statements' shape on first use, finalized at
     * close. */
    sqlite3_stmt *put_many, *hist_many;
    /* The scan in progress (sq_scan_values), for pm_scan_row. */
    bool (*scan_cb)(void *ctx, const pm_value *v);
    void *scan_ctx;
    bool scan_stopped; /* the callback asked to stop */
} sq;

/* ---- errors ---------------------------------------------------------------- */

/* Sets err to "<what>：<SQLite's message>". Call before resetting the
 * statement that failed, while SQLite still holds its message. */
static void fail(sq *s, pm_err *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(sq *s, pm_err *err, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pm_err_set(err, 0, "%s：%s", what, sqlite3_errmsg(s->db));
}

/* ---- statement helpers ----------------------------------------------------- */

/* The prepared statement id, ready for binding (reset, no bindings), or
 * NULL with err set. Borrowed: the connection owns it. */
static sqlite3_stmt *use(sq *s, st_id id, pm_err *err)
{
    if (!s->st[id]) {
        int rc = sqlite3_prepare_v3(s->db, st_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id],
                                    NULL);
        if (rc != SQLITE_OK) {
            fail(s, err, "数据库 %s 准备 SQL 语句失败", s->path);
            return NULL;
        }
    }
    return s->st[id];
}

/* Ends one use of a statement: a statement left stepping would hold its
 * read snapshot open, and bound text is borrowed from the caller. */
static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Same, never NULL: for NOT NULL columns the model holds as strings. */
static char *col_dup0(sqlite3_stmt *st, int i)
{
    char *t = sq_col_dup(st, i);
    return t ? t : xstrdup("");
}

/* Steps a statement that returns no rows, after its binds (bind_rc), and
 * ends its use. On failure err says what failed (fmt) and why. */
static bool run(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static bool run(sq *s, sqlite3_stmt *st, int bind_rc, pm_err *err, const char *fmt, ...)
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
    done(st);
    return ok;
}

/* Runs one of the fixed statements that take no parameters. */
static bool run_fixed(sq *s, st_id id, pm_err *err, const char *what)
{
    sqlite3_stmt *st = use(s, id, err);
    return st && run(s, st, SQLITE_OK, err, "数据库 %s %s失败", s->path, what);
}

/* Looks a code up with a "SELECT id … WHERE code = :code" statement:
 * 1 found (*out set), 0 not there, -1 error (err set). */
static int lookup_id(sq *s, st_id id, const char *code, long *out, pm_err *err)
{
    sqlite3_stmt *st = use(s, id, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":code", code, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int found = 0;
    if (rc == SQLITE_ROW) {
        if (out)
            *out = (long)sqlite3_column_int64(st, 0);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        fail(s, err, "在数据库中查找 %s 失败", code);
        found = -1;
    }
    done(st);
    return found;
}

/* ---- units of work ----------------------------------------------------------- */

/* Opens the unit of work of one call; *outer tells work_end how to close
 * it (see the file comment). A call that only reads (write false) starts
 * a deferred transaction: it must not wait for, or block, a writer. */
static bool work_begin(sq *s, bool write, bool *outer, pm_err *err)
{
    *outer = sqlite3_get_autocommit(s->db) != 0;
    st_id id = !*outer ? ST_SAVEPOINT : write ? ST_BEGIN : ST_BEGIN_READ;
    return run_fixed(s, id, err, "开始事务");
}

/* Closes the unit of work: commits (or releases) when ok, else undoes it.
 * Returns whether the work landed; err keeps the first failure. */
static bool work_end(sq *s, bool outer, bool ok, pm_err *err)
{
    if (ok && run_fixed(s, outer ? ST_COMMIT : ST_RELEASE, err, "提交事务"))
        return true;
    pm_err ignored = {0};
    if (outer) {
        if (!sqlite3_get_autocommit(s->db))
            run_fixed(s, ST_ROLLBACK, &ignored, "回滚事务");
    } else if (!sqlite3_get_autocommit(s->db)) {
        /* An I/O error may have rolled the whole transaction back already;
         * then the savepoint is gone and there is nothing left to undo. */
        if (run_fixed(s, ST_ROLLBACK_TO, &ignored, "回滚到保存点"))
            run_fixed(s, ST_RELEASE, &ignored, "释放保存点");
    }
    return false;
}

/* ---- opening, migrating, closing ------------------------------------------------ */

static void sq_close(void *impl)
{
    sq *s = impl;
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_finalize(s->put_many);
    sqlite3_finalize(s->hist_many);
    /* Closing rolls back an open transaction; the last connection to a WAL
     * database checkpoints and removes the -wal file. */
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* Reads one integer a statement without parameters returns (a PRAGMA or a
 * count) into *out. False with err set on failure. */
static bool read_int(sq *s, const char *sql, long long *out, pm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_NOTADB)
        pm_err_set(err, 0, "%s 不是 SQLite 数据库文件", s->path);
    else
        fail(s, err, "读取数据库 %s 失败", s->path);
    sqlite3_finalize(st);
    return ok;
}

/* Brings the schema from its version to the latest in one transaction.
 * `fresh` (PM_STORE_CREATE): the file must still be empty once locked,
 * since another process may have created it meanwhile. */
static bool migrate(sq *s, bool fresh, pm_err *err)
{
    if (!run_fixed(s, ST_BEGIN, err, "开始升级事务"))
        return false;
    long long v = 0;
    bool ok = read_int(s, "PRAGMA user_version", &v, err);
    if (ok && fresh && v != 0) {
        pm_err_set(err, 0, "数据库 %s 已存在，不能重新创建", s->path);
        ok = false;
    }
    if (ok && v > pm_sqlite_schema_latest) {
        pm_err_set(err, 0, "数据库版本较新（第 %lld 版），本程序只支持到第 %d 版：%s", v,
                   pm_sqlite_schema_latest, s->path);
        ok = false;
    }
    for (int i = (int)v; ok && i < pm_sqlite_schema_latest; i++) {
        char *msg = NULL;
        if (sqlite3_exec(s->db, pm_sqlite_migrations[i], NULL, NULL, &msg) != SQLITE_OK) {
            pm_err_set(err, 0, "数据库 %s 升级到第 %d 版失败：%s", s->path, i + 1,
                       msg ? msg : sqlite3_errmsg(s->db));
            ok = false;
        }
        sqlite3_free(msg);
    }
    if (ok && v < pm_sqlite_schema_latest) {
        /* PRAGMA takes no parameters; the number is the binary's own. */
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", pm_sqlite_schema_latest);
        if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            fail(s, err, "记录数据库 %s 的版本失败", s->path);
            ok = false;
        }
    }
    if (!work_end(s, true, ok, err))
        return false;
    s->version = pm_sqlite_schema_latest;
    return true;
}

/* Connection settings. WAL lets readers (the web pages) run while a writer
 * imports; synchronous=NORMAL is durable across crashes of the program in
 * WAL mode and loses at most the last commits on power loss. */
static bool configure(sq *s, pm_err *err)
{
    static const char *const pragmas[] = {
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA foreign_keys = ON",
    };
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        if (sqlite3_exec(s->db, pragmas[i], NULL, NULL, NULL) != SQLITE_OK) {
            fail(s, err, "设置数据库 %s 失败（%s）", s->path, pragmas[i]);
            return false;
        }
    }
    return true;
}

/* Decides from what the file holds whether this mode may use it: a new
 * database needs an empty file, an existing one must be planmon's and not
 * newer than this binary. *empty tells whether the file holds nothing. */
static bool vet_file(sq *s, pm_open_mode mode, bool *empty, pm_err *err)
{
    long long version = 0, app = 0, objects = 0;
    if (!read_int(s, "PRAGMA user_version", &version, err) ||
        !read_int(s, "PRAGMA application_id", &app, err) ||
        !read_int(s, "SELECT count(*) FROM sqlite_master", &objects, err))
        return false;
    *empty = version == 0 && objects == 0;
    if (*empty)
        return true;
    if (mode == PM_STORE_CREATE) {
        pm_err_set(err, 0, "数据库 %s 已存在，不能重新创建", s->path);
        return false;
    }
    if (app != PM_SQLITE_APP_ID) {
        pm_err_set(err, 0, "%s 不是 planmon 数据库", s->path);
        return false;
    }
    if (version > pm_sqlite_schema_latest) {
        pm_err_set(err, 0, "数据库版本较新（第 %lld 版），本程序只支持到第 %d 版：%s", version,
                   pm_sqlite_schema_latest, s->path);
        return false;
    }
    s->version = (int)version;
    return true;
}

/* The step of pm_scan_row, the aggregate function ST_SCAN runs over every
 * row of data_value: hands the row to the scan's callback (see
 * sq_scan_values). An error ends the statement: that is how a callback's
 * "stop" gets out of SQLite. */
static void scan_row(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    sq *s = sqlite3_user_data(c);
    if (argc != 5 || !s->scan_cb) {
        sqlite3_result_error(c, "pm_scan_row 只能由 planmon 的数值扫描调用", -1);
        return;
    }
    pm_value v = {
        .element_id = (long)sqlite3_value_int64(argv[0]),
        .unit_id = (long)sqlite3_value_int64(argv[1]),
        .year = sqlite3_value_int(argv[2]),
        .value = sqlite3_value_type(argv[3]) == SQLITE_NULL ? NAN : sqlite3_value_double(argv[3]),
        .state = (pm_vstate)sqlite3_value_int(argv[4]),
    };
    if (!s->scan_cb(s->scan_ctx, &v)) {
        s->scan_stopped = true;
        sqlite3_result_error(c, "扫描已停止", -1);
    }
}

static void scan_end(sqlite3_context *c)
{
    sqlite3_result_null(c);
}

static void *sq_open(const char *where, pm_open_mode mode, pm_err *err)
{
    struct stat sb;
    if (mode == PM_STORE_OPEN && stat(where, &sb) != 0) {
        if (errno == ENOENT)
            pm_err_set(err, 0, "数据库文件不存在：%s", where);
        else
            pm_err_set(err, 0, "无法访问数据库文件 %s：%s", where, strerror(errno));
        return NULL;
    }
    sq *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(where);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == PM_STORE_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(where, &s->db, flags, NULL) != SQLITE_OK) {
        if (s->db)
            fail(s, err, "无法打开数据库 %s", where);
        else
            pm_err_set(err, 0, "无法打开数据库 %s：内存不足", where);
        sq_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* Defensive: no writable_schema tricks from SQL that reaches the file
     * some other way; planmon itself never needs them. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    if (sqlite3_create_function_v2(s->db, "pm_scan_row", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, s, NULL,
                                   scan_row, scan_end, NULL) != SQLITE_OK) {
        fail(s, err, "数据库 %s 注册扫描函数失败", where);
        sq_close(s);
        return NULL;
    }
    bool empty = false;
    if (!vet_file(s, mode, &empty, err) || !configure(s, err) ||
        (s->version < pm_sqlite_schema_latest && !migrate(s, mode == PM_STORE_CREATE, err))) {
        sq_close(s);
        return NULL;
    }
    return s;
}

static int sq_version(void *impl)
{
    return ((sq *)impl)->version;
}

static int sq_version_latest(void)
{
    return pm_sqlite_schema_latest;
}

/* ---- transactions -------------------------------------------------------------- */

static bool sq_begin(void *impl, pm_err *err)
{
    sq *s = impl;
    if (!sqlite3_get_autocommit(s->db)) {
        pm_err_set(err, 0, "数据库 %s 已有进行中的事务", s->path);
        return false;
    }
    return run_fixed(s, ST_BEGIN, err, "开始事务");
}

static bool sq_commit(void *impl, pm_err *err)
{
    sq *s = impl;
    if (sqlite3_get_autocommit(s->db)) {
        pm_err_set(err, 0, "数据库 %s 没有进行中的事务（可能已因出错回滚）", s->path);
        return false;
    }
    return run_fixed(s, ST_COMMIT, err, "提交事务");
}

static void sq_rollback(void *impl)
{
    sq *s = impl;
    pm_err ignored = {0};
    if (!sqlite3_get_autocommit(s->db))
        run_fixed(s, ST_ROLLBACK, &ignored, "回滚事务");
}

/* ---- the plan ------------------------------------------------------------------ */

static bool put_goals(sq *s, const pm_plan *p, pm_err *err)
{
    if (!run_fixed(s, ST_GOAL_DEL, err, "清除规划目标"))
        return false;
    sqlite3_stmt *st = use(s, ST_GOAL_INS, err);
    for (size_t i = 0; st && i < p->ngoals; i++) {
        const pm_goal *g = &p->goals[i];
        int rc = SQLITE_OK;
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":label", g->label, &rc);
        sq_bind_text(st, ":title", g->title, &rc);
        sq_bind_text(st, ":domain", g->domain, &rc);
        if (!run(s, st, rc, err, "保存规划目标 %s 失败", g->label))
            return false;
    }
    return st != NULL;
}

static bool put_indicators(sq *s, const pm_plan *p, pm_err *err)
{
    if (!run_fixed(s, ST_IND_DEL, err, "清除规划指标"))
        return false;
    sqlite3_stmt *st = use(s, ST_IND_INS, err);
    for (size_t i = 0; st && i < p->nind; i++) {
        const pm_indicator *x = &p->ind[i];
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", x->code, &rc);
        sq_bind_int(st, ":no", x->no, &rc);
        sq_bind_text(st, ":domain", x->domain, &rc);
        sq_bind_text(st, ":subdomain", x->subdomain, &rc);
        sq_bind_text(st, ":name", x->name, &rc);
        sq_bind_text(st, ":unit", x->unit, &rc);
        sq_bind_real(st, ":baseline", x->baseline, &rc);
        sq_bind_real(st, ":target", x->target, &rc);
        sq_bind_text(st, ":target_op", pm_target_op_str(x->target_op), &rc);
        sq_bind_int(st, ":binding", x->binding, &rc);
        sq_bind_int(st, ":cumulative", x->cumulative, &rc);
        sq_bind_int(st, ":polarity", x->polarity < 0 ? -1 : 1, &rc);
        sq_bind_text(st, ":formula", x->formula, &rc);
        sq_bind_int(st, ":rate", x->rate, &rc);
        sq_bind_int(st, ":line", x->line, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        if (!run(s, st, rc, err, "保存指标 %s（序号 %d）失败，代码或序号可能重复", x->code, x->no))
            return false;
    }
    return st != NULL;
}

/* Upserts the plan's elements by code (ids stay), after marking every
 * stored element retired; elements still retired afterwards and unused
 * by any value go. */
static bool put_elements(sq *s, const pm_plan *p, pm_err *err)
{
    if (!run_fixed(s, ST_ELEM_RETIRE, err, "整理数据项"))
        return false;
    sqlite3_stmt *st = use(s, ST_ELEM_PUT, err);
    if (!st)
        return false;
    for (size_t i = 0; i < p->nelem; i++) {
        const pm_element *e = &p->elem[i];
        /* Back in the plan already means this put named the code twice. */
        int dup = lookup_id(s, ST_ELEM_INPLAN, e->code, NULL, err);
        if (dup < 0)
            return false;
        if (dup) {
            pm_err_set(err, 0, "规划中数据项代码重复：%s", e->code);
            return false;
        }
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", e->code, &rc);
        sq_bind_text(st, ":name", e->name, &rc);
        sq_bind_text(st, ":unit", e->unit ? e->unit : "", &rc);
        sq_bind_text(st, ":agg", pm_agg_str(e->agg), &rc);
        sq_bind_text(st, ":kind", pm_kind_str(e->kind), &rc);
        sq_bind_int(st, ":level", e->level, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        if (!run(s, st, rc, err, "保存数据项 %s 失败", e->code))
            return false;
    }
    return run_fixed(s, ST_ELEM_PURGE, err, "删除规划不再使用的数据项");
}

static bool sq_put_plan(void *impl, const pm_plan *p, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, true, &outer, err))
        return false;
    bool ok = run_fixed(s, ST_PLAN_DEL, err, "清除规划");
    sqlite3_stmt *st = ok ? use(s, ST_PLAN_INS, err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":title", p->title, &rc);
        sq_bind_int(st, ":base_year", p->base_year, &rc);
        sq_bind_int(st, ":target_year", p->target_year, &rc);
        ok = run(s, st, rc, err, "保存规划失败");
    } else {
        ok = false;
    }
    ok = ok && put_goals(s, p, err) && put_indicators(s, p, err) && put_elements(s, p, err);
    return work_end(s, outer, ok, err);
}

static bool sq_has_plan(void *impl)
{
    sq *s = impl;
    pm_err ignored = {0};
    sqlite3_stmt *st = use(s, ST_HAS_PLAN, &ignored);
    if (!st)
        return false;
    bool has = sqlite3_step(st) == SQLITE_ROW;
    done(st);
    return has;
}

static bool get_goals(sq *s, pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_GOAL_GET, err);
    if (!st)
        return false;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->goals = xgrow(p->goals, &cap, p->ngoals + 1, sizeof *p->goals);
        pm_goal *g = &p->goals[p->ngoals++];
        g->label = col_dup0(st, 0);
        g->title = col_dup0(st, 1);
        g->domain = sq_col_dup(st, 2);
    }
    if (rc != SQLITE_DONE)
        fail(s, err, "读取规划目标失败");
    done(st);
    return rc == SQLITE_DONE;
}

static bool get_indicators(sq *s, pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_IND_GET, err);
    if (!st)
        return false;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->ind = xgrow(p->ind, &cap, p->nind + 1, sizeof *p->ind);
        pm_indicator *x = &p->ind[p->nind++];
        memset(x, 0, sizeof *x);
        x->code = col_dup0(st, 0);
        x->no = sqlite3_column_int(st, 1);
        x->domain = col_dup0(st, 2);
        x->subdomain = sq_col_dup(st, 3);
        x->name = col_dup0(st, 4);
        x->unit = col_dup0(st, 5);
        x->baseline = sq_col_real(st, 6);
        x->target = sq_col_real(st, 7);
        const char *op = (const char *)sqlite3_column_text(st, 8);
        if (!op || !pm_target_op_parse(op, &x->target_op))
            x->target_op = PM_OP_EQ; /* the CHECK constraint rules this out */
        x->binding = sqlite3_column_int(st, 9) != 0;
        x->cumulative = sqlite3_column_int(st, 10) != 0;
        x->polarity = sqlite3_column_int(st, 11) < 0 ? -1 : 1;
        x->formula = sq_col_dup(st, 12);
        x->rate = sqlite3_column_int(st, 13) != 0;
        x->line = (long)sqlite3_column_int64(st, 14);
    }
    if (rc != SQLITE_DONE)
        fail(s, err, "读取规划指标失败");
    done(st);
    return rc == SQLITE_DONE;
}

static bool get_elements(sq *s, pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_ELEM_GET, err);
    if (!st)
        return false;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        p->elem = xgrow(p->elem, &cap, p->nelem + 1, sizeof *p->elem);
        pm_element *e = &p->elem[p->nelem++];
        memset(e, 0, sizeof *e);
        e->id = (long)sqlite3_column_int64(st, 0);
        e->code = col_dup0(st, 1);
        e->name = col_dup0(st, 2);
        e->unit = col_dup0(st, 3);
        const char *agg = (const char *)sqlite3_column_text(st, 4);
        const char *kind = (const char *)sqlite3_column_text(st, 5);
        /* The CHECK constraints keep both parses from failing. */
        if (!agg || !pm_agg_parse(agg, &e->agg))
            e->agg = PM_AGG_SUM;
        if (!kind || !pm_kind_parse(kind, &e->kind))
            e->kind = PM_KIND_NUMBER;
        e->level = sqlite3_column_int(st, 6);
    }
    if (rc != SQLITE_DONE)
        fail(s, err, "读取数据项失败");
    done(st);
    return rc == SQLITE_DONE;
}

/* Fills p (zeroed first) from one read transaction, so that the parts
 * belong to the same plan even while another process replaces it. */
static bool sq_get_plan(void *impl, pm_plan *p, pm_err *err)
{
    sq *s = impl;
    memset(p, 0, sizeof *p);
    bool outer;
    if (!work_begin(s, false, &outer, err))
        return false;
    sqlite3_stmt *st = use(s, ST_PLAN_GET, err);
    bool ok = st != NULL;
    if (ok) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            p->title = sq_col_dup(st, 0);
            p->base_year = sqlite3_column_int(st, 1);
            p->target_year = sqlite3_column_int(st, 2);
        } else if (rc == SQLITE_DONE) {
            pm_err_set(err, 0, "数据库 %s 中还没有规划", s->path);
            ok = false;
        } else {
            fail(s, err, "读取规划失败");
            ok = false;
        }
        done(st);
    }
    ok = ok && get_goals(s, p, err) && get_indicators(s, p, err) && get_elements(s, p, err);
    /* Nothing was written: ending the read is a commit that cannot fail
     * for want of data, and a failure there is still reported. */
    ok = work_end(s, outer, ok, err);
    if (!ok)
        pm_plan_free(p);
    return ok;
}

/* ---- org units ----------------------------------------------------------------- */

/* After an upsert of units: one root, and every child below its parent.
 * Units the put did not name keep their parents, so these are checked
 * over the whole table. */
static bool units_consistent(sq *s, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_UNIT_ROOTS, err);
    if (!st)
        return false;
    int rc = sqlite3_step(st);
    char *first = rc == SQLITE_ROW ? sq_col_dup(st, 0) : NULL;
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_DONE;
    if (rc == SQLITE_ROW)
        pm_err_set(err, 0, "组织机构树只能有一个根，现有 %s 和 %s", first ? first : "",
                   (const char *)sqlite3_column_text(st, 0));
    else if (!ok)
        fail(s, err, "检查组织机构树失败");
    done(st);
    free(first);
    if (!ok)
        return false;

    st = use(s, ST_UNIT_BADLEVEL, err);
    if (!st)
        return false;
    rc = sqlite3_step(st);
    ok = rc == SQLITE_DONE;
    if (rc == SQLITE_ROW)
        pm_err_set(err, 0, "组织机构 %s 的层级（%d）必须大于其上级 %s 的层级（%d）",
                   (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                   (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3));
    else if (!ok)
        fail(s, err, "检查组织机构层级失败");
    done(st);
    return ok;
}

static bool sq_put_units(void *impl, const pm_tree *t, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, true, &outer, err))
        return false;
    sqlite3_stmt *st = use(s, ST_UNIT_PUT, err);
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < t->n; i++) {
        const pm_unit *u = &t->u[i];
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", u->code, &rc);
        sq_bind_text(st, ":name", u->name, &rc);
        sq_bind_text(st, ":parent", u->parent >= 0 ? t->u[u->parent].code : NULL, &rc);
        sq_bind_int(st, ":level", u->level, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        ok = run(s, st, rc, err, "保存组织机构 %s 失败", u->code);
    }
    ok = ok && units_consistent(s, err);
    return work_end(s, outer, ok, err);
}

typedef struct code_id {
    const char *code; /* borrowed from the pm_unit_in rows */
    long id;
} code_id;

static int code_id_cmp(const void *a, const void *b)
{
    return strcmp(((const code_id *)a)->code, ((const code_id *)b)->code);
}

static void unit_in_free(pm_unit_in *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(in[i].code);
        free(in[i].name);
        free(in[i].parent_code);
    }
    free(in);
}

/* Reads the rows in sibling order, lets pm_tree_build lay them out in
 * preorder (and check them), then gives each unit its id. The ids are
 * matched by code through a sorted array: national trees have 600,000
 * units, too many for a linear search each. */
static bool sq_get_units(void *impl, pm_tree *t, pm_err *err)
{
    sq *s = impl;
    memset(t, 0, sizeof *t);
    sqlite3_stmt *st = use(s, ST_UNIT_GET, err);
    if (!st)
        return false;
    pm_unit_in *in = NULL;
    code_id *ids = NULL;
    size_t n = 0, cap = 0, idcap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        in = xgrow(in, &cap, n + 1, sizeof *in);
        ids = xgrow(ids, &idcap, n + 1, sizeof *ids);
        pm_unit_in *u = &in[n];
        memset(u, 0, sizeof *u);
        u->code = col_dup0(st, 1);
        u->name = col_dup0(st, 2);
        u->parent_code = sq_col_dup(st, 3);
        u->level = sqlite3_column_int(st, 4);
        ids[n].code = u->code;
        ids[n].id = (long)sqlite3_column_int64(st, 0);
        n++;
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        fail(s, err, "读取组织机构失败");
    done(st);
    if (ok && n > 0) {
        pm_err why = {0};
        ok = pm_tree_build(in, n, t, &why);
        if (!ok)
            pm_err_set(err, 0, "数据库 %s 中的组织机构树有误：%s", s->path, why.msg);
    }
    if (ok && n > 0) {
        qsort(ids, n, sizeof *ids, code_id_cmp);
        for (size_t i = 0; i < t->n; i++) {
            code_id key = {t->u[i].code, 0};
            const code_id *hit = bsearch(&key, ids, n, sizeof *ids, code_id_cmp);
            t->u[i].id = hit ? hit->id : 0;
        }
    }
    free(ids);
    unit_in_free(in, n);
    return ok;
}

/* ---- figures --------------------------------------------------------------------- */

/* Reads the stored value and state of one figure: 1 found, 0 none, -1 error. */
static int old_value(sq *s, long eid, long uid, int year, double *value, int *state, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_VAL_OLD, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", year, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1) {
        *value = sq_col_real(st, 0);
        *state = sqlite3_column_int(st, 1);
    } else if (found < 0) {
        fail(s, err, "读取原有数值失败");
    }
    done(st);
    return found;
}

/* The figure and its history row, with ids already resolved. */
static bool write_value(sq *s, const pm_value_change *c, long eid, long uid, pm_err *err)
{
    double was = NAN;
    int was_state = 0;
    int had = old_value(s, eid, uid, c->year, &was, &was_state, err);
    if (had < 0)
        return false;

    sqlite3_stmt *st = use(s, ST_VAL_PUT, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", c->year, &rc);
    sq_bind_real(st, ":value", c->value, &rc);
    sq_bind_int(st, ":state", c->state, &rc);
    sq_bind_text(st, ":comment", c->comment, &rc);
    if (!run(s, st, rc, err, "保存数据项 %s（%s，%d 年）失败", c->element, c->unit, c->year))
        return false;

    st = use(s, ST_HIST_ADD, err);
    if (!st)
        return false;
    rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", c->year, &rc);
    sq_bind_text(st, ":who", c->who, &rc);
    sq_bind_real(st, ":old_value", was, &rc); /* NaN (none) when there was no figure */
    sq_bind_real(st, ":new_value", c->value, &rc);
    if (had)
        sq_bind_int(st, ":old_state", was_state, &rc);
    else
        sq_bind_text(st, ":old_state", NULL, &rc);
    sq_bind_int(st, ":new_state", c->state, &rc);
    sq_bind_text(st, ":why", c->why, &rc);
    sq_bind_text(st, ":comment", c->comment, &rc);
    return run(s, st, rc, err, "记录数据项 %s（%s，%d 年）的修改历史失败", c->element, c->unit,
               c->year);
}

static bool sq_set_value(void *impl, const pm_value_change *c, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, true, &outer, err))
        return false;
    long eid = 0, uid = 0;
    int e = lookup_id(s, ST_ELEM_ID, c->element, &eid, err);
    if (e == 0)
        pm_err_set(err, 0, "未知数据项：%s（当前规划中没有这个数据项）", c->element);
    int u = e == 1 ? lookup_id(s, ST_UNIT_ID, c->unit, &uid, err) : -1;
    if (e == 1 && u == 0)
        pm_err_set(err, 0, "未知组织机构：%s", c->unit);
    bool ok = e == 1 && u == 1 && write_value(s, c, eid, uid, err);
    return work_end(s, outer, ok, err);
}

/* The hot path of every evaluation. ST_SCAN hands every row to cb from
 * inside SQLite, through the aggregate function pm_scan_row (scan_row),
 * so that the whole table goes by in one sqlite3_step. Stepping the rows
 * out one by one and reading them with five sqlite3_column_* calls each
 * cost about 40 % more (callgrind on 96,000 rows: ~1,400 instructions a
 * row against ~1,000; SELECT sum(value) takes ~470 over the same rows).
 * pm_scan_row is registered on this connection only, SQLITE_DIRECTONLY
 * (SQL kept in the file, such as views and triggers, cannot call it).
 * The callback must not call back into the store (the statement is busy). */
static bool sq_scan_values(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx,
                           pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = use(s, ST_SCAN, err);
    if (!st)
        return false;
    s->scan_cb = cb;
    s->scan_ctx = ctx;
    s->scan_stopped = false;
    int rc = sqlite3_step(st); /* one row: the aggregate's NULL */
    bool ok = rc == SQLITE_ROW || s->scan_stopped;
    if (!ok)
        fail(s, err, "读取数据库 %s 中的数值失败", s->path);
    s->scan_cb = NULL;
    s->scan_ctx = NULL;
    done(st);
    return ok;
}

/* ---- bulk writes, review, listings ----------------------------------------------- */

/* Binds a store id, NULL for 0 (a filter's "any"). */
static void bind_id(sqlite3_stmt *st, const char *name, long id, int *rc)
{
    if (id)
        sq_bind_int(st, name, id, rc);
    else
        sq_bind_text(st, name, NULL, rc);
}

/* Copies the code of the row with that id (ST_ELEM_CODE or ST_UNIT_CODE)
 * into out: 1 found, 0 not there, -1 error. For messages only: it leaves
 * err alone, so the failure being reported keeps its say. */
static int lookup_code(sq *s, st_id id, long key, char *out, size_t cap)
{
    pm_err ignored = {0};
    sqlite3_stmt *st = use(s, id, &ignored);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":id", key, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (found == 1)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    done(st);
    return found;
}

/* The id of a unit code, or an error naming it. */
static bool find_unit(sq *s, const char *code, long *id, pm_err *err)
{
    int found = lookup_id(s, ST_UNIT_ID, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "未知组织机构：%s", code);
    return found == 1;
}

/* The id of an element code, retired elements included, or an error. */
static bool find_element(sq *s, const char *code, long *id, pm_err *err)
{
    int found = lookup_id(s, ST_ELEM_ANY_ID, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "未知数据项：%s", code);
    return found == 1;
}

/* The current UTC time as the history stores it, read once per batch so
 * that every row of the batch carries the same time. */
static bool batch_time(sq *s, char *at, size_t cap, pm_err *err)
{
    sqlite3_stmt *st = use(s, ST_NOW, err);
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0);
    if (ok)
        snprintf(at, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    else
        fail(s, err, "读取当前时间失败");
    done(st);
    return ok;
}

/* Parameter positions of the two statements a batch steps, looked up once
 * per call: the row loop binds by position (the SQL still names them). */
enum { WP_ELEMENT, WP_UNIT, WP_YEAR, WP_VALUE, WP_STATE, WP_COMMENT, WP_COUNT };
static const char *const wp_names[WP_COUNT] = {":element_id", ":unit_id", ":year",
                                               ":value",      ":state",   ":comment"};
enum { WH_ELEMENT, WH_UNIT, WH_YEAR, WH_OLD_VALUE, WH_NEW_VALUE, WH_OLD_STATE, WH_NEW_STATE,
       WH_COMMENT, WH_COUNT };
static const char *const wh_names[WH_COUNT] = {":element_id", ":unit_id",   ":year",
                                               ":old_value",  ":new_value", ":old_state",
                                               ":new_state",  ":comment"};

static bool positions(sqlite3_stmt *st, const char *const *names, int *pos, int n)
{
    for (int i = 0; i < n; i++)
        if (!(pos[i] = sqlite3_bind_parameter_index(st, names[i])))
            return false;
    return true;
}

static int bind_real_at(sqlite3_stmt *st, int i, double v)
{
    return isnan(v) ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, v);
}

static int bind_text_at(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Says which row of a batch failed (1-based) and why: an element or unit
 * id that is not there (the foreign keys' refusal), else the row's codes
 * and SQLite's message. Called before the failed statement is reset, and
 * only on failure, so it may look codes up. */
static void row_failed(sq *s, const pm_value_write *w, size_t row, const char *what, pm_err *err)
{
    char why[256], elem[128], unit[128];
    snprintf(why, sizeof why, "%s", sqlite3_errmsg(s->db));
    int e = lookup_code(s, ST_ELEM_CODE, w->element_id, elem, sizeof elem);
    int u = lookup_code(s, ST_UNIT_CODE, w->unit_id, unit, sizeof unit);
    if (e == 0)
        pm_err_set(err, 0, "批量保存的第 %zu 行：数据项 id %ld 不存在，整批未保存", row, w->element_id);
    else if (u == 0)
        pm_err_set(err, 0, "批量保存的第 %zu 行：组织机构 id %ld 不存在，整批未保存", row, w->unit_id);
    else if (e == 1 && u == 1)
        pm_err_set(err, 0, "批量保存的第 %zu 行（数据项 %s，组织机构 %s，%d 年）%s失败，整批未保存：%s",
                   row, elem, unit, w->year, what, why);
    else
        pm_err_set(err, 0,
                   "批量保存的第 %zu 行（数据项 id %ld，组织机构 id %ld，%d 年）%s失败，整批未保存：%s",
                   row, w->element_id, w->unit_id, w->year, what, why);
}

/* The one-row path of a batch: per row two binds-and-steps of prepared
 * statements. Used for a batch's last rows (fewer than WRITE_CHUNK), for a
 * chunk that clears a comment, and to find the row a chunk failed on. The
 * batch's :at, :who and :why stay bound (sqlite3_reset keeps bindings).
 * Binding by position onto a reset statement fails only on a bug, so the
 * codes are or-ed and checked once. first: the 0-based position of v[0]
 * in the caller's batch, for messages. */
static bool write_rows(sq *s, sqlite3_stmt *put, const int *pp, sqlite3_stmt *hist, const int *hp,
                       const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const pm_value_write *w = &v[i];
        int bad = sqlite3_bind_int64(put, pp[WP_ELEMENT], w->element_id);
        bad |= sqlite3_bind_int64(put, pp[WP_UNIT], w->unit_id);
        bad |= sqlite3_bind_int(put, pp[WP_YEAR], w->year);
        bad |= bind_real_at(put, pp[WP_VALUE], w->value);
        bad |= sqlite3_bind_int(put, pp[WP_STATE], (int)w->state);
        bad |= bind_text_at(put, pp[WP_COMMENT], w->comment);
        if (bad) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：绑定参数失败", first + i + 1);
            return false;
        }
        if (sqlite3_step(put) != SQLITE_DONE) {
            row_failed(s, w, first + i + 1, "保存数值", err);
            return false;
        }
        sqlite3_reset(put);

        bad = sqlite3_bind_int64(hist, hp[WH_ELEMENT], w->element_id);
        bad |= sqlite3_bind_int64(hist, hp[WH_UNIT], w->unit_id);
        bad |= sqlite3_bind_int(hist, hp[WH_YEAR], w->year);
        bad |= bind_real_at(hist, hp[WH_OLD_VALUE], w->old_value);
        bad |= bind_real_at(hist, hp[WH_NEW_VALUE], w->value);
        bad |= w->old_state < 0 ? sqlite3_bind_null(hist, hp[WH_OLD_STATE])
                                : sqlite3_bind_int(hist, hp[WH_OLD_STATE], w->old_state);
        bad |= sqlite3_bind_int(hist, hp[WH_NEW_STATE], (int)w->state);
        bad |= bind_text_at(hist, hp[WH_COMMENT], w->comment);
        if (bad) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：绑定参数失败", first + i + 1);
            return false;
        }
        if (sqlite3_step(hist) != SQLITE_DONE) {
            row_failed(s, w, first + i + 1, "记录修改历史", err);
            return false;
        }
        sqlite3_reset(hist);
    }
    return true;
}

/* ---- multi-row writes ---- */

/* Rows per multi-row INSERT. One statement step per chunk instead of one
 * per row saves SQLite's per-statement work (VDBE start and halt, cursor
 * opening, the statement journal) 63 times in 64; past a few dozen rows
 * the gain flattens (measured on the 10-million-row import benchmark,
 * docs/performance.md) while the statement's parameters grow (6 and 8 a
 * row, far under SQLITE_MAX_VARIABLE_NUMBER). */
enum { WRITE_CHUNK = 64, PUT_PARAMS = 6, HIST_PARAMS = 8, HIST_FIXED = 3 };

/* The figures of a chunk: the one-row ST_VAL_PUT repeated, except that the
 * comment goes in as it is and a NULL keeps the stored one. "" (clear the
 * comment) cannot be told from NULL once it went through nullif, so chunks
 * holding one take the one-row path (chunk_clears_comment). */
static const char put_many_head[] =
    "INSERT INTO data_value(element_id, unit_id, year, value, state, comment) VALUES ";
static const char put_many_tail[] =
    " ON CONFLICT(element_id, unit_id, year) DO UPDATE SET value = excluded.value,"
    " state = excluded.state, comment = coalesce(excluded.comment, data_value.comment)";
/* Their history rows: ?1 :at, ?2 :who, ?3 :why, bound once per batch and
 * shared by every row; each row's own parameters follow. */
static const char hist_many_head[] =
    "INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
    " new_value, old_state, new_state, why, comment) VALUES ";

/* Prepares the two chunk statements on first use (kept until close).
 * Only placeholders are generated: no data reaches the SQL text. */
static bool prepare_many(sq *s, pm_err *err)
{
    if (s->put_many && s->hist_many)
        return true;
    buf put = BUF_INIT, hist = BUF_INIT;
    buf_puts(&put, put_many_head);
    buf_puts(&hist, hist_many_head);
    for (int r = 0; r < WRITE_CHUNK; r++) {
        int p = r * PUT_PARAMS, h = HIST_FIXED + r * HIST_PARAMS;
        buf_printf(&put, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", r ? ", " : "", p + 1, p + 2, p + 3, p + 4, p + 5,
                   p + 6);
        /* element, unit, year, at, who, old_value, new_value, old_state, new_state, why, comment */
        buf_printf(&hist, "%s(?%d, ?%d, ?%d, ?1, ?2, ?%d, ?%d, ?%d, ?%d, ?3, ?%d)", r ? ", " : "", h + 1, h + 2,
                   h + 3, h + 4, h + 5, h + 6, h + 7, h + 8);
    }
    buf_puts(&put, put_many_tail);
    int rc = sqlite3_prepare_v3(s->db, buf_str(&put), -1, SQLITE_PREPARE_PERSISTENT, &s->put_many, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v3(s->db, buf_str(&hist), -1, SQLITE_PREPARE_PERSISTENT, &s->hist_many, NULL);
    buf_free(&put);
    buf_free(&hist);
    if (rc != SQLITE_OK) {
        fail(s, err, "数据库 %s 准备批量写入语句失败", s->path);
        sqlite3_finalize(s->put_many);
        sqlite3_finalize(s->hist_many);
        s->put_many = s->hist_many = NULL;
        return false;
    }
    return true;
}

static bool chunk_clears_comment(const pm_value_write *v)
{
    for (int i = 0; i < WRITE_CHUNK; i++)
        if (v[i].comment && !v[i].comment[0])
            return true;
    return false;
}

/* Binds the WRITE_CHUNK rows at v to the chunk statements; SQLITE_OK or
 * the first failure (a bug: the positions are the statements' own). */
static int bind_chunk(sq *s, const pm_value_write *v)
{
    sqlite3_stmt *put = s->put_many, *hist = s->hist_many;
    int bad = SQLITE_OK;
    for (int r = 0; r < WRITE_CHUNK; r++) {
        const pm_value_write *w = &v[r];
        int p = r * PUT_PARAMS, h = HIST_FIXED + r * HIST_PARAMS;
        bad |= sqlite3_bind_int64(put, p + 1, w->element_id);
        bad |= sqlite3_bind_int64(put, p + 2, w->unit_id);
        bad |= sqlite3_bind_int(put, p + 3, w->year);
        bad |= bind_real_at(put, p + 4, w->value);
        bad |= sqlite3_bind_int(put, p + 5, (int)w->state);
        bad |= bind_text_at(put, p + 6, w->comment);
        bad |= sqlite3_bind_int64(hist, h + 1, w->element_id);
        bad |= sqlite3_bind_int64(hist, h + 2, w->unit_id);
        bad |= sqlite3_bind_int(hist, h + 3, w->year);
        bad |= bind_real_at(hist, h + 4, w->old_value);
        bad |= bind_real_at(hist, h + 5, w->value);
        bad |= w->old_state < 0 ? sqlite3_bind_null(hist, h + 6) : sqlite3_bind_int(hist, h + 6, w->old_state);
        bad |= sqlite3_bind_int(hist, h + 7, (int)w->state);
        bad |= bind_text_at(hist, h + 8, w->comment);
    }
    return bad;
}

/* One chunk: its figures in one statement, then their history rows in
 * another. 1 written, 0 refused by a constraint (a foreign key: an id that
 * is not there) with the transaction still open, -1 any other failure
 * (err set). The statement that fails is undone by SQLite as a whole
 * (statement journal), so after a 0 the caller may redo the chunk row by
 * row to name the row at fault. */
static int write_chunk(sq *s, const pm_value_write *v, size_t first, pm_err *err)
{
    if (bind_chunk(s, v) != SQLITE_OK) {
        pm_err_set(err, 0, "批量保存的第 %zu–%zu 行：绑定参数失败", first + 1, first + WRITE_CHUNK);
        return -1;
    }
    int rc = sqlite3_step(s->put_many);
    if (rc == SQLITE_DONE)
        rc = sqlite3_step(s->hist_many);
    int out = 1;
    if (rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT && !sqlite3_get_autocommit(s->db)) {
            out = 0;
        } else {
            fail(s, err, "批量保存的第 %zu–%zu 行失败，整批未保存", first + 1, first + WRITE_CHUNK);
            out = -1;
        }
    }
    sqlite3_reset(s->put_many);
    sqlite3_reset(s->hist_many);
    return out;
}

/* Every row of a batch: whole chunks through the multi-row statements,
 * the rest (and chunks the one-row path must take) row by row. Rows are
 * written, and their history appended, in the batch's order. */
static bool write_all(sq *s, sqlite3_stmt *put, const int *pp, sqlite3_stmt *hist, const int *hp,
                      const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    size_t i = 0;
    for (; i + WRITE_CHUNK <= n; i += WRITE_CHUNK) {
        int got = chunk_clears_comment(v + i) ? 0 : write_chunk(s, v + i, first + i, err);
        if (got < 0)
            return false;
        /* 0: the one-row path writes the chunk, or finds the row at fault. */
        if (got == 0 && !write_rows(s, put, pp, hist, hp, v + i, WRITE_CHUNK, first + i, err))
            return false;
    }
    return write_rows(s, put, pp, hist, hp, v + i, n - i, first + i, err);
}

/* ---- foreign keys, checked once per id ---- */

/* A batch that opens its own transaction writes with the connection's
 * foreign keys off, and checks instead, under the same write lock, that
 * every element and unit id it writes is there: once per distinct id,
 * not twice per row (data_value and value_history each name both). The
 * guarantee is the same: BEGIN IMMEDIATE holds the write lock from before
 * the first check to the commit, so nothing can remove a checked row in
 * between, and the batch itself deletes nothing. Per-row checks were a
 * third of the instructions of a bulk write (callgrind, 200,000 rows of
 * the import benchmark). PRAGMA foreign_keys can change only outside a
 * transaction, so a batch inside the caller's transaction keeps them on.
 * The message is the foreign keys' own (row_failed): the first row whose
 * id is not there. */
typedef struct id_check {
    u64map elems, units; /* ids found present */
    long last_e, last_u; /* the previous row's, found present (rows come sorted) */
} id_check;

static bool id_present(sq *s, st_id id, long key, u64map *found, long *last, int *rc)
{
    size_t ignored;
    if (key == *last || u64map_get(found, (uint64_t)key, &ignored)) {
        *last = key;
        return true;
    }
    char code[128];
    int got = lookup_code(s, id, key, code, sizeof code);
    if (got < 0)
        *rc = -1;
    if (got != 1)
        return false;
    u64map_put(found, (uint64_t)key, 1);
    *last = key;
    return true;
}

/* 1 every id of rows[0..n) present, 0 not (err names the row, numbered
 * from first + 1), -1 the lookup failed (err set). */
static int check_ids(sq *s, id_check *c, const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = 0;
        bool e = id_present(s, ST_ELEM_CODE, v[i].element_id, &c->elems, &c->last_e, &rc);
        bool u = e && id_present(s, ST_UNIT_CODE, v[i].unit_id, &c->units, &c->last_u, &rc);
        if (rc < 0) {
            fail(s, err, "批量保存的第 %zu 行：查找数据项或组织机构失败", first + i + 1);
            return -1;
        }
        if (!e) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：数据项 id %ld 不存在，整批未保存", first + i + 1, v[i].element_id);
            return 0;
        }
        if (!u) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：组织机构 id %ld 不存在，整批未保存", first + i + 1, v[i].unit_id);
            return 0;
        }
    }
    return 1;
}

/* Enters (on) or leaves the settings of a bulk write that owns its
 * transaction (outside a transaction only: SQLite ignores both pragmas
 * inside one): foreign keys off (see id_check), and statement journals in
 * memory. Each 64-row statement journals the pages it changes, so that it
 * can be undone alone; past 64 KiB SQLite spills that journal to a
 * temporary file, and a million-row import made 430,000 writes instead of
 * 105,000 (strace), a few per cent of its time. Not for every
 * transaction: under a savepoint (a write inside the caller's
 * transaction) the in-memory journal made bulk writes slower instead. */
static bool bulk_mode(sq *s, bool on, pm_err *err)
{
    const char *sql = on ? "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY"
                         : "PRAGMA foreign_keys = ON; PRAGMA temp_store = DEFAULT";
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return true;
    fail(s, err, "数据库 %s %s批量写入设置失败", s->path, on ? "进入" : "退出");
    return false;
}

/* One unit of work for every row the stream hands out (see work_begin):
 * a failing row undoes every row before it. */
static bool sq_write_values(void *impl, pm_write_next next, void *ctx, const char *who, const char *why,
                            pm_err *err)
{
    sq *s = impl;
    /* Own transaction: foreign keys off, ids checked instead (see
     * id_check); statement journals in memory (bulk_mode). */
    bool own = sqlite3_get_autocommit(s->db) != 0;
    if (own && !bulk_mode(s, true, err))
        return false;
    bool outer;
    if (!work_begin(s, true, &outer, err)) {
        if (own)
            bulk_mode(s, false, err);
        return false;
    }
    char at[40];
    int pp[WP_COUNT], hp[WH_COUNT];
    sqlite3_stmt *put = use(s, ST_VAL_PUT, err);
    sqlite3_stmt *hist = put ? use(s, ST_HIST_WRITE, err) : NULL;
    bool ok = hist && prepare_many(s, err) && batch_time(s, at, sizeof at, err);
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_text(hist, ":at", at, &rc);
        sq_bind_text(hist, ":who", who, &rc);
        sq_bind_text(hist, ":why", why, &rc);
        if (rc == SQLITE_OK) {
            rc = bind_text_at(s->hist_many, 1, at);
            rc |= bind_text_at(s->hist_many, 2, who);
            rc |= bind_text_at(s->hist_many, 3, why);
        }
        if (rc != SQLITE_OK || !positions(put, wp_names, pp, WP_COUNT) ||
            !positions(hist, wh_names, hp, WH_COUNT)) {
            pm_err_set(err, 0, "批量保存数值：绑定参数失败（%s）",
                       sqlite3_errstr(rc != SQLITE_OK ? rc : SQLITE_RANGE));
            ok = false;
        }
    }
    id_check ids = {.last_e = -1, .last_u = -1};
    u64map_init(&ids.elems, 64);
    u64map_init(&ids.units, 1024);
    size_t first = 0;
    while (ok) {
        const pm_value_write *rows = NULL;
        size_t n = 0;
        int got = next(ctx, &rows, &n, err);
        if (got <= 0) {
            ok = got == 0;
            break;
        }
        ok = (!own || check_ids(s, &ids, rows, n, first, err) == 1) &&
             write_all(s, put, pp, hist, hp, rows, n, first, err);
        first += n;
    }
    u64map_free(&ids.elems);
    u64map_free(&ids.units);
    /* at, who, why and the comments are borrowed: no binding outlives the call. */
    if (put)
        done(put);
    if (hist)
        done(hist);
    if (s->put_many)
        done(s->put_many);
    if (s->hist_many)
        done(s->hist_many);
    ok = work_end(s, outer, ok, err);
    /* Back to the usual settings for every other write of this
     * connection. Setting them outside a transaction does not fail short of
     * a broken connection; the batch's own outcome stands either way. */
    if (own) {
        pm_err ignored = {0};
        bulk_mode(s, false, &ignored);
    }
    return ok;
}

/* Reads one integer from a fixed statement without parameters. */
static bool fixed_int(sq *s, st_id id, long long *out, pm_err *err, const char *what)
{
    sqlite3_stmt *st = use(s, id, err);
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int64(st, 0);
    else
        fail(s, err, "%s失败", what);
    done(st);
    return ok;
}

/* History rows first, then the figures they name (see ST_MOVE_LOG). */
static bool sq_transition(void *impl, const pm_transition *t, size_t *moved, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, true, &outer, err))
        return false;
    long uid = 0, eid = 0;
    long long after = 0;
    bool ok = find_unit(s, t->unit, &uid, err) && (!t->element || find_element(s, t->element, &eid, err)) &&
              fixed_int(s, ST_HIST_LAST, &after, err, "读取修改历史的最新编号");
    const char *to = pm_vstate_label(t->to);
    int logged = 0, changed = 0;
    sqlite3_stmt *st = ok ? use(s, ST_MOVE_LOG, err) : NULL;
    ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_int(st, ":unit_id", uid, &rc);
        bind_id(st, ":element_id", eid, &rc);
        sq_bind_int(st, ":year", t->year, &rc);
        sq_bind_int(st, ":from", t->from, &rc);
        sq_bind_int(st, ":to", t->to, &rc);
        sq_bind_text(st, ":who", t->who, &rc);
        sq_bind_text(st, ":why", t->why, &rc);
        ok = run(s, st, rc, err, "记录组织机构 %s 及其下级数值改为“%s”的修改历史失败", t->unit, to);
        logged = sqlite3_changes(s->db);
    }
    st = ok ? use(s, ST_MOVE_SET, err) : NULL;
    ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_int(st, ":to", t->to, &rc);
        sq_bind_int(st, ":after", after, &rc);
        ok = run(s, st, rc, err, "将组织机构 %s 及其下级的数值改为“%s”失败", t->unit, to);
        changed = sqlite3_changes(s->db);
        if (ok && changed != logged) {
            pm_err_set(err, 0, "将组织机构 %s 及其下级的数值改为“%s”失败：改动 %d 个，修改历史却有 %d 条",
                       t->unit, to, changed, logged);
            ok = false;
        }
    }
    ok = work_end(s, outer, ok, err);
    if (moved)
        *moved = ok ? (size_t)changed : 0;
    return ok;
}

/* Binds a filter's ids (0: any) and year to a listing statement. */
static bool bind_filter(sq *s, sqlite3_stmt *st, long uid, long eid, int year, bool ids, pm_err *err)
{
    int rc = SQLITE_OK;
    if (ids) {
        bind_id(st, ":unit_id", uid, &rc);
        bind_id(st, ":element_id", eid, &rc);
    }
    sq_bind_int(st, ":year", year, &rc);
    if (rc != SQLITE_OK)
        pm_err_set(err, 0, "数据库 %s 读取数值：绑定参数失败（%s）", s->path, sqlite3_errstr(rc));
    return rc == SQLITE_OK;
}

/* The ids a filter names (0: any), or an error naming an unknown code. */
static bool filter_ids(sq *s, const pm_filter *f, long *uid, long *eid, pm_err *err)
{
    *uid = *eid = 0;
    return (!f->unit || find_unit(s, f->unit, uid, err)) &&
           (!f->element || find_element(s, f->element, eid, err));
}

/* One read transaction: the codes and the rows come from one snapshot.
 * cb must not call back into the store (the statement is busy). */
static bool sq_list_values(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r),
                           void *ctx, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, false, &outer, err))
        return false;
    long uid, eid;
    sqlite3_stmt *st = filter_ids(s, f, &uid, &eid, err) ? use(s, ST_VAL_LIST, err) : NULL;
    bool ok = st && bind_filter(s, st, uid, eid, f->year, true, err);
    if (ok) {
        pm_value_row r;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            r.element = (const char *)sqlite3_column_text(st, 0);
            r.unit = (const char *)sqlite3_column_text(st, 1);
            r.year = sqlite3_column_int(st, 2);
            r.value = sq_col_real(st, 3);
            r.state = (pm_vstate)sqlite3_column_int(st, 4);
            r.comment = (const char *)sqlite3_column_text(st, 5);
            if (!cb(ctx, &r))
                break;
        }
        ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
        if (!ok)
            fail(s, err, "读取数据库 %s 中的数值失败", s->path);
    }
    if (st)
        done(st);
    return work_end(s, outer, ok, err);
}

/* As sq_list_values; the statement depends on whether the filter names a
 * unit or an element (see ST_HIST_SCAN and ST_HIST_SEEK). */
static bool sq_history(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r),
                       void *ctx, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, false, &outer, err))
        return false;
    long uid, eid;
    bool seek = f->unit || f->element;
    sqlite3_stmt *st =
        filter_ids(s, f, &uid, &eid, err) ? use(s, seek ? ST_HIST_SEEK : ST_HIST_SCAN, err) : NULL;
    bool ok = st && bind_filter(s, st, uid, eid, f->year, seek, err);
    if (ok) {
        pm_history_row r;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            r.id = (long)sqlite3_column_int64(st, 0);
            r.element = (const char *)sqlite3_column_text(st, 1);
            r.unit = (const char *)sqlite3_column_text(st, 2);
            r.year = sqlite3_column_int(st, 3);
            r.at = (const char *)sqlite3_column_text(st, 4);
            r.who = (const char *)sqlite3_column_text(st, 5);
            r.old_value = sq_col_real(st, 6);
            r.new_value = sq_col_real(st, 7);
            r.old_state = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
            r.new_state = sqlite3_column_int(st, 9);
            r.why = (const char *)sqlite3_column_text(st, 10);
            r.comment = (const char *)sqlite3_column_text(st, 11);
            if (!cb(ctx, &r))
                break;
        }
        ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
        if (!ok)
            fail(s, err, "读取数据库 %s 中的修改历史失败", s->path);
    }
    if (st)
        done(st);
    return work_end(s, outer, ok, err);
}

/* ---- unit targets -------------------------------------------------------------- */

static bool put_target(sq *s, sqlite3_stmt *st, const pm_unit_target *t, pm_err *err)
{
    long uid = 0;
    int found = lookup_id(s, ST_UNIT_ID, t->unit, &uid, err);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的组织机构不存在：%s", t->unit);
    if (found != 1)
        return false;
    found = lookup_id(s, ST_IND_EXISTS, t->indicator, NULL, err);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的指标不存在：%s（组织机构 %s）", t->indicator, t->unit);
    if (found != 1)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_text(st, ":indicator", t->indicator, &rc);
    sq_bind_real(st, ":baseline", t->baseline, &rc);
    sq_bind_real(st, ":target", t->target, &rc);
    return run(s, st, rc, err, "保存组织机构 %s 指标 %s 的分解目标失败（可能重复）", t->unit,
               t->indicator);
}

static bool sq_put_targets(void *impl, const pm_unit_target *t, size_t n, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!work_begin(s, true, &outer, err))
        return false;
    bool ok = run_fixed(s, ST_TGT_DEL, err, "清除分解目标");
    sqlite3_stmt *st = ok ? use(s, ST_TGT_INS, err) : NULL;
    ok = st != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = put_target(s, st, &t[i], err);
    return work_end(s, outer, ok, err);
}

/* *t is a malloc'd array the caller frees with pm_unit_targets_free;
 * NULL with *n = 0 when there are none (and on failure). */
static bool sq_get_targets(void *impl, pm_unit_target **t, size_t *n, pm_err *err)
{
    sq *s = impl;
    *t = NULL;
    *n = 0;
    sqlite3_stmt *st = use(s, ST_TGT_GET, err);
    if (!st)
        return false;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *t = xgrow(*t, &cap, *n + 1, sizeof **t);
        pm_unit_target *x = &(*t)[(*n)++];
        x->unit = col_dup0(st, 0);
        x->indicator = col_dup0(st, 1);
        x->baseline = sq_col_real(st, 2);
        x->target = sq_col_real(st, 3);
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok) {
        fail(s, err, "读取分解目标失败");
        pm_unit_targets_free(*t, *n);
        *t = NULL;
        *n = 0;
    }
    done(st);
    return ok;
}

/* ---- checking ----------------------------------------------------------------- */

/* PRAGMA integrity_check answers "ok" alone when clean, else one row per
 * problem; PRAGMA foreign_key_check answers nothing when clean. The first
 * problems found go into err. */
static bool sq_check(void *impl, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = use(s, ST_INTEGRITY, err);
    if (!st)
        return false;
    char found[512] = "";
    size_t len = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        if (row && !strcmp(row, "ok"))
            continue;
        if (len < sizeof found - 1)
            len += (size_t)snprintf(found + len, sizeof found - len, "%s%s", len ? "；" : "",
                                    row ? row : "?");
    }
    if (rc != SQLITE_DONE)
        fail(s, err, "检查数据库 %s 的完整性失败", s->path);
    done(st);
    if (rc != SQLITE_DONE)
        return false;
    if (found[0]) {
        pm_err_set(err, 0, "数据库 %s 完整性检查未通过：%s", s->path, found);
        return false;
    }

    st = use(s, ST_FK_CHECK, err);
    if (!st)
        return false;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        pm_err_set(err, 0, "数据库 %s 外键检查未通过：表 %s 第 %lld 行引用的 %s 记录不存在", s->path,
                   (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
                   (const char *)sqlite3_column_text(st, 2));
    else if (rc != SQLITE_DONE)
        fail(s, err, "检查数据库 %s 的外键失败", s->path);
    done(st);
    return rc == SQLITE_DONE;
}

const pm_store_ops pm_sqlite_store_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .version = sq_version,
    .version_latest = sq_version_latest,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .put_plan = sq_put_plan,
    .get_plan = sq_get_plan,
    .has_plan = sq_has_plan,
    .put_units = sq_put_units,
    .get_units = sq_get_units,
    .set_value = sq_set_value,
    .scan_values = sq_scan_values,
    .write_values = sq_write_values,
    .transition = sq_transition,
    .list_values = sq_list_values,
    .history = sq_history,
    .put_targets = sq_put_targets,
    .get_targets = sq_get_targets,
    .check = sq_check,
    .users = &pm_sqlite_user_ops,
};

struct sqlite3 *pm_sqlite_db(void *impl)
{
    return ((sq *)impl)->db;
}

const char *pm_sqlite_path(void *impl)
{
    return ((sq *)impl)->path;
}
