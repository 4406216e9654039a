/* Small string helpers over UTF-8 text. No I/O. */
#ifndef PM_TEXT_H
#define PM_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* Trims ASCII blanks, U+3000 (ideographic space) and U+00A0 from both ends
 * of s[0..*n): returns the new start and updates *n. */
const char *text_trim(const char *s, size_t *n);
/* malloc'd, trimmed copy of s[0..n); the caller frees it. */
char *text_trim_dup(const char *s, size_t n);
/* malloc'd copy of s with every run of blanks (ASCII, U+3000, U+00A0)
 * removed: "指  标" -> "指标". For matching header words. */
char *text_squeeze(const char *s);
bool text_starts(const char *s, const char *prefix);
bool text_ends(const char *s, const char *suffix);
/* Splits s in place into its parts between "," and "，" (U+FF0C, matched
 * as a whole: strtok's byte set would also cut at "（" and any other
 * character sharing its bytes), dropping empty ones: at most max into
 * parts[], which point into s. *over: there were more. Returns the count. */
size_t text_split_list(char *s, const char **parts, size_t max, bool *over);
/* ASCII case-insensitive equality. */
bool text_ieq(const char *a, const char *b);
/* The value of one hexadecimal digit (either case), or -1 when c is none. */
int text_hex_digit(char c);

#endif
