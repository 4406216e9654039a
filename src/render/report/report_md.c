/* The evaluation report as Markdown: the model's sentences and tables as
 * they are, every piece of text through esc_md_text; charts become a note
 * that points to the HTML report (Markdown cannot carry them portably). */
#include <stdio.h>
#include <string.h>

#include "render/write/escape.h"
#include "render/report/report.h"
#include "render/report/report_walk.h"

static void md_text(buf *b, const char *s) { esc_md_text(b, s ? s : ""); }

static void md_table(buf *b, const json_t *t)
{
    const json_t *head = json_object_get(t, "head"), *rows = json_object_get(t, "rows");
    const char *align = json_string_value(json_object_get(t, "align"));
    const char *caption = json_string_value(json_object_get(t, "caption"));
    if (caption) {
        buf_puts(b, "**");
        md_text(b, caption);
        buf_puts(b, "**\n\n");
    }
    size_t ncols = json_array_size(head), i;
    const json_t *v;
    buf_puts(b, "|");
    json_array_foreach(head, i, v)
    {
        buf_putc(b, ' ');
        md_text(b, json_string_value(v));
        buf_puts(b, " |");
    }
    buf_puts(b, "\n|");
    for (size_t k = 0; k < ncols; k++) {
        char a = align && k < strlen(align) ? align[k] : 'l';
        buf_puts(b, a == 'r' ? " ---: |" : a == 'c' ? " :---: |" : " --- |");
    }
    buf_putc(b, '\n');
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        /* A cell covered by a merged one above stays empty, as in the
         * plan's own table copied to text. */
        buf_puts(b, "|");
        size_t k;
        const json_t *cell;
        json_array_foreach(row, k, cell)
        {
            buf_putc(b, ' ');
            md_text(b, report_cell_text(cell));
            buf_puts(b, " |");
        }
        buf_putc(b, '\n');
    }
    buf_putc(b, '\n');
}

static void md_section(void *ctx, const json_t *sec, bool open)
{
    buf *b = ctx;
    if (!open)
        return;
    buf_puts(b, "## ");
    md_text(b, json_string_value(json_object_get(sec, "heading")));
    buf_puts(b, "\n\n");
}

static void md_block_text(void *ctx, const char *type, const char *text)
{
    buf *b = ctx;
    buf_puts(b, !strcmp(type, "h3")     ? "### "
                : !strcmp(type, "h4")   ? "#### "
                : !strcmp(type, "note") ? "> "
                                        : "");
    md_text(b, text);
    buf_puts(b, "\n\n");
}

static void md_table_of(void *ctx, const json_t *t)
{
    md_table(ctx, t);
}

static void md_chart(void *ctx, const json_t *c)
{
    buf *b = ctx;
    buf_puts(b, "> ");
    md_text(b, json_string_value(json_object_get(c, "caption")));
    buf_puts(b, "（图表见 HTML 版报告）\n\n");
}

static const report_sink md_sink = {md_section, md_block_text, md_table_of, md_chart};

/* 落款: its own lines at the end (Markdown cannot right-align). */
static void md_signature(buf *b, const json_t *sig)
{
    const char *issuer = json_string_value(json_object_get(sig, "issuer"));
    const char *date = json_string_value(json_object_get(sig, "date"));
    if (issuer) {
        md_text(b, issuer);
        buf_puts(b, date ? "  \n" : "\n\n");
    }
    if (date) {
        md_text(b, date);
        buf_puts(b, "\n\n");
    }
}

void report_md_render(buf *out, const json_t *model)
{
    buf b = *out;
    buf_puts(&b, "# ");
    md_text(&b, json_string_value(json_object_get(model, "title")));
    buf_puts(&b, "\n\n");
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(model, "meta"), i, v)
    {
        md_text(&b, json_string_value(v));
        buf_puts(&b, "\n\n");
    }
    report_walk(model, &md_sink, &b);
    md_signature(&b, json_object_get(model, "signature"));
    /* One trailing newline, not two. */
    if (b.len > 1 && b.p[b.len - 1] == '\n' && b.p[b.len - 2] == '\n')
        b.p[--b.len] = '\0';
    *out = b;
}

bool report_md(FILE *f, const json_t *model, pm_err *err)
{
    buf b = BUF_INIT;
    report_md_render(&b, model);
    bool ok = fwrite(buf_str(&b), 1, b.len, f) == b.len;
    buf_free(&b);
    if (!ok)
        pm_err_set(err, 0, "写入 Markdown 失败");
    return ok;
}
