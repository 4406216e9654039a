/* The web front door: what every page and API handler shares.
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
 * Handlers fill a web_resp through the helpers below (respond.c): HTML
 * pages inside the shared layout, JSON, errors, redirects. server.c adds
 * the security headers to every response. Text reaches HTML only through
 * out/escape.h (esc_html_text, esc_html_attr, esc_url_component): never a
 * bare %s of user data.
 *
 * Threads: handlers run on the server's worker threads, several at once.
 * Everything a handler gets through web_req is its own for the request,
 * except the snapshot (shared, read-only) and the app. */
#ifndef PM_WEB_H
#define PM_WEB_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "engine/review.h"
#include "render/write/escape.h"
#include "store/evaluate.h"
#include "store/users.h"

typedef struct web_app web_app;
typedef struct web_req web_req;
typedef struct web_resp web_resp;

/* ---- permissions ----------------------------------------------------------- */

/* What a user wants to do. Admins may do everything everywhere. */
typedef enum web_action {
    WEB_DO_READ,   /* see figures and pages: everyone, within their subtree (planners: all) */
    WEB_DO_ENTER,  /* enter and submit figures: reporters and reviewers, within their subtree */
    WEB_DO_REVIEW, /* approve or return figures: reviewers, within their subtree */
    WEB_DO_PLAN,   /* edit plan settings: planners */
    WEB_DO_ADMIN,  /* manage users: admins only */
} web_action;

/* Who a route admits before its handler runs. */
typedef enum web_perm {
    WEB_PUBLIC = 0, /* anyone, logged in or not */
    WEB_LOGIN,      /* any logged-in user (handlers check units: WEB_DO_READ) */
    WEB_ENTER,      /* users who may enter figures somewhere */
    WEB_REVIEW,     /* users who may review somewhere */
    WEB_PLAN,       /* users who may edit plan settings */
    WEB_ADMIN,      /* admins */
} web_perm;

/* The user behind a request, with the subtree it may touch as a range of
 * preorder indexes of the snapshot's tree: [root, end). root -1: the whole
 * tree; root -2: the user's unit is not in the tree (nothing allowed
 * below the role level). */
typedef struct web_user {
    pm_user u;
    int root, end;
} web_user;

/* May user u do action a on the unit at preorder index unit of the current
 * snapshot's tree? unit -1 asks "anywhere at all" (the role's right). */
bool web_can(const web_user *u, web_action a, int unit);
/* User u as the review rules see it when acting on the unit at preorder
 * index unit (NULL or disabled: a reporter with no scope). */
pm_review_actor web_review_actor(const web_user *u, int unit);
/* The HTTP status of a review verdict: 200, 403 (forbidden), 400 (reason). */
int web_review_status(pm_review_verdict v);
/* May user u (NULL: nobody logged in) pass a route's permission p? */
bool web_perm_ok(const web_user *u, web_perm p);
/* The index of the unit a user lands on: its own subtree's root, else the
 * tree's root (0). */
int web_home_unit(const web_user *u);

/* ---- routes --------------------------------------------------------------- */

typedef void (*web_handler)(web_req *r, web_resp *w);

enum {
    WEB_R_UPLOAD = 1u << 0, /* request body up to WEB_UPLOAD_MAX (else WEB_BODY_MAX) */
    WEB_R_API = 1u << 1,    /* JSON errors; bearer tokens accepted */
    WEB_R_ANON = 1u << 2,   /* never asks who is asking (static files: no store lookup) */
};
#define WEB_BODY_MAX ((size_t)1 << 20)    /* 1 MiB */
#define WEB_UPLOAD_MAX ((size_t)10 << 20) /* 10 MiB */

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
/* The table itself, for the navigation and the API description test. */
const web_route *web_routes(size_t *n);

/* ---- requests ----------------------------------------------------------------- */

typedef struct web_kv {
    char *key, *val; /* owned by the request */
    size_t len;      /* bytes of val (it is also NUL-terminated) */
} web_kv;

typedef struct web_file {
    char *field, *filename, *type; /* owned; type may be NULL */
    buf data;
} web_file;

struct web_req {
    const char *method;  /* "GET", "POST", … (HEAD reads as GET) */
    const char *path;    /* decoded path, without the query */
    char *args[4];       /* captures of the route pattern, decoded; owned */
    int nargs;
    web_kv *query;       /* ?a=1&b=2, decoded, in order */
    size_t nquery;
    web_kv *form;        /* urlencoded or multipart fields, decoded, in order */
    size_t nform;
    web_file *files;     /* multipart file parts */
    size_t nfiles;
    buf body;            /* the raw body when it is neither form (JSON, say) */
    web_kv *headers;     /* request headers, in order (web_header) */
    size_t nheaders;
    web_kv *cookies;     /* cookies, in order (web_cookie) */
    size_t ncookies;
    const char *remote;  /* client address, "" if unknown */
    bool tls;            /* came over the server's own TLS */
    bool secure;         /* over TLS, ours or a trusted proxy's (X-Forwarded-Proto):
                            cookies then carry Secure */
    web_user *user;      /* NULL: not logged in */
    bool bearer;         /* authenticated by an API token */
    char csrf[64];       /* the session's CSRF token; "" when none */
    const web_route *route;
    web_app *app;
    pm_store *store;     /* web_store's connection for this request, or NULL */
    const struct web_snap *snap; /* web_snapshot's, or NULL */
};

/* A query parameter, form field or request header by name: the first
 * one, or NULL. Borrowed for the request. */
const char *web_query(const web_req *r, const char *name);
const char *web_form(const web_req *r, const char *name);
const char *web_header(const web_req *r, const char *name);
const char *web_cookie(const web_req *r, const char *name);
/* True for /api/… routes: errors as JSON. */
bool web_is_api(const web_req *r);

/* A store connection for this request, from the app's pool (one per worker
 * thread; released when the handler returns). NULL with an error page
 * already in w when the database cannot be opened. */
pm_store *web_store(web_req *r, web_resp *w);

/* The evaluated database, shared by all requests and rebuilt when the
 * database changes (PRAGMA data_version): plan, tree, engine, targets.
 * Read-only; valid until the request ends. ok false: the database could
 * not be evaluated (no plan, no units…) and err says why. */
typedef struct web_snap {
    pm_evaluation ev;
    bool ok;
    pm_err err;
    long long version;
    strmap units; /* unit code → preorder index (keys borrowed from ev.tree) */
    struct web_snap_cache *cache; /* status documents and sessions seen under it (snap_cache.c) */
} web_snap;
const web_snap *web_snapshot(web_req *r);
/* The preorder index of a unit code in the snapshot's tree, or -1. O(1). */
int web_snap_unit(const web_snap *s, const char *code);

/* The unit a page or API call is about: the query parameter `unit` (a
 * code) if given, else the user's home unit; checked against action a
 * (web_can). Returns its preorder index, or -1 with the error (503 no
 * data yet, 404 unknown unit, 403 outside the user's subtree) in w. */
int web_unit_param(web_req *r, web_resp *w, const web_snap *s, web_action a);
/* The year of the query parameter `year`, else the latest year holding a
 * figure (else the base year); within the plan period. -1 with a 400 in
 * w when out of range or not a number. */
int web_year_param(web_req *r, web_resp *w, const web_snap *s);

/* ---- responses ------------------------------------------------------------- */

struct web_resp {
    int status;         /* 200 unless set */
    const char *type;   /* Content-Type; static string */
    buf body;
    const char *data;   /* a static body (embedded file) used instead of body; borrowed */
    size_t len;
    const char *cache;  /* Cache-Control, static; NULL: "no-store" */
    web_kv *headers;    /* extra headers (Location, Set-Cookie, Allow, …); owned */
    size_t nheaders;
    char *note;         /* a server error's message, for the error log; owned, NULL */
};

/* Adds a header (both strings copied). Set-Cookie may appear many times. */
void web_add_header(web_resp *w, const char *name, const char *value);
/* Redirect (302, 303) to a local path. */
void web_redirect(web_resp *w, int status, const char *location);
/* How web_json serialises (compact, '/' escaped, doubles exactly). */
#define WEB_JSON_FLAGS (JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(17))
/* A JSON body (steals doc). */
void web_json(web_resp *w, int status, json_t *doc);
/* An error: {"error":{"code":code,"message":message}} under /api/, else a
 * Chinese HTML page in the layout. code is a stable machine word
 * ("not_found", "forbidden", …); message is Chinese. */
void web_error(web_req *r, web_resp *w, int status, const char *code, const char *message);

/* The shared layout: doctype, head (style.css, app.js), header with the
 * plan title and the user (and a logout button), navigation from the
 * route table, then the page's <main>. End with web_page_end. title is
 * plain text (escaped here). */
void web_page_begin(web_req *r, web_resp *w, const char *title);
void web_page_end(web_req *r, web_resp *w);
/* <input type="hidden" name="csrf" value="…"> for the request's session. */
void web_csrf_field(const web_req *r, buf *b);

/* Short helpers over out/escape.h for composing markup. */
static inline void web_text(buf *b, const char *s) { esc_html_text(b, s ? s : ""); }
static inline void web_attr(buf *b, const char *s) { esc_html_attr(b, s ? s : ""); }

/* ---- models ----------------------------------------------------------------- */

/* The document `planmon status --format json` prints, for the unit at
 * preorder index u and year, judged by method pace (sdg false) or sdg:
 * {"unit","unit_name","unit_level","year","method","indicators":[…],
 * "completeness":{…}}. One model for the overview page and the status
 * API (status_doc.c). New reference. */
json_t *web_status_doc(const pm_evaluation *ev, int u, int year, bool sdg);
/* The same document for the request's snapshot, built once per snapshot
 * and shared by every request (snap_cache.c): read-only, borrowed until the
 * request ends. When the cache cannot hold it, a fresh one is returned and
 * *own set to it (the caller json_decrefs *own, which is NULL otherwise). */
const json_t *web_status_doc_get(web_req *r, int u, int year, bool sdg, json_t **own);
/* Answers 200 with that document as JSON, serialised once per snapshot too
 * (the status API). */
void web_status_json(web_req *r, web_resp *w, int u, int year, bool sdg);
/* A rendered piece of a page kept for the snapshot's life (snap_cache.c),
 * for a page body that depends only on the data and the parameters in its
 * key (web_fragment_key: a letter per page, unit, year, and the user's
 * web_read_scope when the body offers units to pick). get appends the
 * piece to b and returns true when it is there; put remembers b's bytes
 * from `from` on. */
uint64_t web_fragment_key(char page, int unit, int year, int scope);
int web_read_scope(const web_user *u); /* -1: reads every unit; else its subtree's root index */
bool web_fragment_get(web_req *r, uint64_t key, buf *b);
void web_fragment_put(web_req *r, uint64_t key, const buf *b, size_t from);

/* ---- handlers (one file per page or resource) -------------------------------- */

void web_static(web_req *r, web_resp *w);        /* static.c: GET /static/… */
void web_login_form(web_req *r, web_resp *w);    /* page_login.c: GET /login */
void web_login(web_req *r, web_resp *w);         /* auth.c: POST /login */
void web_logout(web_req *r, web_resp *w);        /* auth.c: POST /logout */
void web_overview(web_req *r, web_resp *w);      /* page_overview.c: GET / */
void web_users_page(web_req *r, web_resp *w);    /* page_users.c: GET /users */
void web_users_create(web_req *r, web_resp *w);  /* page_users.c: POST /users */
void web_users_state(web_req *r, web_resp *w);   /* page_users.c: POST /users/state (disable, enable) */
void web_token_revoke(web_req *r, web_resp *w);  /* page_users.c: POST /users/tokens/revoke */
void web_audit_page(web_req *r, web_resp *w);    /* page_audit.c: GET /audit */
void web_indicator_page(web_req *r, web_resp *w); /* page_indicator.c: GET /indicator/{no} */
void web_unit_page(web_req *r, web_resp *w);      /* page_unit.c: GET /unit/{code} */
void web_entry_page(web_req *r, web_resp *w);     /* page_entry.c: GET /entry */
void web_entry_post(web_req *r, web_resp *w);     /* page_entry.c: POST /entry */
void web_entry_template(web_req *r, web_resp *w); /* page_entry.c: GET /entry/template.xlsx */
void web_entry_upload(web_req *r, web_resp *w);   /* page_entry.c: POST /entry/upload */
void web_review_page(web_req *r, web_resp *w);    /* page_review.c: GET /review */
void web_review_post(web_req *r, web_resp *w);    /* page_review.c: POST /review */
void web_history_page(web_req *r, web_resp *w);   /* page_history.c: GET /history */

/* The JSON API under /api/v1/ (api_*.c, one file per resource; docs/api.md). */
void web_api_me(web_req *r, web_resp *w);          /* api_me.c: GET /api/v1/me */
void web_api_plan(web_req *r, web_resp *w);        /* api_plan.c: GET /api/v1/plan */
void web_api_indicators(web_req *r, web_resp *w);  /* api_indicators.c: GET /api/v1/indicators */
void web_api_indicator(web_req *r, web_resp *w);   /* api_indicators.c: GET /api/v1/indicators/{no} */
void web_api_units(web_req *r, web_resp *w);       /* api_units.c: GET /api/v1/units */
void web_api_values_get(web_req *r, web_resp *w);  /* api_values.c: GET /api/v1/values */
void web_api_values_put(web_req *r, web_resp *w);  /* api_values.c: POST and PUT /api/v1/values */
void web_api_submit(web_req *r, web_resp *w);      /* api_review.c: POST /api/v1/values/submit */
void web_api_approve(web_req *r, web_resp *w);     /* api_review.c: POST /api/v1/values/approve */
void web_api_return(web_req *r, web_resp *w);      /* api_review.c: POST /api/v1/values/return */
void web_api_status(web_req *r, web_resp *w);      /* api_status.c: GET /api/v1/status */
void web_api_history(web_req *r, web_resp *w);     /* api_history.c: GET /api/v1/history */

/* Renders the login form (page_login.c), for GET /login and a failed POST. */
void web_login_render(web_req *r, web_resp *w, int status, const char *message, const char *name,
                      const char *next);

#endif
