/* The web front door: what every page and API handler shares, as one
 * include. Each part has its own header, lowest first: perm.h (who may do
 * what), route.h (the route table's row), request.h (a request and its
 * plain answers), snapshot.h (the shared evaluation), respond.h (error
 * answers and the page layout), context.h (a handler's store connection,
 * unit, year and cached documents), status_doc.h, handlers.h.
 *
 * A request passes, in server.c: the route table (routes.c: method, path
 * pattern, permission, handler) → 404/405 → body limits (413) → who is
 * asking (auth.c: session cookie or, under /api/, a bearer token) → the
 * route's permission (302 to /login or 401; 403) → the body, parsed →
 * UTF-8 check (400) → CSRF on every POST/PUT/PATCH/DELETE not made with a
 * bearer token (403) → the handler. A handler therefore starts with a
 * known user allowed to use the route at all; it still checks the unit it
 * is asked about with web_can (nobody reads or writes outside their
 * subtree).
 *
 * Handlers fill a web_resp through request.h (JSON, redirects, headers)
 * and respond.h (HTML pages inside the shared layout, errors). server.c
 * adds the security headers to every response. Text reaches HTML only
 * through render/write/escape.h (esc_html_text, esc_html_attr,
 * esc_url_component): never a bare %s of user data. */
#ifndef PM_WEB_H
#define PM_WEB_H
#include "web/context.h"
#include "web/handlers.h"
#include "web/perm.h"
#include "web/request.h"
#include "web/respond.h"
#include "web/route.h"
#include "web/snapshot.h"
#include "web/status_doc.h"

#endif
