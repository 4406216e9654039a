/* Evidence files (佐证材料) of a task's progress updates (issue 13): kept
 * as attachments (store/attach.h) of kind "evidence" whose ref names the
 * task and the update, "task:CODE:ID".
 *
 * An attachment row hangs off an org unit (attachment.unit_id), and a
 * department is not one: a task's files hang off its lead when the lead is
 * an org unit (a town), else off the district (the tree's root). Who may
 * read them is the task's access rule, not that unit's (web/task_req.h).
 * The year is the update period's.
 *
 * Ownership: files and strings passed in are borrowed. */
#ifndef PM_STORE_TASK_ATTACH_H
#define PM_STORE_TASK_ATTACH_H
#include <stdbool.h>
#include <stddef.h>

#include "model/orgunit.h"
#include "model/task.h"
#include "store/attach.h"

/* A file to attach: its name as uploaded and its bytes. Borrowed. */
typedef struct pm_task_file {
    const char *name;
    const void *data;
    size_t size;
} pm_task_file;

/* The org unit code task k's files hang off (see above); NULL when the
 * tree is empty. Borrowed from k or tree. */
const char *pm_task_files_unit(const pm_task *k, const pm_tree *tree);

/* "task:CODE:" into out (cap bytes): the prefix of the refs of every file
 * of task CODE (pm_store_attachments_ref). False when it does not fit. */
bool pm_task_files_prefix(const char *task, char *out, size_t cap);
/* The update id of ref "task:CODE:ID" (0 when ref is not of that form);
 * *task_len (may be NULL) the length of CODE within it. */
long pm_task_files_update(const char *ref, size_t *task_len);

/* Every file is checked first (pm_attach_check, the message naming the
 * file and why); then update u is appended and its files attached in one
 * unit of work: all or nothing. *id gets the update's id. The files hang
 * off org unit `unit` (pm_task_files_unit), uploaded by u->who. */
bool pm_store_task_update_with_files(pm_store *s, const pm_task_update *u, const pm_task_file *files, size_t n,
                                     const char *unit, long *id, pm_err *err);
/* Attaches files to update u that is already stored (u->id, task, period,
 * who: the uploader), all or nothing, after checking every one. ids (may
 * be NULL, n of them) get the new attachments' ids. Whether u may still
 * take files is the caller's to decide. */
bool pm_store_task_update_attach(pm_store *s, const pm_task_update *u, const pm_task_file *files, size_t n,
                                 const char *unit, long *ids, pm_err *err);

#endif
