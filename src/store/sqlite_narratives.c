/* Narratives (评估意见) and their history on the SQLite backend
 * (sqlite_work_fns.h): the current text per (year, scope, target, kind), and
 * one narrative_history row per change, old and new text, in the same
 * unit of work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_work_fns.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define KEY_WHERE " WHERE year = :year AND scope = :scope AND target = :target AND kind = :kind"

static const char SQL_NV_GET[] = "SELECT text, state FROM narrative" KEY_WHERE;
static const char SQL_NV_PUT[] =
    "INSERT INTO narrative(year, scope, target, kind, text, state, who, at)"
    " VALUES (:year, :scope, :target, :kind, :text, :state, :who, " NOW ")"
    " ON CONFLICT(year, scope, target, kind) DO UPDATE SET text = excluded.text, state = excluded.state,"
    " who = excluded.who, at = excluded.at";
static const char SQL_NV_HIST[] =
    "INSERT INTO narrative_history(year, scope, target, kind, old_text, new_text, state, who, at)"
    " VALUES (:year, :scope, :target, :kind, :old, :text, :state, :who, " NOW ")";
static const char SQL_NV_LIST[] =
    "SELECT year, scope, target, kind, text, state, who, at FROM narrative WHERE (:year = 0 OR year = :year)"
    " ORDER BY year, CASE scope WHEN 'plan' THEN 0 WHEN 'section' THEN 1 WHEN 'domain' THEN 2"
    " WHEN 'indicator' THEN 3 ELSE 4 END, target, CASE kind WHEN 'work' THEN 0 WHEN 'achievements' THEN 1"
    " WHEN 'problems' THEN 2 WHEN 'next_steps' THEN 3 ELSE 4 END";
static const char SQL_NV_HLIST[] =
    "SELECT id, year, scope, target, kind, old_text, new_text, state, who, at FROM narrative_history"
    " WHERE (:year = 0 OR year = :year) AND (:scope IS NULL OR scope = :scope)"
    " AND (:target IS NULL OR target = :target) ORDER BY id";

static void bind_key(sqlite3_stmt *st, const pm_narrative *nv, int *rc)
{
    sq_bind_int(st, ":year", nv->year, rc);
    sq_bind_text(st, ":scope", pm_narr_scope_str(nv->scope), rc);
    sq_bind_text(st, ":target", nv->target ? nv->target : "", rc);
    sq_bind_text(st, ":kind", pm_narr_kind_str(nv->kind), rc);
}

bool sq_narrative_put(void *impl, const pm_narrative *nv, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_NV_GET, err);
    int rc = SQLITE_OK;
    if (st)
        bind_key(st, nv, &rc);
    int found = st ? sq_one(s, st, rc, err, "读取评估意见失败") : -1;
    char *old = NULL;
    bool same = false;
    if (found == 1) {
        old = sq_col_dup0(st, 0);
        const char *state = (const char *)sqlite3_column_text(st, 1);
        same = !strcmp(old, nv->text) && state && !strcmp(state, pm_narr_state_str(nv->state));
        sq_done(st);
    }
    bool ok = found >= 0;
    const char *const sqls[2] = {SQL_NV_PUT, SQL_NV_HIST};
    for (int i = 0; ok && !same && i < 2; i++) {
        st = sq_use(s, sqls[i], err);
        rc = SQLITE_OK;
        if (st) {
            bind_key(st, nv, &rc);
            sq_bind_text(st, ":text", nv->text, &rc);
            sq_bind_text(st, ":state", pm_narr_state_str(nv->state), &rc);
            sq_bind_text(st, ":who", nv->who, &rc);
            if (i == 1)
                sq_bind_text(st, ":old", old, &rc);
        }
        ok = st && sq_run(s, st, rc, err, "保存评估意见失败");
    }
    free(old);
    return sq_work_end(s, outer, ok, err);
}

/* Reads scope and kind words back (the CHECK constraints keep them valid). */
static void words(sqlite3_stmt *st, int scope_col, int kind_col, pm_narr_scope *scope, pm_narr_kind *kind)
{
    if (!pm_narr_scope_parse((const char *)sqlite3_column_text(st, scope_col), scope))
        *scope = PM_NS_PLAN;
    if (!pm_narr_kind_parse((const char *)sqlite3_column_text(st, kind_col), kind))
        *kind = PM_NK_WORK;
}

static pm_narr_state state_of(sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    return s && !strcmp(s, "accepted") ? PM_NST_ACCEPTED : PM_NST_DRAFT;
}

static void narrative_row(void *item, sqlite3_stmt *st)
{
    pm_narrative *nv = item;
    nv->year = sqlite3_column_int(st, 0);
    words(st, 1, 3, &nv->scope, &nv->kind);
    nv->target = sq_col_dup0(st, 2);
    nv->text = sq_col_dup0(st, 4);
    nv->state = state_of(st, 5);
    nv->who = sq_col_dup0(st, 6);
    nv->at = sq_col_dup0(st, 7);
}

bool sq_narratives(void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_NV_LIST, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_int(st, ":year", year, &rc);
    bool ok = st && rc == SQLITE_OK;
    if (ok)
        *nv = sq_collect(s, st, NULL, n, sizeof **nv, narrative_row, &ok, err, "读取评估意见失败");
    else if (st)
        sq_done(st);
    if (!ok) {
        pm_narratives_free(*nv, *n);
        *nv = NULL;
        *n = 0;
    }
    return ok;
}

static void change_row(void *item, sqlite3_stmt *st)
{
    pm_narr_change *c = item;
    c->id = (long)sqlite3_column_int64(st, 0);
    c->year = sqlite3_column_int(st, 1);
    words(st, 2, 4, &c->scope, &c->kind);
    c->target = sq_col_dup0(st, 3);
    c->old_text = sq_col_dup(st, 5);
    c->new_text = sq_col_dup0(st, 6);
    c->state = state_of(st, 7);
    c->who = sq_col_dup0(st, 8);
    c->at = sq_col_dup0(st, 9);
}

bool sq_narrative_history(void *impl, int year, int scope, const char *target, pm_narr_change **c, size_t *n,
                          pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_NV_HLIST, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":year", year, &rc);
        sq_bind_text(st, ":scope", scope >= 0 ? pm_narr_scope_str((pm_narr_scope)scope) : NULL, &rc);
        sq_bind_text(st, ":target", target, &rc);
    }
    bool ok = st && rc == SQLITE_OK;
    if (ok)
        *c = sq_collect(s, st, NULL, n, sizeof **c, change_row, &ok, err, "读取评估意见修改记录失败");
    else if (st)
        sq_done(st);
    if (!ok) {
        pm_narr_changes_free(*c, *n);
        *c = NULL;
        *n = 0;
    }
    return ok;
}
