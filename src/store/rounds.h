/* Collection rounds in the store (model/round.h): opening one, listing
 * them, reading a round's cells (each reporting unit × each item: the
 * figure's state and its first submission time, read from data_value and
 * value_history), the reminders sent (催报) and the units' contacts.
 *
 * Ownership: structs filled here own their strings (their *_free);
 * strings passed in are borrowed. */
#ifndef PM_STORE_ROUNDS_H
#define PM_STORE_ROUNDS_H
#include <stdbool.h>
#include <stddef.h>

#include "model/round.h"
#include "store/collect_types.h"
#include "store/store.h"

/* Opens a round; *id its number, *nunits (NULL: not wanted) how many
 * units report in it. Refused (false, err naming the field) for an item
 * that is not an element of the plan or one not reported at unit_level,
 * no items, an item or a unit named twice, a unit that is not in the
 * database or not of unit_level, or an opening after the deadline. The
 * round's units (round_unit) are fixed here: those named, else every
 * unit of unit_level. */
bool pm_store_round_add(pm_store *s, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err);
/* Every round, newest first; *out malloc'd (pm_rounds_free). */
bool pm_store_rounds(pm_store *s, pm_round **out, size_t *n, pm_err *err);
/* One round: 1 found, 0 no such round, -1 store failure (err set). */
int pm_store_round_get(pm_store *s, long id, pm_round *out, pm_err *err);
/* The round's cells, ordered by unit code then item code; *out malloc'd
 * (pm_round_cells_free). */
bool pm_store_round_cells(pm_store *s, long id, pm_round_cell **out, size_t *n, pm_err *err);

/* Every round's units and approved units (one row per round that has
 * items and units, by id), in one grouped query: what the overview's
 * default year weighs, without reading each round's cells. *out
 * malloc'd (free). */
bool pm_store_round_approvals(pm_store *s, pm_round_approval **out, size_t *n, pm_err *err);

/* Appends a line to the round's reminder log (催报: a 站内待办, or an
 * e-mail's outcome), at = now. */
bool pm_store_round_remind(pm_store *s, long id, const pm_remind_spec *m, pm_err *err);
/* The reminders of a round, oldest first (pm_reminders_free). */
bool pm_store_round_reminders(pm_store *s, long id, pm_reminder **out, size_t *n, pm_err *err);

/* Sets the contacts of units (replacing theirs), all or none. */
bool pm_store_put_contacts(pm_store *s, const pm_contact *c, size_t n, pm_err *err);

#endif
