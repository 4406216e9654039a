/* Escaping by context: one function per place untrusted text can land
 * (DESIGN house style, after Fossil). Every byte of user data that reaches
 * HTML, SVG, a URL or JSON goes through exactly one of these; nothing is
 * ever printed into markup with a bare %s.
 *
 * All of them first make the text well-formed: a byte that does not start
 * a valid UTF-8 sequence becomes U+FFFD, and so do the C0 control
 * characters XML 1.0 forbids (everything below U+0020 but tab, LF and CR)
 * and DEL. So a hostile or mis-encoded name is shown as "�", never passed
 * on to break the document or the browser's parser.
 *
 * Each appends to a buf the caller owns; nothing is allocated for the
 * caller to free beyond the buf's own growth. */
#ifndef PM_ESCAPE_H
#define PM_ESCAPE_H
#include <jansson.h>

#include "base/buf.h"

/* Text content of an HTML or XML (SVG) element: & < > become entities
 * (quotes are left alone: they are harmless between tags). */
void esc_html_text(buf *b, const char *s);
/* A double- or single-quoted attribute value in HTML or XML: & < > " '
 * become entities. Not for URLs in href/src (see esc_url_component). */
void esc_html_attr(buf *b, const char *s);
/* One component of a URL (a path segment or a query value): every byte
 * except the RFC 3986 unreserved A–Z a–z 0–9 - . _ ~ as %XX (UTF-8).
 * Put the result in an attribute with esc_html_attr; it needs none, but
 * that keeps one rule. */
void esc_url_component(buf *b, const char *s);
/* A JSON string literal with its quotes, written by jansson, with '/'
 * escaped so that "</script>" cannot end an enclosing element. */
void esc_json_string(buf *b, const char *s);
/* A JSON string value for jansson (new reference) from any bytes: the
 * cleaned copy of s ("" for NULL). json_string() itself returns NULL on
 * invalid UTF-8; this never does. */
json_t *esc_json_value(const char *s);
/* Text in a Markdown document (paragraph or table cell): the characters
 * Markdown reads as markup (\ ` * _ [ ] | #) get a backslash, & < > become
 * entities (Markdown passes raw HTML through), and a line break becomes a
 * space so a cell or heading stays on its line. */
void esc_md_text(buf *b, const char *s);
/* The cleaning every function above applies: s with invalid UTF-8 and
 * forbidden control characters replaced by U+FFFD, appended to b. */
void esc_utf8_clean(buf *b, const char *s);

#endif
