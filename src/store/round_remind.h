/* 催报 (issue 14 item 2), one function below the CLI's `round remind` and
 * the round page's button: a 站内待办 line in the reminder log for each unit
 * reminded, and, when a relay is configured (store/smtp.h), an e-mail in
 * Chinese to the unit's contact, each outcome (sent, failed with the
 * relay's reason, no address) appended to the log too.
 *
 * Ownership: a result owns its lines (pm_remind_result_free); the unit
 * strings are borrowed from the view. */
#ifndef PM_STORE_ROUND_REMIND_H
#define PM_STORE_ROUND_REMIND_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/round_view.h"
#include "store/smtp.h"

typedef struct pm_remind_line {
    const char *unit, *unit_name; /* borrowed from the view */
    const char *outcome;          /* "sent", "failed", "no_address"; NULL: e-mail off */
    char *detail;                 /* the address, or why it failed; NULL */
} pm_remind_line;

typedef struct pm_remind_result {
    pm_remind_line *line; /* one per unit reminded */
    size_t n;
    size_t sent, failed, no_address;
    bool mail_on; /* a relay was configured */
} pm_remind_result;

/* Reminds the units of v that have not reported, or only the unit `only`
 * (NULL: those), as who, the e-mails through mail (NULL or no url: none)
 * dated now. The 站内待办 lines are committed before any e-mail is sent,
 * so that a relay that is down leaves them written; the e-mails'
 * outcomes follow in a second transaction. False (err set) when the store
 * failed or `only` is not a unit of the round (nothing written then);
 * true otherwise, also when sends failed (res->failed counts them). */
bool pm_round_remind(pm_store *s, const pm_round_view *v, const char *only, const char *who,
                     const pm_smtp_cfg *mail, time_t now, pm_remind_result *res, pm_err *err);
void pm_remind_result_free(pm_remind_result *res);

#endif
