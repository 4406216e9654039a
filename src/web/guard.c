/* Absolute deadlines for a request's headers and body (guard.h). */
#include "web/guard.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"

typedef enum { PHASE_HEAD, PHASE_BODY, PHASE_DONE } phase;

struct web_guard_conn {
    web_guard_conn *prev, *next;
    int fd;
    phase ph;
    double since;  /* monotonic seconds: start of the phase */
    size_t body;   /* body bytes of the current request */
    bool cut;      /* shut down already */
};

struct web_guard {
    web_guard_limits lim;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    bool stopping;
    web_guard_conn *head; /* every open connection */
    unsigned open;
    unsigned long cut;
};

/* Is c past its deadline at time t? Under g->mu. */
static bool overdue(const web_guard *g, const web_guard_conn *c, double t, bool busy)
{
    switch (c->ph) {
    case PHASE_HEAD:
        return t - c->since > (busy ? g->lim.head_secs_busy : g->lim.head_secs);
    case PHASE_BODY:
        return t - c->since >
               (double)g->lim.body_grace_secs + (double)c->body / (double)(g->lim.body_min_rate ? g->lim.body_min_rate : 1);
    case PHASE_DONE:
        return false;
    }
    return false;
}

static void sweep(web_guard *g)
{
    double t = pm_clock_mono();
    bool busy = g->lim.max_conns && g->open * 2 > g->lim.max_conns;
    for (web_guard_conn *c = g->head; c; c = c->next)
        if (!c->cut && overdue(g, c, t, busy)) {
            /* The socket is still MHD's and still open: its close is
             * notified (web_guard_closed, under g->mu) before it happens. */
            shutdown(c->fd, SHUT_RDWR);
            c->cut = true;
            g->cut++;
        }
}

static void *sweeper(void *arg)
{
    web_guard *g = arg;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&g->wake, &g->mu, &until);
        if (!g->stopping)
            sweep(g);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

web_guard *web_guard_start(const web_guard_limits *lim)
{
    web_guard *g = xcalloc(1, sizeof *g);
    g->lim = *lim;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, sweeper, g) != 0) {
        pthread_mutex_destroy(&g->mu);
        pthread_cond_destroy(&g->wake);
        free(g);
        return NULL;
    }
    return g;
}

void web_guard_stop(web_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    while (g->head) {
        web_guard_conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->wake);
    free(g);
}

web_guard_conn *web_guard_opened(web_guard *g, int fd)
{
    web_guard_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->ph = PHASE_HEAD;
    c->since = pm_clock_mono();
    pthread_mutex_lock(&g->mu);
    c->next = g->head;
    if (g->head)
        g->head->prev = c;
    g->head = c;
    g->open++;
    pthread_mutex_unlock(&g->mu);
    return c;
}

void web_guard_closed(web_guard *g, web_guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->mu);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    g->open--;
    pthread_mutex_unlock(&g->mu);
    free(c);
}

/* Moves c into phase p, starting its clock now. */
static void set_phase(web_guard *g, web_guard_conn *c, phase p)
{
    if (!c)
        return;
    double t = pm_clock_mono();
    pthread_mutex_lock(&g->mu);
    c->ph = p;
    c->since = t;
    c->body = 0;
    pthread_mutex_unlock(&g->mu);
}

void web_guard_headers_done(web_guard *g, web_guard_conn *c)
{
    set_phase(g, c, PHASE_BODY);
}

void web_guard_body(web_guard *g, web_guard_conn *c, size_t n)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->mu);
    c->body += n;
    pthread_mutex_unlock(&g->mu);
}

void web_guard_request_done(web_guard *g, web_guard_conn *c)
{
    set_phase(g, c, PHASE_DONE);
}

void web_guard_idle(web_guard *g, web_guard_conn *c)
{
    set_phase(g, c, PHASE_HEAD);
}

unsigned long web_guard_cut(web_guard *g)
{
    pthread_mutex_lock(&g->mu);
    unsigned long n = g->cut;
    pthread_mutex_unlock(&g->mu);
    return n;
}
