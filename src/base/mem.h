/* Allocation that does not return NULL: planmon has no sensible way to go on
 * after running out of memory, so these abort with a message instead. */
#ifndef PM_MEM_H
#define PM_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array of `size`-byte items so that it holds at least `need`; *cap is updated. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
