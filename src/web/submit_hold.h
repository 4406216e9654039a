/* The warning hold of a submit on the web (the page's 全部提交审核 and
 * POST /api/v1/values/submit): as `planmon submit` does, a submit moves
 * nothing while a warning of the figures it would move has no 说明
 * (store/submit_check.h re-runs the import's checks over the stored
 * drafts). Internal to src/web/. */
#ifndef PM_WEB_SUBMIT_HOLD_H
#define PM_WEB_SUBMIT_HOLD_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/store.h"

/* Checks a submit of unit's subtree in year (of element item only, when
 * not NULL). *held is the count of unexplained warnings; when some, msg
 * (cap bytes) gets the refusal in Chinese with each warning, "；"
 * between them (cut short to fit). False with err only when the store
 * fails. */
bool web_submit_held(pm_store *st, const char *unit, int year, const char *item, size_t *held, char *msg, size_t cap,
                     pm_err *err);

#endif
