/* Formula text → pm_formula. Pure. */
#ifndef PM_PARSE_FORMULA_H
#define PM_PARSE_FORMULA_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/formula.h"
#include "model/plan.h"

/* Parses text, resolving #{code} and units_with(code, …) against codes[0..ncodes).
 * On failure err->msg names the 1-based character position and what is
 * wrong ("第 12 个字符：未知的数据项“beds”"); err->line is left alone. */
bool pm_formula_parse(const char *text, const char *const *codes, size_t ncodes, pm_formula *out,
                      pm_err *err);
/* Codes of the elements a formula uses, as a bit per index into codes:
 * fills used[0..ncodes) with 0/1. */
void pm_formula_uses(const pm_formula *f, unsigned char *used, size_t ncodes);

/* Compiles the formula of every indicator of plan against its element
 * codes; an indicator without a formula reads the element of its own code
 * (#{code}: a figure entered directly). *out receives plan->nind formulas
 * in a malloc'd array; hand it to pm_engine_init (which then owns it) or
 * free it with pm_formulas_free (model/formula.h). On failure nothing is left allocated and
 * err names the indicator, its line and the position in its formula. */
bool pm_plan_formulas(const pm_plan *plan, pm_formula **out, pm_err *err);

#endif
