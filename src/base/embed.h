/* Files compiled into the binary at build time (tools/embed.c). */
#ifndef PM_EMBED_H
#define PM_EMBED_H
#include <stddef.h>

typedef struct pm_embed_file {
    const char *path; /* as given to the build, e.g. "plans/daxing-14th.txt" */
    const char *data; /* NUL-terminated after len bytes */
    size_t len;
} pm_embed_file;

extern const pm_embed_file pm_embedded[]; /* ends with a NULL path */

/* The embedded file at path, or NULL. */
const pm_embed_file *pm_embed_find(const char *path);

#endif
