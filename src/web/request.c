/* A request and its answer (request.h): the accessors and the plain
 * answers. Nothing here draws HTML or reads the database. */
#include "web/request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "base/text.h"

const char *web_query(const web_req *r, const char *name)
{
    for (size_t i = 0; i < r->nquery; i++)
        if (!strcmp(r->query[i].key, name))
            return r->query[i].val;
    return NULL;
}

const char *web_form(const web_req *r, const char *name)
{
    for (size_t i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].key, name))
            return r->form[i].val;
    return NULL;
}

const web_file *web_upload(const web_req *r, const char *name)
{
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].field, name))
            return &r->files[i];
    return NULL;
}

const char *web_upload_basename(const char *given)
{
    const char *base = given ? given : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

bool web_is_api(const web_req *r)
{
    return (r->route && (r->route->flags & WEB_R_API)) || (r->path && text_starts(r->path, "/api/"));
}

/* The first value named name; names compare without case, as in HTTP
 * (and as libmicrohttpd looked them up). */
static const char *kv_find(const web_kv *kv, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(kv[i].key, name))
            return kv[i].val;
    return NULL;
}

const char *web_header(const web_req *r, const char *name)
{
    return kv_find(r->headers, r->nheaders, name);
}

const char *web_cookie(const web_req *r, const char *name)
{
    return kv_find(r->cookies, r->ncookies, name);
}

void web_add_header(web_resp *w, const char *name, const char *value)
{
    w->headers = xnrealloc(w->headers, w->nheaders + 1, sizeof *w->headers);
    web_kv *h = &w->headers[w->nheaders++];
    h->key = xstrdup(name);
    h->val = xstrdup(value);
    h->len = strlen(value);
}

void web_redirect(web_resp *w, int status, const char *location)
{
    w->status = status;
    w->type = "text/plain; charset=utf-8";
    buf_reset(&w->body);
    web_add_header(w, "Location", location);
}

void web_json(web_resp *w, int status, json_t *doc)
{
    w->status = status;
    w->type = "application/json; charset=utf-8";
    buf_reset(&w->body);
    /* Compact, UTF-8 kept; jansson escapes what JSON needs. '/' is escaped
     * too, so that "</script>" in a value cannot close an element if a page
     * ever embeds the document. */
    char *s = json_dumps(doc, WEB_JSON_FLAGS);
    if (s) {
        buf_puts(&w->body, s);
        free(s);
    }
    buf_putc(&w->body, '\n');
    json_decref(doc);
}
