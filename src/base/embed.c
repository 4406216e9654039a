#include "base/embed.h"

#include <string.h>

const pm_embed_file *pm_embed_find(const char *path)
{
    for (const pm_embed_file *f = pm_embedded; f->path; f++)
        if (!strcmp(f->path, path))
            return f;
    return NULL;
}
