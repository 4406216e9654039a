/* The route table's row (routes.c holds THE table): method, path pattern,
 * permission, handler. The table itself is reached through the request
 * (web_req.routes, set by dispatch.c) by code below the handlers, such as
 * the navigation of the page layout, so that it need not call routes.c,
 * which names every handler. */
#ifndef PM_WEB_ROUTE_H
#define PM_WEB_ROUTE_H
#include <stdbool.h>
#include <stddef.h>

#include "web/perm.h"

typedef struct web_req web_req;
typedef struct web_resp web_resp;

typedef void (*web_handler)(web_req *r, web_resp *w);

enum {
    WEB_R_UPLOAD = 1u << 0, /* request body up to WEB_UPLOAD_MAX (else WEB_BODY_MAX) */
    WEB_R_API = 1u << 1,    /* JSON errors; bearer tokens accepted */
    WEB_R_ANON = 1u << 2,   /* never asks who is asking (static files: no store lookup) */
    WEB_R_FILES = 1u << 3,  /* attachments: request body up to web_files_max() */
};
#define WEB_BODY_MAX ((size_t)1 << 20)    /* 1 MiB */
#define WEB_UPLOAD_MAX ((size_t)10 << 20) /* 10 MiB: a filled template or CSV */

/* The body limit of a route taking attachments (WEB_R_FILES): room for
 * two files at the attachment limit (the setting attach-max-mb,
 * store/attach.h) and the form around them, so that a file somewhat over
 * the limit still arrives and is refused by name; at least
 * WEB_UPLOAD_MAX. */
size_t web_files_max(void);

/* One row of THE route table (routes.c). Patterns are literal paths whose
 * segments may be "*" (one segment, captured into web_req.args) or end in
 * "**" (the rest of the path, captured). */
typedef struct web_route {
    const char *method;  /* "GET" (also answers HEAD), "POST", "PUT", "DELETE" */
    const char *pattern; /* "/", "/users", "/indicator/ *", "/static/ **" (no spaces) */
    web_perm perm;
    web_handler handler;
    unsigned flags;      /* WEB_R_* */
    const char *nav;     /* label in the page's navigation (GET routes), NULL: none */
} web_route;

/* Finds the route for method and path. NULL with *path_known telling a
 * 405 (the path exists for other methods; allow then lists them, e.g.
 * "GET, HEAD, POST") from a 404. Captures go into args (up to 4). */
const web_route *web_route_find(const char *method, const char *path, bool *path_known, char *allow,
                                size_t allow_cap, char **args, int *nargs);
/* The table itself, for the request (dispatch.c), `planmon routes` and the
 * API description test. Static; n set to its rows. */
const web_route *web_routes(size_t *n);

#endif
