/* How a database is named in messages: --db as the user gave it, minus
 * any password (a connection URI may carry one, and error output ends up
 * in terminals, logs and bug reports). */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

char *pm_store_shown(const char *where)
{
    if (!where)
        where = "";
    /* Each blanking grows the text by at most 3 bytes, and there are
     * fewer blankings than 9-byte "password=" runs plus one. */
    size_t len = strlen(where);
    char *out = xmalloc(2 * len + 16);
    memcpy(out, where, len + 1);
    char *scheme = strstr(out, "://");
    char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at)
        memmove(colon + 1 + 3, at, strlen(at) + 1), memcpy(colon + 1, "***", 3);
    for (char *pw = strstr(out, "password="); pw; pw = strstr(pw + 1, "password=")) {
        char *v = pw + 9, *end = v + strcspn(v, "&");
        memmove(v + 3, end, strlen(end) + 1);
        memcpy(v, "***", 3);
    }
    return out;
}
