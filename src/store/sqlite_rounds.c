/* Collection rounds (store/rounds.h) on the SQLite backend. A round's
 * cells are one query: the round's items crossed with its units
 * (round_unit), each with its figure's state and the time of its first
 * submission (a seek on value_history's (element, unit, year, id) index). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "model/vstate.h"
#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"

static const char SQL_ROUND_ADD[] =
    "INSERT INTO collection_round(title, year, period, unit_level, opens, deadline, due_at, created_by, created_at)"
    " VALUES (:title, :year, :period, :unit_level, :opens, :deadline, :due_at, :who, " SQ_NOW ")";
static const char SQL_ITEM_ADD[] = "INSERT INTO round_item(round_id, element_id) VALUES (:round_id, :element_id)";
static const char SQL_UNIT_OF[] = "SELECT id, level FROM org_unit WHERE code = :code";
static const char SQL_UNIT_ADD[] = "INSERT INTO round_unit(round_id, unit_id) VALUES (:round_id, :unit_id)";
/* No units named: every unit of the round's level. */
static const char SQL_LEVEL_UNITS_ADD[] =
    "INSERT INTO round_unit(round_id, unit_id) SELECT :round_id, id FROM org_unit WHERE level = :level";
/* An element of the current plan reported at that level (level -1: any). */
static const char SQL_ITEM_LEVEL[] = "SELECT level FROM element WHERE code = :code AND ord IS NOT NULL";
static const char SQL_ROUNDS[] =
    "SELECT id, title, year, period, unit_level, opens, deadline, due_at, created_by, created_at"
    " FROM collection_round WHERE :id = 0 OR id = :id ORDER BY id DESC";
static const char SQL_ROUND_ITEMS[] = "SELECT e.code FROM round_item ri JOIN element e ON e.id = ri.element_id"
                                      " WHERE ri.round_id = :id ORDER BY e.ord, e.code";
static const char SQL_CELLS[] =
    "SELECT o.code, o.name, e.code, v.state,"
    " (SELECT min(" PM_SQL_HIST_AT ") FROM value_history h" PM_SQL_HIST_BATCH
    "  WHERE h.element_id = e.id AND h.unit_id = o.id"
    "  AND h.year = r.year AND h.new_state = 1),"
    " c.person, c.phone, c.email" PM_SQL_ROUND_CELLS_FROM
    " WHERE r.id = :id ORDER BY o.code, e.code";
static const char SQL_REMIND[] = "INSERT INTO round_reminder(round_id, unit_id, at, who, channel, outcome, detail)"
                                 " VALUES (:id, :unit_id, " SQ_NOW ", :who, :channel, :outcome, :detail)";
static const char SQL_REMINDERS[] = "SELECT m.id, o.code, m.at, m.who, m.channel, m.outcome, m.detail FROM round_reminder m"
                                    " JOIN org_unit o ON o.id = m.unit_id WHERE m.round_id = :id ORDER BY m.id";
static const char SQL_CONTACT_PUT[] =
    "INSERT INTO unit_contact(unit_id, person, phone, email) VALUES (:unit_id, :person, :phone, :email)"
    " ON CONFLICT(unit_id) DO UPDATE SET person = excluded.person, phone = excluded.phone, email = excluded.email";

/* Checks that item is an element of the plan reported at level. */
static bool item_fits(sq *s, const char *code, int level, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_ITEM_LEVEL, err);
    int rc = SQLITE_OK;
    if (!st)
        return false;
    sq_bind_text(st, ":code", code, &rc);
    int found = sq_one(s, st, rc, err, "读取数据项失败");
    if (found < 0)
        return false;
    int elevel = found ? sqlite3_column_int(st, 0) : 0;
    if (found)
        sq_done(st);
    return pm_round_item_fits(code, found, elevel, level, err);
}

/* The id of unit code, checked to be of level: 1 found, 0 refused
 * (err names the unit), -1 store failure. */
static int unit_fits(sq *s, const char *code, int level, long *uid, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_UNIT_OF, err);
    int rc = SQLITE_OK;
    if (!st)
        return -1;
    sq_bind_text(st, ":code", code, &rc);
    int found = sq_one(s, st, rc, err, "读取组织机构失败");
    if (found < 0)
        return -1;
    *uid = found ? (long)sqlite3_column_int64(st, 0) : 0;
    int ulevel = found ? sqlite3_column_int(st, 1) : 0;
    if (found)
        sq_done(st);
    return pm_round_unit_fits(code, found, ulevel, level, err) ? 1 : 0;
}

/* Writes the round's units: those of r, else every unit of its level;
 * *n how many. Units named twice were refused by the front (rounds.c). */
static bool put_units(sq *s, long rid, const pm_round_spec *r, size_t *n, pm_err *err)
{
    int rc = SQLITE_OK;
    *n = 0;
    if (!r->units) {
        sqlite3_stmt *st = sq_use(s, SQL_LEVEL_UNITS_ADD, err);
        if (!st)
            return false;
        sq_bind_int(st, ":round_id", rid, &rc);
        sq_bind_int(st, ":level", r->unit_level, &rc);
        if (!sq_run(s, st, rc, err, "数据库 %s 写入填报任务的报送单位失败", s->path))
            return false;
        *n = (size_t)sqlite3_changes(s->db);
        return true;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < r->nunits; i++) {
        long uid = 0;
        ok = unit_fits(s, r->units[i], r->unit_level, &uid, err) == 1;
        sqlite3_stmt *st = ok ? sq_use(s, SQL_UNIT_ADD, err) : NULL;
        rc = SQLITE_OK;
        if (st) {
            sq_bind_int(st, ":round_id", rid, &rc);
            sq_bind_int(st, ":unit_id", uid, &rc);
            ok = sq_run(s, st, rc, err, "数据库 %s 写入填报任务的报送单位“%s”失败", s->path, r->units[i]);
        } else {
            ok = false;
        }
    }
    *n = ok ? r->nunits : 0;
    return ok;
}

bool sq_round_add(void *impl, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < r->nitems; i++)
        ok = item_fits(s, r->items[i], r->unit_level, err);
    sqlite3_stmt *st = ok ? sq_use(s, SQL_ROUND_ADD, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":title", r->title, &rc);
        sq_bind_int(st, ":year", r->year, &rc);
        sq_bind_text(st, ":period", r->period, &rc);
        sq_bind_int(st, ":unit_level", r->unit_level, &rc);
        sq_bind_text(st, ":opens", r->opens, &rc);
        sq_bind_text(st, ":deadline", r->deadline, &rc);
        sq_bind_text(st, ":due_at", r->due_at, &rc);
        sq_bind_text(st, ":who", r->who, &rc);
        ok = sq_run(s, st, rc, err, "数据库 %s 写入填报任务失败", s->path);
    } else {
        ok = false;
    }
    long rid = ok ? (long)sqlite3_last_insert_rowid(s->db) : 0;
    for (size_t i = 0; ok && i < r->nitems; i++) {
        long eid = 0;
        ok = sq_find_element(s, r->items[i], &eid, err);
        st = ok ? sq_use(s, SQL_ITEM_ADD, err) : NULL;
        rc = SQLITE_OK;
        if (st) {
            sq_bind_int(st, ":round_id", rid, &rc);
            sq_bind_int(st, ":element_id", eid, &rc);
            ok = sq_run(s, st, rc, err, "数据库 %s 写入填报任务的数据项“%s”失败", s->path, r->items[i]);
        } else {
            ok = false;
        }
    }
    ok = ok && put_units(s, rid, r, nunits, err);
    if (ok)
        *id = rid;
    return sq_work_end(s, outer, ok, err);
}

static void round_row(void *item, sqlite3_stmt *st)
{
    pm_round *r = item;
    r->id = (long)sqlite3_column_int64(st, 0);
    r->title = sq_col_dup0(st, 1);
    r->year = sqlite3_column_int(st, 2);
    r->period = sq_col_dup0(st, 3);
    r->unit_level = sqlite3_column_int(st, 4);
    r->opens = sq_col_dup0(st, 5);
    r->deadline = sq_col_dup0(st, 6);
    r->due_at = sq_col_dup0(st, 7);
    r->created_by = sq_col_dup0(st, 8);
    r->created_at = sq_col_dup0(st, 9);
}

typedef struct items_ctx {
    pm_round *r;
    size_t cap;
} items_ctx;

static bool item_row(void *ctx, sqlite3_stmt *st)
{
    items_ctx *c = ctx;
    c->r->items = xgrow(c->r->items, &c->cap, c->r->nitems + 1, sizeof *c->r->items);
    c->r->items[c->r->nitems++] = sq_col_dup0(st, 0);
    return true;
}

/* The rows of sql (whose one parameter is the round's :id) appended to
 * items as sq_collect_bound does. */
static void *round_rows(sq *s, const char *sql, long id, void *items, size_t *n, size_t size,
                        void (*fill)(void *item, sqlite3_stmt *row), bool *ok, pm_err *err, const char *what)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_int(st, ":id", id, &rc);
    return sq_collect_bound(s, st, rc, items, n, size, fill, ok, err, what);
}

bool sq_rounds(void *impl, long id, pm_round **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    bool ok;
    *out = round_rows(s, SQL_ROUNDS, id, *out, n, sizeof **out, round_row, &ok, err, "读取填报任务失败");
    for (size_t i = 0; ok && i < *n; i++) {
        sqlite3_stmt *st = sq_use(s, SQL_ROUND_ITEMS, err);
        int rc = SQLITE_OK;
        if (!st) {
            ok = false;
            break;
        }
        sq_bind_int(st, ":id", (*out)[i].id, &rc);
        items_ctx c = {&(*out)[i], 0};
        ok = sq_each(s, st, rc, item_row, &c, err, "读取填报任务的数据项失败");
    }
    return sq_work_end(s, outer, ok, err);
}

static void cell_row(void *item, sqlite3_stmt *st)
{
    pm_round_cell *c = item;
    c->unit = sq_col_dup0(st, 0);
    c->unit_name = sq_col_dup0(st, 1);
    c->element = sq_col_dup0(st, 2);
    c->state = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
    c->first_submitted = sq_col_dup(st, 4);
    c->person = sq_col_dup(st, 5);
    c->phone = sq_col_dup(st, 6);
    c->email = sq_col_dup(st, 7);
}

bool sq_round_cells(void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err)
{
    bool ok;
    *out = round_rows(impl, SQL_CELLS, id, *out, n, sizeof **out, cell_row, &ok, err, "读取填报任务进度失败");
    return ok;
}

bool sq_round_remind(void *impl, long id, const pm_remind_spec *m, pm_err *err)
{
    sq *s = impl;
    long uid = 0;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_find_unit(s, m->unit, &uid, err);
    sqlite3_stmt *st = ok ? sq_use(s, SQL_REMIND, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":id", id, &rc);
        sq_bind_int(st, ":unit_id", uid, &rc);
        sq_bind_text(st, ":who", m->who, &rc);
        sq_bind_text(st, ":channel", m->channel, &rc);
        sq_bind_text(st, ":outcome", m->outcome, &rc);
        sq_bind_text(st, ":detail", m->detail, &rc);
        ok = sq_run(s, st, rc, err, "数据库 %s 写入催报记录失败", s->path);
    } else {
        ok = false;
    }
    return sq_work_end(s, outer, ok, err);
}

static void reminder_row(void *item, sqlite3_stmt *st)
{
    pm_reminder *m = item;
    m->id = (long)sqlite3_column_int64(st, 0);
    m->unit = sq_col_dup0(st, 1);
    m->at = sq_col_dup0(st, 2);
    m->who = sq_col_dup0(st, 3);
    m->channel = sq_col_dup0(st, 4);
    m->outcome = sq_col_dup(st, 5);
    m->detail = sq_col_dup(st, 6);
}

bool sq_round_reminders(void *impl, long id, pm_reminder **out, size_t *n, pm_err *err)
{
    bool ok;
    *out = round_rows(impl, SQL_REMINDERS, id, *out, n, sizeof **out, reminder_row, &ok, err, "读取催报记录失败");
    return ok;
}

static const char SQL_APPROVALS[] = PM_SQL_ROUND_APPROVALS;

static void approval_row(void *item, sqlite3_stmt *st)
{
    pm_round_approval *a = item;
    a->round = (long)sqlite3_column_int64(st, 0);
    a->units = (size_t)sqlite3_column_int64(st, 1);
    a->approved = (size_t)sqlite3_column_int64(st, 2);
}

bool sq_round_approvals(void *impl, pm_round_approval **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool ok;
    *out = sq_collect(s, sq_use(s, SQL_APPROVALS, err), *out, n, sizeof **out, approval_row, &ok, err,
                      "读取填报任务审核进度失败");
    return ok;
}

bool sq_put_contacts(void *impl, const pm_contact *c, size_t n, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        long uid = 0;
        ok = sq_find_unit(s, c[i].unit, &uid, err);
        sqlite3_stmt *st = ok ? sq_use(s, SQL_CONTACT_PUT, err) : NULL;
        int rc = SQLITE_OK;
        if (st) {
            sq_bind_int(st, ":unit_id", uid, &rc);
            sq_bind_text(st, ":person", c[i].person, &rc);
            sq_bind_text(st, ":phone", c[i].phone, &rc);
            sq_bind_text(st, ":email", c[i].email && *c[i].email ? c[i].email : NULL, &rc);
            ok = sq_run(s, st, rc, err, "数据库 %s 写入联系人失败", s->path);
        } else {
            ok = false;
        }
    }
    return sq_work_end(s, outer, ok, err);
}
