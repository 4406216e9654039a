/* The life of one request, without a socket (dispatch.c). Internal to
 * src/web/: server.c feeds it from libmicrohttpd's callbacks, and the web
 * fuzzer (tests/fuzz/fuzz_web.c) from its input, so both run the same
 * route table, limits, authentication, form checks, CSRF check and
 * handlers.
 *
 * Order of calls for one request:
 *   web_exchange_init
 *   web_exchange_value for every header, cookie and query parameter
 *   web_exchange_head      (false: the answer is in x->resp already)
 *   for each piece of body: web_exchange_count, then web_exchange_field
 *     (a urlencoded or multipart form's decoded fields, when
 *     web_exchange_wants_form) or web_exchange_raw (anything else)
 *   web_exchange_run       (the answer is in x->resp)
 *   web_exchange_free */
#ifndef PM_WEB_DISPATCH_H
#define PM_WEB_DISPATCH_H
#include <stdint.h>

#include "web/web.h"

/* One request in progress, with its answer. Owns everything it points to. */
typedef struct web_exchange {
    web_req req;
    web_resp resp;
    char *path;      /* owned copy of the decoded path */
    char remote[64]; /* the client's address, numeric */
    size_t cap;      /* body limit of the route */
    size_t received; /* body bytes seen */
    bool too_large;  /* the body passed cap while coming in */
    bool bad_body;   /* the form could not be parsed, or had too many parts */
    double started;  /* monotonic seconds at init, for the request log */
} web_exchange;

typedef enum web_value_kind { WEB_V_HEADER, WEB_V_COOKIE, WEB_V_QUERY } web_value_kind;

/* remote: the client's numeric address ("" when unknown); tls: the request
 * came over the server's own TLS. */
void web_exchange_init(web_exchange *x, web_app *app, const char *remote, bool tls);
/* A header, cookie or (decoded) query parameter; value may be NULL (a
 * query parameter without "="). Sizes are explicit: a value may hold NUL
 * bytes, which the form checks refuse later. */
void web_exchange_value(web_exchange *x, web_value_kind kind, const char *key, size_t key_size,
                        const char *value, size_t value_size);
/* Everything that can be decided from the request line and headers: the
 * route (404/405), the declared body size (413), who is asking and may
 * they (401/403). True when the request goes on to its body. */
bool web_exchange_head(web_exchange *x, const char *method, const char *url);
/* True when the body is a form, to be decoded by the caller's form parser
 * (libmicrohttpd's post processor) and fed to web_exchange_field. */
bool web_exchange_wants_form(const web_exchange *x);
/* n more body bytes arrived. False when the client sent far past the
 * limit and should be cut off; x->too_large tells the caller to drop the
 * bytes (the answer is 413). */
bool web_exchange_count(web_exchange *x, size_t n);
/* A piece of a form field (off > 0 continues the field named key, or the
 * file when filename is set). The signature of MHD_PostDataIterator's
 * useful part. False (and x->bad_body) past the field or file limits. */
bool web_exchange_field(web_exchange *x, const char *key, const char *filename, const char *content_type,
                        const char *data, uint64_t off, size_t size);
/* A piece of a body that is not a form (JSON for the API). */
void web_exchange_raw(web_exchange *x, const char *data, size_t size);
/* The body is in: checks it (413, 400 bad UTF-8, 403 CSRF) and runs the
 * handler. The store connection and snapshot are given back after. */
void web_exchange_run(web_exchange *x);
/* Frees everything the exchange holds (x itself is the caller's). */
void web_exchange_free(web_exchange *x);

#endif
