/* The backend-independent front of the store: picks a backend from the
 * place named, checks what does not depend on the database engine, and
 * hands every call to the backend's pm_store_ops. */
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/store_backend.h"

struct pm_store {
    const pm_store_ops *ops;
    void *impl;      /* the backend's handle, released by ops->close */
    bool no_blocks;  /* pm_store_blocks_off */
};

/* ---- opening and closing ---------------------------------------------------- */

static bool is_postgres(const char *where)
{
    return text_starts(where, "postgresql://") || text_starts(where, "postgres://");
}

/* The backend for a --db string, or NULL with err set. */
static const pm_store_ops *backend_for(const char *where, pm_err *err)
{
    if (!where || !*where) {
        pm_err_set(err, 0, "未指定数据库文件");
        return NULL;
    }
    return is_postgres(where) ? &pm_pg_store_ops : &pm_sqlite_store_ops;
}

pm_store *pm_store_open(const char *where, pm_open_mode mode, pm_err *err)
{
    const pm_store_ops *ops = backend_for(where, err);
    void *impl = ops ? ops->open(where, mode, err) : NULL;
    if (!impl)
        return NULL;
    pm_store *s = xcalloc(1, sizeof *s);
    s->ops = ops;
    s->impl = impl;
    return s;
}

int pm_store_exists(const char *where, pm_err *err)
{
    const pm_store_ops *ops = backend_for(where, err);
    return ops ? ops->exists(where, err) : -1;
}

pm_store *pm_store_create(const char *where, pm_err *err)
{
    return pm_store_open(where, PM_STORE_CREATE, err);
}

bool pm_store_destroy(const char *where, pm_err *err)
{
    const pm_store_ops *ops = backend_for(where, err);
    return ops && ops->destroy(where, err);
}

bool pm_store_changes(pm_store *s, long long *v, pm_err *err)
{
    return s->ops->changes(s->impl, v, err);
}

bool pm_store_lost(pm_store *s)
{
    return s->ops->lost && s->ops->lost(s->impl);
}

void pm_store_close(pm_store *s)
{
    if (!s)
        return;
    s->ops->close(s->impl);
    free(s);
}

const pm_store_ops *pm_store_backend(pm_store *s, void **impl)
{
    *impl = s->impl;
    return s->ops;
}

int pm_store_version(pm_store *s)
{
    return s->ops->version(s->impl);
}

/* The schema version of the default backend. Backends number their schema
 * versions alike (version N means the same tables everywhere), so one
 * number answers for all. */
int pm_store_version_latest(void)
{
    return pm_sqlite_store_ops.version_latest();
}

/* ---- transactions ---------------------------------------------------------- */

bool pm_store_begin(pm_store *s, pm_err *err)
{
    return s->ops->begin(s->impl, err);
}

bool pm_store_commit(pm_store *s, pm_err *err)
{
    return s->ops->commit(s->impl, err);
}

void pm_store_rollback(pm_store *s)
{
    s->ops->rollback(s->impl);
}

/* ---- the plan -------------------------------------------------------------- */

bool pm_store_plan_valid(const pm_plan *p, pm_err *err)
{
    if (p->nind && !p->ind) {
        pm_err_set(err, 0, "规划的指标表为空指针");
        return false;
    }
    for (size_t i = 0; i < p->nind; i++) {
        const pm_indicator *x = &p->ind[i];
        if (!x->code || !*x->code) {
            pm_err_set(err, x->line, "指标 %d 缺少代码，无法保存", x->no);
            return false;
        }
        if (!x->domain || !x->name || !x->unit) {
            pm_err_set(err, x->line, "指标 %s 缺少领域、名称或单位，无法保存", x->code);
            return false;
        }
    }
    for (size_t i = 0; i < p->ngoals; i++) {
        if (!p->goals[i].label || !p->goals[i].title) {
            pm_err_set(err, 0, "规划的第 %zu 个目标缺少编号或标题，无法保存", i + 1);
            return false;
        }
    }
    for (size_t i = 0; i < p->nelem; i++) {
        const pm_element *e = &p->elem[i];
        if (!e->code || !*e->code || !e->name) {
            pm_err_set(err, 0, "第 %zu 个数据项缺少代码或名称，无法保存", i + 1);
            return false;
        }
    }
    return true;
}

bool pm_store_put_plan(pm_store *s, const pm_plan *p, pm_err *err)
{
    return pm_store_plan_valid(p, err) && s->ops->put_plan(s->impl, p, err);
}

bool pm_store_get_plan(pm_store *s, pm_plan *p, pm_err *err)
{
    return s->ops->get_plan(s->impl, p, err);
}

bool pm_store_has_plan(pm_store *s)
{
    return s->ops->has_plan(s->impl);
}

/* ---- org units ------------------------------------------------------------- */

static bool units_valid(const pm_tree *t, pm_err *err)
{
    for (size_t i = 0; i < t->n; i++) {
        const pm_unit *u = &t->u[i];
        if (!u->code || !*u->code || !u->name) {
            pm_err_set(err, u->line, "第 %zu 个组织机构缺少代码或名称，无法保存", i + 1);
            return false;
        }
        /* Preorder: a parent is always stored before its children. */
        if (u->parent >= (int)i || (u->parent < 0 && i > 0) || u->parent < -1) {
            pm_err_set(err, u->line, "组织机构 %s 的上级不在它之前，组织机构树不是先序排列", u->code);
            return false;
        }
        if (i > 0 && t->u[u->parent].level >= u->level) {
            pm_err_set(err, u->line, "组织机构 %s 的层级（%d）必须大于其上级 %s 的层级（%d）", u->code,
                       u->level, t->u[u->parent].code, t->u[u->parent].level);
            return false;
        }
    }
    return true;
}

bool pm_store_put_units(pm_store *s, const pm_tree *t, pm_err *err)
{
    return units_valid(t, err) && s->ops->put_units(s->impl, t, err);
}

bool pm_store_get_units(pm_store *s, pm_tree *t, pm_err *err)
{
    return s->ops->get_units(s->impl, t, err);
}

/* ---- figures --------------------------------------------------------------- */

bool pm_store_set_value(pm_store *s, const pm_value_change *c, pm_err *err)
{
    if (!c->element || !*c->element) {
        pm_err_set(err, 0, "保存数值时缺少数据项代码");
        return false;
    }
    if (!c->unit || !*c->unit) {
        pm_err_set(err, 0, "保存数据项 %s 的数值时缺少组织机构代码", c->element);
        return false;
    }
    if (c->year < 1000 || c->year > 9999) {
        pm_err_set(err, 0, "数据项 %s（%s）的年份 %d 不合理", c->element, c->unit, c->year);
        return false;
    }
    if (!pm_vstate_valid((int)c->state)) {
        pm_err_set(err, 0, "数据项 %s（%s，%d 年）的状态 %d 无效", c->element, c->unit, c->year,
                   (int)c->state);
        return false;
    }
    if (isinf(c->value)) {
        pm_err_set(err, 0, "数据项 %s（%s，%d 年）的数值不是有限数", c->element, c->unit, c->year);
        return false;
    }
    /* History without a name is worth little: every change says who made it. */
    if (!c->who || !*c->who) {
        pm_err_set(err, 0, "数据项 %s（%s，%d 年）的修改缺少修改人", c->element, c->unit, c->year);
        return false;
    }
    return s->ops->set_value(s->impl, c, err);
}

bool pm_store_value_blocks(pm_store *s, const long *units, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx,
                           bool *used, pm_err *err)
{
    *used = false;
    if (s->no_blocks || !s->ops->value_blocks)
        return true;
    return s->ops->value_blocks(s->impl, units, n, dst, cb, ctx, used, err);
}

void pm_store_blocks_off(pm_store *s)
{
    s->no_blocks = true;
}

bool pm_store_scan_values(pm_store *s, bool (*cb)(void *ctx, const pm_value *v), void *ctx,
                          pm_err *err)
{
    return s->ops->scan_values(s->impl, cb, ctx, err);
}

static bool year_valid(int year)
{
    return year >= 1000 && year <= 9999;
}

/* What is wrong with one row of a batch, or NULL. Cheap on purpose: this
 * runs once per row of a 10-million-row import. NaN is "no value" (stored
 * as NULL), as for pm_store_set_value; only infinities are refused. */
static const char *write_invalid(const pm_value_write *w)
{
    if (w->element_id <= 0 || w->unit_id <= 0)
        return "数据项或组织机构 id";
    if (!year_valid(w->year))
        return "年份";
    if (!pm_vstate_valid((int)w->state) || (w->old_state != -1 && !pm_vstate_valid(w->old_state)))
        return "状态";
    if (isinf(w->value) || isinf(w->old_value))
        return "数值";
    return NULL;
}

/* Says which row of rows[0..n) is invalid, numbered from first + 1. */
static bool rows_valid(const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *bad = write_invalid(&v[i]);
        if (bad) {
            pm_err_set(err, 0, "批量保存的第 %zu 行（数据项 id %ld，组织机构 id %ld，%d 年）的%s无效，整批未保存",
                       first + i + 1, v[i].element_id, v[i].unit_id, v[i].year, bad);
            return false;
        }
    }
    return true;
}

/* An array as a stream: all of it in one call (checked before any SQL). */
typedef struct array_stream {
    const pm_value_write *v;
    size_t n;
    bool given;
} array_stream;

static int array_next(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err)
{
    (void)err;
    array_stream *a = ctx;
    if (a->given)
        return 0;
    a->given = true;
    *rows = a->v;
    *n = a->n;
    return 1;
}

bool pm_store_write_values(pm_store *s, const pm_value_write *v, size_t n, const char *who,
                           const char *why, pm_err *err)
{
    if (!who || !*who) {
        pm_err_set(err, 0, "批量保存数值缺少修改人");
        return false;
    }
    if (n && !v) {
        pm_err_set(err, 0, "批量保存数值：数值表为空指针");
        return false;
    }
    if (!rows_valid(v, n, 0, err))
        return false;
    array_stream a = {v, n, false};
    return n == 0 || s->ops->write_values(s->impl, array_next, &a, who, why, err);
}

/* The caller's stream with every call's rows checked on the way. */
typedef struct checked_stream {
    pm_write_next next;
    void *ctx;
    size_t given; /* rows handed out so far */
} checked_stream;

static int checked_next(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err)
{
    checked_stream *c = ctx;
    *rows = NULL;
    *n = 0;
    int got = c->next(c->ctx, rows, n, err);
    if (got <= 0)
        return got;
    if (*n && !*rows) {
        pm_err_set(err, 0, "批量保存数值：数值表为空指针");
        return -1;
    }
    if (!rows_valid(*rows, *n, c->given, err))
        return -1;
    c->given += *n;
    return 1;
}

bool pm_store_write_stream(pm_store *s, pm_write_next next, void *ctx, const char *who, const char *why,
                           pm_err *err)
{
    if (!who || !*who) {
        pm_err_set(err, 0, "批量保存数值缺少修改人");
        return false;
    }
    checked_stream c = {next, ctx, 0};
    return s->ops->write_values(s->impl, checked_next, &c, who, why, err);
}

bool pm_store_transition(pm_store *s, const pm_transition *t, size_t *moved, pm_err *err)
{
    size_t ignored;
    if (!moved)
        moved = &ignored;
    *moved = 0;
    if (!t->unit || !*t->unit) {
        pm_err_set(err, 0, "变更审核状态时缺少组织机构代码");
        return false;
    }
    if (t->year && !year_valid(t->year)) {
        pm_err_set(err, 0, "变更组织机构 %s 的审核状态：年份 %d 不合理", t->unit, t->year);
        return false;
    }
    if (t->element && !*t->element) {
        pm_err_set(err, 0, "变更组织机构 %s 的审核状态：数据项代码为空", t->unit);
        return false;
    }
    if (!t->from || t->from >> PM_VS_COUNT) {
        pm_err_set(err, 0, "变更组织机构 %s 的审核状态：原状态集合 %#x 无效", t->unit, t->from);
        return false;
    }
    if (!pm_vstate_valid((int)t->to)) {
        pm_err_set(err, 0, "变更组织机构 %s 的审核状态：目标状态 %d 无效", t->unit, (int)t->to);
        return false;
    }
    if (!t->who || !*t->who) {
        pm_err_set(err, 0, "变更组织机构 %s 的审核状态缺少操作人", t->unit);
        return false;
    }
    return s->ops->transition(s->impl, t, moved, err);
}

/* The filter the backend sees: never NULL, "" read as "any" like NULL (an
 * option given empty), a year 0 or plausible. */
static bool filter_norm(const pm_filter *f, bool has_cb, pm_filter *out, pm_err *err)
{
    if (!has_cb) {
        pm_err_set(err, 0, "读取数值时缺少回调函数");
        return false;
    }
    pm_filter any = {0};
    *out = f ? *f : any;
    if (out->unit && !*out->unit)
        out->unit = NULL;
    if (out->element && !*out->element)
        out->element = NULL;
    if (out->year && !year_valid(out->year)) {
        pm_err_set(err, 0, "筛选条件中的年份 %d 不合理", out->year);
        return false;
    }
    /* The backends read [year, year_last]: one year is a range of one. */
    if (out->year && !out->year_last)
        out->year_last = out->year;
    if (out->year_last && (!out->year || out->year_last < out->year || !year_valid(out->year_last))) {
        pm_err_set(err, 0, "筛选条件中的年份范围 %d–%d 不合理", out->year, out->year_last);
        return false;
    }
    return true;
}

bool pm_store_list_values(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r),
                          void *ctx, pm_err *err)
{
    pm_filter g;
    return filter_norm(f, cb != NULL, &g, err) && s->ops->list_values(s->impl, &g, cb, ctx, err);
}

bool pm_store_history(pm_store *s, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r),
                      void *ctx, pm_err *err)
{
    pm_filter g;
    return filter_norm(f, cb != NULL, &g, err) && s->ops->history(s->impl, &g, cb, ctx, err);
}

/* ---- unit targets ---------------------------------------------------------- */

bool pm_store_put_targets(pm_store *s, const pm_unit_target *t, size_t n, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!t[i].unit || !*t[i].unit || !t[i].indicator || !*t[i].indicator) {
            pm_err_set(err, 0, "第 %zu 个分解目标缺少组织机构或指标", i + 1);
            return false;
        }
        if (!isfinite(t[i].target) || isinf(t[i].baseline)) {
            pm_err_set(err, 0, "组织机构 %s 指标 %s 的分解目标缺少目标值或数值无效", t[i].unit,
                       t[i].indicator);
            return false;
        }
    }
    return s->ops->put_targets(s->impl, t, n, err);
}

bool pm_store_get_targets(pm_store *s, pm_unit_target **t, size_t *n, pm_err *err)
{
    return s->ops->get_targets(s->impl, t, n, err);
}

bool pm_store_check(pm_store *s, pm_err *err)
{
    return s->ops->check(s->impl, err);
}

bool pm_store_backup(pm_store *s, const char *dest, pm_err *err)
{
    return s->ops->backup(s->impl, dest, err);
}

bool pm_store_restore(pm_store *s, const char *src, pm_err *err)
{
    return s->ops->restore(s->impl, src, err);
}

bool pm_store_data_generation(pm_store *s, long long *gen, pm_err *err)
{
    /* A backend without one (PostgreSQL, for now) answers with its change
     * signal: every commit then counts as a change of data, as before. */
    if (!s->ops->data_generation)
        return pm_store_changes(s, gen, err);
    return s->ops->data_generation(s->impl, gen, err);
}
