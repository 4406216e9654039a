/* planmon routes [--format table|csv|json]: THE route table of the web
 * server (src/web/routes.c) as data — method, path pattern, permission,
 * flags. Not in the help: it exists so that tests can hold the API's
 * description (docs/openapi.json) against the routes the server really
 * answers (tests/e2e/api_doc.sh), and so that an operator can see them. */
#include <jansson.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "render/write/listing.h"
#include "web/route.h"

static const char *perm_str(web_perm p)
{
    switch (p) {
    case WEB_PUBLIC: return "public";
    case WEB_LOGIN: return "login";
    case WEB_ENTER: return "enter";
    case WEB_REVIEW: return "review";
    case WEB_PLAN: return "plan";
    case WEB_ADMIN: return "admin";
    }
    return "?";
}

int cmd_routes(cli_opts o)
{
    static const out_column cols[] = {
        {"method", "方法"}, {"pattern", "路径"}, {"permission", "权限"}, {"api", "API"}, {"nav", "导航"},
    };
    size_t n;
    const web_route *rt = web_routes(&n);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "method", json_string(rt[i].method));
        json_object_set_new(r, "pattern", json_string(rt[i].pattern));
        json_object_set_new(r, "permission", json_string(perm_str(rt[i].perm)));
        json_object_set_new(r, "api", json_boolean(rt[i].flags & WEB_R_API));
        json_object_set_new(r, "upload", json_boolean(rt[i].flags & (WEB_R_UPLOAD | WEB_R_FILES)));
        json_object_set_new(r, "anonymous", json_boolean(rt[i].flags & WEB_R_ANON));
        json_object_set_new(r, "nav", rt[i].nav ? json_string(rt[i].nav) : json_null());
        json_array_append_new(rows, r);
    }
    out_listing_print(stdout, rows, cols, sizeof cols / sizeof cols[0], o.format);
    json_decref(rows);
    return EXIT_OK;
}
