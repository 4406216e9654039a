/* planmon export [--db F] [--what values|status] [--format csv|json|xlsx] [-o FILE]
 *                [--unit U] [--year Y | --all-years] [--item CODE]
 * Values with their review state (a CSV export imports back unchanged),
 * or every indicator's status for every unit of a subtree and a year, or
 * for every year of the plan so far (a final evaluation's year-by-year
 * table). */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/encoding.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "cli/config.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "engine/judge_each.h"
#include "model/figkind.h"
#include "render/write/json.h"
#include "render/write/listing.h"
#include "render/write/xlsx_table.h"
#include "store/evaluate.h"

/* The export of values: the rows so far, and the plan whose elements are
 * exported (figures of another plan's elements import only into that
 * plan: `export --plan CODE`). */
typedef struct value_ctx {
    json_t *rows;
    const pm_plan *plan;
} value_ctx;

static bool on_value(void *ctx, const pm_value_row *r)
{
    value_ctx *c = ctx;
    if (pm_plan_element(c->plan, r->element) < 0)
        return true;
    json_t *o = json_object();
    json_object_set_new(o, "unit", json_string(r->unit));
    json_object_set_new(o, "year", json_integer(r->year));
    json_object_set_new(o, "item", json_string(r->element));
    json_object_set_new(o, "value", isnan(r->value) ? json_null() : json_real(r->value));
    json_object_set_new(o, "comment", out_json_str(r->comment));
    json_object_set_new(o, "state", json_string(pm_vstate_str(r->state)));
    json_object_set_new(o, "state_label", json_string(pm_vstate_label(r->state)));
    json_object_set_new(o, "kind", json_string(pm_figkind_key(r->estimate)));
    json_object_set_new(o, "kind_label", json_string(pm_figkind_label(r->estimate)));
    json_array_append_new(c->rows, o);
    return true;
}

static const out_column value_cols[] = {
    {"unit", "单位代码"}, {"year", "年份"},   {"item", "数据项代码"},      {"value", "数值"},
    {"comment", "说明"},  {"state", "状态代码"}, {"state_label", "审核状态"}, {"kind", "数值类型代码"},
    {"kind_label", "实际/预计"},
};

static const out_column status_cols[] = {
    {"unit", "单位代码"},     {"unit_name", "单位"},      {"year", "年份"},        {"no", "序号"},
    {"name", "指标"},         {"measure", "计量单位"},    {"value", "数值"},       {"baseline", "基期值"},
    {"target", "目标值"},     {"binding", "约束性"},      {"gap_share", "完成度"}, {"pace", "完成进度"},
    {"status", "状态代码"},   {"status_label", "状态"},   {"projected", "预计期末"}, {"outlook_label", "趋势判断"},
    {"alert", "预警"},        {"estimate", "含预计值"},
};

/* One status row: indicator i of unit u judged in year (p, against g). */
static json_t *status_row(const pm_evaluation *ev, int u, size_t i, int year, const pm_goalpost *g,
                          const pm_pace_out *p)
{
    const pm_engine *e = &ev->engine;
    const pm_indicator *ind = &ev->plan.ind[i];
    json_t *o = json_object();
    json_object_set_new(o, "unit", json_string(ev->tree.u[u].code));
    json_object_set_new(o, "unit_name", json_string(ev->tree.u[u].name));
    json_object_set_new(o, "year", json_integer(year));
    json_object_set_new(o, "no", json_integer(ind->no));
    json_object_set_new(o, "code", json_string(ind->code));
    json_object_set_new(o, "name", json_string(ind->name));
    json_object_set_new(o, "measure", json_string(ind->unit));
    json_object_set_new(o, "value", out_json_num(p->value));
    json_object_set_new(o, "baseline", out_json_num(g->baseline));
    json_object_set_new(o, "target", out_json_num(g->target));
    json_object_set_new(o, "binding", json_boolean(ind->binding));
    json_object_set_new(o, "gap_share", isnan(p->gap_share) ? json_null() : json_real(p->gap_share));
    json_object_set_new(o, "pace", isnan(p->pace) ? json_null() : json_real(p->pace));
    json_object_set_new(o, "status", json_string(pm_status_key(p->status)));
    json_object_set_new(o, "status_label", json_string(pm_label_text(pm_pace_label(p))));
    json_object_set_new(o, "projected", isnan(p->projected) ? json_null() : json_real(p->projected));
    const char *ol = pm_outlook_label(p->outlook);
    json_object_set_new(o, "outlook_label", ol[0] ? json_string(ol) : json_null());
    json_object_set_new(o, "alert", json_boolean(p->alert));
    json_object_set_new(o, "estimate", json_boolean(p->year && pm_engine_estimated(e, (int)i, u, p->year)));
    return o;
}

static pm_goalpost goalpost_of(const pm_evaluation *ev, size_t i, int u)
{
    const pm_unit_target *t = pm_evaluation_target(ev, (int)i, u);
    return pm_engine_goalpost(&ev->engine, (int)i, u, t ? &t->baseline : NULL, t ? &t->target : NULL);
}

/* Every indicator's pace judgment for each unit of u's subtree in year. */
static void status_rows(const pm_evaluation *ev, int u0, int year, json_t *rows)
{
    for (int u = u0; u < ev->tree.end[u0]; u++) {
        for (size_t i = 0; i < ev->plan.nind; i++) {
            pm_goalpost g = goalpost_of(ev, i, u);
            pm_pace_out p;
            pm_engine_pace(&ev->engine, (int)i, u, year, &g, pm_pace_settings(), &p);
            json_array_append_new(rows, status_row(ev, u, i, year, &g, &p));
        }
    }
}

/* The same for every year y0..y1 (within the engine's years), unit by unit
 * and year by year, each year's rows as status_rows gives them: each
 * (indicator, unit) series judged once for all its years, in chunks of
 * units on two threads (pm_judge_each, the same judgments bit for bit),
 * each chunk's rows made on the thread that judged it into an array of
 * its own, and the arrays joined in order of units at the end. */
typedef struct years_ctx {
    const pm_evaluation *ev;
    int u0, first, last; /* the subtree's first unit; the years printed */
    json_t **parts;      /* [chunk]: its rows */
} years_ctx;

static bool status_chunk(void *p, int lane, int c0, int c1, const pm_goalpost *g, const pm_pace_out *out)
{
    (void)lane; /* each chunk writes its own part */
    years_ctx *c = p;
    const pm_engine *e = &c->ev->engine;
    size_t n = (size_t)(c1 - c0), ny = e->nyears;
    json_t *rows = json_array();
    for (int u = c0; u < c1; u++)
        for (int y = c->first; y <= c->last; y++)
            for (size_t i = 0; i < c->ev->plan.nind; i++) {
                size_t k = i * n + (size_t)(u - c0);
                json_array_append_new(rows, status_row(c->ev, u, i, y, &g[k], &out[k * ny + (size_t)(y - e->year0)]));
            }
    c->parts[(c0 - c->u0) / PM_JUDGE_CHUNK] = rows;
    return true;
}

static void status_rows_years(const pm_evaluation *ev, int u0, int y0, int y1, json_t *rows)
{
    const pm_engine *e = &ev->engine;
    int first = y0 > e->year0 ? y0 : e->year0, last = e->year0 + (int)e->nyears - 1;
    last = y1 < last ? y1 : last;
    if (first > last)
        return;
    int u1 = ev->tree.end[u0];
    size_t nparts = (size_t)(u1 - u0 + PM_JUDGE_CHUNK - 1) / PM_JUDGE_CHUNK;
    years_ctx c = {ev, u0, first, last, xcalloc(nparts + 1, sizeof *c.parts)};
    pm_judge_each(ev, u0, u1, pm_pace_settings(), status_chunk, &c);
    for (size_t k = 0; k < nparts; k++) {
        json_array_extend(rows, c.parts[k]);
        json_decref(c.parts[k]);
    }
    free(c.parts);
}

/* The CSV in the encoding asked for (NULL: utf-8-bom). UTF-8 with a BOM
 * is the default because it is what opens correctly by a double click on
 * Chinese Windows: Excel and WPS read a BOM-less file as GBK (mojibake),
 * and LibreOffice's import dialog takes the BOM as its answer. gb18030 is
 * for older tools that know no UTF-8; utf-8 without BOM for scripts.
 * False when the text could not be converted (never for valid UTF-8). */
static bool write_csv(cli_out *out, const json_t *rows, const out_column *cols, size_t ncols, const char *encoding)
{
    FILE *f = out->f;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return false;
    out_listing_print(mem, rows, cols, ncols, OUT_CSV);
    fclose(mem);
    bool ok = true;
    if (encoding && !strcmp(encoding, "gb18030")) {
        size_t n = 0;
        char *gb = pm_utf8_to_gb18030(text, len, &n);
        ok = gb != NULL;
        if (ok && fwrite(gb, 1, n, f) != n)
            out->err = errno; /* the reason cli_out_close reports */
        free(gb);
    } else {
        if (!encoding || !strcmp(encoding, "utf-8-bom"))
            fputs("\xEF\xBB\xBF", f);
        if (fwrite(text, 1, len, f) != len)
            out->err = errno; /* the reason cli_out_close reports */
    }
    free(text);
    return ok;
}

int cmd_export(cli_opts o)
{
    int judging = cli_judging_setup(&o);
    if (judging >= 0)
        return judging;
    /* OUT_TABLE: --format not given (the command does not write tables). */
    int code = cli_out_format(o.out, (1u << OUT_CSV) | (1u << OUT_JSON) | (1u << OUT_XLSX),
                              o.format == OUT_TABLE ? -1 : (int)o.format, OUT_CSV, &o.format);
    if (code != EXIT_OK)
        return code;
    bool xlsx = o.format == OUT_XLSX;
    if (xlsx && !o.out)
        return cli_fail(EXIT_BADINPUT, "导出 XLSX 需要用 -o 指定文件名");
    bool status = o.what && !strcmp(o.what, "status");
    if (o.all_years && !status)
        return cli_fail(EXIT_BADINPUT, "--all-years 只用于导出指标状态（--what status）");
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    json_t *rows = json_array();
    const out_column *cols = value_cols;
    size_t ncols = sizeof value_cols / sizeof value_cols[0];
    bool ok;
    if (status) {
        pm_evaluation ev;
        ok = pm_evaluate(s, &ev, &err);
        int u = 0;
        if (ok && o.unit && (u = pm_tree_find(&ev.tree, o.unit)) < 0) {
            pm_err_set(&err, 0, "组织机构“%s”不存在", o.unit);
            ok = false;
        }
        int year = o.year ? o.year : ev.latest_year ? ev.latest_year : ev.plan.base_year;
        if (ok && o.all_years)
            status_rows_years(&ev, u, ev.plan.base_year + 1, year, rows);
        else if (ok)
            status_rows(&ev, u, year, rows);
        pm_evaluation_free(&ev);
        cols = status_cols;
        ncols = sizeof status_cols / sizeof status_cols[0];
    } else {
        pm_filter f = {.unit = o.unit, .element = o.item, .year = o.year};
        pm_plan plan = {0};
        value_ctx c = {rows, &plan};
        ok = pm_store_get_plan(s, &plan, &err) && pm_store_list_values(s, &f, on_value, &c, &err);
        pm_plan_free(&plan);
    }
    pm_store_close(s);
    if (!ok) {
        json_decref(rows);
        return cli_bad_input(&err);
    }
    cli_out out;
    if (xlsx) {
        pm_err xerr = {0};
        buf bytes = BUF_INIT;
        code = out_xlsx_table(&bytes, status ? "指标状态" : "数据", rows, cols, ncols, &xerr)
                   ? cli_out_bytes(o.out, &bytes)
                   : cli_write_failed(o.out, xerr.msg);
        buf_free(&bytes);
    } else if (!cli_out_open(&out, o.out, true)) {
        code = EXIT_FAIL;
    } else if (o.format == OUT_CSV) {
        code = cli_out_close(&out, write_csv(&out, rows, cols, ncols, o.encoding) ? code : EXIT_FAIL);
    } else {
        out_listing_print(out.f, rows, cols, ncols, o.format);
        code = cli_out_close(&out, code);
    }
    json_decref(rows);
    return code;
}
