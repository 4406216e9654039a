/* The SQLite backend of the store (store_backend.h): opening and closing
 * the connection, transactions, the integrity check, and the table of
 * functions. The statements live with their concept: sqlite_plan.c,
 * sqlite_units.c, sqlite_values.c (figures, review, listings, history),
 * sqlite_bulk.c (imports), sqlite_targets.c, sqlite_users.c; the schema
 * and its migrations in sqlite_schema.c; the statement helpers and units
 * of work they share in sqlite_conn.c. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_ro.h"
#include "store/sqlite_schema.h"
#include "store/copy_backend.h"
#include "store/store_backend.h"
#include "store/plans_backend.h"
#include "store/users_backend.h"
#include "store/collect_backend.h"
#include "store/work_backend.h"

static const char SQL_INTEGRITY[] = "PRAGMA integrity_check";
static const char SQL_FK_CHECK[] = "PRAGMA foreign_key_check";

/* ---- opening, closing ---------------------------------------------------------- */

static void sq_close(void *impl)
{
    sq *s = impl;
    if (!s)
        return;
    if (s->gen_known)
        sq_blocks_leave(s);
    sq_forget_statements(s);
    sqlite3_finalize(s->put_many);
    sqlite3_finalize(s->hist_many);
    /* Closing rolls back an open transaction; the last connection to a WAL
     * database checkpoints and removes the -wal file. */
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* Connection settings. WAL lets readers (the web pages) run while a writer
 * imports; synchronous=NORMAL is durable across crashes of the program in
 * WAL mode and loses at most the last commits on power loss. A new (empty)
 * file gets 16 KiB pages before anything is written (the size is fixed once
 * the file is in WAL mode): a bulk import of figures wrote 0.82× the time
 * with them (issue 17: fewer b-tree pages, splits and WAL frames per row),
 * and an evaluation's scan reads fewer pages. */
static bool configure(sq *s, bool empty, pm_err *err)
{
    static const char *const pragmas[] = {
        "PRAGMA page_size = 16384",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA foreign_keys = ON",
    };
    for (size_t i = empty ? 0 : 1; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        if (sqlite3_exec(s->db, pragmas[i], NULL, NULL, NULL) != SQLITE_OK) {
            sq_fail(s, err, "设置数据库 %s 失败（%s）", s->path, pragmas[i]);
            return false;
        }
    }
    return true;
}

/* A database opened read-only is used as it is: it must be planmon's
 * current schema (an older one would need the migration that a read-only
 * open must not run), and only foreign keys are set (the journal mode is
 * the file's). */
static bool vet_read_only(sq *s, pm_err *err)
{
    if (s->version == 0) {
        pm_err_set(err, 0, "%s 是空文件，不是 planmon 数据库", s->path);
        return false;
    }
    if (s->version < pm_sqlite_schema_latest) {
        pm_err_set(err, 0,
                   "数据库 %s 是旧版本（第 %d 版），而本用户不能写它，无法升级：请由有写权限的用户"
                   "用本版本运行一次 planmon check --db %s（会先升级）",
                   s->path, s->version, s->path);
        return false;
    }
    if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
        sq_fail(s, err, "设置数据库 %s 失败", s->path);
        return false;
    }
    return true;
}

static void *sq_open(const char *where, pm_open_mode mode, pm_err *err)
{
    struct stat sb;
    if (mode != PM_STORE_CREATE && stat(where, &sb) != 0) {
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
    pm_sqlite_ro ro = {0};
    if (mode == PM_STORE_READ) {
        if (!pm_sqlite_ro_plan(where, &ro, err)) {
            sq_close(s);
            return NULL;
        }
        flags = ro.flags | SQLITE_OPEN_NOMUTEX;
    }
    int rc = sqlite3_open_v2(ro.name ? ro.name : where, &s->db, flags, NULL);
    free(ro.name);
    if (rc != SQLITE_OK) {
        if (s->db)
            sq_fail(s, err, "无法打开数据库 %s", where);
        else
            pm_err_set(err, 0, "无法打开数据库 %s：内存不足", where);
        sq_close(s);
        return NULL;
    }
    /* SQLite falls back to reading a file it may not write; a command that
     * means to write says so now, not at its first write. */
    if (mode != PM_STORE_READ && sqlite3_db_readonly(s->db, "main") == 1) {
        pm_err_set(err, 0,
                   "数据库 %s 是只读的（没有写权限，或在只读文件系统上），不能修改；"
                   "只读的命令（status、export、report、history）可以使用",
                   where);
        sq_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* Defensive: no writable_schema tricks from SQL that reaches the file
     * some other way; planmon itself never needs them. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    if (!sq_scan_register(s, err) || !sq_clock_register(s, err) || !sq_levels_register(s, err)) {
        sq_close(s);
        return NULL;
    }
    /* A file this user may write is migrated forward even when only read
     * (as every command does on start); one it may not is read as it is. */
    bool empty = false;
    bool ok = sq_vet_file(s, mode, &empty, err);
    if (ok && mode == PM_STORE_READ && (empty || !ro.query_only))
        ok = vet_read_only(s, err);
    else if (ok)
        ok = configure(s, empty, err) && (s->version >= pm_sqlite_schema_latest || sq_migrate(s, mode == PM_STORE_CREATE, err));
    if (ok && ro.query_only && sqlite3_exec(s->db, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK) {
        sq_fail(s, err, "设置数据库 %s 只读失败", where);
        ok = false;
    }
    if (!ok) {
        sq_close(s);
        return NULL;
    }
    if (mode != PM_STORE_READ)
        sq_blocks_opened(s);
    return s;
}

/* A database file is there, and it is one this binary may use. As on
 * PostgreSQL (pg_exists reads the schema's version), a file that is
 * another program's, no SQLite file at all, or of a newer schema is -1
 * with err saying which: every door answers it as bad input (the CLI's
 * exit 2), not as a store that failed. Read by the read-only rules
 * (sqlite_ro.h), so a file on a read-only medium is vetted too; nothing is
 * migrated or written here. */
static int sq_exists(const char *where, pm_err *err)
{
    struct stat sb;
    if (stat(where, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        pm_err_set(err, 0, "无法访问数据库文件 %s：%s", where, strerror(errno));
        return -1;
    }
    /* A file that cannot be read safely or opened at all (a crashed
     * writer's log on a read-only mount, no permission) is there: opening
     * it says why, as a failure of the store. */
    pm_sqlite_ro ro = {0};
    pm_err later = {0};
    if (!pm_sqlite_ro_plan(where, &ro, &later))
        return 1;
    sq *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(where);
    int there = 1;
    bool empty = false;
    if (sqlite3_open_v2(ro.name ? ro.name : where, &s->db, ro.flags | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(s->db, 5000);
        if (!sq_vet_file(s, PM_STORE_OPEN, &empty, err))
            there = -1;
    }
    free(ro.name);
    sq_close(s);
    return there;
}

/* The file and the files SQLite keeps beside it (WAL, shared memory, a
 * rollback journal left by a crash). */
static bool sq_destroy(const char *where, pm_err *err)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    char path[4096];
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        if ((size_t)snprintf(path, sizeof path, "%s%s", where, sides[i]) >= sizeof path) {
            pm_err_set(err, 0, "数据库文件名过长：%s", where);
            return false;
        }
        if (unlink(path) != 0 && errno != ENOENT) {
            pm_err_set(err, 0, "无法删除数据库文件 %s：%s", path, strerror(errno));
            return false;
        }
    }
    return true;
}

/* PRAGMA data_version: changes when another connection commits. */
static bool sq_changes(void *impl, long long *v, pm_err *err)
{
    char what[300];
    snprintf(what, sizeof what, "读取数据库 %s 的版本号失败", ((sq *)impl)->path);
    return sq_int(impl, "PRAGMA data_version", v, err, what);
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
    return sq_exec(s, "BEGIN IMMEDIATE", err, "开始事务");
}

static bool sq_commit(void *impl, pm_err *err)
{
    sq *s = impl;
    if (sqlite3_get_autocommit(s->db)) {
        pm_err_set(err, 0, "数据库 %s 没有进行中的事务（可能已因出错回滚）", s->path);
        return false;
    }
    return sq_exec(s, "COMMIT", err, "提交事务");
}

static void sq_rollback(void *impl)
{
    sq *s = impl;
    pm_err ignored = {0};
    if (!sqlite3_get_autocommit(s->db))
        sq_exec(s, "ROLLBACK", &ignored, "回滚事务");
}

/* ---- checking ----------------------------------------------------------------- */

/* The problems PRAGMA integrity_check lists, joined into a message. */
typedef struct problems {
    char text[512];
    size_t len;
} problems;

static bool problem_row(void *ctx, sqlite3_stmt *st)
{
    problems *p = ctx;
    const char *row = (const char *)sqlite3_column_text(st, 0);
    if ((!row || strcmp(row, "ok")) && p->len < sizeof p->text - 1)
        p->len += (size_t)snprintf(p->text + p->len, sizeof p->text - p->len, "%s%s", p->len ? "；" : "",
                                   row ? row : "?");
    return true;
}

/* PRAGMA integrity_check answers "ok" alone when clean, else one row per
 * problem; PRAGMA foreign_key_check answers nothing when clean; then the
 * history chain (sqlite_maint.c). The first problems found go into err. */
static bool sq_check(void *impl, pm_err *err)
{
    sq *s = impl;
    char what[300];
    snprintf(what, sizeof what, "检查数据库 %s 的完整性失败", s->path);
    problems found = {.len = 0};
    sqlite3_stmt *st = sq_use(s, SQL_INTEGRITY, err);
    if (!st || !sq_each(s, st, SQLITE_OK, problem_row, &found, err, what))
        return false;
    if (found.len) {
        pm_err_set(err, 0, "数据库 %s 完整性检查未通过：%s", s->path, found.text);
        return false;
    }

    snprintf(what, sizeof what, "检查数据库 %s 的外键失败", s->path);
    st = sq_use(s, SQL_FK_CHECK, err);
    int bad = st ? sq_one(s, st, SQLITE_OK, err, what) : -1;
    if (bad == 1) {
        pm_err_set(err, 0, "数据库 %s 外键检查未通过：表 %s 第 %lld 行引用的 %s 记录不存在", s->path,
                   (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
                   (const char *)sqlite3_column_text(st, 2));
        sq_done(st);
    }
    return bad == 0 && sq_check_history(s, err);
}

const pm_store_ops pm_sqlite_store_ops = {
    .name = "sqlite",
    .open = sq_open,
    .exists = sq_exists,
    .destroy = sq_destroy,
    .changes = sq_changes,
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
    .value_blocks = sq_value_blocks,
    .write_values = sq_write_values,
    .transition = sq_transition,
    .list_values = sq_list_values,
    .history = sq_history,
    .put_targets = sq_put_targets,
    .get_targets = sq_get_targets,
    .check = sq_check,
    .backup = sq_backup,
    .restore = sq_restore,
    .data_generation = sq_data_generation,
    .users = &pm_sqlite_user_ops,
    .collect = &pm_sqlite_collect_ops,
    .work = &pm_sqlite_work_ops,
    .plans = &pm_sqlite_plan_ops,
    .copy = &pm_sqlite_copy_ops,
};
