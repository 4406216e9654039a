/* Formula injection in CSV (CWE-1236): Excel and WPS run a cell that starts
 * with =, +, -, @ (and, in some versions, tab or CR) as a formula, so a
 * comment like `=HYPERLINK(…)` typed into the web form would become a live
 * formula in the exported file. planmon's CSV writers put a `'` before such
 * a cell (the spreadsheet then shows it as text) and its CSV reader takes
 * that `'` off again, so that an export imports back unchanged.
 *
 * The rule, precisely (one function decides for both sides):
 *  - a cell is "formula-like" when, after any leading `'`s, its first byte is
 *    one of = + - @ TAB CR, at least one byte follows it, and it is not a
 *    plain number (a lone `=` or `-` carries no formula: target_op `=` and
 *    a "none" dash are written as they are);
 *  - a plain number is [+-]digits[.digits][(e|E)[+-]digits] (also .5 and
 *    5.): negative figures such as -3.5 stay as they are, numbers in the
 *    file and in the spreadsheet; nothing else that starts with a sign
 *    (-inf, -1+2, +86 10 …) is left bare;
 *  - the writer prefixes one `'` to every formula-like cell;
 *  - the reader removes one leading `'` from every formula-like cell.
 * Leading `'`s count in the test so that the two are exact inverses: a
 * value that already starts with `'=` is written `''=` and read back `'=`;
 * a value `'abc` (not formula-like) is written and read unchanged.
 * Pure: no I/O. */
#ifndef PM_CELLGUARD_H
#define PM_CELLGUARD_H
#include <stdbool.h>
#include <stddef.h>

/* Whether s[0..n) is formula-like (above). */
bool pm_cell_formula_like(const char *s, size_t n);

#endif
