/* The plan set and the judgments by hand as listings (plan list,
 * judgments): one JSON array feeds the table, CSV and JSON forms, the API
 * and the pages. */
#ifndef PM_PLANS_OUT_H
#define PM_PLANS_OUT_H
#include <jansson.h>
#include <stddef.h>

#include "render/write/listing.h"
#include "model/judgment.h"
#include "model/plan.h"

/* One object per plan: code, title, base_year, target_year, period
 * (2021—2025年), period_name (十四五 or null), default, in_use,
 * indicators. New reference. */
json_t *out_plans_json(const pm_plan_info *p, size_t n);
const out_column *out_plans_columns(size_t *n);

/* One object per judgment: indicator, unit, year, verdict (key),
 * verdict_label (已实现 …), note, at, who. New reference. */
json_t *out_judgments_json(const pm_judgment *j, size_t n);
const out_column *out_judgments_columns(size_t *n);

#endif
