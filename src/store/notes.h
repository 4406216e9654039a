/* Review notes (审核意见): a thread of short texts per figure (unit,
 * item, year) — a reviewer's question, the reporter's reply — kept
 * beside the figure's history and, like it, only ever appended. A
 * return's reason stays in the history row of the return (every door
 * writes it there); the pages show both in one thread (page_entry.c).
 *
 * Ownership: pm_note rows filled here own their strings (pm_notes_free);
 * strings passed in are borrowed. */
#ifndef PM_STORE_NOTES_H
#define PM_STORE_NOTES_H
#include <stdbool.h>
#include <stddef.h>

#include "store/collect_types.h"
#include "store/store.h"

void pm_notes_free(pm_note *n, size_t count);

/* Appends one note to the figure (unit, element, year), at = now. The
 * figure need not exist yet (a question about a missing figure). Refused
 * (false, err naming the field) for an unknown unit or element, an empty
 * body or one over PM_NOTE_MAX bytes, or a body that is not UTF-8. */
bool pm_store_note_add(pm_store *s, const char *unit, const char *element, int year, const char *who,
                       const char *body, pm_err *err);
/* The notes of a unit's own figures (not its subtree's) in a year,
 * optionally of one element (NULL: all), oldest first. *out malloc'd. */
bool pm_store_notes(pm_store *s, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                    pm_err *err);

#endif
