/* One department's indicators, tasks and what is due (dept_view.h). */
#include "web/dept_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "engine/task_judge.h"
#include "web/perm.h"

/* 1 lead, 0 co-operates, -1 neither, for department code in a. */
static int role_in(const pm_assignment *a, const char *code)
{
    if (!a)
        return -1;
    if (pm_assignment_has_dept(a, code, true))
        return 1;
    return pm_assignment_has_dept(a, code, false) ? 0 : -1;
}

/* Is a deadline due in year (its year) or already past as_of? */
static bool due(const char *deadline, int year, const char *as_of, bool *late)
{
    *late = *deadline && strcmp(deadline, as_of) < 0;
    char y[8];
    snprintf(y, sizeof y, "%d", year);
    return *late || !strncmp(deadline, y, 4);
}

void web_dept_view_build(const web_req *r, const web_snap *s, const web_tasks *t, const pm_dept *d,
                         web_dept_view *v)
{
    const pm_evaluation *ev = &s->ev;
    *v = (web_dept_view){.at = web_home_unit(r->user)};
    v->rows = xnmalloc(ev->plan.nind + t->set.ntasks + 1, sizeof *v->rows);
    for (size_t i = 0; i < ev->plan.nind; i++) {
        const pm_assignment *a = pm_evaluation_duty(ev, (int)i);
        int role = role_in(a, d->code);
        if (role < 0)
            continue;
        web_dept_row *row = &v->rows[v->n++];
        *row = (web_dept_row){.ind = (int)i, .lead = role == 1, .deadline = a->deadline};
        wp_judge(ev, (int)i, v->at, t->year, &row->j);
        row->due = row->j.o.status != PM_ST_ACHIEVED && *a->deadline &&
                   due(a->deadline, t->year, t->as_of, &row->late);
        if (!row->due)
            row->late = false;
    }
    v->nind = v->n;
    for (size_t i = 0; i < t->set.ntasks; i++) {
        const pm_task *k = &t->set.tasks[i];
        int role = role_in(&k->duty, d->code);
        if (role < 0 || !web_task_reads(r, s, k))
            continue;
        web_dept_row *row = &v->rows[v->n++];
        *row = (web_dept_row){.ind = -1, .task = k, .lead = role == 1, .deadline = k->duty.deadline};
        row->tj = pm_task_judge(k, t->set.updates, t->set.nupdates, t->as_of).judgment;
        bool closed = row->tj == PM_TJ_DONE || row->tj == PM_TJ_CANCELLED;
        row->due = !closed && *k->duty.deadline && due(k->duty.deadline, t->year, t->as_of, &row->late);
        if (!row->due)
            row->late = false;
    }
}

void web_dept_view_free(web_dept_view *v)
{
    free(v->rows);
    *v = (web_dept_view){0};
}

bool web_dept_open(web_req *r, web_resp *w, web_dept_doc *dp)
{
    dp->s = web_snapshot(r);
    dp->v = (web_dept_view){0};
    dp->d = web_dept_load_named(r, w, dp->s, &dp->t);
    if (!dp->d) {
        web_tasks_free(&dp->t);
        return false;
    }
    web_dept_view_build(r, dp->s, &dp->t, dp->d, &dp->v);
    return true;
}

void web_dept_close(web_dept_doc *dp)
{
    web_dept_view_free(&dp->v);
    web_tasks_free(&dp->t);
}

const char *web_dept_role_label(const web_dept_row *row) { return row->lead ? "牵头" : "配合"; }

const char *web_dept_role_key(const web_dept_row *row) { return row->lead ? "lead" : "co"; }
