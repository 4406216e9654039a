/* What a store backend implements for collection (issue 14): review
 * notes (store/notes.h). A third table of functions, reached from the
 * backend's pm_store_ops through its `collect` member. Internal to
 * src/store/; the fronts (notes.c) check the arguments first. */
#ifndef PM_COLLECT_BACKEND_H
#define PM_COLLECT_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "engine/review.h"
#include "model/round.h"
#include "store/collect_types.h"

typedef struct pm_collect_ops {
    bool (*note_add)(void *impl, const char *unit, const char *element, int year, const char *who,
                     const char *body, pm_err *err);
    bool (*notes)(void *impl, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                  pm_err *err);

    /* Rounds (rounds.h); r checked by the front. */
    bool (*round_add)(void *impl, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err);
    bool (*rounds)(void *impl, long id, pm_round **out, size_t *n, pm_err *err); /* id 0: all */
    bool (*round_cells)(void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err);
    bool (*round_remind)(void *impl, long id, const pm_remind_spec *m, pm_err *err);
    bool (*round_reminders)(void *impl, long id, pm_reminder **out, size_t *n, pm_err *err);
    bool (*round_approvals)(void *impl, pm_round_approval **out, size_t *n, pm_err *err);
    bool (*put_contacts)(void *impl, const pm_contact *c, size_t n, pm_err *err);
    /* What waits (todo.h); unit "" for every unit. */
    bool (*rounds_due)(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n,
                       pm_err *err);
    bool (*review_waiting)(void *impl, pm_waiting **out, size_t *n, pm_err *err);

    /* Attachments (attach.h); spec checked by the front. */
    bool (*attach_add)(void *impl, const pm_attach_spec *a, long *id, pm_err *err);
    bool (*attachments)(void *impl, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err);
    int (*attachment_get)(void *impl, long id, pm_attachment *out, pm_err *err);
    bool (*attachments_ref)(void *impl, const char *prefix, pm_attachment **out, size_t *n, pm_err *err);

    /* Review levels (review.h); lv checked by the front. */
    bool (*review_levels)(void *impl, pm_review_levels *out, pm_err *err);
    bool (*set_review_levels)(void *impl, const pm_review_levels *lv, pm_err *err);
} pm_collect_ops;

/* What round_cells reads from, on both backends: a round's items crossed
 * with its units (round_unit), each with its figure of the round's year
 * (v) and the unit's contact (c). The backends' cell queries select from
 * this text and differ only in their collation and parameter syntax, so
 * which cells a round has is said once. */
#define PM_SQL_ROUND_CELLS_FROM                                                                                  \
    " FROM collection_round r JOIN round_item ri ON ri.round_id = r.id JOIN element e ON e.id = ri.element_id" \
    " JOIN round_unit ru ON ru.round_id = r.id JOIN org_unit o ON o.id = ru.unit_id"                          \
    " LEFT JOIN data_value v ON v.element_id = e.id AND v.unit_id = o.id AND v.year = r.year"                 \
    " LEFT JOIN unit_contact c ON c.unit_id = o.id"

/* A history row as both backends list it (history_row in sqlite_values.c
 * and pg_values.c takes the columns in this order). Who, when and why are
 * the row's own (a change made alone) or its batch's (schema 21:
 * value_batch, an import's one record; the row then has none of its own),
 * so every query that reads them joins PM_SQL_HIST_BATCH. */
#define PM_SQL_HIST_AT "coalesce(h.at, b.at)"
#define PM_SQL_HIST_BATCH " LEFT JOIN value_batch b ON b.id = h.batch_id"
#define PM_SQL_HIST_COLS_OF(at, who, why)                                                                      \
    "SELECT h.id, e.code, u.code, h.year, " at ", " who ", h.old_value, h.new_value,"                          \
    " h.old_state, h.new_state, " why ", h.comment"
#define PM_SQL_HIST_COLS PM_SQL_HIST_COLS_OF(PM_SQL_HIST_AT, "coalesce(h.who, b.who)", "coalesce(h.why, b.why)")

/* An attachment's row as both backends read it (attach_row in
 * sqlite_attach.c and pg_attach.c takes the columns in this order): the
 * row with its unit's code and its element's (NULL: the whole report).
 * Each backend adds its WHERE in its own parameter syntax. */
#define PM_SQL_ATTACH_SELECT "SELECT a.id, o.code, e.code, a.ref, a.kind, a.name, a.mime, a.at, a.who, a.year, a.size"
#define PM_SQL_ATTACH_FROM                                                                                     \
    " FROM attachment a JOIN org_unit o ON o.id = a.unit_id LEFT JOIN element e ON e.id = a.element_id"

/* What waits, on both backends (todo.h; sqlite_todo.c, pg_todo.c): the
 * statements differ only in their parameters (TODAY, UNIT: a unit's code,
 * '' for all) and in how codes and dates are ordered (C: "" on SQLite,
 * which orders text byte by byte; ' COLLATE "C"' on PostgreSQL, to order
 * as SQLite does). A unit has reported when each item of the round has
 * been submitted at least once (engine/round.h): the EXISTS is a seek on
 * value_history's (element, unit, year, id) index. */
#define PM_SQL_ROUNDS_DUE(TODAY, UNIT, C)                                                                      \
    "SELECT r.id, r.title, r.year, r.deadline, r.due_at, o.code, o.name, count(*), count(v.element_id),"      \
    " (SELECT count(*) FROM round_reminder m WHERE m.round_id = r.id AND m.unit_id = o.id"                   \
    "  AND m.channel = 'site')"                                                                              \
    " FROM collection_round r JOIN round_unit ru ON ru.round_id = r.id JOIN org_unit o ON o.id = ru.unit_id" \
    " JOIN round_item ri ON ri.round_id = r.id"                                                              \
    " LEFT JOIN data_value v ON v.element_id = ri.element_id AND v.unit_id = o.id AND v.year = r.year"       \
    " WHERE r.opens <= " TODAY " AND (" UNIT " = '' OR o.code = " UNIT ")"                                   \
    " GROUP BY r.id, o.id"                                                                                   \
    " HAVING sum(CASE WHEN EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = ri.element_id"         \
    "  AND h.unit_id = o.id AND h.year = r.year AND h.new_state = 1) THEN 1 ELSE 0 END) < count(*)"          \
    " ORDER BY r.deadline" C ", r.id, o.code" C
/* How far each round is approved (rounds.h), on both backends: its cells
 * grouped by unit, a unit approved when every item's figure is (state 2,
 * PM_VS_APPROVED), then counted per round. */
#define PM_SQL_ROUND_APPROVALS                                                                                 \
    "SELECT round_id, count(*), sum(CASE WHEN ok = items THEN 1 ELSE 0 END) FROM"                            \
    " (SELECT r.id AS round_id, count(*) AS items, sum(CASE WHEN v.state = 2 THEN 1 ELSE 0 END) AS ok"       \
    PM_SQL_ROUND_CELLS_FROM " GROUP BY r.id, o.id) AS u GROUP BY round_id ORDER BY round_id"
#define PM_SQL_REVIEW_WAITING(C)                                                                               \
    "SELECT o.code, v.review_level, count(*) FROM data_value v JOIN org_unit o ON o.id = v.unit_id"           \
    " WHERE v.state = 1 GROUP BY o.code, v.review_level ORDER BY o.code" C ", v.review_level"

/* The refusals of a round's item and unit that the backends' lookups meet
 * (round_fits.c), said once: the item or unit was found (else refused as not
 * in the plan or the database), and is reported at / is of the round's
 * level (an item's level -1: any). False with err naming it when refused. */
bool pm_round_item_fits(const char *code, bool found, int elevel, int level, pm_err *err);
bool pm_round_unit_fits(const char *code, bool found, int ulevel, int level, pm_err *err);

/* The SQLite backend's (sqlite_notes.c; rounds in sqlite_rounds.c, what waits in sqlite_todo.c,
 * attachments in sqlite_attach.c). */
extern const pm_collect_ops pm_sqlite_collect_ops;
bool sq_round_add(void *impl, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err);
bool sq_rounds(void *impl, long id, pm_round **out, size_t *n, pm_err *err);
bool sq_round_cells(void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err);
bool sq_round_remind(void *impl, long id, const pm_remind_spec *m, pm_err *err);
bool sq_round_reminders(void *impl, long id, pm_reminder **out, size_t *n, pm_err *err);
bool sq_round_approvals(void *impl, pm_round_approval **out, size_t *n, pm_err *err);
bool sq_put_contacts(void *impl, const pm_contact *c, size_t n, pm_err *err);
bool sq_rounds_due(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n, pm_err *err);
bool sq_review_waiting(void *impl, pm_waiting **out, size_t *n, pm_err *err);
bool sq_attach_add(void *impl, const pm_attach_spec *a, long *id, pm_err *err);
bool sq_attachments(void *impl, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err);
int sq_attachment_get(void *impl, long id, pm_attachment *out, pm_err *err);
bool sq_attachments_ref(void *impl, const char *prefix, pm_attachment **out, size_t *n, pm_err *err);
bool sq_review_levels(void *impl, pm_review_levels *out, pm_err *err);
bool sq_set_review_levels(void *impl, const pm_review_levels *lv, pm_err *err);

#endif
