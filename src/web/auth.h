/* Who is asking, and may they (auth.c). Internal to src/web/: server.c
 * calls these in order for every request; handlers use web_can (web.h). */
#ifndef PM_WEB_AUTH_H
#define PM_WEB_AUTH_H
#include "web/web.h"

/* Cookie names. The session cookie carries a random token whose hash is
 * the session's key; the login cookie carries the CSRF token of the login
 * form (there is no session yet to hold one). */
#define WEB_SESSION_COOKIE "planmon_session"
#define WEB_LOGIN_COOKIE "planmon_login"
#define WEB_SESSION_TTL (12 * 3600) /* seconds a session lives, from login */

/* Finds the user behind r: a bearer token under /api/, else the session
 * cookie. Sets r->user (owned by r; web_auth_free releases it), r->csrf,
 * r->bearer. False with an error in w only when a bearer token was given
 * and is not valid (401), or the database failed (500); a missing or
 * stale cookie just leaves r->user NULL. */
bool web_auth(web_req *r, web_resp *w);
void web_auth_free(web_req *r);
/* The route's permission: anonymous → 302 to /login (pages read with GET)
 * or 401; a role without the right → 403. False with the answer in w. */
bool web_gate(web_req *r, web_resp *w);
/* The CSRF token of a state-changing request (form field "csrf" or header
 * X-CSRF-Token) matches the session's (or, for POST /login, the login
 * cookie's). Requests made with a bearer token need none. */
bool web_csrf_ok(const web_req *r);

#endif
