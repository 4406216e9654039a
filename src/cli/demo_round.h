/* The demo's collection round (填报任务, issue 14): a 2023 round of three
 * items over six streets and towns, replayed at fixed instants in early
 * 2024 (synthetic, like every figure of the demo): three report on time,
 * two late after a reminder (催报), one — 荣华街道 — not at all, so that
 * the round page, the overdue list, the reminders, the timeliness rate
 * (3/6 = 50.0%) and each role's 待办 have something to show. */
#ifndef PM_DEMO_ROUND_H
#define PM_DEMO_ROUND_H
#include <stdbool.h>

#include "engine/aggregate.h"
#include "store/store.h"

/* True for a figure the round writes itself (with its own history), which
 * the demo's bulk write of approved figures must leave out. */
bool demo_round_owns(const char *element, const char *unit, int year);

/* Opens the round and writes its figures (the generator's values in e),
 * submissions, approvals and reminders at their instants, inside the
 * caller's transaction; *count grows by the figures written. */
bool demo_round(pm_store *s, const pm_engine *e, size_t *count, pm_err *err);

#endif
