/* The helpers every section of the report shares (report_ctx.h): numbers
 * as text, the model's blocks, judgments, counts, the units below. They
 * read the context and call nothing of the sections or of report_model.c,
 * so that the sections and the model builder above them form no circle. */
#include "render/report/report_ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "render/write/escape.h"
#include "render/write/json.h"
#include "render/doc/plan_out.h"

/* ---- numbers as text ----------------------------------------------------------- */

double rp_value_at(const rp_ctx *c, int i, int unit, int year)
{
    if (unit < 0 || year < c->y0 || year > c->y1)
        return NAN;
    return pm_engine_value(&c->ev->engine, i, unit, year);
}

const char *rp_unit_of(const rp_ctx *c, int i) { return c->plan->ind[i].unit ? c->plan->ind[i].unit : ""; }

/* A figure in the indicator's decimals, "—" for none. */
void rp_fnum(const rp_ctx *c, int i, double v, buf *b)
{
    char s[48];
    if (isnan(v)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(v, c->dec[i], s);
    buf_puts(b, s);
}

/* A figure with its unit, as a sentence says it: "120张", "46.7%". */
void rp_fval(const rp_ctx *c, int i, double v, buf *b)
{
    rp_fnum(c, i, v, b);
    if (!isnan(v))
        buf_puts(b, rp_unit_of(c, i));
}

/* A difference of two figures: percentages differ by 个百分点. */
void rp_fdiff(const rp_ctx *c, int i, double d, buf *b)
{
    rp_fnum(c, i, fabs(d), b);
    buf_puts(b, strcmp(rp_unit_of(c, i), "%") ? rp_unit_of(c, i) : "个百分点");
}

void rp_fpct(double share, buf *b)
{
    char s[48];
    if (isnan(share)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(share * 100, 1, s);
    buf_puts(b, s);
    buf_puts(b, "%");
}

void rp_fcompletion(const rp_ctx *c, int i, const rp_judged *x, buf *b)
{
    if (isnan(x->o.gap_share) || x->o.gap_share > 0) {
        rp_fpct(x->o.gap_share, b);
        return;
    }
    /* No way made (or lost) towards the target: a negative percent reads
     * as nonsense, the move from the base does not. */
    double d = x->o.value - x->o.base;
    char s[48];
    num_fmt_fixed(fabs(d), c->dec[i], s);
    if (strspn(s, "0.") == strlen(s)) {
        buf_puts(b, "与基期持平");
        return;
    }
    buf_puts(b, d < 0 ? "较基期下降 " : "较基期上升 ");
    buf_puts(b, s);
    buf_puts(b, strcmp(rp_unit_of(c, i), "%") ? rp_unit_of(c, i) : " 个百分点");
}

void rp_fratio(double q, buf *b)
{
    char s[48];
    if (isnan(q)) {
        buf_puts(b, "—");
        return;
    }
    num_fmt_fixed(q, 2, s);
    buf_puts(b, s);
}

/* Printf into a fresh JSON string (cleaned: model text is always UTF-8). */
json_t *rp_jfmt(const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    json_t *j = esc_json_value(buf_str(&b));
    buf_free(&b);
    return j;
}

json_t *rp_jbuf(buf *b)
{
    json_t *j = esc_json_value(buf_str(b));
    buf_free(b);
    return j;
}

/* ---- blocks --------------------------------------------------------------------------- */

void rp_block_text(json_t *blocks, const char *type, json_t *text)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string(type));
    json_object_set_new(o, "text", text);
    json_array_append_new(blocks, o);
}

void rp_para(json_t *blocks, buf *b) { rp_block_text(blocks, "p", rp_jbuf(b)); }

json_t *rp_table_new(json_t *blocks, const char *caption, const char *align, const char *const *head,
                         size_t ncols)
{
    json_t *t = json_object(), *h = json_array();
    json_object_set_new(t, "type", json_string("table"));
    if (caption)
        json_object_set_new(t, "caption", json_string(caption));
    for (size_t k = 0; k < ncols; k++)
        json_array_append_new(h, json_string(head[k]));
    json_object_set_new(t, "head", h);
    json_object_set_new(t, "align", json_string(align));
    json_t *rows = json_array();
    json_object_set_new(t, "rows", rows);
    json_array_append_new(blocks, t);
    return rows;
}

json_t *rp_cell_status(const rp_judged *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(pm_label_text(pm_pace_label(&x->o))));
    json_object_set_new(o, "status", json_string(pm_status_key(x->o.status)));
    return o;
}

json_t *rp_section(json_t *sections, const char *id, const char *heading)
{
    json_t *s = json_object(), *blocks = json_array();
    json_object_set_new(s, "id", json_string(id));
    json_object_set_new(s, "heading", esc_json_value(heading));
    json_object_set_new(s, "blocks", blocks);
    json_array_append_new(sections, s);
    return blocks;
}

/* ---- judgments ----------------------------------------------------------------------------- */


bool rp_has_judgment(const rp_judged *x) { return x->o.status != PM_ST_NO_DATA && x->o.status != PM_ST_NO_TARGET; }
bool rp_is_good(const rp_judged *x) { return x->o.status == PM_ST_ACHIEVED || x->o.status == PM_ST_ON_TRACK; }
bool rp_is_bad(const rp_judged *x)
{
    return x->o.status == PM_ST_BEHIND || x->o.status == PM_ST_LAGGING || x->o.status == PM_ST_REGRESSING ||
           x->o.status == PM_ST_MISSED;
}

/* The effective base (DESIGN rule 1): the goalpost's baseline, 0 for a
 * cumulative indicator, else the earliest observation. */
bool rp_effective_base(const rp_ctx *c, int i, int unit, const rp_judged *x, int *y0, double *b)
{
    *y0 = c->y0;
    *b = x->g.baseline;
    if (!isnan(*b))
        return true;
    if (c->plan->ind[i].cumulative) {
        *b = 0;
        return true;
    }
    for (int y = c->y0; y <= c->year; y++) {
        double v = rp_value_at(c, i, unit, y);
        if (!isnan(v)) {
            *y0 = y;
            *b = v;
            return true;
        }
    }
    return false;
}

/* A pace for ranking: T = B shortfalls (gap share null) rank lowest,
 * achieved without a pace highest. */
double rp_rank_pace(const rp_judged *x)
{
    if (!isnan(x->o.pace))
        return x->o.pace;
    return x->o.status == PM_ST_ACHIEVED ? INFINITY : -INFINITY;
}

/* Completion for the average: achieved counts as 100%, more than 100%
 * counts as 100%, a shortfall without a gap share is left out. */
double rp_completion(const rp_judged *x)
{
    if (x->o.status == PM_ST_ACHIEVED)
        return 1.0;
    return isnan(x->o.gap_share) ? NAN : x->o.gap_share > 1 ? 1.0 : x->o.gap_share;
}

/* ---- status counts ------------------------------------------------------------------------ */

void rp_count_over(const rp_ctx *c, const rp_judged *xs, const int *idx, size_t n, rp_counts *k)
{
    memset(k, 0, sizeof *k);
    for (size_t m = 0; m < n; m++) {
        size_t i = idx ? (size_t)idx[m] : m;
        const rp_judged *x = &xs[i];
        pm_label l = pm_pace_label(&x->o);
        k->total++;
        k->all[l]++;
        if (c->plan->ind[i].binding) {
            k->nbinding++;
            k->binding[l]++;
        }
        k->outlook[x->o.outlook]++;
        k->alerts += x->o.alert;
    }
}

/* "提前完成 9 项，符合预期 10 项，…" over the non-zero labels; "" if none. */
void rp_counts_text(const int *by, buf *b)
{
    bool first = true;
    for (int l = 0; l < PM_LB_COUNT; l++) {
        if (!by[l])
            continue;
        buf_printf(b, "%s%s %d 项", first ? "" : "，", pm_label_text((pm_label)l), by[l]);
        first = false;
    }
}

/* ---- units below and their data ------------------------------------------------------------ */

/* Index of the kid by its position in c->kids. */
const rp_judged *rp_kid_j(const rp_ctx *c, size_t k, int i) { return &c->kj[k * c->plan->nind + (size_t)i]; }

/* How many of the unit's own items it reported in the year, out of those
 * expected, and how many of its children have any figure. */
void rp_completeness(const rp_ctx *c, int unit, int year, int *filled, int *expected, int *kids, int *kids_rep)
{
    const pm_engine *e = &c->ev->engine;
    *filled = *expected = *kids = *kids_rep = 0;
    if (unit < 0 || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return;
    size_t y = (size_t)(year - e->year0);
    *filled = e->filled[y * e->nunits + (size_t)unit];
    *expected = e->expected[unit];
    *kids = e->kids[unit];
    *kids_rep = e->kids_reported[y * e->nunits + (size_t)unit];
}

long rp_pending_of(const rp_states *s) { return s->n[PM_VS_DRAFT] + s->n[PM_VS_SUBMITTED] + s->n[PM_VS_RETURNED]; }

void rp_pending_text(const rp_states *s, buf *b)
{
    static const pm_vstate order[] = {PM_VS_SUBMITTED, PM_VS_DRAFT, PM_VS_RETURNED};
    static const char *const words[] = {"已提交待审核", "草稿", "已退回"};
    bool first = true;
    for (int k = 0; k < 3; k++)
        if (s->n[order[k]]) {
            buf_printf(b, "%s%s %ld 条", first ? "" : "、", words[k], s->n[order[k]]);
            first = false;
        }
}
