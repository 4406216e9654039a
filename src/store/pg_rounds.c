/* Collection rounds (store/rounds.h) on the PostgreSQL backend
 * (pg_collect.h): the statements of sqlite_rounds.c; a round's cells are
 * one query, ordered by codes byte by byte as SQLite orders them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "model/vstate.h"
#include "store/pg_collect.h"

static const char SQL_ROUND_ADD[] =
    "INSERT INTO collection_round(title, year, period, unit_level, opens, deadline, due_at, created_by, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char SQL_ITEM_ADD[] = "INSERT INTO round_item(round_id, element_id) VALUES ($1, $2)";
static const char SQL_UNIT_OF[] = "SELECT id, level FROM org_unit WHERE code = $1";
static const char SQL_UNIT_ADD[] = "INSERT INTO round_unit(round_id, unit_id) VALUES ($1, $2)";
/* No units named: every unit of the round's level. */
static const char SQL_LEVEL_UNITS_ADD[] =
    "INSERT INTO round_unit(round_id, unit_id) SELECT $1, id FROM org_unit WHERE level = $2";
/* An element of the current plan reported at that level (level -1: any). */
static const char SQL_ITEM_LEVEL[] = "SELECT level FROM element WHERE code = $1 AND ord IS NOT NULL";
static const char SQL_ROUNDS[] =
    "SELECT id, title, year, period, unit_level, opens, deadline, due_at, created_by, created_at"
    " FROM collection_round WHERE $1::bigint = 0 OR id = $1 ORDER BY id DESC";
static const char SQL_ROUND_ITEMS[] = "SELECT e.code FROM round_item ri JOIN element e ON e.id = ri.element_id"
                                      " WHERE ri.round_id = $1 ORDER BY e.ord NULLS FIRST, e.code COLLATE \"C\"";
static const char SQL_CELLS[] =
    "SELECT o.code, o.name, e.code, v.state,"
    " (SELECT min(" PM_SQL_HIST_AT " COLLATE \"C\") FROM value_history h" PM_SQL_HIST_BATCH
    "  WHERE h.element_id = e.id AND h.unit_id = o.id"
    "  AND h.year = r.year AND h.new_state = 1),"
    " c.person, c.phone, c.email" PM_SQL_ROUND_CELLS_FROM
    " WHERE r.id = $1 ORDER BY o.code COLLATE \"C\", e.code COLLATE \"C\"";
static const char SQL_REMIND[] =
    "INSERT INTO round_reminder(round_id, unit_id, at, who, channel, outcome, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_REMINDERS[] = "SELECT m.id, o.code, m.at, m.who, m.channel, m.outcome, m.detail FROM round_reminder m"
                                    " JOIN org_unit o ON o.id = m.unit_id WHERE m.round_id = $1 ORDER BY m.id";
static const char SQL_CONTACT_PUT[] = "INSERT INTO unit_contact(unit_id, person, phone, email) VALUES ($1, $2, $3, $4)"
                                      " ON CONFLICT (unit_id) DO UPDATE SET person = excluded.person,"
                                      " phone = excluded.phone, email = excluded.email";

/* Checks that item is an element of the plan reported at level. */
static bool item_fits(pgs *p, const char *code, int level, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, SQL_ITEM_LEVEL, &a, err, "读取数据项失败");
    if (!r)
        return false;
    bool found = PQntuples(r) > 0;
    int elevel = found ? (int)pg_int(r, 0, 0) : 0;
    PQclear(r);
    return pm_round_item_fits(code, found, elevel, level, err);
}

/* The id of unit code, checked to be of level; false with err naming
 * the unit (or the store's failure). */
static bool unit_fits(pgs *p, const char *code, int level, long *uid, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, SQL_UNIT_OF, &a, err, "读取组织机构失败");
    if (!r)
        return false;
    bool found = PQntuples(r) > 0;
    int ulevel = found ? (int)pg_int(r, 0, 1) : 0;
    *uid = found ? (long)pg_int(r, 0, 0) : 0;
    PQclear(r);
    return pm_round_unit_fits(code, found, ulevel, level, err);
}

/* Writes the round's units: those of rs, else every unit of its level;
 * *n how many. Units named twice were refused by the front (rounds.c). */
static bool put_units(pgs *p, long rid, const pm_round_spec *rs, size_t *n, pm_err *err)
{
    if (!rs->units) {
        pg_args a = {0};
        pg_arg_int(&a, rid);
        pg_arg_int(&a, rs->unit_level);
        PGresult *r = pg_run(p, SQL_LEVEL_UNITS_ADD, &a, err, "写入填报任务的报送单位失败");
        *n = r ? (size_t)pg_changed(r) : 0;
        PQclear(r);
        return r != NULL;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < rs->nunits; i++) {
        long uid = 0;
        char what[200];
        snprintf(what, sizeof what, "写入填报任务的报送单位“%s”失败", rs->units[i]);
        ok = unit_fits(p, rs->units[i], rs->unit_level, &uid, err);
        pg_args a = {0};
        pg_arg_int(&a, rid);
        pg_arg_int(&a, uid);
        ok = ok && pg_do(p, SQL_UNIT_ADD, &a, err, what);
    }
    *n = ok ? rs->nunits : 0;
    return ok;
}

bool pg_round_add(void *impl, const pm_round_spec *rs, long *id, size_t *nunits, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < rs->nitems; i++)
        ok = item_fits(p, rs->items[i], rs->unit_level, err);
    long rid = 0;
    if (ok) {
        char at[40];
        pg_args a = {0};
        pg_arg_text(&a, rs->title);
        pg_arg_int(&a, rs->year);
        pg_arg_text(&a, rs->period);
        pg_arg_int(&a, rs->unit_level);
        pg_arg_text(&a, rs->opens);
        pg_arg_text(&a, rs->deadline);
        pg_arg_text(&a, rs->due_at);
        pg_arg_text(&a, rs->who);
        pg_arg_text(&a, pg_now(at, sizeof at));
        PGresult *r = pg_run(p, SQL_ROUND_ADD, &a, err, "写入填报任务失败");
        ok = r != NULL;
        rid = ok ? (long)pg_int(r, 0, 0) : 0;
        PQclear(r);
    }
    for (size_t i = 0; ok && i < rs->nitems; i++) {
        long eid = 0;
        char what[200];
        snprintf(what, sizeof what, "写入填报任务的数据项“%s”失败", rs->items[i]);
        pg_args a = {0};
        pg_arg_int(&a, rid);
        ok = pg_find_element(p, rs->items[i], &eid, err) == 1;
        pg_arg_int(&a, eid);
        ok = ok && pg_do(p, SQL_ITEM_ADD, &a, err, what);
    }
    ok = ok && put_units(p, rid, rs, nunits, err);
    if (ok)
        *id = rid;
    return pg_work_end(p, outer, ok, err);
}

/* The rows of sql, whose one parameter is a round's id. */
static PGresult *by_round(pgs *p, const char *sql, long id, pm_err *err, const char *what)
{
    pg_args a = {0};
    pg_arg_int(&a, id);
    return pg_run(p, sql, &a, err, what);
}

static bool round_items(pgs *p, pm_round *rd, pm_err *err)
{
    PGresult *r = by_round(p, SQL_ROUND_ITEMS, rd->id, err, "读取填报任务的数据项失败");
    if (!r)
        return false;
    rd->items = pg_rows_grow(rd->items, rd->nitems, (size_t)PQntuples(r), sizeof *rd->items);
    for (int i = 0; i < PQntuples(r); i++)
        rd->items[rd->nitems++] = pg_dup0(r, i, 0);
    PQclear(r);
    return true;
}

bool pg_rounds(void *impl, long id, pm_round **out, size_t *n, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    PGresult *r = by_round(p, SQL_ROUNDS, id, err, "读取填报任务失败");
    bool ok = r != NULL;
    size_t first = *n;
    if (ok) {
        *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
        for (int i = 0; i < PQntuples(r); i++) {
            pm_round *x = &(*out)[(*n)++];
            x->id = (long)pg_int(r, i, 0);
            x->title = pg_dup0(r, i, 1);
            x->year = (int)pg_int(r, i, 2);
            x->period = pg_dup0(r, i, 3);
            x->unit_level = (int)pg_int(r, i, 4);
            x->opens = pg_dup0(r, i, 5);
            x->deadline = pg_dup0(r, i, 6);
            x->due_at = pg_dup0(r, i, 7);
            x->created_by = pg_dup0(r, i, 8);
            x->created_at = pg_dup0(r, i, 9);
        }
    }
    PQclear(r);
    for (size_t i = first; ok && i < *n; i++)
        ok = round_items(p, &(*out)[i], err);
    return pg_work_end(p, outer, ok, err);
}

bool pg_round_cells(void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err)
{
    PGresult *r = by_round(impl, SQL_CELLS, id, err, "读取填报任务进度失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_round_cell *c = &(*out)[(*n)++];
        c->unit = pg_dup0(r, i, 0);
        c->unit_name = pg_dup0(r, i, 1);
        c->element = pg_dup0(r, i, 2);
        c->state = pg_null(r, i, 3) ? -1 : (int)pg_int(r, i, 3);
        c->first_submitted = pg_dup(r, i, 4);
        c->person = pg_dup(r, i, 5);
        c->phone = pg_dup(r, i, 6);
        c->email = pg_dup(r, i, 7);
    }
    PQclear(r);
    return true;
}

bool pg_round_remind(void *impl, long id, const pm_remind_spec *m, pm_err *err)
{
    pgs *p = impl;
    long uid = 0;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = pg_find_unit(p, m->unit, &uid, err) == 1;
    if (ok) {
        char at[40];
        pg_args a = {0};
        pg_arg_int(&a, id);
        pg_arg_int(&a, uid);
        pg_arg_text(&a, pg_now(at, sizeof at));
        pg_arg_text(&a, m->who);
        pg_arg_text(&a, m->channel);
        pg_arg_text(&a, m->outcome);
        pg_arg_text(&a, m->detail);
        ok = pg_do(p, SQL_REMIND, &a, err, "写入催报记录失败");
    }
    return pg_work_end(p, outer, ok, err);
}

bool pg_round_reminders(void *impl, long id, pm_reminder **out, size_t *n, pm_err *err)
{
    PGresult *r = by_round(impl, SQL_REMINDERS, id, err, "读取催报记录失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_reminder *m = &(*out)[(*n)++];
        m->id = (long)pg_int(r, i, 0);
        m->unit = pg_dup0(r, i, 1);
        m->at = pg_dup0(r, i, 2);
        m->who = pg_dup0(r, i, 3);
        m->channel = pg_dup0(r, i, 4);
        m->outcome = pg_dup(r, i, 5);
        m->detail = pg_dup(r, i, 6);
    }
    PQclear(r);
    return true;
}

static const char SQL_APPROVALS[] = PM_SQL_ROUND_APPROVALS;

bool pg_round_approvals(void *impl, pm_round_approval **out, size_t *n, pm_err *err)
{
    PGresult *r = pg_run(impl, SQL_APPROVALS, NULL, err, "读取填报任务审核进度失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++)
        (*out)[(*n)++] = (pm_round_approval){(long)pg_int(r, i, 0), (size_t)pg_int(r, i, 1), (size_t)pg_int(r, i, 2)};
    PQclear(r);
    return true;
}

bool pg_put_contacts(void *impl, const pm_contact *c, size_t n, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        long uid = 0;
        ok = pg_find_unit(p, c[i].unit, &uid, err) == 1;
        pg_args a = {0};
        pg_arg_int(&a, uid);
        pg_arg_text(&a, c[i].person);
        pg_arg_text(&a, c[i].phone);
        pg_arg_text(&a, c[i].email && *c[i].email ? c[i].email : NULL);
        ok = ok && pg_do(p, SQL_CONTACT_PUT, &a, err, "写入联系人失败");
    }
    return pg_work_end(p, outer, ok, err);
}
