#include "render/write/listing.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "render/write/csvw.h"
#include "render/write/json.h"
#include "render/write/table.h"

/* Cells are scalars as text, reals in the shortest form that reads back
 * as the same double ("0.5578", never "0.55779999999999996": exact, and
 * what a spreadsheet re-saving the file writes too), null as empty. */
static void print_csv(FILE *f, const json_t *rows)
{
    const json_t *first = json_array_get(rows, 0);
    if (!first)
        return;
    size_t n = json_object_size(first);
    const char **keys = xcalloc(n + 1, sizeof *keys);
    const char **fields = xcalloc(n + 1, sizeof *fields);
    char(*bufs)[48] = xcalloc(n + 1, sizeof *bufs);
    size_t k = 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)first, key, v) keys[k++] = key;
    out_csv_row(f, keys, n);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        for (k = 0; k < n; k++)
            out_json_scalar(json_object_get(row, keys[k]), false, bufs[k], &fields[k]);
        out_csv_row(f, fields, n);
    }
    free(keys);
    free(fields);
    free(bufs);
}

/* A column of stored UTC times, by the models' naming: "at", "due_at". */
static bool time_key(const char *key)
{
    return !strcmp(key, "at") || (strlen(key) > 3 && text_ends(key, "_at"));
}

static void print_table(FILE *f, const json_t *rows, const out_column *cols, size_t ncols)
{
    const char **head = xcalloc(ncols + 1, sizeof *head), **fields = xcalloc(ncols + 1, sizeof *fields);
    char(*bufs)[48] = xcalloc(ncols + 1, sizeof *bufs);
    char(*titles)[96] = xcalloc(ncols + 1, sizeof *titles);
    bool *timed = xcalloc(ncols + 1, sizeof *timed); /* per column: time_key */
    char zone[16];
    pm_clock_zone(zone, sizeof zone);
    for (size_t c = 0; c < ncols; c++) {
        head[c] = cols[c].title;
        if ((timed[c] = time_key(cols[c].key))) {
            snprintf(titles[c], sizeof titles[c], "%s（%s）", cols[c].title, zone);
            head[c] = titles[c];
        }
    }
    out_table t;
    out_table_init(&t, ncols, head);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        for (size_t c = 0; c < ncols; c++) {
            out_json_scalar(json_object_get(row, cols[c].key), false, bufs[c], &fields[c]);
            /* fields[c] may point into bufs[c]: convert through a copy. */
            if (timed[c] && *fields[c]) {
                char utc[48];
                snprintf(utc, sizeof utc, "%s", fields[c]);
                fields[c] = pm_clock_local(utc, true, bufs[c], sizeof bufs[c]);
            }
        }
        out_table_row(&t, fields);
    }
    out_table_print(&t, f);
    out_table_free(&t);
    fprintf(f, "共 %zu 条。\n", json_array_size(rows));
    free(head);
    free(fields);
    free(bufs);
    free(titles);
    free(timed);
}

void out_listing_print(FILE *f, const json_t *rows, const out_column *cols, size_t ncols, out_format fmt)
{
    if (fmt == OUT_JSON)
        out_json_print(f, rows, true);
    else if (fmt == OUT_CSV)
        print_csv(f, rows);
    else
        print_table(f, rows, cols, ncols);
}
