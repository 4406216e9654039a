/* One reading of the report model's body (report_walk.c): its sections in
 * order, each with its blocks by type (report.h lists them). A renderer
 * says only how each piece looks, in a table of functions, so that every
 * format reads the model the same way and a new block type is added in
 * one place. */
#ifndef PM_REPORT_WALK_H
#define PM_REPORT_WALK_H
#include <jansson.h>
#include <stdbool.h>

typedef struct report_sink {
    /* A section's start (open true: its "id" and "heading" are to be
     * drawn) and its end (open false). */
    void (*section)(void *ctx, const json_t *section, bool open);
    /* A block of text: type "p" (paragraph), "note", "h3" (subheading) or "h4"
     * (a subheading below an h3);
     * text never NULL. */
    void (*text)(void *ctx, const char *type, const char *text);
    void (*table)(void *ctx, const json_t *table);
    void (*chart)(void *ctx, const json_t *chart);
} report_sink;

/* Calls s for every section of model and every block in it, in order.
 * Blocks of an unknown type (or none) are skipped. */
void report_walk(const json_t *model, const report_sink *s, void *ctx);

#endif
