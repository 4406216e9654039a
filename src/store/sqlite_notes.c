/* Review notes (store/notes.h) on the SQLite backend: one INSERT per
 * note, a thread read by the (unit, year, element, id) index. */
#include <sqlite3.h>

#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"

static const char SQL_NOTE_ADD[] =
    "INSERT INTO value_note(element_id, unit_id, year, at, who, body)"
    " VALUES (:element_id, :unit_id, :year, " SQ_NOW ", :who, :body)";
static const char SQL_NOTES[] =
    "SELECT n.id, o.code, e.code, n.year, n.at, n.who, n.body"
    " FROM value_note n JOIN org_unit o ON o.id = n.unit_id JOIN element e ON e.id = n.element_id"
    " WHERE n.unit_id = :unit_id AND n.year = :year AND (:element_id IS NULL OR n.element_id = :element_id)"
    " ORDER BY n.id";

static bool sq_note_add(void *impl, const char *unit, const char *element, int year, const char *who,
                        const char *body, pm_err *err)
{
    sq *s = impl;
    long uid = 0, eid = 0;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_find_unit(s, unit, &uid, err) && sq_find_element(s, element, &eid, err);
    sqlite3_stmt *st = ok ? sq_use(s, SQL_NOTE_ADD, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":element_id", eid, &rc);
        sq_bind_int(st, ":unit_id", uid, &rc);
        sq_bind_int(st, ":year", year, &rc);
        sq_bind_text(st, ":who", who, &rc);
        sq_bind_text(st, ":body", body, &rc);
        ok = sq_run(s, st, rc, err, "数据库 %s 写入审核意见失败", s->path);
    } else {
        ok = false;
    }
    return sq_work_end(s, outer, ok, err);
}

static void note_row(void *item, sqlite3_stmt *st)
{
    pm_note *n = item;
    n->id = (long)sqlite3_column_int64(st, 0);
    n->unit = sq_col_dup0(st, 1);
    n->element = sq_col_dup0(st, 2);
    n->year = sqlite3_column_int(st, 3);
    n->at = sq_col_dup0(st, 4);
    n->who = sq_col_dup0(st, 5);
    n->body = sq_col_dup0(st, 6);
}

static bool sq_notes(void *impl, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                     pm_err *err)
{
    sq *s = impl;
    long uid = 0, eid = 0;
    if (!sq_find_unit(s, unit, &uid, err) || (element && !sq_find_element(s, element, &eid, err)))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_NOTES, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":unit_id", uid, &rc);
        sq_bind_int(st, ":year", year, &rc);
        sq_bind_id(st, ":element_id", eid, &rc);
    }
    bool ok = st && rc == SQLITE_OK;
    if (ok)
        *out = sq_collect(s, st, *out, n, sizeof **out, note_row, &ok, err, "读取审核意见失败");
    else if (st)
        sq_done(st);
    return ok;
}

const pm_collect_ops pm_sqlite_collect_ops = {
    .note_add = sq_note_add,
    .notes = sq_notes,
    .round_add = sq_round_add,
    .rounds = sq_rounds,
    .round_cells = sq_round_cells,
    .round_remind = sq_round_remind,
    .round_reminders = sq_round_reminders,
    .round_approvals = sq_round_approvals,
    .put_contacts = sq_put_contacts,
    .rounds_due = sq_rounds_due,
    .review_waiting = sq_review_waiting,
    .attach_add = sq_attach_add,
    .attachments = sq_attachments,
    .attachment_get = sq_attachment_get,
    .attachments_ref = sq_attachments_ref,
    .review_levels = sq_review_levels,
    .set_review_levels = sq_set_review_levels,
};
