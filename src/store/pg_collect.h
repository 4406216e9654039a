/* The PostgreSQL backend's functions of collect_backend.h, one file per
 * concept (pg_collect.c: review notes and the table; pg_rounds.c: rounds,
 * reminders, contacts; pg_todo.c: what waits (todo.h); pg_attach.c: attachments; pg_levels.c: review
 * levels). The statements and orderings of the SQLite files of the same
 * concepts. Internal to src/store/. */
#ifndef PM_PG_COLLECT_H
#define PM_PG_COLLECT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/collect_backend.h"
#include "store/pg_conn.h"

bool pg_round_add(void *impl, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err);
bool pg_rounds(void *impl, long id, pm_round **out, size_t *n, pm_err *err);
bool pg_round_cells(void *impl, long id, pm_round_cell **out, size_t *n, pm_err *err);
bool pg_round_remind(void *impl, long id, const pm_remind_spec *m, pm_err *err);
bool pg_round_reminders(void *impl, long id, pm_reminder **out, size_t *n, pm_err *err);
bool pg_round_approvals(void *impl, pm_round_approval **out, size_t *n, pm_err *err);
bool pg_put_contacts(void *impl, const pm_contact *c, size_t n, pm_err *err);
bool pg_rounds_due(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n, pm_err *err);
bool pg_review_waiting(void *impl, pm_waiting **out, size_t *n, pm_err *err);

bool pg_attach_add(void *impl, const pm_attach_spec *a, long *id, pm_err *err);
bool pg_attachments(void *impl, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err);
int pg_attachment_get(void *impl, long id, pm_attachment *out, pm_err *err);
bool pg_attachments_ref(void *impl, const char *prefix, pm_attachment **out, size_t *n, pm_err *err);

bool pg_review_levels(void *impl, pm_review_levels *out, pm_err *err);
bool pg_set_review_levels(void *impl, const pm_review_levels *lv, pm_err *err);

#endif
