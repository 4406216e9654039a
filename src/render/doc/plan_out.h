/* Writes a plan's indicators as a table, CSV or JSON (DESIGN's `plan parse`
 * JSON form). */
#ifndef PM_PLAN_OUT_H
#define PM_PLAN_OUT_H
#include <jansson.h>
#include <stdio.h>

#include "model/plan.h"
#include "render/write/format.h"

/* The indicator's `plan parse` fields as a new JSON object (new reference). */
json_t *out_indicator_json(const pm_indicator *ind);
/* "≥15", "[130]", "—": a value as the plan's table shows it, into out. */
void out_plan_value(double v, pm_target_op op, bool cumulative, char out[64]);
/* Decimals that show an indicator's figures as the plan writes them
 * (0.28 → 2), at least one for rates and %, at most four. Baseline and
 * target may be NaN. */
int out_value_decimals(double baseline, double target, const char *unit, bool rate);
void out_plan_print(FILE *f, const pm_plan *plan, out_format fmt);

#endif
