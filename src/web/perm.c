/* Who may do what where (perm.h): roles, and the subtree of the user's unit
 * as a range of preorder indexes. */
#include "web/perm.h"

static bool in_subtree(const web_user *u, int unit)
{
    if (u->root == -1)
        return true;
    return u->root >= 0 && unit >= u->root && unit < u->end;
}

bool web_can(const web_user *u, web_action a, int unit)
{
    if (!u || u->u.disabled)
        return false;
    pm_role role = u->u.role;
    if (role == PM_ROLE_ADMIN)
        return true;
    switch (a) {
    case WEB_DO_READ:
        /* Planners read the whole plan whatever unit they belong to. */
        return unit < 0 || role == PM_ROLE_PLANNER || in_subtree(u, unit);
    case WEB_DO_ENTER:
        /* Reviewers may correct figures of their subtree themselves (they
         * still go through the same checks, drafts and history). */
        return (role == PM_ROLE_REPORTER || role == PM_ROLE_REVIEWER) && (unit < 0 || in_subtree(u, unit));
    case WEB_DO_REVIEW:
        return role == PM_ROLE_REVIEWER && (unit < 0 || in_subtree(u, unit));
    case WEB_DO_PLAN:
        return role == PM_ROLE_PLANNER;
    case WEB_DO_ADMIN:
        return false;
    }
    return false;
}

/* The review rules (engine/review.h) take the role and whether the unit
 * lies in the user's subtree; this is where a web user becomes that. */
pm_review_actor web_review_actor(const web_user *u, int unit)
{
    pm_review_actor a = {PM_ROLE_REPORTER, false, -1}; /* nobody: least rights, no level */
    if (u && !u->u.disabled) {
        a.role = u->u.role;
        a.in_scope = in_subtree(u, unit);
        a.level = 0; /* any: web_review_actor_at narrows it to the user's level */
    }
    return a;
}

int web_review_status(pm_review_verdict v)
{
    return v == PM_REVIEW_OK ? 200 : v == PM_REVIEW_FORBIDDEN || v == PM_REVIEW_NO_LEVEL ? 403 : 400;
}

web_task_edit_right web_task_edit_right_of(const web_user *u, const pm_task *k)
{
    if (!u || u->u.disabled)
        return WEB_TASK_EDIT_NONE;
    if (web_can(u, WEB_DO_PLAN, -1))
        return WEB_TASK_EDIT_ALL;
    if (k && k->project && k->nmilestones && u->u.dept && pm_assignment_has_dept(&k->duty, u->u.dept, false))
        return WEB_TASK_EDIT_MILESTONES;
    return WEB_TASK_EDIT_NONE;
}

bool web_perm_ok(const web_user *u, web_perm p)
{
    switch (p) {
    case WEB_PUBLIC:
        return true;
    case WEB_LOGIN:
        return u != NULL;
    case WEB_ENTER:
        return web_can(u, WEB_DO_ENTER, -1);
    case WEB_REVIEW:
        return web_can(u, WEB_DO_REVIEW, -1);
    case WEB_PLAN:
        return web_can(u, WEB_DO_PLAN, -1);
    case WEB_ADMIN:
        return web_can(u, WEB_DO_ADMIN, -1);
    }
    return false;
}

int web_home_unit(const web_user *u)
{
    return u && u->root >= 0 ? u->root : 0;
}

int web_read_scope(const web_user *u)
{
    /* As web_can: admins and planners read every unit, the others their subtree. */
    return u->u.role == PM_ROLE_ADMIN || u->u.role == PM_ROLE_PLANNER ? -1 : u->root;
}
