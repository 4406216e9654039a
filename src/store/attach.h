/* Attachments (佐证材料, DESIGN "attachment"): the stamped 报表 scan and
 * the evidence of a unit's submission for a year, of one figure, or of a
 * task update (ref "task:CODE:PERIOD", for the tasks module), kept in the
 * database with the data, so a backup holds them.
 *
 * Every door comes through pm_store_attach_add, which checks the file:
 * its type from its bytes (parse/filetype.h: PDF, PNG, JPEG, XLSX, DOCX),
 * its name's extension against that type, its size (PM_ATTACH_MAX).
 * Nothing is written when a check fails; the message names the field.
 *
 * Ownership: pm_attachment rows filled here own their strings and bytes
 * (pm_attachments_free / pm_attachment_clear); specs are borrowed. */
#ifndef PM_STORE_ATTACH_H
#define PM_STORE_ATTACH_H
#include <stdbool.h>
#include <stddef.h>

#include "store/collect_types.h"
#include "store/store.h"

/* Checks a (type, name, size, kind) and stores it; *id its number. The
 * spec's mime is ignored: the type found in the bytes is stored. */
bool pm_store_attach_add(pm_store *s, const pm_attach_spec *a, long *id, pm_err *err);
/* The attachments of a unit's year (its own, not its subtree's), oldest
 * first, without their bytes. *out malloc'd. */
bool pm_store_attachments(pm_store *s, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err);
/* One attachment with its bytes: 1 found, 0 none, -1 store failure. */
int pm_store_attachment_get(pm_store *s, long id, pm_attachment *out, pm_err *err);
void pm_attachment_clear(pm_attachment *a);
void pm_attachments_free(pm_attachment *a, size_t n);
/* "盖章报表扫描件" / "佐证材料". */
const char *pm_attach_kind_label(const char *kind);

#endif
