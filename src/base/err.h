/* An error found in input: which file, which line, what is wrong.
 * Readers fill one in and return failure; the front door prints it.
 * Messages are Simplified Chinese: they reach bureau staff. */
#ifndef PM_ERR_H
#define PM_ERR_H
#include <stdbool.h>

typedef struct pm_err {
    char file[256]; /* display name of the input, "" when not about a file;
                     * a URI (scheme://…) names a database, not a file */
    long line;      /* 1-based line, 0 when not about one line */
    char msg[768];  /* what is wrong, UTF-8 */
} pm_err;

/* Every error found in one input, in the order found: a reader that can
 * go on after an error (a units file) reports them all at once rather
 * than one per attempt. Keeps the first PM_ERRS_KEEP; `more` counts the
 * rest. Zero-initialise; pm_errs_free frees e. */
#define PM_ERRS_KEEP 50
typedef struct pm_errs {
    pm_err *e; /* n errors; file "" (the front door names it when printing) */
    unsigned long n, more;
} pm_errs;

/* Sets the message (and line) of e; e->file is kept. */
void pm_err_set(pm_err *e, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pm_err_file(pm_err *e, const char *file);
/* Appends an error at line (0: none) to l. */
void pm_errs_add(pm_errs *l, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends a copy of e's line and message to l (e->file is not kept:
 * the list's errors are all about one input). */
void pm_errs_put(pm_errs *l, const pm_err *e);
/* The first error of l into *e (line and message; e->file is kept), for a
 * caller that reports one error. False, e untouched, when l is empty. */
bool pm_errs_first(const pm_errs *l, pm_err *e);
/* Orders l's errors by line, keeping the order found within a line (the
 * checks find them pass by pass; a reader wants them in file order). */
void pm_errs_sort(pm_errs *l);
/* Appends to l each error of from whose line l does not name yet (an
 * error about no line is always added), and adds from's `more`: a line
 * keeps the first message it was named with, when a later check of the
 * same input finds another fault there. */
void pm_errs_merge_new_lines(pm_errs *l, const pm_errs *from);
void pm_errs_free(pm_errs *l);
/* Writes "文件 F 第 N 行：msg" (parts present only; 数据库 for a URI) into out[n]. */
void pm_err_format(const pm_err *e, char *out, unsigned long n);
/* What an errno value means, in Chinese for the failures a bureau's IT
 * staff meet (disk full, no permission, read-only file system …), else the
 * C library's text. Static storage; never NULL. */
const char *pm_errno_text(int errnum);

#endif
