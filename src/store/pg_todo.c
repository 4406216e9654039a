/* What waits (store/todo.h) on the PostgreSQL backend (pg_collect.h):
 * the statements of sqlite_todo.c, codes ordered byte by byte as SQLite
 * orders them. */
#include "store/pg_collect.h"

static const char SQL_DUE[] =
    "SELECT r.id, r.title, r.year, r.deadline, r.due_at, o.code, o.name, count(*), count(v.element_id),"
    " (SELECT count(*) FROM round_reminder m WHERE m.round_id = r.id AND m.unit_id = o.id)"
    " FROM collection_round r JOIN round_unit ru ON ru.round_id = r.id JOIN org_unit o ON o.id = ru.unit_id"
    " JOIN round_item ri ON ri.round_id = r.id"
    " LEFT JOIN data_value v ON v.element_id = ri.element_id AND v.unit_id = o.id AND v.year = r.year"
    " WHERE r.opens <= $1 AND ($2 = '' OR o.code = $2)"
    " GROUP BY r.id, o.id"
    " HAVING sum(CASE WHEN EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = ri.element_id"
    "  AND h.unit_id = o.id AND h.year = r.year AND h.new_state = 1) THEN 1 ELSE 0 END) < count(*)"
    " ORDER BY r.deadline COLLATE \"C\", r.id, o.code COLLATE \"C\"";
static const char SQL_WAITING[] = "SELECT o.code, v.review_level, count(*) FROM data_value v"
                                  " JOIN org_unit o ON o.id = v.unit_id WHERE v.state = 1"
                                  " GROUP BY o.code, v.review_level ORDER BY o.code COLLATE \"C\", v.review_level";

bool pg_rounds_due(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, today);
    pg_arg_text(&a, unit);
    PGresult *r = pg_run(impl, SQL_DUE, &a, err, "读取填报任务的待办失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_round_due *d = &(*out)[(*n)++];
        d->round = (long)pg_int(r, i, 0);
        d->title = pg_dup0(r, i, 1);
        d->year = (int)pg_int(r, i, 2);
        d->deadline = pg_dup0(r, i, 3);
        d->due_at = pg_dup0(r, i, 4);
        d->unit = pg_dup0(r, i, 5);
        d->unit_name = pg_dup0(r, i, 6);
        d->items = (int)pg_int(r, i, 7);
        d->filled = (int)pg_int(r, i, 8);
        d->reminders = (int)pg_int(r, i, 9);
    }
    PQclear(r);
    return true;
}

bool pg_review_waiting(void *impl, pm_waiting **out, size_t *n, pm_err *err)
{
    PGresult *r = pg_run(impl, SQL_WAITING, NULL, err, "读取待审核数据失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_waiting *w = &(*out)[(*n)++];
        w->unit = pg_dup0(r, i, 0);
        w->level = (int)pg_int(r, i, 1);
        w->n = (long)pg_int(r, i, 2);
    }
    PQclear(r);
    return true;
}
