/* Rows of an `assess` CSV (DESIGN "Interfaces") to inputs of the progress
 * methods. Pure: a parsed CSV table in, method inputs or an error naming
 * the line and the column out. */
#ifndef PM_ASSESS_IN_H
#define PM_ASSESS_IN_H
#include <stdbool.h>

#include "base/err.h"
#include "model/progress.h"
#include "parse/csvread.h"

typedef enum pm_method { PM_METHOD_PACE = 0, PM_METHOD_SDG } pm_method;

/* Checks that the columns the method needs are in the header. */
bool pm_assess_check_header(const pm_csv *t, pm_method m, pm_err *err);

/* Reads row r for `pace`. *obs receives a malloc'd array (the caller frees
 * it) that in->obs points to. */
bool pm_assess_pace_row(const pm_csv *t, size_t r, pm_pace_in *in, pm_obs **obs, pm_err *err);
bool pm_assess_sdg_row(const pm_csv *t, size_t r, pm_sdg_in *in, pm_err *err);

/* Reads "2021:5.2;2022:5.6" (blanks allowed, trailing ';' allowed, empty →
 * no observations). Years must be distinct. *obs is malloc'd (caller frees);
 * on failure *why says what is wrong (a static Chinese string). */
bool pm_series_parse(const char *s, pm_obs **obs, size_t *n, const char **why);

/* "1"/"0"/"true"/"false" (any case) and "" as dflt. */
bool pm_bool_parse(const char *s, bool dflt, bool *out);

#endif
