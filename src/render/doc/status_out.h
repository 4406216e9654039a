/* `status` output: every indicator of a unit and year with its judgment.
 * One JSON model (DESIGN: plan-parse fields + assess fields + status_label)
 * feeds the JSON, CSV and table forms. */
#ifndef PM_STATUS_OUT_H
#define PM_STATUS_OUT_H
#include <jansson.h>
#include <stdio.h>

#include "engine/pace.h"
#include "engine/sdg.h"
#include "model/plan.h"
#include "render/write/format.h"
#include "engine/evaluation.h"

/* One indicator's object for method pace; share is the unit's value as a
 * share of the root's (NaN to leave out), judged false for a count
 * without a unit target. New reference. */
json_t *out_status_pace(const pm_indicator *ind, const pm_pace_out *o, bool judged, double share);
json_t *out_status_sdg(const pm_indicator *ind, const pm_sdg_out *o, int year, double value, bool judged,
                       double share);
/* Records on o the base (judged_baseline, judged_base_year) and target
 * (judged_target) the judgment p used: the unit's own base and target
 * (DESIGN "Towns"), the plan's for the district; null when not judged. */
void out_status_goalposts(json_t *o, const pm_goalpost *g, const pm_pace_out *p);
/* Marks a qualitative indicator's row as judged by hand: status manual,
 * label 人工评价, and "judgment" — the one in force ({year, verdict,
 * verdict_label, note, who, at}) or null when none is recorded yet. */
void out_status_manual(json_t *row, const pm_judgment *j);
/* The status document of unit u (tree index) in year: {"unit", "unit_name",
 * "unit_level", "year", "method", "indicators": [one object per indicator],
 * "completeness"}. The one builder behind `planmon status`, the web pages
 * and the API, so that all three show the same judgments. New reference. */
json_t *out_status_doc(const pm_evaluation *ev, int u, int year, bool sdg);
/* Prints the document {"unit","unit_name","year","method","indicators",
 * "completeness"} in the format asked for. */
void out_status_print(FILE *f, const json_t *doc, out_format fmt);

#endif
