/* The settings file format (/etc/planmon/planmon.conf): UTF-8 text, one
 * setting a line,
 *
 *     # a comment: a line whose first non-blank character is '#'
 *     key = value
 *
 * keys are [a-z0-9_-]+, values run to the end of the line with the blanks
 * around them dropped (no quotes, no escapes, no inline comments: a path
 * may hold '#'); blank lines are skipped; CRLF and a UTF-8 BOM are read.
 * Deliberately not a general codec: anything else is an error naming the
 * line. What the keys mean is the reader's business (cli/config.c). */
#ifndef PM_KEYVAL_H
#define PM_KEYVAL_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Limits: a settings file is small; anything bigger is refused. */
#define PM_KEYVAL_MAX_BYTES (64 * 1024)
#define PM_KEYVAL_MAX_LINE 4096
#define PM_KEYVAL_MAX_ENTRIES 256

typedef struct pm_keyval {
    const char *key, *value; /* NUL-terminated, inside the owning set's text */
    long line;               /* 1-based */
} pm_keyval;

typedef struct pm_keyvals {
    pm_keyval *kv;
    size_t n;
    char *text; /* the copy the keys and values point into */
} pm_keyvals;

/* Parses text[0..len) (no NUL needed). On success fills out, which the
 * caller frees with pm_keyvals_free; on failure returns false with e's
 * line and message set and out empty. */
bool pm_keyval_parse(const char *text, size_t len, pm_keyvals *out, pm_err *e);
void pm_keyvals_free(pm_keyvals *kv);

#endif
