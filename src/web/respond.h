/* Answers in the layout (respond.c): error answers, HTML or JSON, and the
 * shared page layout every HTML page is drawn inside. Text reaches HTML
 * only through render/write/escape.h (web_text, web_attr,
 * esc_url_component): never a bare %s of user data. */
#ifndef PM_WEB_RESPOND_H
#define PM_WEB_RESPOND_H
#include "web/request.h"

/* An error: {"error":{"code":code,"message":message}} under /api/, else a
 * Chinese HTML page in the layout. code is a stable machine word
 * ("not_found", "forbidden", …); message is Chinese. */
void web_error(web_req *r, web_resp *w, int status, const char *code, const char *message);
/* A refusal kept for the caller to answer (web_task_update_record,
 * web_narr_record: the page and the API answer it each its own way):
 * *why = code, text copied into msg (cap bytes); returns status. */
int web_refuse(int status, const char *code, const char **why, char *msg, size_t cap, const char *text);

/* The shared layout: doctype, head (style.css, app.js), header with the
 * plan title and the user (and a logout button), navigation from the
 * route table (r->routes), then the page's <main>. End with web_page_end.
 * title is plain text (escaped here). */
void web_page_begin(web_req *r, web_resp *w, const char *title);
void web_page_end(web_req *r, web_resp *w);
/* <input type="hidden" name="csrf" value="…"> for the request's session. */
void web_csrf_field(const web_req *r, buf *b);

#endif
