/* What waits (store/todo.h) on the PostgreSQL backend (pg_collect.h):
 * the statements of sqlite_todo.c, codes ordered byte by byte as SQLite
 * orders them. */
#include "store/pg_collect.h"

static const char SQL_DUE[] = PM_SQL_ROUNDS_DUE("$1", "$2", " COLLATE \"C\"");
static const char SQL_WAITING[] = PM_SQL_REVIEW_WAITING(" COLLATE \"C\"");

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
