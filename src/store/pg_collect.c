/* Review notes (store/notes.h) on the PostgreSQL backend, and the table of
 * collect_backend.h functions (pg_collect.h), as sqlite_notes.c. */
#include "store/pg_backend.h"
#include "store/pg_collect.h"

static const char SQL_NOTE_ADD[] =
    "INSERT INTO value_note(element_id, unit_id, year, at, who, body) VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_NOTES[] =
    "SELECT n.id, o.code, e.code, n.year, n.at, n.who, n.body"
    " FROM value_note n JOIN org_unit o ON o.id = n.unit_id JOIN element e ON e.id = n.element_id"
    " WHERE n.unit_id = $1 AND n.year = $2 AND ($3::bigint IS NULL OR n.element_id = $3) ORDER BY n.id";

static bool pg_note_add(void *impl, const char *unit, const char *element, int year, const char *who,
                        const char *body, pm_err *err)
{
    pgs *p = impl;
    long uid = 0, eid = 0;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = pg_find_unit(p, unit, &uid, err) == 1 && pg_find_element(p, element, &eid, err) == 1;
    if (ok) {
        char at[40];
        pg_args a = {0};
        pg_arg_int(&a, eid);
        pg_arg_int(&a, uid);
        pg_arg_int(&a, year);
        pg_arg_text(&a, pg_now(at, sizeof at));
        pg_arg_text(&a, who);
        pg_arg_text(&a, body);
        ok = pg_do(p, SQL_NOTE_ADD, &a, err, "写入审核意见失败");
    }
    return pg_work_end(p, outer, ok, err);
}

static bool pg_notes(void *impl, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                     pm_err *err)
{
    pgs *p = impl;
    long uid = 0, eid = 0;
    if (pg_find_unit(p, unit, &uid, err) != 1 || (element && pg_find_element(p, element, &eid, err) != 1))
        return false;
    pg_args a = {0};
    pg_arg_int(&a, uid);
    pg_arg_int(&a, year);
    pg_arg_id(&a, eid);
    PGresult *r = pg_run(p, SQL_NOTES, &a, err, "读取审核意见失败");
    if (!r)
        return false;
    *out = pg_rows_grow(*out, *n, (size_t)PQntuples(r), sizeof **out);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_note *x = &(*out)[(*n)++];
        x->id = (long)pg_int(r, i, 0);
        x->unit = pg_dup0(r, i, 1);
        x->element = pg_dup0(r, i, 2);
        x->year = (int)pg_int(r, i, 3);
        x->at = pg_dup0(r, i, 4);
        x->who = pg_dup0(r, i, 5);
        x->body = pg_dup0(r, i, 6);
    }
    PQclear(r);
    return true;
}

const pm_collect_ops pm_pg_collect_ops = {
    .note_add = pg_note_add,
    .notes = pg_notes,
    .round_add = pg_round_add,
    .rounds = pg_rounds,
    .round_cells = pg_round_cells,
    .round_remind = pg_round_remind,
    .round_reminders = pg_round_reminders,
    .round_approvals = pg_round_approvals,
    .put_contacts = pg_put_contacts,
    .rounds_due = pg_rounds_due,
    .review_waiting = pg_review_waiting,
    .attach_add = pg_attach_add,
    .attachments = pg_attachments,
    .attachment_get = pg_attachment_get,
    .attachments_ref = pg_attachments_ref,
    .review_levels = pg_review_levels,
    .set_review_levels = pg_set_review_levels,
};
