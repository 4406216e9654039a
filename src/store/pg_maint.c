/* Keeping a PostgreSQL database (planmon check, backup, restore).
 *
 * check: what the server does not already guarantee. Page integrity and
 * foreign keys are the server's (it enforces every key on every write; a
 * DBA checks pages with amcheck or pg_checksums), unless someone turned
 * the enforcement off, so check looks for what would do that: a disabled
 * trigger in the schema (foreign keys, the append-only logs and the
 * change signal all run as triggers) or a foreign key left NOT VALID. Then
 * the history chain, with the two queries SQLite's backend runs too
 * (history_check.c): every current figure equals its newest history row,
 * and every history row continues the one before it.
 *
 * backup and restore: refused, naming the tools an IT person uses for a
 * PostgreSQL database (pg_dump / pg_restore of the schema planmon, which
 * also keep the database's other schemas, roles and replication apart),
 * and planmon copy for a SQLite file. A copy through planmon would be
 * slower than pg_dump and no more consistent. */
#include <stdio.h>

#include "store/history_check.h"
#include "store/pg_backend.h"
#include "store/pg_conn.h"

static const char SQL_DISABLED[] =
    "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'planmon' AND t.tgenabled = 'D'"
    " ORDER BY 1, 2 LIMIT 1";
static const char SQL_NOT_VALID[] =
    "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = 'planmon' AND NOT k.convalidated"
    " ORDER BY 1, 2 LIMIT 1";
/* The append-only triggers of value_history (pg_schema.c). */
static const char SQL_TRIGGERS[] =
    "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'planmon' AND c.relname = 'value_history'"
    " AND t.tgname IN ('value_history_no_change', 'value_history_no_truncate')";

/* Runs a query that finds a problem; 1 (r kept in *out), 0 or -1. */
static int problem(pgs *p, const char *sql, PGresult **out, pm_err *err)
{
    char what[300];
    snprintf(what, sizeof what, "检查 PostgreSQL 数据库 %s 失败", p->where);
    PGresult *r = pg_run(p, sql, NULL, err, what);
    if (!r)
        return -1;
    if (PQntuples(r) > 0) {
        *out = r;
        return 1;
    }
    PQclear(r);
    return 0;
}

static bool enforcement_on(pgs *p, pm_err *err)
{
    PGresult *r = NULL;
    int bad = problem(p, SQL_DISABLED, &r, err);
    if (bad == 1)
        pm_err_set(err, 0, "数据库 %s 检查未通过：表 %s 的触发器 %s 已被停用（外键、只追加与变更通知都靠触发器）",
                   p->where, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
    PQclear(r);
    if (bad != 0)
        return false;
    r = NULL;
    bad = problem(p, SQL_NOT_VALID, &r, err);
    if (bad == 1)
        pm_err_set(err, 0, "数据库 %s 外键检查未通过：表 %s 的约束 %s 未经验证（NOT VALID）", p->where,
                   PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
    PQclear(r);
    if (bad != 0)
        return false;
    r = NULL;
    if (problem(p, SQL_TRIGGERS, &r, err) != 1)
        return false;
    bool both = pg_int(r, 0, 0) == 2;
    PQclear(r);
    if (!both)
        pm_history_triggers_missing(p->where, err);
    return both;
}

static bool history_chain(pgs *p, pm_err *err)
{
    PGresult *r = NULL;
    int bad = problem(p, pm_sql_history_current, &r, err);
    if (bad == 1)
        pm_history_current_broken(p->where, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), (int)pg_int(r, 0, 2), err);
    PQclear(r);
    if (bad != 0)
        return false;
    r = NULL;
    bad = problem(p, pm_sql_history_links, &r, err);
    if (bad == 1)
        pm_history_link_broken(p->where, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), (int)pg_int(r, 0, 2),
                               pg_int(r, 0, 3), err);
    PQclear(r);
    return bad == 0;
}

/* One snapshot for every query (REPEATABLE READ when the transaction is
 * ours), so that a write meanwhile does not break the chain check. */
bool pg_check(void *impl, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = (!outer || pg_exec(p, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", err, "开始读事务失败")) &&
              enforcement_on(p, err) && history_chain(p, err);
    return pg_work_end(p, outer, ok, err);
}

static void refuse(pgs *p, pm_err *err)
{
    pm_err_set(err, 0,
               "PostgreSQL 数据库 %s 不由 planmon 备份或恢复：请用 PostgreSQL 自带的工具，备份 pg_dump -Fc -n planmon，"
               "恢复 pg_restore（见 docs/postgresql.md）；要得到一个 SQLite 文件，用 planmon copy",
               p->where);
}

bool pg_backup(void *impl, const char *dest, pm_err *err)
{
    (void)dest;
    refuse(impl, err);
    return false;
}

bool pg_restore(void *impl, const char *src, pm_err *err)
{
    (void)src;
    refuse(impl, err);
    return false;
}
