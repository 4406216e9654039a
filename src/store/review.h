/* Review actions applied to the store: the rules of engine/review.h
 * checked, then the figures they move moved, each with its history row,
 * in one transaction. The CLI, the API and the pages all come through
 * here (the pages through pm_review_check and wp_move_unit where they act
 * on a unit's own figures only). */
#ifndef PM_STORE_REVIEW_H
#define PM_STORE_REVIEW_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "engine/review.h"
#include "store/store.h"

/* One review request. Strings are borrowed. */
typedef struct pm_review_req {
    pm_review_action action;
    pm_review_actor actor;
    const char *who;     /* the name the history records */
    const char *unit;    /* unit code: the request acts on its subtree */
    int year;            /* 0: every year */
    const char *element; /* NULL: every item; else one element code (one item's figures) */
    const char *reason;  /* NULL: none */
} pm_review_req;

/* Checks rq (pm_review_check); when permitted, moves the figures in the
 * rule's `from` states to its `to` state. Returns false only when the
 * store fails (err set, nothing moved). Otherwise *verdict says whether
 * the request was permitted (nothing moves when it is not) and *moved how
 * many figures moved. */
bool pm_store_review(pm_store *s, const pm_review_req *rq, pm_review_verdict *verdict, size_t *moved, pm_err *err);

/* The database's review levels into *out (n 0: one level). False with
 * err set when the store fails. */
bool pm_store_review_levels(pm_store *s, pm_review_levels *out, pm_err *err);
/* Replaces the review levels (n 0: back to one level) after
 * pm_review_levels_check; figures waiting for review move to the first
 * new level that applies to their unit. False with err set (the check's
 * message, or the store's), nothing written. */
bool pm_store_set_review_levels(pm_store *s, const pm_review_levels *lv, pm_err *err);

#endif
