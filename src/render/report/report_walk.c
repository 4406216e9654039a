/* Walking the report model's sections and blocks (report_walk.h). */
#include "render/report/report_walk.h"

#include <string.h>

static void blocks(const json_t *list, const report_sink *s, void *ctx)
{
    size_t i;
    const json_t *bl;
    json_array_foreach(list, i, bl)
    {
        const char *type = json_string_value(json_object_get(bl, "type"));
        const char *text = json_string_value(json_object_get(bl, "text"));
        if (!type)
            continue;
        if (!strcmp(type, "p") || !strcmp(type, "note") || !strcmp(type, "h3") ||
            !strcmp(type, "h4"))
            s->text(ctx, type, text ? text : "");
        else if (!strcmp(type, "table"))
            s->table(ctx, bl);
        else if (!strcmp(type, "chart"))
            s->chart(ctx, bl);
    }
}

void report_walk(const json_t *model, const report_sink *s, void *ctx)
{
    size_t i;
    const json_t *sec;
    json_array_foreach(json_object_get(model, "sections"), i, sec)
    {
        s->section(ctx, sec, true);
        blocks(json_object_get(sec, "blocks"), s, ctx);
        s->section(ctx, sec, false);
    }
}
