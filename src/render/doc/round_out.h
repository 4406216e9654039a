/* A collection round as one JSON model (the CLI's listings, the API and
 * the round page read the same): the round, each reporting unit's state
 * with its contact and reminders, and the summary (completeness,
 * timeliness 按时报送率). Times are given in UTC (`*_at`) and in the
 * bureau's zone (`*_local`). */
#ifndef PM_ROUND_OUT_H
#define PM_ROUND_OUT_H
#include <jansson.h>

#include "engine/round.h"
#include "render/write/listing.h"

/* {"id","title","year","period","period_label","unit_level","opens","deadline","due_at","items":[…],
 *  "created_by","created_at"}. New reference. */
json_t *out_round_json(const pm_round *r);
/* One object per unit: unit, unit_name, state, state_label, late, on_time, reported_at,
 * reported_local, items, filled, submitted, approved, returned, reminders, last_reminded_local,
 * contact, phone. overdue_only: only the late units that have not reported. New reference. */
/* The reminder log (催报记录), oldest first: at, at_local, unit, who,
 * channel, channel_label (站内待办 / 邮件), outcome, outcome_label, detail.
 * New reference. */
json_t *out_round_reminders_json(const pm_reminder *rem, size_t n);
json_t *out_round_units_json(const pm_round_unit *u, size_t n, const pm_reminder *rem, size_t nrem,
                             bool overdue_only);
/* {"units","reported","on_time","late","not_reported","approved","completeness","timeliness","past_due"}. */
json_t *out_round_summary_json(const pm_round_summary *s);
/* The table's columns of the units' listing. */
const out_column *out_round_unit_columns(size_t *n);
/* The table's columns of the rounds' listing. */
const out_column *out_round_columns(size_t *n);

#endif
