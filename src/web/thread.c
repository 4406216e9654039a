/* The thread of one figure (thread.h). */
#include "web/thread.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "store/notes.h"

static void add(wt_thread *t, const char *at, const char *who, const char *text, bool is_return)
{
    t->e = xgrow(t->e, &t->cap, t->n + 1, sizeof *t->e);
    t->e[t->n++] = (wt_entry){xstrdup(at ? at : ""), xstrdup(who ? who : ""), xstrdup(text ? text : ""), is_return};
}

typedef struct hist_ctx {
    wt_threads *t;
    const strmap *elems;
    const char *code;
} hist_ctx;

/* Returns and reopens with their reasons: the history rows that moved a
 * figure to returned. The listing covers the subtree: keep the unit's own. */
static bool hist_row(void *ctx, const pm_history_row *row)
{
    hist_ctx *c = ctx;
    if (row->new_state != PM_VS_RETURNED || !row->why || !*row->why || strcmp(row->unit, c->code))
        return true;
    int e = strmap_get(c->elems, row->element);
    if (e >= 0)
        add(&c->t->by_elem[e], row->at, row->who, row->why, true);
    return true;
}

/* Orders by time; equal times keep their order (history before notes,
 * each in id order), hence the stable insertion sort on a short list. */
static void sort_thread(wt_thread *t)
{
    for (size_t i = 1; i < t->n; i++) {
        wt_entry x = t->e[i];
        size_t j = i;
        while (j > 0 && strcmp(t->e[j - 1].at, x.at) > 0) {
            t->e[j] = t->e[j - 1];
            j--;
        }
        t->e[j] = x;
    }
    t->last_return = -1;
    for (size_t i = 0; i < t->n; i++)
        if (t->e[i].is_return)
            t->last_return = (int)i;
}

bool wt_load(wt_threads *t, pm_store *st, const web_snap *s, const char *code, int year, pm_err *err)
{
    const pm_plan *plan = &s->ev.plan;
    t->nelem = plan->nelem;
    t->by_elem = xcalloc(plan->nelem + 1, sizeof *t->by_elem);
    strmap elems;
    strmap_init(&elems, plan->nelem);
    for (size_t e = 0; e < plan->nelem; e++)
        strmap_put(&elems, plan->elem[e].code, (int)e);
    hist_ctx c = {t, &elems, code};
    pm_filter f = {.unit = code, .year = year};
    bool ok = pm_store_history(st, &f, hist_row, &c, err);
    pm_note *notes = NULL;
    size_t nn = 0;
    ok = ok && pm_store_notes(st, code, NULL, year, &notes, &nn, err);
    for (size_t i = 0; ok && i < nn; i++) {
        int e = strmap_get(&elems, notes[i].element);
        if (e >= 0)
            add(&t->by_elem[e], notes[i].at, notes[i].who, notes[i].body, false);
    }
    pm_notes_free(notes, nn);
    for (size_t e = 0; e < t->nelem; e++)
        sort_thread(&t->by_elem[e]);
    strmap_free(&elems);
    return ok;
}

void wt_free(wt_threads *t)
{
    for (size_t e = 0; t->by_elem && e < t->nelem; e++) {
        for (size_t i = 0; i < t->by_elem[e].n; i++) {
            free(t->by_elem[e].e[i].at);
            free(t->by_elem[e].e[i].who);
            free(t->by_elem[e].e[i].text);
        }
        free(t->by_elem[e].e);
    }
    free(t->by_elem);
    memset(t, 0, sizeof *t);
}

static void who_when(buf *b, const wt_entry *x)
{
    char when[32];
    buf_puts(b, "（");
    web_text(b, x->who);
    buf_puts(b, "，");
    web_text(b, pm_clock_local(x->at, false, when, sizeof when));
    buf_puts(b, "）");
}

void wt_return_reason(buf *b, const wt_thread *t)
{
    if (!t || t->last_return < 0)
        return;
    const wt_entry *x = &t->e[t->last_return];
    buf_puts(b, "<p class=\"return-reason\" role=\"note\"><strong>退回原因</strong>");
    who_when(b, x);
    buf_puts(b, "：");
    web_text(b, x->text);
    buf_puts(b, "</p>");
}

void wt_list(buf *b, const wt_thread *t)
{
    if (!t || !t->n)
        return;
    buf_printf(b, "<details class=\"thread\"%s><summary>审核意见 %zu 条</summary><ol>", t->n <= 3 ? " open" : "", t->n);
    for (size_t i = 0; i < t->n; i++) {
        const wt_entry *x = &t->e[i];
        buf_puts(b, x->is_return ? "<li class=\"thread-return\"><span class=\"sub\">退回" : "<li><span class=\"sub\">意见");
        who_when(b, x);
        buf_puts(b, "</span> ");
        web_text(b, x->text);
        buf_puts(b, "</li>");
    }
    buf_puts(b, "</ol></details>");
}
