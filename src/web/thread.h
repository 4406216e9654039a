/* The thread of one figure (审核意见): the reasons given when it was
 * returned or reopened (from its history, whichever door did it) and the
 * notes written on it (store/notes.h), merged in time order. Read for
 * all of one unit's own figures of a year at once, for the entry and
 * review pages. Internal to src/web/. */
#ifndef PM_WEB_THREAD_H
#define PM_WEB_THREAD_H
#include "web/web.h"

typedef struct wt_entry {
    char *at, *who, *text; /* owned */
    bool is_return;        /* a return's or reopen's reason, else a note */
} wt_entry;

typedef struct wt_thread {
    wt_entry *e;
    size_t n, cap;
    int last_return; /* index in e of the newest return reason, -1: none */
} wt_thread;

/* One thread per element of the snapshot's plan (indexed like
 * s->ev.plan.elem), for unit `code`'s own figures of `year`. */
typedef struct wt_threads {
    wt_thread *by_elem;
    size_t nelem;
} wt_threads;

/* Reads them; false with err when the store fails (t then empty but
 * still to be freed). */
bool wt_load(wt_threads *t, pm_store *st, const web_snap *s, const char *code, int year, pm_err *err);
void wt_free(wt_threads *t);

/* <p class="return-reason">退回原因（who，when）：text</p> for the newest
 * return of a figure in state returned; nothing otherwise. */
void wt_return_reason(buf *b, const wt_thread *t);
/* <ol class="thread">…</ol> of every entry, oldest first; nothing when empty. */
void wt_list(buf *b, const wt_thread *t);

#endif
