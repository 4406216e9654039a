/* Attachments (佐证材料, DESIGN "attachment"): the stamped 报表 scan and
 * the evidence of a unit's submission for a year, of one figure, or of a
 * task's progress update (ref "task:CODE:ID", task_attach.h), kept in the
 * database with the data, so a backup holds them.
 *
 * Every door comes through pm_store_attach_add, which checks the file:
 * its type from its bytes (parse/filetype.h: PDF, PNG, JPEG, XLSX, DOCX),
 * its name's extension against that type, its size (the setting
 * attach-max-mb, pm_attach_max).
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

/* The size limit of one attachment, in bytes: PM_ATTACH_MAX_MB_DEFAULT MB
 * until configured. Process-wide: configured once before any thread
 * starts (serve, the CLI's settings), read by every door and by the web
 * server's body limit. False (nothing changed) outside 1 ..
 * PM_ATTACH_MAX_MB_LIMIT. */
bool pm_attach_configure_max_mb(long mb);
size_t pm_attach_max(void);

/* The checks of pm_store_attach_add without the store: the unit and who
 * given, the kind, the name, the size against pm_attach_max, the type
 * from the bytes against the name. False with a Chinese message starting
 * with the field ("file：文件“x.pdf”…", "name：", "kind：") naming the file
 * and why. *mime (may be NULL) gets the type found. */
bool pm_attach_check(const pm_attach_spec *a, const char **mime, pm_err *err);
/* Whether err is a refusal of pm_attach_check (the file's fault, not the
 * store's), and whether it is for the size. */
bool pm_attach_refused(const pm_err *err);
bool pm_attach_too_big(const pm_attach_spec *a);

/* Checks a (type, name, size, kind) and stores it; *id its number. The
 * spec's mime is ignored: the type found in the bytes is stored. */
bool pm_store_attach_add(pm_store *s, const pm_attach_spec *a, long *id, pm_err *err);
/* The attachments of a unit's year (its own, not its subtree's, and not
 * those of a task update: no ref), oldest first, without their bytes.
 * *out malloc'd. */
bool pm_store_attachments(pm_store *s, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err);
/* The attachments whose ref starts with prefix ("task:T01:"), oldest
 * first, without their bytes. *out malloc'd. */
bool pm_store_attachments_ref(pm_store *s, const char *prefix, pm_attachment **out, size_t *n, pm_err *err);
/* One attachment with its bytes: 1 found, 0 none, -1 store failure. */
int pm_store_attachment_get(pm_store *s, long id, pm_attachment *out, pm_err *err);
void pm_attachment_clear(pm_attachment *a);
void pm_attachments_free(pm_attachment *a, size_t n);
/* "盖章报表扫描件" / "佐证材料". */
const char *pm_attach_kind_label(const char *kind);

#endif
