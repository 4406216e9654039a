/* What waits (store/todo.h) on the SQLite backend: one grouped query
 * each. A unit has reported when each item of the round has been
 * submitted at least once (engine/round.h): the EXISTS is a seek on
 * value_history's (element, unit, year, id) index. */
#include <sqlite3.h>

#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"

static const char SQL_DUE[] =
    "SELECT r.id, r.title, r.year, r.deadline, r.due_at, o.code, o.name, count(*), count(v.element_id),"
    " (SELECT count(*) FROM round_reminder m WHERE m.round_id = r.id AND m.unit_id = o.id)"
    " FROM collection_round r JOIN round_unit ru ON ru.round_id = r.id JOIN org_unit o ON o.id = ru.unit_id"
    " JOIN round_item ri ON ri.round_id = r.id"
    " LEFT JOIN data_value v ON v.element_id = ri.element_id AND v.unit_id = o.id AND v.year = r.year"
    " WHERE r.opens <= :today AND (:unit = '' OR o.code = :unit)"
    " GROUP BY r.id, o.id"
    " HAVING sum(CASE WHEN EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = ri.element_id"
    "  AND h.unit_id = o.id AND h.year = r.year AND h.new_state = 1) THEN 1 ELSE 0 END) < count(*)"
    " ORDER BY r.deadline, r.id, o.code";
static const char SQL_WAITING[] = "SELECT o.code, v.review_level, count(*) FROM data_value v"
                                  " JOIN org_unit o ON o.id = v.unit_id WHERE v.state = 1"
                                  " GROUP BY o.code, v.review_level ORDER BY o.code, v.review_level";

static void due_row(void *item, sqlite3_stmt *st)
{
    pm_round_due *d = item;
    d->round = (long)sqlite3_column_int64(st, 0);
    d->title = sq_col_dup0(st, 1);
    d->year = sqlite3_column_int(st, 2);
    d->deadline = sq_col_dup0(st, 3);
    d->due_at = sq_col_dup0(st, 4);
    d->unit = sq_col_dup0(st, 5);
    d->unit_name = sq_col_dup0(st, 6);
    d->items = sqlite3_column_int(st, 7);
    d->filled = sqlite3_column_int(st, 8);
    d->reminders = sqlite3_column_int(st, 9);
}

bool sq_rounds_due(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_DUE, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":today", today, &rc);
        sq_bind_text(st, ":unit", unit, &rc);
    }
    bool ok;
    *out = sq_collect_bound(s, st, rc, *out, n, sizeof **out, due_row, &ok, err, "读取填报任务的待办失败");
    return ok;
}

static void waiting_row(void *item, sqlite3_stmt *st)
{
    pm_waiting *w = item;
    w->unit = sq_col_dup0(st, 0);
    w->level = sqlite3_column_int(st, 1);
    w->n = (long)sqlite3_column_int64(st, 2);
}

bool sq_review_waiting(void *impl, pm_waiting **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool ok;
    *out = sq_collect(s, sq_use(s, SQL_WAITING, err), *out, n, sizeof **out, waiting_row, &ok, err,
                      "读取待审核数据失败");
    return ok;
}
