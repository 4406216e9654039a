/* The status document of one unit and year for the web (status_doc.c). */
#ifndef PM_WEB_STATUS_DOC_H
#define PM_WEB_STATUS_DOC_H
#include <jansson.h>
#include <stdbool.h>

#include "store/evaluate.h"

/* The document `planmon status --format json` prints, for the unit at
 * preorder index u and year, judged by method pace (sdg false) or sdg:
 * {"unit","unit_name","unit_level","year","method","indicators":[…],
 * "completeness":{…}}. One model for the overview page and the status
 * API. New reference. */
json_t *web_status_doc(const pm_evaluation *ev, int u, int year, bool sdg);

/* Reading a row of that document back, as the overview and unit pages draw
 * it: member k as a number (NaN when absent or not a number: a figure not
 * there is drawn "—") and as text ("" when absent or null; borrowed from
 * o). */
double web_doc_num(const json_t *o, const char *k);
const char *web_doc_str(const json_t *o, const char *k);

#endif
