/* GET /static/NAME: the files of web/ compiled into the binary (Makefile,
 * tools/embed.c). Looked up by exact name in the embedded table, never on
 * disk: a path that names anything else ("../", an absolute path, a
 * subfolder that is not there) simply is not in the table → 404. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "base/text.h"
#include "web/web.h"

static const struct {
    const char *ext, *type;
} types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (text_ends(name, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

void web_static(web_req *r, web_resp *w)
{
    const char *name = r->nargs ? r->args[0] : "";
    char path[256];
    const pm_embed_file *f = NULL;
    if (*name && !strstr(name, "..") && name[0] != '/' && strlen(name) < sizeof path - 8) {
        snprintf(path, sizeof path, "web/%s", name);
        f = pm_embed_find(path);
    }
    if (!f) {
        web_error(r, w, 404, "not_found", "您要找的文件不存在。");
        return;
    }
    /* The ETag is the content's FNV-1a hash: a new build with new assets
     * gets new tags; an unchanged file is a 304. */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < f->len; i++)
        h = (h ^ (unsigned char)f->data[i]) * 1099511628211ull;
    char etag[24];
    snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
    web_add_header(w, "ETag", etag);
    w->cache = "public, max-age=3600";
    w->type = type_of(name);
    const char *inm = web_header(r, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
        w->status = 304;
        return;
    }
    w->status = 200;
    w->data = f->data;
    w->len = f->len;
}
