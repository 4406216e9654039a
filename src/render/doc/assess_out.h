/* `assess` results: one JSON object per input row (input columns typed,
 * then the method's output columns), written as a JSON array or as CSV.
 * One model feeds both formats. */
#ifndef PM_ASSESS_OUT_H
#define PM_ASSESS_OUT_H
#include <jansson.h>
#include <stdio.h>

#include "engine/pace.h"
#include "engine/sdg.h"
#include "render/write/format.h"
#include "parse/assess_in.h"

/* A new object holding row r's input cells, typed by what the method knows
 * of each column (numbers, booleans, strings; null for empty). Columns the
 * method outputs are left out, so a file of earlier results can be
 * assessed again. */
json_t *out_assess_inputs(const pm_csv *t, size_t r, pm_method m);
/* Adds the method's output fields to row (DESIGN's column names). */
void out_assess_pace(json_t *row, const pm_pace_out *o);
void out_assess_sdg(json_t *row, const pm_sdg_out *o);
/* Writes the rows made from table t: a JSON array (%.17g numbers), or CSV
 * (t's input cells verbatim, then the method's output columns). */
void out_assess_print(FILE *f, const pm_csv *t, const json_t *rows, pm_method m, out_format fmt);

#endif
