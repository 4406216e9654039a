/* The review rules, once for every door (CLI, API, pages): which actions
 * move figures from which states to which, who may take them, and what
 * they need. Pure: no I/O, no allocation. The store applies a permitted
 * action in one transaction (store/review.h).
 *
 *   submit   提交        draft, returned → submitted    reporters, reviewers (their subtree)
 *   approve  审核通过    submitted → approved (locked)  reviewers (their subtree)
 *   return   退回        submitted → returned           reviewers (their subtree), reason
 *   reopen   重新打开并退回 approved → returned          admins only, reason
 *
 * Admins may take every action anywhere. Reopening is the one way back
 * from a lock: approved figures are what reports are built on, so only
 * the people who run the system reopen them, always with a reason kept in
 * the history (docs/web.md, "Review"). The command line acts as an admin:
 * whoever can write the database file can do anything to it.
 *
 * Room for issue 14's several levels (街镇自审 → 区业务科室 → 规划科): the
 * rules are rows of a table (pm_review_rules), and a request names one
 * item or all (pm_review_req.element in store/review.h), so a level
 * becomes more rows (approve at level k moves to level k+1's queue) and a
 * per-item return is a request with an element. */
#ifndef PM_REVIEW_H
#define PM_REVIEW_H
#include <stdbool.h>
#include <stddef.h>

#include "model/role.h"
#include "model/vstate.h"

typedef enum pm_review_action {
    PM_REVIEW_SUBMIT = 0,
    PM_REVIEW_APPROVE,
    PM_REVIEW_RETURN,
    PM_REVIEW_REOPEN,
    PM_REVIEW_ACTION_COUNT
} pm_review_action;

/* One row of the rules. */
typedef struct pm_review_rule {
    const char *key;   /* "submit" …: the API's path and the page's action */
    const char *verb;  /* "提交" …: for messages */
    unsigned from;     /* states it moves: bits 1u << PM_VS_* */
    pm_vstate to;
    unsigned roles;    /* roles that may take it in their subtree: bits 1u << PM_ROLE_* */
    bool needs_reason;
} pm_review_rule;

/* The rule of an action (a valid one). Static. */
const pm_review_rule *pm_review_rule_of(pm_review_action a);
/* "submit" / "approve" / "return" / "reopen" → the action; false if unknown. */
bool pm_review_parse(const char *key, pm_review_action *out);

/* Who asks: a role, and whether the unit acted on lies within the subtree
 * the actor may act on (the door knows its users and trees; admins and the
 * command line: always). */
typedef struct pm_review_actor {
    pm_role role;
    bool in_scope;
} pm_review_actor;

/* Why an action is refused. Doors answer each the same way:
 * FORBIDDEN 403 / exit 2, NO_REASON and LONG_REASON 400 / exit 2. */
typedef enum pm_review_verdict {
    PM_REVIEW_OK = 0,
    PM_REVIEW_FORBIDDEN,   /* the role may not take it, or not on that unit */
    PM_REVIEW_NO_REASON,   /* return and reopen need a reason (blank counts as none) */
    PM_REVIEW_LONG_REASON, /* more than PM_REVIEW_REASON_MAX bytes */
} pm_review_verdict;

#define PM_REVIEW_REASON_MAX 1500 /* bytes: 500 Chinese characters */

/* Whether actor's role may take the action on the unit at all (what
 * pm_review_check decides first): for showing a button or a form. */
bool pm_review_may(const pm_review_actor *actor, pm_review_action a);
/* Decides whether actor may take action with this reason (NULL: none), in
 * this order: the role and the unit, then the reason. The states an
 * action moves are its rule's `from`; figures in other states stay. */
pm_review_verdict pm_review_check(const pm_review_actor *actor, pm_review_action a, const char *reason);
/* Whether the action moves a figure in state s. */
bool pm_review_moves(pm_review_action a, pm_vstate s);
/* The refusal in Chinese for people ("只有管理员可以重新打开已审核的数据"),
 * with the unit's name when one is given (may be NULL), without final
 * punctuation: each door adds how to do better ("请用 --reason …"). Writes
 * at most cap bytes to out and returns out. */
const char *pm_review_refusal(pm_review_verdict v, pm_review_action a, const char *unit_name, char *out, size_t cap);

#endif
