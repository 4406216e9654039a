/* 待办 (issue 14): what waits for the logged-in user, shown on the
 * overview (/) and, for one unit, on the entry page (page_todo.c):
 *
 *   reporter          the open rounds its units have not reported yet,
 *                     with the deadline, 已填 n/m 项 and the reminders
 *   reviewer          the submitted figures waiting at its review level in
 *                     its subtree, and the units there overdue in a round
 *   planner, admin    per round, how many units are overdue (or still to
 *                     report), with a link to the round's page
 *
 * Counted by the store (store/todo.h: one grouped query each), not by
 * reading the figures: a page draws it on every load. Nothing is drawn
 * when nothing waits, or when the store fails (a notice is not worth a
 * failed page). Internal to src/web/. */
#ifndef PM_WEB_PAGE_TODO_H
#define PM_WEB_PAGE_TODO_H
#include "web/web.h"

/* The user's 待办 for the overview, as a section headed 待办. */
void web_todo_section(web_req *r, buf *b, const web_snap *s);

/* The 待办 of unit u (preorder index) on its entry page: the rounds it
 * has not reported, in the same section and words. */
void web_todo_unit(web_req *r, buf *b, const web_snap *s, int u);

#endif
