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
 * Several levels (街镇审核 → 区业务科室审核, issue 14): a database may
 * name review levels, each done by the reviewers whose own unit sits at
 * one depth of the unit tree (1 town/street, 0 district), deeper first.
 * A submitted figure then waits at one level (data_value.review_level):
 * submitting puts it at the first level that applies to its unit (a
 * level applies when its reviewers sit at the unit's depth or above);
 * approving at a level moves it to the next level, and only the last one
 * locks it (approved). Returning, at any level, sends it back to the
 * reporter; resubmitting starts at the first level again. Reviewers act
 * on the figures waiting at their own level only. No levels named: one
 * level, any reviewer of the subtree, as before. pm_review_after is the
 * chain; the store applies it figure by figure (sqlite_values.c calls it
 * from SQL), so it exists once. */
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

/* The review levels of a database, first (deepest) first. n == 0: one
 * level, anybody who reviews. */
#define PM_REVIEW_LEVELS_MAX 4
#define PM_REVIEW_LEVEL_NAME_MAX 64 /* bytes with the NUL */
typedef struct pm_review_level {
    char name[PM_REVIEW_LEVEL_NAME_MAX]; /* 街镇审核 */
    int unit_level;                      /* depth of the reviewers' unit: 0 district, 1 town … */
} pm_review_level;
typedef struct pm_review_levels {
    int n;
    pm_review_level l[PM_REVIEW_LEVELS_MAX]; /* level k is l[k - 1] */
} pm_review_levels;

/* Checks a list of levels before it is stored: names given and short
 * enough, at most PM_REVIEW_LEVELS_MAX, depths 0..7 strictly decreasing
 * (each level above the one before). False with a message in Chinese
 * naming the level (msg, cap bytes). */
bool pm_review_levels_check(const pm_review_levels *lv, char *msg, size_t cap);
/* The level (1-based) whose reviewers sit at depth unit_level; 0 when no
 * levels are named (anybody reviews at the one level); -1 when levels are
 * named and none sits there (that reviewer reviews nothing). */
int pm_review_level_at(const pm_review_levels *lv, int unit_level);
/* The level a figure of a unit at depth unit_level waits at after moving
 * to state `to` from level `cur` (0: none): for SUBMITTED the first level
 * that applies to the unit; for APPROVED the next one after cur, 0 when
 * cur was the last (then the figure is approved indeed); for the other
 * states 0. */
int pm_review_after(const pm_review_levels *lv, pm_vstate to, int cur, int unit_level);
/* The level a submitted figure of a unit at depth unit_level waits at,
 * given the level stored with it: that one, or when it is 0 (submitted
 * before the levels were named) the first level that applies to its unit,
 * where the store moves it on its next step. 0 when no levels are named. */
int pm_review_waits_at(const pm_review_levels *lv, int stored, int unit_level);
/* The name of level k ("审核" when there are no levels or k is out of range). */
const char *pm_review_level_name(const pm_review_levels *lv, int k);

/* Who asks: a role, whether the unit acted on lies within the subtree the
 * actor may act on (the door knows its users and trees; admins and the
 * command line: always), and the review level the actor works at
 * (pm_review_level_at of the actor's own unit; 0 for admins and the
 * command line: any level, one step at a time). */
typedef struct pm_review_actor {
    pm_role role;
    bool in_scope;
    int level;
} pm_review_actor;

/* Why an action is refused. Doors answer each the same way:
 * FORBIDDEN 403 / exit 2, NO_REASON and LONG_REASON 400 / exit 2. */
typedef enum pm_review_verdict {
    PM_REVIEW_OK = 0,
    PM_REVIEW_FORBIDDEN,   /* the role may not take it, or not on that unit */
    PM_REVIEW_NO_REASON,   /* return and reopen need a reason (blank counts as none) */
    PM_REVIEW_LONG_REASON, /* more than PM_REVIEW_REASON_MAX bytes */
    PM_REVIEW_NO_LEVEL,    /* a reviewer whose unit sits at no review level (403 / exit 2) */
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
