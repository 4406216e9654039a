#include "web/page_todo.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "engine/review.h"
#include "store/review.h"
#include "store/todo.h"
#include "web/app.h"
#include "web/context.h"
#include "web/pagekit.h"

#define NAMES_MAX 10 /* units named in one line; the rest counted */

/* The store of the request (the pool's; none: nothing to show). */
static pm_store *todo_store(web_req *r)
{
    pm_err err = {0};
    return r->user ? web_app_store(r, &err) : NULL;
}

static bool past_due(const pm_round_due *d, time_t now)
{
    time_t due = pm_clock_from_iso(d->due_at);
    return due != (time_t)-1 && now >= due;
}

static void open_section(buf *b, bool *opened)
{
    if (*opened)
        return;
    buf_puts(b, "<section class=\"todo\" aria-labelledby=\"todo-h\"><h2 id=\"todo-h\">待办</h2><ul>");
    *opened = true;
}

static void close_section(buf *b, bool opened)
{
    if (opened)
        buf_puts(b, "</ul></section>");
}

/* 填报任务“<a>TITLE</a>” */
static void round_link(buf *b, long id, const char *title)
{
    buf_printf(b, "填报任务“<a href=\"/rounds/%ld\">", id);
    web_text(b, title);
    buf_puts(b, "</a>”");
}

/* "已于 D 截止" / "将于 D 截止" */
static void deadline_words(buf *b, const pm_round_due *d, bool late)
{
    buf_puts(b, late ? "已于 " : "将于 ");
    web_text(b, d->deadline);
    buf_puts(b, " 截止");
}

/* One round a unit has not reported: what a reporter reads. */
static void unit_item(buf *b, const pm_round_due *d, time_t now)
{
    bool late = past_due(d, now);
    buf_puts(b, late ? "<li class=\"late\">" : "<li>");
    round_link(b, d->round, d->title);
    buf_puts(b, "：");
    web_text(b, d->unit_name);
    buf_printf(b, "尚未报送（已填 %d/%d 项），", d->filled, d->items);
    deadline_words(b, d, late);
    if (late)
        buf_puts(b, "（已逾期）");
    if (d->reminders)
        buf_printf(b, "，已被催报 %d 次", d->reminders);
    buf_puts(b, "。<a href=\"/entry?unit=");
    buf h = BUF_INIT;
    esc_url_component(&h, d->unit);
    web_attr(b, buf_str(&h));
    buf_free(&h);
    buf_printf(b, "&amp;year=%d\">去填报</a></li>", d->year);
}

/* Reporters: the rounds of the units they enter. */
static void reporter_items(web_req *r, buf *b, const web_snap *s, const pm_round_due *d, size_t n, time_t now,
                           bool *opened)
{
    for (size_t i = 0; i < n; i++) {
        int u = web_snap_unit(s, d[i].unit);
        if (u < 0 || !web_can(r->user, WEB_DO_ENTER, u))
            continue;
        open_section(b, opened);
        unit_item(b, &d[i], now);
    }
}

/* Per round (rows come grouped by round): the units in scope (READ)
 * that have not reported. Reviewers read the overdue units by name;
 * planners and admins the counts, overdue or still to come. */
static void round_items(web_req *r, buf *b, const web_snap *s, const pm_round_due *d, size_t n, time_t now,
                        bool names, bool *opened)
{
    for (size_t i = 0, j; i < n; i = j) {
        bool late = past_due(&d[i], now);
        size_t in_scope = 0;
        for (j = i; j < n && d[j].round == d[i].round; j++) {
            int u = web_snap_unit(s, d[j].unit);
            in_scope += u >= 0 && web_can(r->user, WEB_DO_READ, u);
        }
        if (!in_scope || (names && !late))
            continue;
        open_section(b, opened);
        buf_puts(b, late ? "<li class=\"late\">" : "<li>");
        round_link(b, d[i].round, d[i].title);
        deadline_words(b, &d[i], late);
        if (!names) {
            buf_printf(b, late ? "，<strong>%zu 个单位逾期未报</strong>。</li>" : "，尚有 %zu 个单位未报送。</li>", in_scope);
            continue;
        }
        buf_puts(b, "，逾期未报：");
        size_t shown = 0;
        for (size_t k = i; k < j; k++) {
            int u = web_snap_unit(s, d[k].unit);
            if (u < 0 || !web_can(r->user, WEB_DO_READ, u) || shown >= NAMES_MAX)
                continue;
            if (shown++)
                buf_puts(b, "、");
            web_text(b, d[k].unit_name);
        }
        if (in_scope > shown)
            buf_printf(b, " 等 %zu 个单位", in_scope);
        buf_puts(b, "。</li>");
    }
}

/* Reviewers: the submitted figures of their subtree waiting at their
 * level (engine/review.h). False when the store could not say (nothing
 * written then). */
static bool review_item(web_req *r, buf *b, const web_snap *s, pm_store *st, bool *opened)
{
    pm_review_levels lv;
    pm_waiting *w = NULL;
    size_t n = 0;
    pm_err err = {0};
    int home = web_home_unit(r->user);
    if (!pm_store_review_levels(st, &lv, &err) || !pm_store_review_waiting(st, &w, &n, &err))
        return false;
    int mine = web_review_level(r->user, s, &lv);
    long figures = 0;
    size_t units = 0;
    const char *names[NAMES_MAX];
    long counts[NAMES_MAX];
    for (size_t i = 0, j; i < n && mine >= 0; i = j) {
        int u = web_snap_unit(s, w[i].unit);
        long here = 0;
        for (j = i; j < n && !strcmp(w[j].unit, w[i].unit); j++) {
            if (u < 0 || !web_can(r->user, WEB_DO_REVIEW, u))
                continue;
            int at = pm_review_waits_at(&lv, w[j].level, s->ev.tree.u[u].level);
            here += mine == 0 || at == mine ? w[j].n : 0;
        }
        if (!here)
            continue;
        if (units < NAMES_MAX) {
            names[units] = s->ev.tree.u[u].name;
            counts[units] = here;
        }
        units++;
        figures += here;
    }
    if (figures) {
        open_section(b, opened);
        buf_puts(b, "<li><a href=\"/review?unit=");
        buf h = BUF_INIT;
        esc_url_component(&h, s->ev.tree.u[home].code);
        web_attr(b, buf_str(&h));
        buf_free(&h);
        buf_printf(b, "\">%zu 个单位的 %ld 项数据等待您审核</a>（", units, figures);
        for (size_t k = 0; k < units && k < NAMES_MAX; k++) {
            if (k)
                buf_puts(b, "、");
            web_text(b, names[k]);
            buf_printf(b, " %ld 项", counts[k]);
        }
        buf_puts(b, units > NAMES_MAX ? " 等）。</li>" : "）。</li>");
    }
    pm_waitings_free(w, n);
    return true;
}

/* The rounds' units not reported as of now (unit: one unit's, NULL:
 * all); false when there is no store or it fails (nothing to free). */
static bool dues(web_req *r, const char *unit, time_t now, pm_store **st, pm_round_due **d, size_t *n)
{
    *st = todo_store(r);
    char today[16];
    pm_err err = {0};
    return *st && pm_store_rounds_due(*st, unit, pm_clock_today(now, today, sizeof today), d, n, &err);
}

void web_todo_section(web_req *r, buf *b, const web_snap *s)
{
    /* What it says follows from the data (rounds, reminders, figures
     * waiting, review levels: all move the data generation), the bureau
     * day (a deadline passes at midnight) and the user's role and subtree
     * (web_can, the reviewer's level): drawn once per snapshot, day and
     * (role, subtree), not with two queries on every load of the overview. */
    if (!r->user)
        return;
    uint64_t key = web_fragment_key('D', 0, 0, web_user_scope(r->user), (int)r->user->u.role);
    if (web_fragment_get(r, key, b))
        return;
    size_t from = b->len;
    time_t now = time(NULL);
    pm_store *st;
    pm_round_due *d = NULL;
    size_t n = 0;
    if (!s->ev.tree.n || !dues(r, NULL, now, &st, &d, &n))
        return;
    bool opened = false, whole = true;
    switch (r->user->u.role) {
    case PM_ROLE_REPORTER:
        reporter_items(r, b, s, d, n, now, &opened);
        break;
    case PM_ROLE_REVIEWER:
        whole = review_item(r, b, s, st, &opened);
        round_items(r, b, s, d, n, now, true, &opened);
        break;
    default: /* planners and admins */
        round_items(r, b, s, d, n, now, false, &opened);
        break;
    }
    close_section(b, opened);
    pm_round_dues_free(d, n);
    if (whole)
        web_fragment_put(r, key, b, from);
}

void web_todo_unit(web_req *r, buf *b, const web_snap *s, int u)
{
    time_t now = time(NULL);
    pm_store *st;
    pm_round_due *d = NULL;
    size_t n = 0;
    if (u < 0 || !dues(r, s->ev.tree.u[u].code, now, &st, &d, &n))
        return;
    bool opened = false;
    for (size_t i = 0; i < n; i++) {
        open_section(b, &opened);
        unit_item(b, &d[i], now);
    }
    close_section(b, opened);
    pm_round_dues_free(d, n);
}
