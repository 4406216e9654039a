/* A chart block of the report's model drawn as SVG (render/chart/svg.c):
 * the one translation from the model's fields to the drawing code, shared
 * by the HTML report (inline) and the DOCX report (rasterised to PNG). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "render/chart/svg.h"
#include "render/report/report.h"

static double num_or_nan(const json_t *v) { return json_is_number(v) ? json_number_value(v) : NAN; }

static const char *str_of(const json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static int int_of(const json_t *o, const char *key) { return (int)json_integer_value(json_object_get(o, key)); }

/* [year, value] pairs of the model into points (caller frees). */
static svg_point *points_of(const json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    svg_point *p = xcalloc(*n + 1, sizeof *p);
    for (size_t i = 0; i < *n; i++) {
        const json_t *pair = json_array_get(arr, i);
        p[i].year = (int)json_integer_value(json_array_get(pair, 0));
        p[i].value = num_or_nan(json_array_get(pair, 1));
    }
    return p;
}

static void series_svg(buf *b, const json_t *c)
{
    svg_series s = {
        .title = str_of(c, "title"),
        .unit = str_of(c, "unit"),
        .decimals = int_of(c, "decimals"),
        .year0 = int_of(c, "year0"),
        .year1 = int_of(c, "year1"),
        .target = num_or_nan(json_object_get(c, "target")),
        .target_label = str_of(c, "target_label"),
        .projection = json_is_true(json_object_get(c, "projection")),
    };
    svg_point *obs = points_of(json_object_get(c, "obs"), &s.nobs);
    s.obs = obs;
    const json_t *base = json_object_get(c, "base");
    if (json_is_array(base)) {
        s.has_base = true;
        s.base.year = (int)json_integer_value(json_array_get(base, 0));
        s.base.value = num_or_nan(json_array_get(base, 1));
    }
    svg_series_chart(b, &s);
    free(obs);
}

static void bars_svg(buf *b, const json_t *c)
{
    const json_t *arr = json_object_get(c, "bars");
    size_t n = json_array_size(arr);
    svg_bar *bars = xcalloc(n + 1, sizeof *bars);
    for (size_t i = 0; i < n; i++) {
        const json_t *o = json_array_get(arr, i);
        bars[i].label = str_of(o, "label");
        bars[i].value = num_or_nan(json_object_get(o, "value"));
        bars[i].highlight = json_is_true(json_object_get(o, "highlight"));
    }
    svg_bars s = {
        .title = str_of(c, "title"),
        .unit = str_of(c, "unit"),
        .decimals = int_of(c, "decimals"),
        .bars = bars,
        .n = n,
        .ascending = json_is_true(json_object_get(c, "ascending")),
        .ref = num_or_nan(json_object_get(c, "ref")),
        .ref_label = str_of(c, "ref_label"),
    };
    svg_bar_chart(b, &s);
    free(bars);
}

bool report_chart_svg(buf *b, const json_t *chart)
{
    const char *kind = str_of(chart, "chart");
    if (kind && !strcmp(kind, "series"))
        series_svg(b, chart);
    else if (kind && !strcmp(kind, "bars"))
        bars_svg(b, chart);
    else
        return false;
    return true;
}
