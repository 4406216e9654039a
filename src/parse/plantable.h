/* Reads a plan's indicator table from plain text (DESIGN "Reading a plan's
 * indicator table from text"): one cell per line, tab-separated rows, or a
 * Markdown/pipe table, found anywhere inside a document's prose.
 * Pure: bytes in, plan or an error naming the line out. */
#ifndef PM_PLANTABLE_H
#define PM_PLANTABLE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/plan.h"

/* Longest line accepted; a longer one is an error, not a silent cut. */
#define PM_PLANTABLE_MAX_LINE (64 * 1024)

/* Parses text[0..len) (UTF-8, optional BOM, LF or CRLF). On success fills
 * *plan (base_year, target_year, ind/nind; title and goals left empty) which
 * the caller releases with pm_plan_free(), and returns true. On failure
 * returns false with err->line and err->msg set (err->file is not touched)
 * and *plan left empty. */
bool pm_plantable_parse(const char *text, size_t len, pm_plan *plan, pm_err *err);

/* Parses one value cell: "—"/"-"/"" → NAN; "≥N", ">=N", "不低于N", "N以上";
 * "≤N", "<=N", "不高于N", "N以下"; "[N]" (cumulative); a plain number.
 * Returns false if the cell is none of these. */
bool pm_plantable_value(const char *text, double *v, pm_target_op *op, bool *cumulative);

/* Splits a name into name and unit at its LAST full-width parenthesis when
 * the name ends with it: "实施村（居）委会撤销（调整）（个）" → name
 * "实施村（居）委会撤销（调整）", unit "个". Returns malloc'd strings the caller
 * frees (unit "" when there is none). */
void pm_plantable_split_unit(const char *full, char **name, char **unit);

#endif
