/* Collection rounds on the web (填报任务, page_rounds.c):
 *
 *   GET  /rounds                  every round with its summary
 *   GET  /rounds/{id}             each reporting unit's state, late or on time,
 *                                 reminders, contact; the timeliness rate
 *   GET  /rounds/{id}/overdue.xlsx the overdue list (逾期未报) with contacts
 *   POST /rounds/{id}/remind      a 催报 to every unit not yet reported (or unit=)
 *
 * and the notice a reporter sees on its pages (待办): the open rounds its
 * unit has not reported, their deadlines and the reminders received.
 * Internal to src/web/. */
#ifndef PM_WEB_PAGE_ROUNDS_H
#define PM_WEB_PAGE_ROUNDS_H
#include "web/web.h"

/* The handlers are declared in handlers.h with the others. */

/* Appends the 待办 of unit u (preorder index) for the user of r: one
 * message per round whose units include u and which u has not reported.
 * Nothing when there is none (or the store fails: a notice is not worth
 * a failed page). */
void web_round_notices(web_req *r, buf *b, const web_snap *s, int u);

#endif
