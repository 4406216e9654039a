/* Departments (责任单位) on the SQLite backend (sqlite_work_fns.h): upsert by
 * code, list, look up by code or name, a user's membership. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_work_fns.h"
#include "store/sqlite_worklog.h"

static const char SQL_DEPT_NAME_OWNER[] = "SELECT code FROM dept WHERE name = :name AND code <> :code";
static const char SQL_DEPT_PUT[] =
    "INSERT INTO dept(code, name, kind, contact, ord)"
    " VALUES (:code, :name, :kind, :contact, (SELECT coalesce(max(ord), 0) + 1 FROM dept))"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, contact = excluded.contact";
static const char SQL_DEPT_COLS[] = "SELECT code, name, kind, contact FROM dept ORDER BY ord";
static const char SQL_DEPT_GET[] =
    "SELECT code, name, kind, contact FROM dept WHERE code = :key OR name = :key ORDER BY code = :key DESC LIMIT 1";

/* A second department may not take a name: assignments name parties by
 * code or name, and a name must say which. */
static bool name_free(sq *s, const pm_dept *d, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_DEPT_NAME_OWNER, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":name", d->name, &rc);
    sq_bind_text(st, ":code", d->code, &rc);
    int found = sq_one(s, st, rc, err, "读取责任单位失败");
    if (found == 1) {
        pm_err_set(err, 0, "责任单位名称“%s”已被代码为 %s 的单位使用", d->name,
                   (const char *)sqlite3_column_text(st, 0));
        sq_done(st);
    }
    return found == 0;
}

bool sq_dept_put(void *impl, const pm_dept *d, const char *who, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = name_free(s, d, err);
    sqlite3_stmt *st = ok ? sq_use(s, SQL_DEPT_PUT, err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", d->code, &rc);
        sq_bind_text(st, ":name", d->name, &rc);
        sq_bind_text(st, ":kind", pm_dept_kind_str(d->kind), &rc);
        sq_bind_text(st, ":contact", d->contact ? d->contact : "", &rc);
        ok = sq_run(s, st, rc, err, "保存责任单位 %s 失败", d->code);
    } else {
        ok = false;
    }
    char detail[400];
    snprintf(detail, sizeof detail, "%s（%s）", d->name, pm_dept_kind_label(d->kind));
    ok = ok && sq_log(s, who, "dept_put", "dept", d->code, detail, err);
    return sq_work_end(s, outer, ok, err);
}

static void dept_row(void *item, sqlite3_stmt *st)
{
    pm_dept *d = item;
    d->code = sq_col_dup0(st, 0);
    d->name = sq_col_dup0(st, 1);
    const char *k = (const char *)sqlite3_column_text(st, 2);
    if (!k || !pm_dept_kind_parse(k, &d->kind))
        d->kind = PM_DEPT_SECTION; /* the CHECK constraint rules this out */
    d->contact = sq_col_dup0(st, 3);
}

bool sq_depts(void *impl, pm_dept **d, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool ok;
    *d = sq_collect(s, sq_use(s, SQL_DEPT_COLS, err), NULL, n, sizeof **d, dept_row, &ok, err,
                    "读取责任单位失败");
    if (!ok) {
        pm_depts_free(*d, *n);
        *d = NULL;
        *n = 0;
    }
    return ok;
}

int sq_dept_get(void *impl, const char *code_or_name, pm_dept *d, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_DEPT_GET, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":key", code_or_name, &rc);
    int found = sq_one(s, st, rc, err, "读取责任单位失败");
    if (found == 1) {
        dept_row(d, st);
        sq_done(st);
    }
    return found;
}

bool sq_user_set_dept(void *impl, const char *user, const char *dept, const char *who, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = true;
    if (dept) {
        int found = sq_lookup_id(s, "SELECT 1 FROM dept WHERE code = :code", dept, NULL, err);
        if (found == 0)
            pm_err_set(err, 0, "未知责任单位：%s", dept);
        ok = found == 1;
    }
    sqlite3_stmt *st = ok ? sq_use(s, "UPDATE users SET dept_code = :dept WHERE name = :name", err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":dept", dept, &rc);
        sq_bind_text(st, ":name", user, &rc);
        ok = sq_run(s, st, rc, err, "数据库 %s 修改用户的责任单位失败", s->path);
        if (ok && sqlite3_changes(s->db) != 1) {
            pm_err_set(err, 0, "未知用户：%s", user);
            ok = false;
        }
    } else {
        ok = false;
    }
    ok = ok && sq_log(s, who, "user_dept", "user", user, dept ? dept : "（无）", err);
    return sq_work_end(s, outer, ok, err);
}
