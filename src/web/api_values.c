/* /api/v1/values: stored figures.
 *
 * GET ?unit=CODE&item=X&year=Y&limit=N — the figures of a unit's subtree
 * (the caller's own unless asked), with review state and comment.
 *
 * POST or PUT — writes one figure or several: a JSON object
 * {"unit","year","item","value","comment"}, an array of them, or
 * {"values":[…],"dry_run":true}. The rows go through the import pipeline
 * (store/import.h) exactly as a CSV or XLSX file's rows do, so the checks
 * and their Chinese messages are the CLI's and the upload page's: all
 * rows or none, written as drafts, every change in the history under the
 * caller's name. A reporter's rows must lie in its subtree. Answers: 200
 * with what was written and the warnings; 422 with the issues when a check
 * fails; 409 when the only errors are figures locked by review (submitted
 * or approved). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "model/figkind.h"
#include "render/write/json.h"
#include "store/import.h"
#include "web/api.h"

/* ---- GET ------------------------------------------------------------------------- */

typedef struct collect {
    const web_snap *s;
    json_t *rows;
    size_t max;
    bool truncated;
} collect;

static bool on_value(void *ctx, const pm_value_row *v)
{
    collect *c = ctx;
    if (json_array_size(c->rows) >= c->max) {
        c->truncated = true;
        return false;
    }
    int u = web_snap_unit(c->s, v->unit);
    json_t *o = json_object();
    json_object_set_new(o, "unit", esc_json_value(v->unit));
    json_object_set_new(o, "unit_name", u >= 0 ? esc_json_value(c->s->ev.tree.u[u].name) : json_null());
    json_object_set_new(o, "item", esc_json_value(v->element));
    json_object_set_new(o, "year", json_integer(v->year));
    json_object_set_new(o, "value", out_json_num(v->value));
    api_put_state(o, (int)v->state);
    json_object_set_new(o, "comment", v->comment ? esc_json_value(v->comment) : json_null());
    json_object_set_new(o, "kind", json_string(pm_figkind_key(v->estimate)));
    json_array_append_new(c->rows, o);
    return true;
}

void web_api_values_get(web_req *r, web_resp *w)
{
    api_listing l;
    if (!api_listing_params(r, w, &l))
        return;
    collect c = {l.snap, json_array(), l.limit, false};
    pm_err err = {0};
    if (!pm_store_list_values(l.store, &l.filter, on_value, &c, &err)) {
        json_decref(c.rows);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    web_json(w, 200, json_pack("{s:o,s:b,s:o}", "unit", esc_json_value(l.filter.unit), "truncated",
                               c.truncated, "values", c.rows));
}

/* ---- POST / PUT ------------------------------------------------------------------ */

/* Texts of one row that are not the JSON document's own strings. */
typedef struct row_text {
    char year[32], item[32], value[40], unit[32];
} row_text;

/* The column names messages and issues use (the JSON member names). */
static const pm_import_cols json_cols = {.unit = 0, .year = 1, .item = 2, .value = 3, .comment = 4, .kind = 5,
                                          .unit_name = "unit", .year_name = "year", .item_name = "item",
                                          .value_name = "value", .comment_name = "comment", .kind_name = "kind"};

static const char *const allowed_keys[] = {"unit", "year", "item", "value", "comment", "kind"};

/* Fills row i from object o. False with 400 in w when a member is
 * missing, of the wrong type, or unknown. */
static bool read_row(web_req *r, web_resp *w, size_t i, const json_t *o, pm_import_row *row, row_text *t)
{
    char msg[256];
    if (!json_is_object(o)) {
        snprintf(msg, sizeof msg, "第 %zu 条数据应为对象 {\"unit\",\"year\",\"item\",\"value\",\"comment\"}。", i + 1);
        web_error(r, w, 400, "bad_request", msg);
        return false;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        bool known = false;
        for (size_t k = 0; k < sizeof allowed_keys / sizeof allowed_keys[0]; k++)
            known = known || !strcmp(key, allowed_keys[k]);
        if (!known) {
            buf b = BUF_INIT;
            esc_utf8_clean(&b, key);
            snprintf(msg, sizeof msg, "第 %zu 条数据中有无法识别的字段“%.40s”（可用：unit、year、item、value、comment）。",
                     i + 1, buf_str(&b));
            buf_free(&b);
            web_error(r, w, 400, "bad_request", msg);
            return false;
        }
    }
    bool bad = false;
    row->unit = api_member_text(o, "unit", t->unit, sizeof t->unit, &bad);
    row->year = api_member_text(o, "year", t->year, sizeof t->year, &bad);
    row->item = api_member_text(o, "item", t->item, sizeof t->item, &bad);
    const json_t *c = json_object_get(o, "comment");
    if (c && !json_is_null(c) && !json_is_string(c))
        bad = true;
    row->comment = json_is_string(c) ? json_string_value(c) : "";
    /* 实际 / 预计 (or actual / estimate); absent: an actual. Checked with the row. */
    const json_t *kind = json_object_get(o, "kind");
    if (kind && !json_is_null(kind) && !json_is_string(kind))
        bad = true;
    row->kind = json_is_string(kind) ? json_string_value(kind) : "";
    const json_t *val = json_object_get(o, "value");
    row->value = "";
    row->value_type = PM_CELL_EMPTY;
    if (json_is_number(val)) {
        num_fmt17(json_number_value(val), t->value);
        row->value = t->value;
        row->value_type = PM_CELL_NUMBER;
    } else if (json_is_string(val)) {
        row->value = json_string_value(val);
        row->value_type = PM_CELL_STRING;
    } else if (json_is_boolean(val)) {
        row->value = json_is_true(val) ? "1" : "0"; /* a yes/no item */
        row->value_type = PM_CELL_BOOL;
    } else if (val && !json_is_null(val)) {
        bad = true;
    }
    if (bad || !row->unit || !row->year || !row->item) {
        snprintf(msg, sizeof msg,
                 "第 %zu 条数据不完整或类型有误：unit（组织机构代码，字符串）、year（年份，整数）、item（数据项代码或指标序号）"
                 "必填，value 为数字，comment 为字符串。",
                 i + 1);
        web_error(r, w, 400, "bad_request", msg);
        return false;
    }
    row->sheet = "";
    row->row = (long)i + 1;
    row->row_index = i;
    row->cols = &json_cols;
    return true;
}

static const char *field_name(pm_issue_col c)
{
    switch (c) {
    case PM_COL_UNIT: return "unit";
    case PM_COL_YEAR: return "year";
    case PM_COL_ITEM: return "item";
    case PM_COL_VALUE: return "value";
    case PM_COL_COMMENT: return "comment";
    case PM_COL_KIND: return "kind";
    default: return NULL;
    }
}

/* The issues of a check as JSON: index (0-based position in the request),
 * field, level, and the Chinese message. errors: errors (true) or
 * warnings (false). */
static json_t *issues_json(const pm_check_result *res, bool errors)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < res->nissues; i++) {
        const pm_issue *x = &res->issues[i];
        if (x->error != errors)
            continue;
        const char *f = field_name(x->col);
        char where[96];
        snprintf(where, sizeof where, "第 %zu 条%s%s：", x->row + 1, f ? " " : "", f ? f : "");
        buf m = BUF_INIT;
        buf_puts(&m, where);
        buf_puts(&m, x->msg);
        json_t *o = json_object();
        json_object_set_new(o, "index", json_integer((json_int_t)x->row));
        json_object_set_new(o, "field", f ? json_string(f) : json_null());
        json_object_set_new(o, "level", json_string(x->error ? "error" : x->answered || x->note ? "note" : "warning"));
        json_object_set_new(o, "message", esc_json_value(buf_str(&m)));
        buf_free(&m);
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The stored state of exactly (unit, element, year), or -1. */
typedef struct state_probe {
    const char *unit;
    int state;
} state_probe;

static bool on_probe(void *ctx, const pm_value_row *v)
{
    state_probe *p = ctx;
    if (!strcmp(v->unit, p->unit)) {
        p->state = (int)v->state;
        return false;
    }
    return true;
}

/* True when every error of a refused write is a figure locked by review:
 * a value error on a row whose stored figure is submitted or approved.
 * Such a write conflicts with the review (409) rather than being wrong
 * in itself (422). */
static bool only_locks(pm_store *st, const web_snap *s, const pm_import_row *rows, const pm_check_result *res)
{
    if (res->errors == 0 || res->errors > res->nissues)
        return false; /* not every error is listed: cannot tell */
    for (size_t i = 0; i < res->nissues; i++) {
        const pm_issue *x = &res->issues[i];
        if (!x->error)
            continue;
        if (x->col != PM_COL_VALUE)
            return false;
        const pm_import_row *row = &rows[x->row];
        const pm_plan *p = &s->ev.plan;
        int e = pm_plan_element(p, row->item);
        if (e < 0) {
            const pm_indicator *ind = pm_plan_find(p, row->item);
            e = ind && !ind->formula ? pm_plan_element(p, ind->code) : -1;
        }
        long year;
        if (e < 0 || !num_parse_int(row->year, p->base_year, p->target_year, &year))
            return false;
        state_probe probe = {.unit = row->unit, .state = -1};
        pm_filter f = {.unit = row->unit, .element = p->elem[e].code, .year = (int)year};
        pm_err err = {0};
        if (!pm_store_list_values(st, &f, on_probe, &probe, &err))
            return false;
        if (probe.state != PM_VS_SUBMITTED && probe.state != PM_VS_APPROVED)
            return false;
    }
    return true;
}

/* The subtree a writer is held to, as pm_import_opts.only_unit: -1 for
 * admins and for users of the whole tree; -2 when the user's unit is not
 * in the tree (nothing may be written). */
static int write_scope(const web_user *u)
{
    if (u->u.role == PM_ROLE_ADMIN)
        return -1;
    return u->root;
}

static bool flag_param(const char *v)
{
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

void web_api_values_put(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    int scope = write_scope(r->user);
    if (scope == -2) {
        web_error(r, w, 403, "forbidden", "您的账号所属组织机构不在当前组织机构树中，无法填报。");
        return;
    }
    json_t *doc = api_body(r, w);
    if (!doc)
        return;
    bool dry = flag_param(web_query(r, "dry_run"));
    const json_t *list = doc;
    if (json_is_object(doc) && json_object_get(doc, "values")) {
        list = json_object_get(doc, "values");
        const json_t *d = json_object_get(doc, "dry_run");
        if (d && !json_is_boolean(d)) {
            web_error(r, w, 400, "bad_request", "dry_run 应为 true 或 false。");
            json_decref(doc);
            return;
        }
        dry = dry || json_is_true(d);
        if (json_object_size(doc) > (d ? 2u : 1u)) {
            web_error(r, w, 400, "bad_request", "请求中只能有 values 和 dry_run 两个字段。");
            json_decref(doc);
            return;
        }
    }
    size_t n = json_is_array(list) ? json_array_size(list) : json_is_object(list) ? 1 : 0;
    if (!json_is_array(list) && !json_is_object(list)) {
        web_error(r, w, 400, "bad_request", "请求内容应为一条数据（对象）、多条数据（数组）或 {\"values\": [...]}。");
        json_decref(doc);
        return;
    }
    if (n == 0) {
        web_error(r, w, 400, "bad_request", "没有要写入的数据。");
        json_decref(doc);
        return;
    }
    if (n > API_MAX_ROWS) {
        char msg[128];
        snprintf(msg, sizeof msg, "一次最多写入 %d 条数据，请分批提交。", API_MAX_ROWS);
        web_error(r, w, 413, "payload_too_large", msg);
        json_decref(doc);
        return;
    }
    /* rows borrow their strings from doc and from texts: both live until
     * the end of this function. */
    pm_import_row *rows = xcalloc(n, sizeof *rows);
    row_text *texts = xcalloc(n, sizeof *texts);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = read_row(r, w, i, json_is_array(list) ? json_array_get(list, i) : list, &rows[i], &texts[i]);
    pm_store *st = ok ? web_store(r, w) : NULL;
    if (st) {
        pm_import_input in = {0};
        in.rows = rows;
        in.nrows = n;
        pm_import_opts io = {.dry_run = dry,
                             .who = r->user->u.name,
                             .why = r->bearer ? "接口写入（访问令牌）" : "接口写入（网页会话）",
                             .only_unit = scope};
        pm_import_outcome out;
        pm_err err = {0};
        if (!pm_import_run(st, &in, &io, &out, &err)) {
            web_error(r, w, 500, "store_failed", err.msg);
        } else if (out.outside) {
            /* Before any other answer: nothing about another unit's figures
             * (not even that one is locked) reaches a writer who may not
             * read them. */
            char msg[256];
            snprintf(msg, sizeof msg, "%zu 条数据属于您无权填报的组织机构，全部数据均未写入。", out.outside);
            json_t *e = json_object();
            json_object_set_new(e, "code", json_string("forbidden"));
            json_object_set_new(e, "message", json_string(msg));
            json_object_set_new(e, "issues", issues_json(&out.checks, true));
            web_json(w, 403, json_pack("{s:o}", "error", e));
        } else if (out.refused) {
            bool locked = only_locks(st, s, rows, &out.checks);
            char msg[256];
            snprintf(msg, sizeof msg,
                     locked ? "数据已提交或已审核锁定，不能修改（如需修改须由审核人退回）；%zu 条数据均未写入。"
                            : "数据未通过检查：共 %zu 个错误，全部数据均未写入。",
                     locked ? n : out.checks.errors);
            json_t *e = json_object();
            json_object_set_new(e, "code", json_string(locked ? "locked" : "check_failed"));
            json_object_set_new(e, "message", json_string(msg));
            json_object_set_new(e, "issues", issues_json(&out.checks, true));
            web_json(w, locked ? 409 : 422, json_pack("{s:o}", "error", e));
        } else {
            json_t *o = json_object();
            json_object_set_new(o, "dry_run", json_boolean(dry));
            json_object_set_new(o, "rows", json_integer((json_int_t)n));
            json_object_set_new(o, "written", json_integer((json_int_t)out.written));
            json_object_set_new(o, "unchanged", json_integer((json_int_t)out.unchanged));
            json_object_set_new(o, "state", json_string(pm_vstate_str(PM_VS_DRAFT)));
            json_object_set_new(o, "unanswered_warnings", json_integer((json_int_t)out.checks.unanswered));
            json_object_set_new(o, "warnings", issues_json(&out.checks, false));
            web_json(w, 200, o);
        }
        pm_import_outcome_free(&out);
    }
    free(texts);
    free(rows);
    json_decref(doc);
}
