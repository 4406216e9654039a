/* Before a submit: the warnings the figures it would move still leave
 * unexplained. The web's "保存并提交审核" holds a submit back while a
 * warning of the saved form has no 说明; the command line submits what an
 * earlier import stored, so the same checks (engine/checks.h) are run
 * again over the stored drafts: each as if it came in once more, with its
 * stored comment, against the other stored figures (last year's, the other
 * side of a rule) and its fellow drafts as peers. */
#ifndef PM_STORE_SUBMIT_CHECK_H
#define PM_STORE_SUBMIT_CHECK_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* Counts in *n the unexplained warnings of the figures `submit` would move
 * (draft or returned, in unit's subtree, of year; of element `item` only
 * when it is not NULL) and appends one line per warning to msgs
 * ("黄村镇 2024 年“养老护理员”（9999）：比上年（35）增加超过一倍，…\n").
 * An unknown unit counts none (the review names it). False with err only
 * when the store fails. */
bool pm_submit_unexplained(pm_store *s, const char *unit, int year, const char *item, size_t *n, buf *msgs,
                           pm_err *err);

#endif
