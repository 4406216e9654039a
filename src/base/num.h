/* Numbers as text: strict parsing and exact printing. No I/O. */
#ifndef PM_NUM_H
#define PM_NUM_H
#include <stdbool.h>
#include <stddef.h>

/* Parses a whole decimal number ("12", "-0.5", "1e3", "１２.５" with
 * full-width digits) from s[0..n). Leading/trailing blanks are not allowed
 * (trim first). Rejects inf, nan, hex, empty, and anything left over.
 * Returns true and sets *out on success. */
bool num_parse(const char *s, size_t n, double *out);
bool num_parse_cstr(const char *s, double *out);
/* Parses a whole integer in [lo, hi]. */
bool num_parse_int(const char *s, long lo, long hi, long *out);

/* Figures as spreadsheets keep them: Excel, WPS and LibreOffice hold 15
 * significant digits, so a figure that went through one of them is judged
 * at that precision. num_round15 is v with 15 significant digits (the
 * double nearest to "%.15g" of v: 0.5578000000000001 → 0.5578);
 * num_same15 whether a and b agree to 15 significant digits. */
double num_round15(double v);
bool num_same15(double a, double b);

/* %.17g: every bit of the double, as DESIGN asks for assess output. */
void num_fmt17(double v, char out[32]);
/* The shortest %.{15,16,17}g that reads back as the same double: exact, and
 * "30.3" rather than "30.300000000000001". Integral values print without
 * a decimal point. */
void num_fmt_short(double v, char out[32]);
/* Digits (15..17) num_fmt_short needs for v. */
int num_short_digits(double v);
/* Fixed decimals for display ("%.*f"), with "-0" shown as "0". */
void num_fmt_fixed(double v, int decimals, char out[48]);

#endif
