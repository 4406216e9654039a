/* The backend-independent front of store/todo.h: hands each call to the
 * backend's pm_collect_ops and frees what a failed call left. */
#include "store/todo.h"

#include <stdlib.h>

#include "store/collect_backend.h"
#include "store/store_backend.h"

bool pm_store_rounds_due(pm_store *s, const char *unit, const char *today, pm_round_due **out, size_t *n,
                         pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = pm_store_backend(s, &impl)->collect->rounds_due(impl, unit ? unit : "", today, out, n, err);
    if (!ok) {
        pm_round_dues_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

void pm_round_dues_free(pm_round_due *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++) {
        free(d[i].title);
        free(d[i].deadline);
        free(d[i].due_at);
        free(d[i].unit);
        free(d[i].unit_name);
    }
    free(d);
}

bool pm_store_review_waiting(pm_store *s, pm_waiting **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = pm_store_backend(s, &impl)->collect->review_waiting(impl, out, n, err);
    if (!ok) {
        pm_waitings_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

void pm_waitings_free(pm_waiting *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++)
        free(w[i].unit);
    free(w);
}
