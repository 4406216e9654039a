/* The SQLite backend's org units (sqlite_backend.h). */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/unit_rows.h"

/* Preorder input: a parent is upserted before its children, so the
 * subquery finds it. A unit whose row is already as given is not rewritten:
 * an UPDATE fires the data generation's trigger, and re-importing the same
 * file must leave the database (and the web's evaluation) as it was. */
static const char SQL_UNIT_PUT[] =
    "INSERT INTO org_unit(code, name, parent_id, level, ord, grp, valid_from, valid_to)"
    " VALUES (:code, :name, (SELECT id FROM org_unit WHERE code = :parent), :level, :ord, :grp, :from, :to)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " parent_id = excluded.parent_id, level = excluded.level, ord = excluded.ord,"
    " grp = excluded.grp, valid_from = excluded.valid_from, valid_to = excluded.valid_to"
    " WHERE name IS NOT excluded.name OR parent_id IS NOT excluded.parent_id OR level IS NOT excluded.level"
    " OR ord IS NOT excluded.ord OR grp IS NOT excluded.grp OR valid_from IS NOT excluded.valid_from"
    " OR valid_to IS NOT excluded.valid_to";

/* ---- writing ------------------------------------------------------------------- */

/* After an upsert of units: one root, and every child below its parent
 * (unit_rows.h). */
static bool units_consistent(sq *s, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, pm_sql_unit_roots, err);
    int bad = st ? sq_one(s, st, SQLITE_OK, err, "检查组织机构树失败") : -1;
    if (bad == 1) {
        pm_units_two_roots((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1), err);
        sq_done(st);
    }
    if (bad != 0)
        return false;

    st = sq_use(s, pm_sql_unit_badlevel, err);
    bad = st ? sq_one(s, st, SQLITE_OK, err, "检查组织机构层级失败") : -1;
    if (bad == 1) {
        pm_units_bad_level((const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                           (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3), err);
        sq_done(st);
    }
    return bad == 0;
}

/* A validity year: 0 (open) is stored as NULL. */
static void bind_year(sqlite3_stmt *st, const char *name, int year, int *rc)
{
    if (year)
        sq_bind_int(st, name, year, rc);
    else
        sq_bind_null(st, name, rc);
}

bool sq_put_units(void *impl, const pm_tree *t, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_UNIT_PUT, err);
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < t->n; i++) {
        const pm_unit *u = &t->u[i];
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", u->code, &rc);
        sq_bind_text(st, ":name", u->name, &rc);
        sq_bind_text(st, ":parent", u->parent >= 0 ? t->u[u->parent].code : NULL, &rc);
        sq_bind_int(st, ":level", u->level, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":grp", u->group, &rc);
        bind_year(st, ":from", u->valid_from, &rc);
        bind_year(st, ":to", u->valid_to, &rc);
        ok = sq_run(s, st, rc, err, "保存组织机构 %s 失败", u->code);
    }
    ok = ok && units_consistent(s, err);
    return sq_work_end(s, outer, ok, err);
}

/* ---- reading -------------------------------------------------------------------- */

static void unit_row(void *item, sqlite3_stmt *st)
{
    pm_unit_read *u = item;
    u->id = (long)sqlite3_column_int64(st, 0);
    u->in.code = sq_col_dup0(st, 1);
    u->in.name = sq_col_dup0(st, 2);
    u->parent_id = (long)sqlite3_column_int64(st, 3);
    u->in.level = sqlite3_column_int(st, 4);
    u->in.group = sq_col_dup(st, 5);
    u->in.valid_from = sqlite3_column_int(st, 6);
    u->in.valid_to = sqlite3_column_int(st, 7);
    u->ord = (long)sqlite3_column_int64(st, 8);
}

/* Reads the rows, lets pm_units_tree put them in sibling order and
 * pm_tree_build lay them out in preorder (and check them), then gives
 * each unit its id. */
bool sq_get_units(void *impl, pm_tree *t, pm_err *err)
{
    sq *s = impl;
    memset(t, 0, sizeof *t);
    pm_unit_read *rows = NULL;
    size_t n = 0;
    bool ok;
    rows = sq_collect(s, sq_use(s, pm_sql_unit_get, err), rows, &n, sizeof *rows, unit_row, &ok, err,
                      "读取组织机构失败");
    ok = ok && pm_units_tree(rows, n, s->path, t, err);
    pm_unit_reads_free(rows, n);
    return ok;
}
