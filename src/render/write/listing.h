/* Listings of records (history, values, statuses) from one JSON model:
 * an array of flat objects, printed as a JSON array, as CSV (the keys of
 * the first object as header, numbers in their shortest exact form, null
 * as empty) or as a table
 * with Chinese column titles. JSON and CSV are data: times stay UTC ISO
 * 8601, as stored; the table is for reading: a column whose key is "at"
 * or ends in "_at" holds stored UTC times, shown in the bureau's zone
 * (base/clock.h) with the zone in its title ("时间（UTC+08:00）"). */
#ifndef PM_LISTING_H
#define PM_LISTING_H
#include <jansson.h>
#include <stdio.h>

#include "render/write/format.h"

typedef struct out_column {
    const char *key;   /* object key */
    const char *title; /* Chinese column title for the table */
} out_column;

/* Prints rows (an array of objects). cols lists what the table shows, in
 * order; CSV and JSON carry every key. */
void out_listing_print(FILE *f, const json_t *rows, const out_column *cols, size_t ncols, out_format fmt);

#endif
