/* JSON out, on jansson. Numbers: integral values as JSON integers, others
 * as reals; `exact17` prints every real with %.17g (DESIGN's assess
 * contract), otherwise with the fewest digits (15–17) that read back as the
 * same double, so a plan's 30.3 stays "30.3". */
#ifndef PM_OUT_JSON_H
#define PM_OUT_JSON_H
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A JSON number for v, or null when v is NaN. New reference. */
json_t *out_json_num(double v);
/* A JSON string, or null when s is NULL. New reference. */
json_t *out_json_str(const char *s);
/* A scalar as a cell's text: a string as it is (*s borrows it from v),
 * an integer in decimal, a boolean as true/false, a real with %.17g
 * (`exact17`) or in its shortest exact form, anything else (null) as
 * empty; *s then points into out. */
void out_json_scalar(const json_t *v, bool exact17, char out[48], const char **s);
/* Dumps j (pretty, keys in insertion order, UTF-8 kept) and a newline;
 * steals nothing. */
void out_json_print(FILE *f, const json_t *j, bool exact17);

#endif
