#include "render/chart/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "engine/lsq.h"
#include "render/write/escape.h"

/* Fonts a Chinese office machine has, in order; the last is the
 * browser's own. A constant, so it needs no escaping. */
#define SVG_FONTS "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',SimSun,sans-serif"

/* Colours: one palette for screen and print (dark enough on paper). */
#define C_OBS "#2f6db5"
#define C_PACE "#8a8a8a"
#define C_PROJ "#e07b00"
#define C_TARGET "#c0392b"
#define C_GRID "#e3e3e3"
#define C_AXIS "#555555"
#define C_TEXT "#333333"
#define C_BAR "#5b8fd0"
#define C_BAR_HI "#d9534f"

/* A coordinate with one decimal, "-0.0" shown as "0.0" so that output
 * does not depend on how a sum of zeros rounds. */
static void coord(buf *b, double v)
{
    if (fabs(v) < 0.05)
        v = 0.0;
    char t[48];
    num_fmt_fixed(v, 1, t); /* "%.1f", several times faster (num.h) */
    buf_puts(b, t);
}

/* A value for the chart's labels: fixed decimals (no "-0"). */
static void value_text(buf *b, double v, int decimals)
{
    char s[48];
    num_fmt_fixed(v, decimals, s);
    buf_puts(b, s);
}

/* <text x y [anchor] [extra attributes]>escaped text</text>. extra is a
 * constant of this file, never user data. */
static void text_at(buf *b, double x, double y, const char *anchor, const char *extra, const char *s)
{
    buf_puts(b, "<text x=\"");
    coord(b, x);
    buf_puts(b, "\" y=\"");
    coord(b, y);
    buf_puts(b, "\"");
    if (anchor)
        buf_printf(b, " text-anchor=\"%s\"", anchor);
    if (extra)
        buf_printf(b, " %s", extra);
    buf_puts(b, ">");
    esc_html_text(b, s);
    buf_puts(b, "</text>\n");
}

static void line(buf *b, double x1, double y1, double x2, double y2, const char *style)
{
    buf_puts(b, "<line x1=\"");
    coord(b, x1);
    buf_puts(b, "\" y1=\"");
    coord(b, y1);
    buf_puts(b, "\" x2=\"");
    coord(b, x2);
    buf_puts(b, "\" y2=\"");
    coord(b, y2);
    buf_printf(b, "\" %s/>\n", style);
}

/* The opening tag, with the title for screen readers in both places
 * assistive tools look, and a group carrying the text style (on a <g>
 * rather than the <svg>, where HTML checkers take them for foreign). */
static void open_svg(buf *b, int w, int h, const char *title)
{
    buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" class=\"pm-chart\" role=\"img\"",
               w, h);
    if (title && *title) {
        buf_puts(b, " aria-label=\"");
        esc_html_attr(b, title);
        buf_puts(b, "\">\n<title>");
        esc_html_text(b, title);
        buf_puts(b, "</title>\n");
    } else {
        buf_puts(b, ">\n");
    }
    buf_puts(b, "<g font-family=\"" SVG_FONTS "\" font-size=\"12\" fill=\"" C_TEXT "\">\n");
}

static void close_svg(buf *b) { buf_puts(b, "</g>\n</svg>\n"); }

/* ---- scales ---------------------------------------------------------------- */

/* A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about `want` steps. */
static double nice_step(double range, int want)
{
    double raw = range / want;
    double p = pow(10.0, floor(log10(raw)));
    double f = raw / p;
    double nf = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 2.5 ? 2.5 : f <= 5.0 ? 5.0 : 10.0;
    return nf * p;
}

/* Decimals a tick step needs to print exactly (0.25 → 2, 50 → 0). */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 6) {
        double x = step * pow(10.0, d);
        if (fabs(x - round(x)) < 1e-6 * (x > 1 ? x : 1))
            break;
        d++;
    }
    return d;
}

typedef struct scale {
    double lo, hi;       /* data range after rounding to ticks */
    double step;
    int nticks, decimals;
    double px_lo, px_hi; /* pixels of lo and hi */
} scale;

/* A value axis over [lo, hi] with round ticks. Starts at zero when the
 * data are all positive and zero is not far below them, so that bars and
 * lines are not read as bigger changes than they are. */
static void scale_fit(scale *s, double lo, double hi, double px_lo, double px_hi, int want)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (lo > 0 && lo <= hi * 0.5)
        lo = 0;
    /* Air above (and below, unless anchored at zero) so that a point and
     * its label never sit on the frame. */
    if (hi - lo >= 1e-12) {
        double air = (hi - lo) * 0.06;
        hi += air;
        if (lo != 0)
            lo -= air;
    }
    if (hi - lo < 1e-12) {
        /* One value: a band around it, not below zero if it is not. */
        double pad = fabs(hi) > 1e-12 ? fabs(hi) * 0.1 : 1.0;
        bool nonneg = lo >= 0;
        lo -= pad;
        hi += pad;
        if (nonneg && lo < 0)
            lo = 0;
    }
    s->step = nice_step(hi - lo, want);
    double k0 = floor(lo / s->step + 1e-9), k1 = ceil(hi / s->step - 1e-9);
    if (k1 <= k0)
        k1 = k0 + 1;
    s->lo = k0 * s->step;
    s->hi = k1 * s->step;
    s->nticks = (int)(k1 - k0) + 1;
    s->decimals = step_decimals(s->step);
    s->px_lo = px_lo;
    s->px_hi = px_hi;
}

static double scale_px(const scale *s, double v)
{
    return s->px_lo + (v - s->lo) / (s->hi - s->lo) * (s->px_hi - s->px_lo);
}

static double scale_tick(const scale *s, int k) { return s->lo + k * s->step; }

/* ---- series chart --------------------------------------------------------------- */

static int cmp_point(const void *a, const void *b)
{
    const svg_point *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

enum { SW = 640, SH = 300, SL = 64, SR = 536, ST = 44, SB = 258 };

/* Legend entries in a row at the top, each a short line and a word. */
static void legend(buf *b, double *x, const char *style, const char *word, bool dot)
{
    line(b, *x, 18, *x + 22, 18, style);
    if (dot) {
        buf_puts(b, "<circle cx=\"");
        coord(b, *x + 11);
        buf_puts(b, "\" cy=\"18\" r=\"3\" fill=\"" C_OBS "\"/>\n");
    }
    text_at(b, *x + 27, 22, NULL, NULL, word);
    *x += 27 + 14.0 * 4 + 10; /* four CJK characters and a gap */
}

void svg_series_chart(buf *b, const svg_series *s)
{
    /* Observations sorted by year, without holes. */
    svg_point *obs = xnmalloc(s->nobs + 1, sizeof *obs);
    size_t n = 0;
    for (size_t i = 0; i < s->nobs; i++)
        if (!isnan(s->obs[i].value))
            obs[n++] = s->obs[i];
    qsort(obs, n, sizeof *obs, cmp_point);

    /* The fit: the base point and every observation after its year
     * (DESIGN rule 5): the engine's own line (engine/lsq.h). */
    const pm_obs *base = s->has_base && !isnan(s->base.value) ? &s->base : NULL;
    pm_lsq fit;
    bool fitted = pm_lsq_fit(base, obs, n, &fit);
    double proj = fitted && s->projection ? pm_lsq_at(&fit, s->year1) : NAN;
    double proj_from = fitted ? pm_lsq_at(&fit, fit.origin) : NAN;
    bool pace = s->has_base && !isnan(s->base.value) && !isnan(s->target);

    /* Ranges: years of the period and of the data; every value drawn. */
    int x0 = s->year0, x1 = s->year1;
    for (size_t i = 0; i < n; i++) {
        x0 = obs[i].year < x0 ? obs[i].year : x0;
        x1 = obs[i].year > x1 ? obs[i].year : x1;
    }
    if (s->has_base && s->base.year < x0)
        x0 = s->base.year;
    if (x1 <= x0)
        x1 = x0 + 1;
    double lo = INFINITY, hi = -INFINITY;
    /* Not the fitted line's start: it may dip a hair below the data (a
     * series from 0), and an axis from −50 for that would mislead; the
     * line is clipped to the frame instead. */
    double vals[3] = {s->target, proj, s->has_base ? s->base.value : NAN};
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, obs[i].value);
        hi = fmax(hi, obs[i].value);
    }
    for (int i = 0; i < 3; i++)
        if (!isnan(vals[i])) {
            lo = fmin(lo, vals[i]);
            hi = fmax(hi, vals[i]);
        }
    scale y;
    scale_fit(&y, lo, hi, SB, ST + 8, 5);
    /* Years with half a year of air at each end, so dots clear the axes. */
    double xpx0 = SL + 24, xpx1 = SR - 24;
#define XPX(yr) (xpx0 + ((double)(yr) - x0) / (double)(x1 - x0) * (xpx1 - xpx0))

    open_svg(b, SW, SH, s->title);
    if (s->unit && *s->unit) {
        buf b2 = BUF_INIT;
        buf_printf(&b2, "单位：%s", s->unit);
        text_at(b, 8, 22, NULL, "font-size=\"11\"", buf_str(&b2));
        buf_free(&b2);
    }
    /* Legend */
    double lx = SL + 60;
    legend(b, &lx, "stroke=\"" C_OBS "\" stroke-width=\"2\"", "实际值", true);
    if (pace)
        legend(b, &lx, "stroke=\"" C_PACE "\" stroke-width=\"1.5\"", "序时进度", false);
    if (!isnan(proj))
        legend(b, &lx, "stroke=\"" C_PROJ "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"", "趋势外推", false);
    if (!isnan(s->target))
        legend(b, &lx, "stroke=\"" C_TARGET "\" stroke-width=\"4\"", "规划目标", false);

    /* Grid and value ticks */
    buf_puts(b, "<g font-size=\"11\">\n");
    for (int k = 0; k < y.nticks; k++) {
        double v = scale_tick(&y, k), py = scale_px(&y, v);
        line(b, SL, py, SR, py, "stroke=\"" C_GRID "\"");
        buf t = BUF_INIT;
        value_text(&t, v, y.decimals);
        text_at(b, SL - 6, py + 4, "end", NULL, buf_str(&t));
        buf_free(&t);
    }
    /* Years */
    for (int yr = x0; yr <= x1; yr++) {
        double px = XPX(yr);
        line(b, px, SB, px, SB + 4, "stroke=\"" C_AXIS "\"");
        char lab[16];
        snprintf(lab, sizeof lab, "%d", yr);
        text_at(b, px, SB + 18, "middle", NULL, lab);
    }
    text_at(b, SR + 8, SB + 18, NULL, NULL, "年份");
    buf_puts(b, "</g>\n");
    line(b, SL, SB, SR, SB, "stroke=\"" C_AXIS "\"");
    line(b, SL, ST, SL, SB, "stroke=\"" C_AXIS "\"");

    /* Pace line: where a straight path from base to target would be. */
    if (pace)
        line(b, XPX(s->base.year), scale_px(&y, s->base.value), XPX(s->year1), scale_px(&y, s->target),
             "stroke=\"" C_PACE "\" stroke-width=\"1.5\"");
    /* Projection: the fitted line from the first fitted year to year1. */
    if (!isnan(proj)) {
        double ax = XPX(fit.origin), ay = scale_px(&y, proj_from), bx = XPX(s->year1), by = scale_px(&y, proj);
        /* Clip the start to the frame along the line (the end, the
         * projected value, is inside the range by construction). */
        double edge = ay > SB ? SB : ay < ST ? ST : ay;
        if (edge != ay && by != ay) {
            ax += (edge - ay) / (by - ay) * (bx - ax);
            ay = edge;
        }
        line(b, ax, ay, bx, by, "stroke=\"" C_PROJ "\" stroke-width=\"2\" stroke-dasharray=\"6 4\"");
    }
    /* Observations */
    if (n > 1) {
        buf_puts(b, "<polyline fill=\"none\" stroke=\"" C_OBS "\" stroke-width=\"2\" points=\"");
        for (size_t i = 0; i < n; i++) {
            if (i)
                buf_putc(b, ' ');
            coord(b, XPX(obs[i].year));
            buf_putc(b, ',');
            coord(b, scale_px(&y, obs[i].value));
        }
        buf_puts(b, "\"/>\n");
    }
    /* The base point when no observation sits on it (a baseline from the
     * plan rather than from the data): hollow, like a given not a figure. */
    bool base_observed = false;
    for (size_t i = 0; i < n; i++)
        base_observed |= s->has_base && obs[i].year == s->base.year;
    if (s->has_base && !isnan(s->base.value) && !base_observed) {
        buf_puts(b, "<circle cx=\"");
        coord(b, XPX(s->base.year));
        buf_puts(b, "\" cy=\"");
        coord(b, scale_px(&y, s->base.value));
        buf_puts(b, "\" r=\"3.5\" fill=\"#ffffff\" stroke=\"" C_OBS "\" stroke-width=\"1.5\"/>\n");
    }
    buf_puts(b, "<g font-size=\"11\">\n");
    for (size_t i = 0; i < n; i++) {
        double px = XPX(obs[i].year), py = scale_px(&y, obs[i].value);
        buf_puts(b, "<circle cx=\"");
        coord(b, px);
        buf_puts(b, "\" cy=\"");
        coord(b, py);
        buf_puts(b, "\" r=\"3.5\" fill=\"" C_OBS "\"/>\n");
        buf t = BUF_INIT;
        value_text(&t, obs[i].value, s->decimals);
        text_at(b, px, py - 8, "middle", "fill=\"" C_OBS "\"", buf_str(&t));
        buf_free(&t);
    }
    buf_puts(b, "</g>\n");

    /* Target marker and projected end, labelled to the right of the
     * target year; labels that would overlap are pushed apart. */
    double ty = isnan(s->target) ? NAN : scale_px(&y, s->target);
    double py = isnan(proj) ? NAN : scale_px(&y, proj);
    double tly = ty + 4, ply = py + 4;
    if (!isnan(ty) && !isnan(py) && fabs(tly - ply) < 14) {
        if (ply >= tly)
            ply = tly + 14;
        else
            tly = ply + 14;
    }
    double xe = XPX(s->year1);
    if (!isnan(ty)) {
        line(b, xe - 14, ty, xe + 14, ty, "stroke=\"" C_TARGET "\" stroke-width=\"4\"");
        buf t = BUF_INIT;
        buf_puts(&t, "目标 ");
        if (s->target_label && *s->target_label)
            buf_puts(&t, s->target_label);
        else
            value_text(&t, s->target, s->decimals);
        text_at(b, xe + 18, tly, NULL, "fill=\"" C_TARGET "\" font-size=\"11\"", buf_str(&t));
        buf_free(&t);
    }
    if (!isnan(py)) {
        buf_puts(b, "<circle cx=\"");
        coord(b, xe);
        buf_puts(b, "\" cy=\"");
        coord(b, py);
        buf_puts(b, "\" r=\"4\" fill=\"#ffffff\" stroke=\"" C_PROJ "\" stroke-width=\"2\"/>\n");
        buf t = BUF_INIT;
        buf_puts(&t, "预计 ");
        value_text(&t, proj, s->decimals);
        text_at(b, xe + 18, ply, NULL, "fill=\"" C_PROJ "\" font-size=\"11\"", buf_str(&t));
        buf_free(&t);
    }
#undef XPX
    close_svg(b);
    free(obs);
}

/* ---- bar chart --------------------------------------------------------------------- */

typedef struct bar_ix {
    const svg_bar *bar;
    size_t ix; /* input order, for ties */
    bool asc;
} bar_ix;

static int cmp_bar(const void *a, const void *b)
{
    const bar_ix *x = a, *y = b;
    bool xn = isnan(x->bar->value), yn = isnan(y->bar->value);
    if (xn != yn)
        return xn ? 1 : -1; /* no figure: last */
    if (!xn) {
        double d = x->bar->value - y->bar->value;
        if (d != 0)
            return (d > 0) == x->asc ? 1 : -1;
    }
    return (x->ix > y->ix) - (x->ix < y->ix);
}

enum { BW = 640, BL = 118, BR = 560, BT = 34, BROW = 22 };

void svg_bar_chart(buf *b, const svg_bars *c)
{
    bar_ix *ix = xnmalloc(c->n + 1, sizeof *ix);
    double lo = 0, hi = 0;
    for (size_t i = 0; i < c->n; i++) {
        ix[i] = (bar_ix){&c->bars[i], i, c->ascending};
        if (!isnan(c->bars[i].value)) {
            lo = fmin(lo, c->bars[i].value);
            hi = fmax(hi, c->bars[i].value);
        }
    }
    qsort(ix, c->n, sizeof *ix, cmp_bar);
    if (!isnan(c->ref)) {
        lo = fmin(lo, c->ref);
        hi = fmax(hi, c->ref);
    }
    int h = BT + (int)(c->n ? c->n : 1) * BROW + 30;
    scale x;
    scale_fit(&x, lo, hi, BL, BR, 5);

    open_svg(b, BW, h, c->title);
    if (c->unit && *c->unit) {
        buf u = BUF_INIT;
        buf_printf(&u, "单位：%s", c->unit);
        text_at(b, 8, 18, NULL, "font-size=\"11\"", buf_str(&u));
        buf_free(&u);
    }
    double bottom = BT + (double)(c->n ? c->n : 1) * BROW;
    /* Value grid and ticks along the bottom. */
    buf_puts(b, "<g font-size=\"11\">\n");
    for (int k = 0; k < x.nticks; k++) {
        double v = scale_tick(&x, k), px = scale_px(&x, v);
        line(b, px, BT - 4, px, bottom, "stroke=\"" C_GRID "\"");
        buf t = BUF_INIT;
        value_text(&t, v, x.decimals);
        text_at(b, px, bottom + 16, "middle", NULL, buf_str(&t));
        buf_free(&t);
    }
    buf_puts(b, "</g>\n");
    double zero = scale_px(&x, 0);
    if (c->n == 0)
        text_at(b, (BL + BR) / 2.0, BT + 15, "middle", NULL, "（无数据）");
    for (size_t i = 0; i < c->n; i++) {
        const svg_bar *bar = ix[i].bar;
        double top = BT + (double)i * BROW;
        text_at(b, BL - 6, top + 15, "end", NULL, bar->label ? bar->label : "");
        if (isnan(bar->value)) {
            text_at(b, zero + 4, top + 15, NULL, "fill=\"#999999\" font-size=\"11\"", "无数据");
            continue;
        }
        double px = scale_px(&x, bar->value);
        double x_left = px < zero ? px : zero, width = fabs(px - zero);
        buf_puts(b, "<rect x=\"");
        coord(b, x_left);
        buf_puts(b, "\" y=\"");
        coord(b, top + 4);
        buf_puts(b, "\" width=\"");
        coord(b, width);
        buf_printf(b, "\" height=\"14\" fill=\"%s\"/>\n", bar->highlight ? C_BAR_HI : C_BAR);
        buf t = BUF_INIT;
        value_text(&t, bar->value, c->decimals);
        if (bar->value >= 0)
            text_at(b, px + 4, top + 15, NULL, "font-size=\"11\"", buf_str(&t));
        else
            text_at(b, px - 4, top + 15, "end", "font-size=\"11\"", buf_str(&t));
        buf_free(&t);
    }
    line(b, zero, BT - 4, zero, bottom, "stroke=\"" C_AXIS "\"");
    if (!isnan(c->ref)) {
        double px = scale_px(&x, c->ref);
        line(b, px, BT - 6, px, bottom, "stroke=\"" C_TARGET "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
        if (c->ref_label && *c->ref_label)
            text_at(b, px, BT - 10, "middle", "fill=\"" C_TARGET "\" font-size=\"11\"", c->ref_label);
    }
    close_svg(b);
    free(ix);
}
