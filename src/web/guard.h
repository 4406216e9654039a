/* Deadlines for slow clients (guard.c): a request's headers, and its body,
 * must arrive within a time that a client trickling bytes cannot extend.
 *
 * libmicrohttpd's own MHD_OPTION_CONNECTION_TIMEOUT is an idle timeout:
 * every byte received restarts it, so a client that sends one header line
 * every few seconds holds its connection for ever (slowloris). MHD has no
 * absolute deadline, so the guard keeps one per connection: server.c tells
 * it when a connection opens and closes (MHD_OPTION_NOTIFY_CONNECTION),
 * when its headers are complete and how much body has come (the request
 * callback), and when a request ends (MHD_OPTION_NOTIFY_COMPLETED); a
 * thread of its own shuts down, once a second, the sockets of connections
 * past their deadline. MHD then sees the connection fail on its own thread
 * and closes it as usual.
 *
 * The shutdown is safe against descriptor reuse: MHD notifies the close
 * before it closes the socket, and the notification removes the entry
 * under the same mutex the sweep holds. */
#ifndef PM_WEB_GUARD_H
#define PM_WEB_GUARD_H
#include <stdbool.h>
#include <stddef.h>

typedef struct web_guard web_guard;
typedef struct web_guard_conn web_guard_conn;

typedef struct web_guard_limits {
    unsigned head_secs;       /* request line and headers, from the connection's wait for them */
    unsigned head_secs_busy;  /* the same when more than half of max_conns are open */
    unsigned body_grace_secs; /* a body may take this long … */
    size_t body_min_rate;     /* … plus one second per this many bytes received */
    unsigned max_conns;       /* the daemon's connection limit (for "busy") */
} web_guard_limits;

/* Starts the sweeping thread. NULL when it cannot be started. */
web_guard *web_guard_start(const web_guard_limits *lim);
/* Stops the thread and frees the guard (after MHD_stop_daemon: no
 * connection is left). */
void web_guard_stop(web_guard *g);

/* A connection opened (socket fd): its entry, owned by the guard until
 * web_guard_closed. */
web_guard_conn *web_guard_opened(web_guard *g, int fd);
void web_guard_closed(web_guard *g, web_guard_conn *c);
/* Its headers are in: the body deadline starts. */
void web_guard_headers_done(web_guard *g, web_guard_conn *c);
/* n more body bytes came. */
void web_guard_body(web_guard *g, web_guard_conn *c, size_t n);
/* The whole request is in: the handler and the response are not limited
 * here (MHD's idle timeout covers a client that stops reading). */
void web_guard_request_done(web_guard *g, web_guard_conn *c);
/* The response is sent: the connection waits for its next request's
 * headers, under the header deadline again. */
void web_guard_idle(web_guard *g, web_guard_conn *c);
/* Connections cut by a deadline so far (for tests and the error log). */
unsigned long web_guard_cut(web_guard *g);

#endif
