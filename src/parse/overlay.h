/* The plan overlay: a small JSON file beside a plan's table text that says
 * what the text cannot (title, goal ↔ domain, indicators set by hand).
 * Pure: bytes in, changes to a plan or an error out. */
#ifndef PM_OVERLAY_H
#define PM_OVERLAY_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* Applies the overlay text[0..len) to plan. Unknown keys, unknown
 * indicator numbers and domains the table does not have are errors (a typo
 * must not pass silently). On failure plan may be partly changed. */
bool pm_overlay_apply(pm_plan *plan, const char *text, size_t len, pm_err *err);

/* The path of the table text the overlay names ("table"), malloc'd, or
 * NULL when it names none. */
char *pm_overlay_table_path(const char *text, size_t len, pm_err *err);

#endif
