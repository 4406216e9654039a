/* UTF-8: validation, decoding, display width. No I/O. */
#ifndef PM_UTF8_H
#define PM_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length of s[0..n)'s leading run of ASCII bytes (all of n when
 * there is no other). */
size_t utf8_ascii_run(const char *s, size_t n);
/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or
 * code points past U+10FFFF). On failure *bad (if not NULL) is the offset
 * of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* Decodes one code point at s (n bytes available); returns its length in
 * bytes (1 for an invalid byte, with *cp = U+FFFD). n must be > 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Columns a terminal gives the string: 2 for East Asian wide and
 * full-width characters, 0 for combining marks, 1 otherwise. */
size_t utf8_width(const char *s);
/* Length of a leading UTF-8 byte-order mark (3) or 0. */
size_t utf8_bom_len(const char *s, size_t n);
/* Where the character holding byte n of s starts (n itself when a
 * character starts there): the longest prefix of s[0..n) that cuts no
 * character in two. s holds at least n + 1 bytes and is valid UTF-8 up to
 * there (a NUL at n is a start). */
size_t utf8_cut(const char *s, size_t n);
/* Copies the string s into out (cap bytes, at least 4): whole when it
 * fits, else cut at a character boundary and ended with "…" so that the
 * cut shows. Returns out. For quoting untrusted or long text in a message
 * buffer of fixed size. */
const char *utf8_copy_cut(char *out, size_t cap, const char *s);

#endif
