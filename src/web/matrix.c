/* The units × indicators matrix (pagekit.h, wp_unit_matrix): which towns
 * hold back which indicators, at a glance. One row per child of the unit,
 * worst first (most indicators whose progress is short); one column per
 * indicator that the children report; each cell the child's status chip
 * (colour and sign, the word for screen readers). Drawn from wp_judge,
 * the judgment the indicator page's lagging list shows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "web/pagekit.h"

typedef struct mrow {
    int u;
    size_t r; /* its row of cells, in tree order */
    int bad, judged;
} mrow;

static int cmp_mrow(const void *a, const void *b)
{
    const mrow *x = a, *y = b;
    if (x->bad != y->bad)
        return y->bad - x->bad;
    return x->u - y->u; /* ties in tree order */
}

/* The indicators judged for at least one child of u in year: the
 * matrix's columns (an indicator kept at the district, or a count without
 * town targets, would be a column of blanks). Returns how many, their
 * indexes in cols (room for plan->nind). */
static size_t columns(const pm_evaluation *ev, int u, int year, int *cols)
{
    const pm_tree *t = &ev->tree;
    size_t n = 0;
    for (size_t i = 0; i < ev->plan.nind; i++)
        for (int c = u + 1; c < t->end[u]; c++) {
            wp_judged j;
            if (t->u[c].parent != u || isnan(pm_engine_value(&ev->engine, (int)i, c, year)))
                continue;
            wp_judge(ev, (int)i, c, year, &j);
            if (wp_counts(&j)) {
                cols[n++] = (int)i;
                break;
            }
        }
    return n;
}

void wp_unit_matrix(buf *b, const pm_evaluation *ev, int u, int year)
{
    const pm_tree *t = &ev->tree;
    int *cols = xcalloc(ev->plan.nind + 1, sizeof *cols);
    size_t nc = columns(ev, u, year, cols);
    size_t nr = 0;
    for (int c = u + 1; c < t->end[u]; c++)
        nr += t->u[c].parent == u;
    if (!nc || !nr) {
        free(cols);
        return;
    }
    /* Judge every cell once; rows sorted by how many are short. */
    wp_judged *cell = xcalloc(nr * nc, sizeof *cell);
    mrow *rows = xcalloc(nr, sizeof *rows);
    size_t r = 0;
    for (int c = u + 1; c < t->end[u]; c++) {
        if (t->u[c].parent != u)
            continue;
        rows[r].u = c;
        rows[r].r = r;
        for (size_t k = 0; k < nc; k++) {
            wp_judged *j = &cell[r * nc + k];
            wp_judge(ev, cols[k], c, year, j);
            rows[r].judged += wp_counts(j);
            rows[r].bad += wp_counts(j) && wp_bad(j->o.status);
        }
        r++;
    }
    qsort(rows, nr, sizeof *rows, cmp_mrow);

    const char *lvl = pm_level_name(t->u[rows[0].u].level);
    buf_puts(b, "<section class=\"matrix\" aria-labelledby=\"matrix-h\"><h2 id=\"matrix-h\">各");
    web_text(b, lvl);
    buf_printf(b, "指标进度一览（%d年）</h2><p class=\"meta\">每行一个", year);
    web_text(b, lvl);
    buf_puts(b, "，按进度不足（进度偏慢、明显滞后、逆向变化、未完成）的指标数从多到少排列；列为能按");
    web_text(b, lvl);
    buf_puts(b, "判断进度的指标，点击序号看该指标的滞后单位。</p>");
    char label[128];
    snprintf(label, sizeof label, "各%s指标进度一览", lvl);
    wp_table_wrap(b, label);
    buf_puts(b, "<table class=\"matrix-table\"><thead><tr><th scope=\"col\">");
    web_text(b, lvl);
    buf_puts(b, "</th><th scope=\"col\">进度不足</th>");
    for (size_t k = 0; k < nc; k++) {
        const pm_indicator *ind = &ev->plan.ind[cols[k]];
        char no[16];
        snprintf(no, sizeof no, "%d", ind->no);
        buf_puts(b, "<th scope=\"col\" title=\"");
        web_attr(b, ind->name);
        buf_puts(b, "\">");
        wp_lagging_link(b, ind, t->u[u].code, year, no);
        buf_puts(b, "</th>");
    }
    buf_puts(b, "</tr></thead><tbody>");
    for (size_t k = 0; k < nr; k++) {
        const mrow *row = &rows[k];
        buf_puts(b, "<tr><th scope=\"row\">");
        wp_unit_link(b, t, row->u, year);
        buf_printf(b, "</th><td class=\"num\">%d / %d</td>", row->bad, row->judged);
        for (size_t m = 0; m < nc; m++) {
            const wp_judged *j = &cell[row->r * nc + m];
            buf_puts(b, "<td>");
            if (wp_counts(j)) {
                buf_puts(b, "<span class=\"st st-");
                web_attr(b, pm_status_key(j->o.status));
                buf_puts(b, "\" title=\"");
                web_attr(b, pm_label_text(pm_pace_label(&j->o)));
                buf_puts(b, "\"><span class=\"vh\">");
                web_text(b, pm_label_text(pm_pace_label(&j->o)));
                buf_puts(b, "</span></span>");
            } else {
                buf_puts(b, "<span class=\"muted\" title=\"未判断\">·</span>");
            }
            buf_puts(b, "</td>");
        }
        buf_puts(b, "</tr>");
    }
    buf_puts(b, "</tbody></table></div></section>");
    free(rows);
    free(cell);
    free(cols);
}
