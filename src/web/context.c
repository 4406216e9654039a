/* What a handler asks of its request (context.h). Sits above the app, the
 * snapshot cache and the layout: it turns their failures into answers. */
#include "web/context.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/num.h"
#include "store/plans.h"
#include "store/review.h"
#include "web/app.h"
#include "web/respond.h"
#include "web/snap_cache.h"

pm_store *web_store(web_req *r, web_resp *w)
{
    pm_err err = {0};
    pm_store *s = web_app_store(r, &err);
    if (!s) {
        web_error(r, w, 500, "store_unavailable", err.msg);
        return NULL;
    }
    /* Pooled connections keep the plan an earlier request chose: every use
     * sets this request's (web_plan_key; NULL: the default). */
    if (!pm_store_use_plan(s, web_plan_key(r), &err)) {
        web_error(r, w, 404, "unknown_plan", err.msg);
        return NULL;
    }
    return s;
}

bool web_plans_list(web_req *r, web_resp *w, const pm_plan_info **p, size_t *n, pm_plan_info **own)
{
    const web_snap *snap = web_snapshot(r);
    *own = NULL;
    if (snap->no_plan) {
        web_error(r, w, 404, "unknown_plan", snap->err.msg);
        return false;
    }
    if (snap->nplans) {
        *p = snap->plans;
        *n = snap->nplans;
        return true;
    }
    pm_store *s = web_store(r, w);
    pm_err err = {0};
    if (!s)
        return false;
    if (!pm_store_plans(s, own, n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    *p = *own;
    return true;
}

bool web_review_actor_at(web_req *r, web_resp *w, const web_snap *s, int unit, pm_review_actor *out,
                         pm_review_levels *lv)
{
    *out = web_review_actor(r->user, unit);
    pm_store *st = web_store(r, w);
    pm_err err = {0};
    if (!st)
        return false;
    if (!pm_store_review_levels(st, lv, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    if (out->role != PM_ROLE_ADMIN)
        out->level = web_review_level(r->user, s, lv);
    return true;
}

int web_review_level(const web_user *u, const web_snap *s, const pm_review_levels *lv)
{
    /* A user over the whole tree (root -1) works at the district's depth. */
    int home = u && u->root >= 0 && (size_t)u->root < s->ev.tree.n ? s->ev.tree.u[u->root].level : 0;
    return pm_review_level_at(lv, home);
}

int web_unit_of(web_req *r, web_resp *w, const web_snap *s, const char *code, web_action a)
{
    if (!s->ok) {
        web_error(r, w, s->no_plan ? 404 : 503, s->no_plan ? "unknown_plan" : "not_ready", s->err.msg);
        return -1;
    }
    int unit = code && *code ? web_snap_unit(s, code) : web_home_unit(r->user);
    if (unit < 0 || (size_t)unit >= s->ev.tree.n) {
        web_error(r, w, 404, "unknown_unit", "组织机构不存在。");
        return -1;
    }
    if (!web_can(r->user, a, unit)) {
        web_error(r, w, 403, "forbidden",
                  a == WEB_DO_READ ? "您只能查看本单位及下级单位的数据。" : "您无权对该组织机构执行此操作。");
        return -1;
    }
    return unit;
}

int web_year_of(web_req *r, web_resp *w, const web_snap *s, const char *text, int dflt)
{
    if (!text || !*text)
        return dflt;
    long y;
    const pm_plan *p = &s->ev.plan;
    if (!num_parse_int(text, p->base_year, p->target_year, &y)) {
        char msg[160];
        snprintf(msg, sizeof msg, "年份应在规划期 %d–%d 年内。", p->base_year, p->target_year);
        web_error(r, w, 400, "bad_year", msg);
        return -1;
    }
    return (int)y;
}

int web_unit_param(web_req *r, web_resp *w, const web_snap *s, web_action a)
{
    return web_unit_of(r, w, s, web_query(r, "unit"), a);
}

int web_year_param(web_req *r, web_resp *w, const web_snap *s)
{
    const pm_evaluation *ev = &s->ev;
    return web_year_of(r, w, s, web_query(r, "year"), ev->latest_year ? ev->latest_year : ev->plan.base_year);
}

bool web_unit_year_param(web_req *r, web_resp *w, const web_snap *s, web_action a, int *unit, int *year)
{
    *unit = web_unit_param(r, w, s, a);
    *year = *unit < 0 ? -1 : web_year_param(r, w, s);
    return *year >= 0;
}

const json_t *web_status_doc_get(web_req *r, int u, int year, bool sdg, json_t **own)
{
    return web_snap_status_doc(web_snapshot(r), u, year, sdg, own);
}

void web_status_json(web_req *r, web_resp *w, int u, int year, bool sdg)
{
    web_snap_status_json(web_snapshot(r), w, u, year, sdg);
}

uint64_t web_fragment_key(char page, int unit, int year, int scope, int extra)
{
    /* page 6 bits | extra 10 | unit 20 | year 8 | scope + 2, 20 bits. A
     * value that does not fit gives 0, which is never kept: two pages
     * must never share a key (a reporter would get another unit's page). */
    if (unit < 0 || unit >= (1 << 20) || scope < -2 || scope + 2 >= (1 << 20) || extra < 0 || extra >= (1 << 10) ||
        year < 0)
        return 0;
    return ((uint64_t)((unsigned char)page & 0x3f) << 58) | ((uint64_t)extra << 48) | ((uint64_t)unit << 28) |
           ((uint64_t)((uint32_t)year & 0xff) << 20) | (uint64_t)(scope + 2);
}

/* The bureau's day number now: pieces drawn on another day are drawn again. */
static long today(void)
{
    return pm_clock_day_number(time(NULL));
}

bool web_fragment_get(web_req *r, uint64_t key, buf *b)
{
    size_t *holes = NULL, n = 0;
    bool hit = key && web_snap_fragment_get(web_snapshot(r), key, today(), b, &holes, &n);
    assert(n == 0); /* pieces with forms go through web_fragment_begin */
    free(holes);
    return hit;
}

void web_fragment_put(web_req *r, uint64_t key, const buf *b, size_t from)
{
    if (key)
        web_snap_fragment_put(web_snapshot(r), key, today(), b, from, NULL, 0);
}

/* Appends piece (len bytes) to out with the request's CSRF field at each
 * hole. */
static void fill(const web_req *r, buf *out, const char *piece, size_t len, const size_t *holes, size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        assert(holes[i] >= at && holes[i] <= len);
        buf_append(out, piece + at, holes[i] - at);
        web_csrf_field(r, out);
        at = holes[i];
    }
    buf_append(out, piece + at, len - at);
}

bool web_fragment_begin(web_req *r, web_frag *f, uint64_t key, buf *out)
{
    *f = (web_frag){.key = key};
    if (key) {
        size_t *holes, n;
        if (web_snap_fragment_get(web_snapshot(r), key, today(), &f->piece, &holes, &n)) {
            fill(r, out, f->piece.p, f->piece.len, holes, n);
            free(holes);
            buf_free(&f->piece);
            return true;
        }
    }
    assert(!r->frag); /* one piece at a time */
    r->frag = f;
    return false;
}

void web_fragment_end(web_req *r, web_frag *f, buf *out)
{
    assert(r->frag == f);
    r->frag = NULL;
    if (f->key)
        web_snap_fragment_put(web_snapshot(r), f->key, today(), &f->piece, 0, f->holes, f->nholes);
    fill(r, out, buf_str(&f->piece), f->piece.len, f->holes, f->nholes);
    buf_free(&f->piece);
    free(f->holes);
    *f = (web_frag){0};
}

void web_fragment_drop(web_req *r, web_frag *f)
{
    assert(r->frag == f);
    r->frag = NULL;
    buf_free(&f->piece);
    free(f->holes);
    *f = (web_frag){0};
}

int web_user_scope(const web_user *u)
{
    /* Admins may do everything everywhere whatever their unit; the others'
     * rights are their role's within their subtree (perm.c). */
    return u->u.role == PM_ROLE_ADMIN ? -1 : u->root;
}
