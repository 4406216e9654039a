/* Departments (责任单位) on the PostgreSQL backend (pg_work.h): upsert by
 * code, list, look up by code or name, a user's membership; the
 * statements of sqlite_depts.c. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_work.h"

static const char SQL_DEPT_NAME_OWNER[] = "SELECT code FROM dept WHERE name = $1 AND code <> $2";
static const char SQL_DEPT_PUT[] =
    "INSERT INTO dept(code, name, kind, contact, ord)"
    " VALUES ($1, $2, $3, $4, (SELECT coalesce(max(ord), 0) + 1 FROM dept))"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, contact = excluded.contact";
static const char SQL_DEPT_COLS[] = "SELECT code, name, kind, contact FROM dept ORDER BY ord";
static const char SQL_DEPT_GET[] = "SELECT code, name, kind, contact FROM dept WHERE code = $1 OR name = $1"
                                   " ORDER BY code = $1 DESC LIMIT 1";
static const char SQL_DEPT_EXISTS[] = "SELECT 1 FROM dept WHERE code = $1";
static const char SQL_USER_DEPT[] = "UPDATE users SET dept_code = $1 WHERE name = $2";

/* A second department may not take a name: assignments name parties by
 * code or name, and a name must say which. */
static bool name_free(pgs *p, const pm_dept *d, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, d->name);
    pg_arg_text(&a, d->code);
    PGresult *r = pg_run(p, SQL_DEPT_NAME_OWNER, &a, err, "读取责任单位失败");
    if (r && PQntuples(r))
        pm_err_set(err, 0, "责任单位名称“%s”已被代码为 %s 的单位使用", d->name, PQgetvalue(r, 0, 0));
    bool ok = r && !PQntuples(r);
    PQclear(r);
    return ok;
}

bool pg_dept_put(void *impl, const pm_dept *d, const char *who, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = name_free(p, d, err);
    if (ok) {
        char what[200];
        snprintf(what, sizeof what, "保存责任单位 %s 失败", d->code);
        pg_args a = {0};
        pg_arg_text(&a, d->code);
        pg_arg_text(&a, d->name);
        pg_arg_text(&a, pm_dept_kind_str(d->kind));
        pg_arg_text(&a, d->contact ? d->contact : "");
        ok = pg_do(p, SQL_DEPT_PUT, &a, err, what);
    }
    char detail[400];
    snprintf(detail, sizeof detail, "%s（%s）", d->name, pm_dept_kind_label(d->kind));
    ok = ok && pg_log(p, who, "dept_put", "dept", d->code, detail, err);
    return pg_work_end(p, outer, ok, err);
}

static void dept_row(const PGresult *r, int i, pm_dept *d)
{
    d->code = pg_dup0(r, i, 0);
    d->name = pg_dup0(r, i, 1);
    if (!pm_dept_kind_parse(PQgetvalue(r, i, 2), &d->kind))
        d->kind = PM_DEPT_SECTION; /* the CHECK constraint rules this out */
    d->contact = pg_dup0(r, i, 3);
}

bool pg_depts(void *impl, pm_dept **d, size_t *n, pm_err *err)
{
    PGresult *r = pg_run(impl, SQL_DEPT_COLS, NULL, err, "读取责任单位失败");
    *d = NULL;
    *n = 0;
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *d = xcalloc(*n ? *n : 1, sizeof **d);
    for (int i = 0; i < PQntuples(r); i++)
        dept_row(r, i, &(*d)[i]);
    PQclear(r);
    return true;
}

int pg_dept_get(void *impl, const char *code_or_name, pm_dept *d, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, code_or_name);
    PGresult *r = pg_run(impl, SQL_DEPT_GET, &a, err, "读取责任单位失败");
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found)
        dept_row(r, 0, d);
    PQclear(r);
    return found;
}

bool pg_user_set_dept(void *impl, const char *user, const char *dept, const char *who, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = true;
    if (dept) {
        int found = pg_has_row(p, SQL_DEPT_EXISTS, dept, NULL, err);
        if (found == 0)
            pm_err_set(err, 0, "未知责任单位：%s", dept);
        ok = found == 1;
    }
    if (ok) {
        pg_args a = {0};
        pg_arg_text(&a, dept);
        pg_arg_text(&a, user);
        PGresult *r = pg_run(p, SQL_USER_DEPT, &a, err, "修改用户的责任单位失败");
        ok = r != NULL;
        if (ok && pg_changed(r) != 1) {
            pm_err_set(err, 0, "未知用户：%s", user);
            ok = false;
        }
        PQclear(r);
    }
    ok = ok && pg_log(p, who, "user_dept", "user", user, dept ? dept : "（无）", err);
    return pg_work_end(p, outer, ok, err);
}
