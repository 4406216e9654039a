/* Attachments (store/attach.h) on the PostgreSQL backend (pg_collect.h):
 * the bytes in a bytea column, sent and read in its hex text form (the
 * parameters of every statement are text, pg_conn.h), listed without
 * them, read one at a time, as sqlite_attach.c. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_collect.h"

static const char SQL_ATTACH_ADD[] =
    "INSERT INTO attachment(unit_id, year, element_id, ref, kind, name, mime, size, data, at, who)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::bytea, $10, $11) RETURNING id";
static const char SQL_ATTACH_LIST[] =
    PM_SQL_ATTACH_SELECT PM_SQL_ATTACH_FROM " WHERE a.unit_id = $1 AND a.year = $2 AND a.ref IS NULL ORDER BY a.id";
/* A prefix compared as text (LIKE would read a code's _ and % as wildcards). */
static const char SQL_ATTACH_REF[] =
    PM_SQL_ATTACH_SELECT PM_SQL_ATTACH_FROM " WHERE left(a.ref, length($1::text)) = $1::text ORDER BY a.id";
static const char SQL_ATTACH_GET[] = PM_SQL_ATTACH_SELECT ", a.data" PM_SQL_ATTACH_FROM " WHERE a.id = $1";

/* bytea's hex input form, "\x0a1b…"; malloc'd. */
static char *hex_of(const void *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = data;
    char *out = xmalloc(2 * size + 3);
    out[0] = '\\';
    out[1] = 'x';
    for (size_t i = 0; i < size; i++) {
        out[2 + 2 * i] = digits[b[i] >> 4];
        out[3 + 2 * i] = digits[b[i] & 15];
    }
    out[2 + 2 * size] = '\0';
    return out;
}

bool pg_attach_add(void *impl, const pm_attach_spec *at, long *id, pm_err *err)
{
    pgs *p = impl;
    long uid = 0, eid = 0;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = pg_find_unit(p, at->unit, &uid, err) == 1 &&
              (!at->element || pg_find_element(p, at->element, &eid, err) == 1);
    if (ok) {
        char now[40];
        char *hex = hex_of(at->data, at->size);
        pg_args a = {0};
        pg_arg_int(&a, uid);
        pg_arg_int(&a, at->year);
        pg_arg_id(&a, eid);
        pg_arg_text(&a, at->ref);
        pg_arg_text(&a, at->kind);
        pg_arg_text(&a, at->name);
        pg_arg_text(&a, at->mime);
        pg_arg_int(&a, (long long)at->size);
        pg_arg_text(&a, hex);
        pg_arg_text(&a, pg_now(now, sizeof now));
        pg_arg_text(&a, at->who);
        PGresult *r = pg_run(p, SQL_ATTACH_ADD, &a, err, "写入佐证材料失败");
        ok = r != NULL;
        if (ok)
            *id = (long)pg_int(r, 0, 0);
        PQclear(r);
        free(hex);
    }
    return pg_work_end(p, outer, ok, err);
}

static void attach_row(const PGresult *r, int i, pm_attachment *a)
{
    a->id = (long)pg_int(r, i, 0);
    a->unit = pg_dup0(r, i, 1);
    a->element = pg_dup(r, i, 2);
    a->ref = pg_dup(r, i, 3);
    a->kind = pg_dup0(r, i, 4);
    a->name = pg_dup0(r, i, 5);
    a->mime = pg_dup0(r, i, 6);
    a->at = pg_dup0(r, i, 7);
    a->who = pg_dup0(r, i, 8);
    a->year = (int)pg_int(r, i, 9);
    a->size = (size_t)pg_int(r, i, 10);
}

/* Runs a listing statement (sql with its arguments a) and appends its rows
 * to *out, which grows (the caller frees the list, as pm_attachments_free
 * does). False with err set. */
static bool attach_list(pgs *p, const char *sql, const pg_args *a, pm_attachment **out, size_t *n, pm_err *err)
{
    PGresult *r = pg_run(p, sql, a, err, "读取佐证材料失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++)
        attach_row(r, i, &(*out)[(*n)++]);
    PQclear(r);
    return true;
}

bool pg_attachments(void *impl, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err)
{
    pgs *p = impl;
    long uid = 0;
    if (pg_find_unit(p, unit, &uid, err) != 1)
        return false;
    pg_args a = {0};
    pg_arg_int(&a, uid);
    pg_arg_int(&a, year);
    return attach_list(p, SQL_ATTACH_LIST, &a, out, n, err);
}

bool pg_attachments_ref(void *impl, const char *prefix, pm_attachment **out, size_t *n, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, prefix);
    return attach_list(impl, SQL_ATTACH_REF, &a, out, n, err);
}

int pg_attachment_get(void *impl, long id, pm_attachment *out, pm_err *err)
{
    pg_args a = {0};
    pg_arg_int(&a, id);
    PGresult *r = pg_run(impl, SQL_ATTACH_GET, &a, err, "读取佐证材料失败");
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found) {
        size_t len = 0;
        unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 11), &len);
        if (!bytes) {
            pm_err_set(err, 0, "读取佐证材料失败：内存不足");
            found = -1;
        } else {
            attach_row(r, 0, out);
            out->data = xmalloc(len + 1);
            if (len)
                memcpy(out->data, bytes, len);
            out->size = len;
            PQfreemem(bytes);
        }
    }
    PQclear(r);
    return found;
}
