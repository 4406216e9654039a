/* Collection rounds on the web (填报任务, page_rounds.c):
 *
 *   GET  /rounds                  every round with its summary
 *   GET  /rounds/{id}             each reporting unit's state, late or on time,
 *                                 reminders, contact; the timeliness rate
 *   GET  /rounds/{id}/overdue.xlsx the overdue list (逾期未报) with contacts
 *   POST /rounds/{id}/remind      a 催报 to every unit not yet reported (or unit=)
 *
 * The 待办 a reporter sees of its rounds is page_todo.h's.
 * Internal to src/web/. */
#ifndef PM_WEB_PAGE_ROUNDS_H
#define PM_WEB_PAGE_ROUNDS_H
#include "web/web.h"

/* The handlers are declared in handlers.h with the others. */

#endif
