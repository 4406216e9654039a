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

#endif
