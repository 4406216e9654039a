/* The plan's validation rules as one JSON model (for `planmon rules` and
 * any page that lists them): an array of flat objects {left, left_name,
 * op, right, right_name, severity, severity_label, message}. */
#ifndef PM_RULES_OUT_H
#define PM_RULES_OUT_H
#include <jansson.h>

#include "model/plan.h"
#include "render/write/listing.h"

/* A new reference the caller releases with json_decref. */
json_t *out_rules_json(const pm_plan *p);
/* The table's columns, in order (n set). */
const out_column *out_rules_columns(size_t *n);

#endif
