/* Attachments (store/attach.h) on the SQLite backend: the bytes in a
 * BLOB column, listed without them, read one at a time. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"

static const char SQL_ATTACH_ADD[] =
    "INSERT INTO attachment(unit_id, year, element_id, ref, kind, name, mime, size, data, at, who)"
    " VALUES (:unit_id, :year, :element_id, :ref, :kind, :name, :mime, :size, :data, " SQ_NOW ", :who)";
static const char SQL_ATTACH_LIST[] =
    PM_SQL_ATTACH_SELECT PM_SQL_ATTACH_FROM " WHERE a.unit_id = :unit_id AND a.year = :year AND a.ref IS NULL ORDER BY a.id";
/* A prefix compared as bytes (LIKE would read a code's _ and % as wildcards). */
static const char SQL_ATTACH_REF[] =
    PM_SQL_ATTACH_SELECT PM_SQL_ATTACH_FROM " WHERE substr(a.ref, 1, length(:prefix)) = :prefix ORDER BY a.id";
static const char SQL_ATTACH_GET[] = PM_SQL_ATTACH_SELECT ", a.data" PM_SQL_ATTACH_FROM " WHERE a.id = :id";

bool sq_attach_add(void *impl, const pm_attach_spec *a, long *id, pm_err *err)
{
    sq *s = impl;
    long uid = 0, eid = 0;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_find_unit(s, a->unit, &uid, err) && (!a->element || sq_find_element(s, a->element, &eid, err));
    sqlite3_stmt *st = ok ? sq_use(s, SQL_ATTACH_ADD, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":unit_id", uid, &rc);
        sq_bind_int(st, ":year", a->year, &rc);
        sq_bind_id(st, ":element_id", eid, &rc);
        sq_bind_text(st, ":ref", a->ref, &rc);
        sq_bind_text(st, ":kind", a->kind, &rc);
        sq_bind_text(st, ":name", a->name, &rc);
        sq_bind_text(st, ":mime", a->mime, &rc);
        sq_bind_int(st, ":size", (long long)a->size, &rc);
        sq_bind_blob(st, ":data", a->data, a->size, &rc);
        sq_bind_text(st, ":who", a->who, &rc);
        ok = sq_run(s, st, rc, err, "数据库 %s 写入佐证材料失败", s->path);
    } else {
        ok = false;
    }
    if (ok)
        *id = (long)sqlite3_last_insert_rowid(s->db);
    return sq_work_end(s, outer, ok, err);
}

static void attach_row(void *item, sqlite3_stmt *st)
{
    pm_attachment *a = item;
    a->id = (long)sqlite3_column_int64(st, 0);
    a->unit = sq_col_dup0(st, 1);
    a->element = sq_col_dup(st, 2);
    a->ref = sq_col_dup(st, 3);
    a->kind = sq_col_dup0(st, 4);
    a->name = sq_col_dup0(st, 5);
    a->mime = sq_col_dup0(st, 6);
    a->at = sq_col_dup0(st, 7);
    a->who = sq_col_dup0(st, 8);
    a->year = sqlite3_column_int(st, 9);
    a->size = (size_t)sqlite3_column_int64(st, 10);
}

bool sq_attachments(void *impl, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    long uid = 0;
    if (!sq_find_unit(s, unit, &uid, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_ATTACH_LIST, err);
    int rc = SQLITE_OK;
    if (!st)
        return false;
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", year, &rc);
    bool ok;
    *out = sq_collect_bound(s, st, rc, *out, n, sizeof **out, attach_row, &ok, err, "读取佐证材料失败");
    return ok;
}

bool sq_attachments_ref(void *impl, const char *prefix, pm_attachment **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_ATTACH_REF, err);
    int rc = SQLITE_OK;
    if (!st)
        return false;
    sq_bind_text(st, ":prefix", prefix, &rc);
    bool ok;
    *out = sq_collect_bound(s, st, rc, *out, n, sizeof **out, attach_row, &ok, err, "读取佐证材料失败");
    return ok;
}

int sq_attachment_get(void *impl, long id, pm_attachment *out, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_ATTACH_GET, err);
    int rc = SQLITE_OK;
    if (!st)
        return -1;
    sq_bind_int(st, ":id", id, &rc);
    int found = sq_one(s, st, rc, err, "读取佐证材料失败");
    if (found != 1)
        return found;
    attach_row(out, st);
    const void *blob = sqlite3_column_blob(st, 11);
    size_t len = (size_t)sqlite3_column_bytes(st, 11);
    out->data = xmalloc(len + 1);
    if (len)
        memcpy(out->data, blob, len);
    out->size = len;
    sq_done(st);
    return 1;
}
