/* Narratives (评估意见) and their history on the PostgreSQL backend
 * (pg_work.h): the current text per (year, scope, target, kind) and one
 * narrative_history row per change in the same unit of work, as
 * sqlite_narratives.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_work.h"

static const char SQL_NV_GET[] =
    "SELECT text, state FROM narrative WHERE year = $1 AND scope = $2 AND target = $3 AND kind = $4";
static const char SQL_NV_PUT[] =
    "INSERT INTO narrative(year, scope, target, kind, text, state, who, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (year, scope, target, kind) DO UPDATE SET text = excluded.text, state = excluded.state,"
    " who = excluded.who, at = excluded.at";
static const char SQL_NV_HIST[] =
    "INSERT INTO narrative_history(year, scope, target, kind, new_text, state, who, at, old_text)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char SQL_NV_LIST[] =
    "SELECT year, scope, target, kind, text, state, who, at FROM narrative WHERE ($1 = 0 OR year = $1)"
    " ORDER BY year, CASE scope WHEN 'plan' THEN 0 WHEN 'section' THEN 1 WHEN 'domain' THEN 2"
    " WHEN 'indicator' THEN 3 ELSE 4 END, target COLLATE \"C\", CASE kind WHEN 'work' THEN 0"
    " WHEN 'achievements' THEN 1 WHEN 'problems' THEN 2 WHEN 'next_steps' THEN 3 ELSE 4 END";
static const char SQL_NV_HLIST[] =
    "SELECT id, year, scope, target, kind, old_text, new_text, state, who, at FROM narrative_history"
    " WHERE ($1 = 0 OR year = $1) AND ($2::text IS NULL OR scope = $2)"
    " AND ($3::text IS NULL OR target = $3) ORDER BY id";

static void key_args(pg_args *x, const pm_narrative *nv)
{
    pg_arg_int(x, nv->year);
    pg_arg_text(x, pm_narr_scope_str(nv->scope));
    pg_arg_text(x, nv->target ? nv->target : "");
    pg_arg_text(x, pm_narr_kind_str(nv->kind));
}

bool pg_narrative_put(void *impl, const pm_narrative *nv, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    pg_args x = {0};
    key_args(&x, nv);
    PGresult *r = pg_run(p, SQL_NV_GET, &x, err, "读取评估意见失败");
    char *old = NULL;
    bool same = false;
    if (r && PQntuples(r)) {
        old = pg_dup0(r, 0, 0);
        same = !strcmp(old, nv->text) && !strcmp(PQgetvalue(r, 0, 1), pm_narr_state_str(nv->state));
    }
    bool ok = r != NULL;
    PQclear(r);
    char at[40];
    pg_arg_text(&x, nv->text);
    pg_arg_text(&x, pm_narr_state_str(nv->state));
    pg_arg_text(&x, nv->who);
    pg_arg_text(&x, pg_clock(0, at, sizeof at));
    ok = ok && (same || pg_do(p, SQL_NV_PUT, &x, err, "保存评估意见失败"));
    pg_arg_text(&x, old);
    ok = ok && (same || pg_do(p, SQL_NV_HIST, &x, err, "保存评估意见失败"));
    free(old);
    return pg_work_end(p, outer, ok, err);
}

/* Reads scope and kind words back (the CHECK constraints keep them valid). */
static void words(const PGresult *r, int i, int scope_col, int kind_col, pm_narr_scope *scope, pm_narr_kind *kind)
{
    if (!pm_narr_scope_parse(PQgetvalue(r, i, scope_col), scope))
        *scope = PM_NS_PLAN;
    if (!pm_narr_kind_parse(PQgetvalue(r, i, kind_col), kind))
        *kind = PM_NK_WORK;
}

static pm_narr_state state_of(const PGresult *r, int i, int col)
{
    return !strcmp(PQgetvalue(r, i, col), "accepted") ? PM_NST_ACCEPTED : PM_NST_DRAFT;
}

bool pg_narratives(void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err)
{
    *nv = NULL;
    *n = 0;
    pg_args x = {0};
    pg_arg_int(&x, year);
    PGresult *r = pg_run(impl, SQL_NV_LIST, &x, err, "读取评估意见失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *nv = xcalloc(*n ? *n : 1, sizeof **nv);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_narrative *v = &(*nv)[i];
        v->year = (int)pg_int(r, i, 0);
        words(r, i, 1, 3, &v->scope, &v->kind);
        v->target = pg_dup0(r, i, 2);
        v->text = pg_dup0(r, i, 4);
        v->state = state_of(r, i, 5);
        v->who = pg_dup0(r, i, 6);
        v->at = pg_dup0(r, i, 7);
    }
    PQclear(r);
    return true;
}

bool pg_narrative_history(void *impl, int year, int scope, const char *target, pm_narr_change **c, size_t *n,
                          pm_err *err)
{
    *c = NULL;
    *n = 0;
    pg_args x = {0};
    pg_arg_int(&x, year);
    pg_arg_text(&x, scope >= 0 ? pm_narr_scope_str((pm_narr_scope)scope) : NULL);
    pg_arg_text(&x, target);
    PGresult *r = pg_run(impl, SQL_NV_HLIST, &x, err, "读取评估意见修改记录失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *c = xcalloc(*n ? *n : 1, sizeof **c);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_narr_change *h = &(*c)[i];
        h->id = (long)pg_int(r, i, 0);
        h->year = (int)pg_int(r, i, 1);
        words(r, i, 2, 4, &h->scope, &h->kind);
        h->target = pg_dup0(r, i, 3);
        h->old_text = pg_dup(r, i, 5);
        h->new_text = pg_dup0(r, i, 6);
        h->state = state_of(r, i, 7);
        h->who = pg_dup0(r, i, 8);
        h->at = pg_dup0(r, i, 9);
    }
    PQclear(r);
    return true;
}
