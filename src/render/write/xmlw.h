/* An XML document written with libxml2's xmlTextWriter into memory: the
 * writer escapes every text and attribute value for its context, so no
 * caller escapes by hand. A failure of any call is remembered and reported
 * once at the end (xmlw_finish), so that writers stay a flat list of
 * elements instead of a check after each one.
 *
 * Names are given with their prefix ("w:p"); the namespaces are declared
 * as attributes of the root element by the caller. */
#ifndef PM_XMLW_H
#define PM_XMLW_H
#include <stdbool.h>

#include "base/buf.h"

typedef struct xmlw xmlw;

/* A new document (XML declaration with standalone="yes"). Never NULL:
 * out of memory aborts, as everywhere in planmon. Freed by xmlw_finish. */
xmlw *xmlw_new(void);

void xmlw_start(xmlw *x, const char *name);
void xmlw_attr(xmlw *x, const char *name, const char *value);
void xmlw_attr_int(xmlw *x, const char *name, long value);
/* Text content: characters XML 1.0 cannot hold (C0 controls other than
 * tab and newline, U+FFFE/U+FFFF, broken UTF-8) are dropped, so user data
 * cannot make the part unreadable. */
void xmlw_text(xmlw *x, const char *text);
void xmlw_end(xmlw *x);
/* <name/> and <name attr="value"/>: the common leaf forms. */
void xmlw_empty(xmlw *x, const char *name);
void xmlw_leaf(xmlw *x, const char *name, const char *attr, const char *value);
void xmlw_leaf_int(xmlw *x, const char *name, const char *attr, long value);

/* Closes every open element, ends the document and appends it to out;
 * frees x. False (out as it was) when any call failed. */
bool xmlw_finish(xmlw *x, buf *out);

#endif
