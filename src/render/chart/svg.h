/* SVG charts drawn by the server, with no script: the one drawing code
 * path the evaluation report and the web pages share (issue 5 and 6), so
 * the screen, print and the report show the same picture.
 *
 * Every chart is sized by its viewBox alone (it fills whatever box the
 * page gives it), carries a <title> for screen readers, and passes every
 * piece of text through esc_html_text / esc_html_attr (out/escape.h).
 * Output is deterministic: coordinates with one decimal, values with the
 * decimals the caller asks for, no random ids, so golden files hold.
 *
 * The functions append to a buf the caller owns; they allocate nothing
 * the caller must free. Input strings and arrays are borrowed. */
#ifndef PM_SVG_H
#define PM_SVG_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "model/progress.h"

/* A year and its value (NaN points are skipped): the engine's observation,
 * so that a series goes from the engine to a chart as it is. */
typedef pm_obs svg_point;

/* One indicator over the plan period. */
typedef struct svg_series {
    const char *title;        /* <title> and aria-label; may be NULL */
    const char *unit;         /* value axis: "单位：张"; NULL or "" for none */
    int decimals;             /* decimals of the values printed on the chart */
    int year0, year1;         /* plan base and target year: the x axis */
    const svg_point *obs;     /* observations, any order, distinct years */
    size_t nobs;
    bool has_base;            /* base point (y0, B): start of the pace line */
    svg_point base;           /*   and the first point of the projection fit */
    double target;            /* NaN: no target (no marker, no pace line) */
    const char *target_label; /* "≥15", "[130]": the plan's writing; NULL: the number */
    bool projection;          /* draw the least-squares line to year1, dashed */
} svg_series;

/* Appends an <svg> element: observations (line and dots with values), the
 * target as a horizontal marker at the target year, the straight pace line
 * (序时进度) from the base point to the target, and the least-squares line
 * through the base point and the observations after it (DESIGN "Judging
 * progress" rule 5), dashed out to the target year and marked there. */
void svg_series_chart(buf *b, const svg_series *s);

typedef struct svg_bar {
    const char *label; /* a town's name */
    double value;      /* NaN: no figure (listed last, no bar) */
    bool highlight;    /* drawn in the alert colour (holds the indicator back) */
} svg_bar;

typedef struct svg_bars {
    const char *title;     /* <title> and aria-label; may be NULL */
    const char *unit;      /* "单位：张"; NULL or "" for none */
    int decimals;
    const svg_bar *bars;   /* copied and sorted, the caller's array stays as it is */
    size_t n;
    bool ascending;        /* smallest first (lower is better); default largest first */
    double ref;            /* a vertical reference line (district value, target); NaN: none */
    const char *ref_label; /* its label, e.g. "全区 6.3" */
} svg_bars;

/* Appends a horizontal bar chart sorted by value (ties keep input order). */
void svg_bar_chart(buf *b, const svg_bars *c);

#endif
