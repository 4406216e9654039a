/* A request and its answer (request.c): the fields a handler reads, the
 * accessors for parameters, form fields, headers and cookies, and the
 * plain answers (a header, a redirect, a JSON body). The core every other
 * file of src/web/ stands on; it calls nothing else of src/web/.
 *
 * Threads: handlers run on the server's worker threads, several at once.
 * Everything a handler gets through web_req is its own for the request,
 * except the snapshot (shared, read-only) and the app. */
#ifndef PM_WEB_REQUEST_H
#define PM_WEB_REQUEST_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "render/write/escape.h"
#include "store/store.h"
#include "web/perm.h"
#include "web/route.h"

typedef struct web_app web_app;

/* A cached piece that holds forms: their CSRF fields are the requesting
 * user's own, so the piece is kept with holes where they go and each
 * request fills in its own. */
typedef struct web_frag {
    uint64_t key;
    buf piece;      /* what the caller draws, between begin and end */
    size_t *holes;  /* offsets in piece where web_csrf_field was called */
    size_t nholes, cap;
} web_frag;

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
    const web_route *routes; /* THE route table (web_routes), for the navigation */
    size_t nroutes;
    web_app *app;
    pm_store *store;     /* web_store's connection for this request, or NULL */
    bool fresh_store;    /* take a new connection, not a pooled one: the request
                            is tried again after its session was ended (dispatch.c) */
    bool wrote;          /* a POST (…) took a store connection: it may have
                            written, and waits for its data to be evaluated */
    const struct web_snap *snap; /* web_snapshot's, or NULL */
    unsigned long unavailable; /* pm_store_unavailable_count as the request began:
                                  a server error after a count above it is the
                                  database's absence (web_error answers 503) */
    struct web_frag *frag; /* the cached page piece being drawn (web_fragment_begin
                              in context.h), or NULL:
                              web_csrf_field marks a hole in it instead of writing */
};

/* A query parameter, form field or request header by name: the first
 * one, or NULL. Borrowed for the request. Header and cookie names compare
 * without case, as in HTTP. */
const char *web_query(const web_req *r, const char *name);
const char *web_form(const web_req *r, const char *name);
const char *web_header(const web_req *r, const char *name);
const char *web_cookie(const web_req *r, const char *name);
/* The multipart file part sent as field name: the first one, or NULL.
 * Borrowed for the request. */
const web_file *web_upload(const web_req *r, const char *name);
/* The last path component of an uploaded file's name (browsers may send
 * C:\fakepath\…, and some a whole path): a pointer into given, "" for
 * NULL. */
const char *web_upload_basename(const char *given);
/* True for /api/… routes: errors as JSON. */
bool web_is_api(const web_req *r);

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

/* Short helpers over render/write/escape.h for composing markup. */
static inline void web_text(buf *b, const char *s) { esc_html_text(b, s ? s : ""); }
static inline void web_attr(buf *b, const char *s) { esc_html_attr(b, s ? s : ""); }

#endif
