/* What the commands that judge (status, report) share: evaluating the
 * database with a progress line on a terminal, and the unit and year the
 * command is asked about. */
#ifndef PM_CLI_EVAL_H
#define PM_CLI_EVAL_H
#include <stdbool.h>

#include "cli/table.h"
#include "store/evaluate.h"

/* Evaluates s into ev (err: cli_open's, naming the database), showing
 * "正在读取数据并评估……" on a terminal meanwhile. False with the error
 * printed (exit 1). ev is the caller's to free with pm_evaluation_free
 * either way. */
bool cli_evaluate(pm_store *s, pm_err *err, pm_evaluation *ev);

/* The unit (--unit, else the root; -1 when the tree is empty) and year
 * (--year, else the latest year holding figures, else the base year) of
 * o within ev. False with the message printed (exit 2) for an unknown
 * unit or a year outside the plan period. */
bool cli_unit_year(const cli_opts *o, const pm_evaluation *ev, int *unit, int *year);

#endif
