/* The data generation of a SQLite database (store.h,
 * pm_store_data_generation): table data_gen's one number, given a new
 * random value by a trigger on every insert, update and delete of every
 * table but the auth ones.
 *
 * Why triggers and not the write calls: every path that writes (the
 * store's calls, a future one, another process, a restore) changes the
 * number without having to remember it. Why random and not a counter: a
 * restored backup brings its own number back with its data, so equal
 * numbers always mean equal data (a counter could come back to a value the
 * server already saw for other data).
 *
 * Why not PRAGMA data_version alone: it changes with every commit, logins
 * and logouts included, and the web server's evaluation (0.6–0.8 s at a
 * province's size) would be rebuilt after each of them.
 *
 * The triggers are made after every migration for every table there is
 * (sq_datagen_install), so a table a later migration adds is covered
 * without a line here; only the exempt list (data_gen.c, shared with
 * PostgreSQL) is left out. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite_backend.h"
#include "store/store_backend.h"

/* SQLite's own tables (sqlite_sequence, sqlite_stat1) and those that
 * leave the data generation alone (data_gen.c). */
static bool is_exempt(const char *table)
{
    return !strncmp(table, "sqlite_", 7) || pm_data_gen_exempt(table);
}

/* What every trigger does, and a bulk write once (sq_datagen_release). */
#define SQL_MOVE_GEN "UPDATE data_gen SET n = random() WHERE id = 1;"

static const char *const ops[] = {"INSERT", "UPDATE", "DELETE"};
static const char *const tags[] = {"ins", "upd", "del"};

/* Runs one statement made by sqlite3_mprintf (NULL: out of memory) and
 * frees it. sqlite3_exec, not sq_exec: sq_use keys its statements by the
 * SQL's address, and these strings are built and freed here. */
static bool run_made(sq *s, char *sql)
{
    bool ok = sql && sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    return ok;
}

/* The three triggers of one table (IF NOT EXISTS: a migration that
 * rebuilt a table lost them with the old table; the others keep theirs). */
static bool install_one(sq *s, const char *table, pm_err *err)
{
    for (size_t i = 0; i < 3; i++) {
        /* %w: the table name comes from sqlite_master (or the store's own
         * constant), quoted all the same. */
        if (!run_made(s, sqlite3_mprintf("CREATE TRIGGER IF NOT EXISTS \"datagen_%w_%s\" AFTER %s ON \"%w\"\n"
                                         "BEGIN " SQL_MOVE_GEN " END;",
                                         table, tags[i], ops[i], table))) {
            sq_fail(s, err, "数据库 %s 建立表 %s 的数据版本触发器失败", s->path, table);
            return false;
        }
    }
    return true;
}

/* SQLite's triggers run for each row, and these write data_gen's page
 * and draw a random number every time: a bulk import of figures spent a
 * fifth of its instructions in them (callgrind, 200,000 rows). A big
 * batch drops the table's triggers inside its own transaction and makes
 * them again before it commits (sq_datagen_release), moving the number
 * once. Nobody else can write in between (the batch holds the write
 * lock), readers see the schema of the last commit, and a batch that
 * fails is rolled back, its triggers with it. */
bool sq_datagen_hold(sq *s, const char *table, pm_err *err)
{
    for (size_t i = 0; i < 3; i++) {
        if (!run_made(s, sqlite3_mprintf("DROP TRIGGER IF EXISTS \"datagen_%w_%s\"", table, tags[i]))) {
            sq_fail(s, err, "数据库 %s 暂停表 %s 的数据版本触发器失败", s->path, table);
            return false;
        }
    }
    return true;
}

bool sq_datagen_release(sq *s, const char *table, pm_err *err)
{
    if (!install_one(s, table, err))
        return false;
    if (sqlite3_exec(s->db, SQL_MOVE_GEN, NULL, NULL, NULL) != SQLITE_OK) {
        sq_fail(s, err, "数据库 %s 更新数据版本失败", s->path);
        return false;
    }
    return true;
}

bool sq_datagen_install(sq *s, pm_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &st,
                           NULL) != SQLITE_OK) {
        sq_fail(s, err, "读取数据库 %s 的表清单失败", s->path);
        return false;
    }
    /* Names collected first: creating a trigger changes sqlite_master
     * while the statement would still be reading it. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !is_exempt(t)) {
            names = xgrow(names, &cap, n + 1, sizeof *names);
            names[n++] = xstrdup(t);
        }
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        sq_fail(s, err, "读取数据库 %s 的表清单失败", s->path);
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        ok = ok && install_one(s, names[i], err);
        free(names[i]);
    }
    free(names);
    return ok;
}

bool sq_data_generation(void *impl, long long *gen, pm_err *err)
{
    static const char SQL[] = "SELECT n FROM data_gen WHERE id = 1";
    char what[300];
    snprintf(what, sizeof what, "读取数据库 %s 的数据版本失败", ((sq *)impl)->path);
    return sq_int(impl, SQL, gen, err, what);
}
