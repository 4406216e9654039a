/* Reads a plan's indicator table from plain text (DESIGN "Reading a plan's
 * indicator table from text"): cells one per line (tab-led or not, one per
 * paragraph), tab-separated rows, Markdown/pipe tables, HTML <table> source
 * and PDF text aligned by spaces, found anywhere inside a document's prose.
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

/* What the caller knows that the table may not say. */
typedef struct pm_plantable_opts {
    int base_year, target_year; /* --years 2020-2025; 0: from the table or the document */
} pm_plantable_opts;

/* As pm_plantable_parse(), with opts (NULL: none). plan->warnings names every
 * column or cell the reader did not use. */
bool pm_plantable_parse_opts(const char *text, size_t len, const pm_plantable_opts *opts, pm_plan *plan,
                             pm_err *err);

/* Parses one value cell: "—"/"-"/"" → NAN; "≥N", ">N", "不低于N", "N以上";
 * "≤N", "<N", "不高于N", "N以下"; "N左右", "约N"; "[N]", "〔N〕" (cumulative);
 * a plain number, "80%". Returns false for anything else (text, a range, a
 * number with a unit or a note): pm_plantable_parse() reads those too. */
bool pm_plantable_value(const char *text, double *v, pm_target_op *op, bool *cumulative);

/* Splits a name into name and unit at its LAST parenthesis when the name
 * ends with it: "实施村（居）委会撤销（调整）（个）" → name
 * "实施村（居）委会撤销（调整）", unit "个"; a half-width one only when it
 * reads as a unit ("(%)", "(万元)"). Returns malloc'd strings the caller
 * frees (unit "" when there is none). */
void pm_plantable_split_unit(const char *full, char **name, char **unit);

#endif
