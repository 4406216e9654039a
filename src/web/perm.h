/* Who may do what where (perm.c): the one rule every route, page and API
 * handler asks. Pure: it reads the user and a preorder index of the
 * snapshot's tree, nothing else, so it sits below everything in src/web/. */
#ifndef PM_WEB_PERM_H
#define PM_WEB_PERM_H
#include <stdbool.h>

#include "engine/review.h"
#include "model/task.h"
#include "store/users.h"

/* What a user wants to do. Admins may do everything everywhere. */
typedef enum web_action {
    WEB_DO_READ,   /* see figures and pages: everyone, within their subtree (planners: all) */
    WEB_DO_ENTER,  /* enter and submit figures: reporters and reviewers, within their subtree */
    WEB_DO_REVIEW, /* approve or return figures: reviewers, within their subtree */
    WEB_DO_PLAN,   /* edit plan settings: planners */
    WEB_DO_ADMIN,  /* manage users: admins only */
} web_action;

/* Who a route admits before its handler runs. */
typedef enum web_perm {
    WEB_PUBLIC = 0, /* anyone, logged in or not */
    WEB_LOGIN,      /* any logged-in user (handlers check units: WEB_DO_READ) */
    WEB_ENTER,      /* users who may enter figures somewhere */
    WEB_REVIEW,     /* users who may review somewhere */
    WEB_PLAN,       /* users who may edit plan settings */
    WEB_ADMIN,      /* admins */
} web_perm;

/* The user behind a request, with the subtree it may touch as a range of
 * preorder indexes of the snapshot's tree: [root, end). root -1: the whole
 * tree; root -2: the user's unit is not in the tree (nothing allowed
 * below the role level). */
typedef struct web_user {
    pm_user u;
    int root, end;
} web_user;

/* May user u do action a on the unit at preorder index unit of the current
 * snapshot's tree? unit -1 asks "anywhere at all" (the role's right). */
bool web_can(const web_user *u, web_action a, int unit);
/* User u as the review rules see it when acting on the unit at preorder
 * index unit (NULL or disabled: a reporter with no scope). */
pm_review_actor web_review_actor(const web_user *u, int unit);
/* The HTTP status of a review verdict: 200, 403 (forbidden), 400 (reason). */
int web_review_status(pm_review_verdict v);
/* Who may change a key task or project (issue 13), on the web form and
 * through PUT /api/v1/tasks/{code} alike: planners and admins add and edit
 * any task or project (WEB_TASK_EDIT_ALL); a department's member may mark
 * the milestones of a project its department leads or co-operates on met
 * or not (progress, WEB_TASK_EDIT_MILESTONES) but change nothing of its
 * definition; everyone else reads only. k NULL asks about a new one. */
typedef enum web_task_edit_right {
    WEB_TASK_EDIT_NONE = 0,
    WEB_TASK_EDIT_MILESTONES,
    WEB_TASK_EDIT_ALL,
} web_task_edit_right;
web_task_edit_right web_task_edit_right_of(const web_user *u, const pm_task *k);

/* May user u (NULL: nobody logged in) pass a route's permission p? */
bool web_perm_ok(const web_user *u, web_perm p);
/* The index of the unit a user lands on: its own subtree's root, else the
 * tree's root (0). */
int web_home_unit(const web_user *u);
/* Which units u reads, for keys of cached page pieces: -1 every unit, else
 * its subtree's root index (web_can's WEB_DO_READ, as a number). */
int web_read_scope(const web_user *u);

#endif
