/* Keeping a SQLite database: the history chain check that `planmon check`
 * adds to integrity_check and foreign_key_check, and the online backup API
 * behind `planmon backup` and `planmon restore`.
 *
 * A backup is sqlite3_backup_step(-1): one step, so the whole copy is read
 * inside one read transaction of the source — a consistent snapshot while
 * the server serves or an import writes (WAL: readers never block the
 * writer, and the writer's later commits are not in this snapshot). A
 * restore is the same API the other way round: the pages land in the live
 * database in one write transaction, so other connections see the old or
 * the restored database, never a mix. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/history_check.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_ro.h"

/* The history chain's queries and refusals are history_check.c's. The
 * triggers that keep value_history append-only. */
static const char SQL_TRIGGERS[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'value_history'"
    " AND name IN ('value_history_no_update', 'value_history_no_delete')";

bool sq_check_history(sq *s, pm_err *err)
{
    char what[300];
    snprintf(what, sizeof what, "检查数据库 %s 的修改记录失败", s->path);
    sqlite3_stmt *st = sq_use(s, pm_sql_history_current, err);
    int found = st ? sq_one(s, st, SQLITE_OK, err, what) : -1;
    if (found == 1) {
        pm_history_current_broken(s->path, (const char *)sqlite3_column_text(st, 0),
                                  (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2), err);
        sq_done(st);
    }
    if (found != 0)
        return false;
    st = sq_use(s, pm_sql_history_links, err);
    found = st ? sq_one(s, st, SQLITE_OK, err, what) : -1;
    if (found == 1) {
        pm_history_link_broken(s->path, (const char *)sqlite3_column_text(st, 0),
                               (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
                               sqlite3_column_int64(st, 3), err);
        sq_done(st);
    }
    if (found != 0)
        return false;
    st = sq_use(s, SQL_TRIGGERS, err);
    found = st ? sq_one(s, st, SQLITE_OK, err, what) : -1;
    if (found != 1)
        return false;
    int triggers = sqlite3_column_int(st, 0);
    sq_done(st);
    if (triggers != 2) {
        pm_history_triggers_missing(s->path, err);
        return false;
    }
    return true;
}

/* Copies every page of from's main database into to's, in one step. */
static bool copy_pages(sqlite3 *to, sqlite3 *from, const char *shown, pm_err *err)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) {
        pm_err_set(err, 0, "%s：%s", shown, sqlite3_errmsg(to));
        return false;
    }
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        pm_err_set(err, 0, "%s：%s", shown,
                   rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? "数据库正被写入，请稍后再试" : sqlite3_errstr(rc));
        return false;
    }
    return true;
}

static int page_size(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int size = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        size = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return size;
}

/* copy_pages into a WAL database, whatever the backup's page size. SQLite
 * will not change a WAL file's page size, so a backup with other pages
 * than the database's (made before new databases got 16 KiB pages, or the
 * other way round) is copied with the database out of WAL mode for the
 * moment of the copy, which needs it to be its only connection (else
 * "database is locked": the server must be stopped), and back in WAL mode
 * after. */
static bool copy_pages_sized(sqlite3 *to, sqlite3 *from, const char *shown, pm_err *err)
{
    if (page_size(to) == page_size(from))
        return copy_pages(to, from, shown, err);
    if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        pm_err_set(err, 0, "%s：%s", shown, sqlite3_errmsg(to));
        return false;
    }
    bool ok = copy_pages(to, from, shown, err);
    if (sqlite3_exec(to, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK && ok) {
        pm_err_set(err, 0, "%s：%s", shown, sqlite3_errmsg(to));
        ok = false;
    }
    return ok;
}

bool sq_backup(void *impl, const char *dest, pm_err *err)
{
    sq *s = impl;
    sqlite3 *to = NULL;
    char shown[600];
    snprintf(shown, sizeof shown, "备份数据库 %s 到 %s 失败", s->path, dest);
    if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        pm_err_set(err, 0, "%s：%s", shown, to ? sqlite3_errmsg(to) : "内存不足");
        sqlite3_close(to);
        return false;
    }
    bool ok = copy_pages(to, s->db, shown, err);
    /* The copy is a WAL database like its source; closing the only
     * connection folds the log into the file, so the backup is one file. */
    if (sqlite3_close(to) != SQLITE_OK && ok) {
        pm_err_set(err, 0, "%s：关闭备份文件出错", shown);
        ok = false;
    }
    return ok;
}

bool sq_restore(void *impl, const char *src, pm_err *err)
{
    sq *s = impl;
    sqlite3 *from = NULL;
    char shown[600];
    snprintf(shown, sizeof shown, "从 %s 恢复数据库 %s 失败", src, s->path);
    /* Read as every read-only command reads (sqlite_ro.h): no -wal or -shm
     * left beside the backup, and a backup on a read-only medium works. */
    pm_sqlite_ro ro;
    if (!pm_sqlite_ro_plan(src, &ro, err))
        return false;
    int rc = sqlite3_open_v2(ro.name, &from, ro.flags, NULL);
    free(ro.name);
    if (rc == SQLITE_OK && ro.query_only)
        rc = sqlite3_exec(from, "PRAGMA query_only = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        pm_err_set(err, 0, "%s：%s", shown, from ? sqlite3_errmsg(from) : "内存不足");
        sqlite3_close(from);
        return false;
    }
    bool ok = copy_pages_sized(s->db, from, shown, err);
    sqlite3_close(from);
    /* The file's rows changed without a statement of this connection:
     * sq_blocks_leave is to look at its blocks at close all the same. */
    s->restored = s->restored || ok;
    return ok;
}
