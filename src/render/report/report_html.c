/* The evaluation report as one self-contained HTML file for A4 print:
 * inline CSS, inline SVG charts (out/svg.c, the drawing code the web pages
 * use too), no scripts, no external resources, so it opens and prints the
 * same on an intranet machine without network. Every piece of model text
 * passes through esc_html_text or esc_html_attr.
 *
 * Page numbers: CSS paged media puts "第 N 页" in the bottom margin box
 * (@page @bottom-center with counter(page)), which Chromium (131+),
 * WeasyPrint and the print engines honour. CSS gives no page counter
 * anywhere else (a position: fixed footer repeats on every page but
 * cannot count, and Chromium draws it over the text), so the fallback for
 * browsers without margin boxes is their own header and footer: a note
 * on screen, hidden in print, says to tick 页眉和页脚 in the print dialog. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "render/write/escape.h"
#include "render/report/report.h"
#include "render/report/report_walk.h"

static const char CSS[] =
    "@page { size: A4; margin: 20mm 18mm 22mm 18mm;\n"
    "  @bottom-center { content: \"第 \" counter(page) \" 页\"; font-size: 9pt; color: #555; } }\n"
    ":root { --ink: #222; --muted: #666; --rule: #bbb; }\n"
    "html { font-family: 'Noto Serif CJK SC', 'Source Han Serif SC', SimSun, 'Songti SC', serif;\n"
    "  font-size: 11pt; line-height: 1.7; color: var(--ink); }\n"
    "body { margin: 0; background: #f3f3f3; }\n"
    ".paper { max-width: 174mm; margin: 0 auto; background: #fff; padding: 14mm 18mm 12mm; }\n"
    ".print-hint { max-width: 210mm; margin: 0 auto; padding: 2mm 0; font-size: 9pt; color: #666;\n"
    "  text-align: center; font-family: sans-serif; }\n"
    "h1 { font-size: 18pt; text-align: center; line-height: 1.4; margin: 0 0 4mm; }\n"
    "h1, h2, h3, th, .meta, figcaption { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC',\n"
    "  'Microsoft YaHei', 'PingFang SC', SimHei, sans-serif; }\n"
    ".meta { text-align: center; color: var(--muted); font-size: 9.5pt; margin: 0; line-height: 1.6; }\n"
    "header.cover hr { border: 0; border-top: 2px solid #c0392b; margin: 5mm 0 0; }\n"
    "h2 { font-size: 14pt; margin: 7mm 0 3mm; }\n"
    "h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }\n"
    "h4 { font-size: 11pt; margin: 4mm 0 1.5mm; }\n"
    "p.signature { text-indent: 0; text-align: right; margin-top: 10mm; }\n"
    "p { margin: 0 0 2.5mm; text-indent: 2em; text-align: justify; }\n"
    "p.note { text-indent: 0; font-size: 9pt; color: var(--muted); }\n"
    "table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; line-height: 1.4; }\n"
    "caption { font-weight: bold; font-size: 10pt; padding-bottom: 1.5mm; }\n"
    "th, td { border: 1px solid var(--rule); padding: 1mm 1.5mm; vertical-align: middle; }\n"
    "th { background: #eef2f7; font-weight: bold; text-align: center; }\n"
    "td.r { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "td.c { text-align: center; }\n"
    "table.main { font-size: 8pt; }\n"
    "table.counts { width: 70%; margin-left: auto; margin-right: auto; }\n"
    "td.k { white-space: nowrap; }\n"
    /* A status label (符合预期, 进度偏慢（预警）) breaks after its four
     * characters, not inside them. */
    "table.main td[class*=\"st-\"] { min-width: 4.4em; }\n"
    ".st-achieved { background: #c8e6c9; } .st-on_track { background: #e6f4e1; }\n"
    ".st-behind { background: #fff3c4; } .st-lagging { background: #ffd8a8; }\n"
    ".st-regressing { background: #f8c9c9; } .st-missed { background: #eea3a3; }\n"
    ".st-no_data, .st-no_target { background: #eeeeee; color: #666; }\n"
    "figure { margin: 2mm 0 5mm; break-inside: avoid; page-break-inside: avoid; }\n"
    "figure svg { display: block; width: 100%; height: auto; }\n"
    "figcaption { text-align: center; font-size: 9pt; color: var(--muted); }\n"
    "tr, h3 + p { break-inside: avoid; page-break-inside: avoid; }\n"
    "h2, h3, h4 { break-after: avoid; page-break-after: avoid; }\n"
    "section + section { break-before: page; page-break-before: always; }\n"
    "@media print {\n"
    "  body { background: none; }\n"
    "  .paper { max-width: none; padding: 4mm 0 0; margin: 0; }\n"
    "  .print-hint { display: none; }\n"
    "}\n"
    "@media screen { .paper { box-shadow: 0 0 4px #bbb; } }\n";

static void html_text(buf *b, const char *s) { esc_html_text(b, s ? s : ""); }

static void html_table(buf *b, const json_t *t)
{
    const json_t *head = json_object_get(t, "head"), *rows = json_object_get(t, "rows");
    const char *align = json_string_value(json_object_get(t, "align"));
    /* 'k' at a column: its cells stay on one line (the model's "keep");
     * its head may wrap. */
    const char *keep = json_string_value(json_object_get(t, "keep"));
    size_t nkeep = keep ? strlen(keep) : 0;
    const char *cls = json_string_value(json_object_get(t, "class"));
    const char *caption = json_string_value(json_object_get(t, "caption"));
    buf_puts(b, "<table");
    if (cls) {
        buf_puts(b, " class=\"");
        esc_html_attr(b, cls);
        buf_puts(b, "\"");
    }
    buf_puts(b, ">\n");
    if (caption) {
        buf_puts(b, "<caption>");
        html_text(b, caption);
        buf_puts(b, "</caption>\n");
    }
    buf_puts(b, "<thead><tr>");
    size_t i;
    const json_t *v;
    json_array_foreach(head, i, v)
    {
        buf_puts(b, "<th>");
        html_text(b, json_string_value(v));
        buf_puts(b, "</th>");
    }
    buf_puts(b, "</tr></thead>\n<tbody>\n");
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        buf_puts(b, "<tr>");
        size_t k;
        const json_t *cell;
        json_array_foreach(row, k, cell)
        {
            if (json_is_null(cell))
                continue; /* covered by a rowspan above */
            char a = align && k < strlen(align) ? align[k] : 'l';
            const char *status = json_string_value(json_object_get(cell, "status"));
            json_int_t span = json_integer_value(json_object_get(cell, "rowspan"));
            bool kept = k < nkeep && keep[k] == 'k';
            buf_puts(b, "<td");
            if (a == 'r' || a == 'c' || status || kept) {
                buf_puts(b, " class=\"");
                const char *sep = "";
                if (a == 'r' || a == 'c') {
                    buf_putc(b, a);
                    sep = " ";
                }
                if (kept) {
                    buf_printf(b, "%sk", sep);
                    sep = " ";
                }
                if (status) {
                    buf_printf(b, "%sst-", sep);
                    esc_html_attr(b, status);
                }
                buf_puts(b, "\"");
            }
            if (span > 1)
                buf_printf(b, " rowspan=\"%lld\"", (long long)span);
            buf_puts(b, ">");
            html_text(b, report_cell_text(cell));
            buf_puts(b, "</td>");
        }
        buf_puts(b, "</tr>\n");
    }
    buf_puts(b, "</tbody>\n</table>\n");
}

static void html_chart(buf *b, const json_t *c)
{
    buf_puts(b, "<figure>\n");
    report_chart_svg(b, c);
    buf_puts(b, "<figcaption>");
    html_text(b, json_string_value(json_object_get(c, "caption")));
    buf_puts(b, "</figcaption>\n</figure>\n");
}

static void html_section(void *ctx, const json_t *sec, bool open)
{
    buf *b = ctx;
    if (!open) {
        buf_puts(b, "</section>\n");
        return;
    }
    buf_puts(b, "<section id=\"");
    esc_html_attr(b, json_string_value(json_object_get(sec, "id")));
    buf_puts(b, "\">\n<h2>");
    html_text(b, json_string_value(json_object_get(sec, "heading")));
    buf_puts(b, "</h2>\n");
}

static void html_block_text(void *ctx, const char *type, const char *text)
{
    buf *b = ctx;
    bool h3 = !strcmp(type, "h3"), h4 = !strcmp(type, "h4");
    buf_puts(b, h3 ? "<h3>" : h4 ? "<h4>" : !strcmp(type, "note") ? "<p class=\"note\">" : "<p>");
    html_text(b, text);
    buf_puts(b, h3 ? "</h3>\n" : h4 ? "</h4>\n" : "</p>\n");
}

static void html_table_of(void *ctx, const json_t *t)
{
    html_table(ctx, t);
}

static void html_chart_of(void *ctx, const json_t *c)
{
    html_chart(ctx, c);
}

static const report_sink html_sink = {html_section, html_block_text, html_table_of, html_chart_of};

/* 落款: who evaluates and the date, right-aligned under the last section. */
static void html_signature(buf *b, const json_t *sig)
{
    const char *issuer = json_string_value(json_object_get(sig, "issuer"));
    const char *date = json_string_value(json_object_get(sig, "date"));
    if (!issuer && !date)
        return;
    buf_puts(b, "<p class=\"signature\">");
    html_text(b, issuer);
    if (issuer && date)
        buf_puts(b, "<br>");
    html_text(b, date);
    buf_puts(b, "</p>\n");
}

void report_html_render(buf *out, const json_t *model)
{
    const char *title = json_string_value(json_object_get(model, "title"));
    buf b = *out;
    buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<meta name=\"generator\" content=\"planmon\">\n<title>");
    html_text(&b, title);
    buf_puts(&b, "</title>\n<style>\n");
    buf_puts(&b, CSS);
    buf_puts(&b, "</style>\n</head>\n<body>\n<p class=\"print-hint\">本报告按 A4 排版，可直接打印或另存为 PDF；"
                 "如打印件没有页码，请在打印对话框中勾选“页眉和页脚”。</p>\n"
                 "<div class=\"paper\">\n<header class=\"cover\">\n<h1>");
    html_text(&b, title);
    buf_puts(&b, "</h1>\n");
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(model, "meta"), i, v)
    {
        buf_puts(&b, "<p class=\"meta\">");
        html_text(&b, json_string_value(v));
        buf_puts(&b, "</p>\n");
    }
    buf_puts(&b, "<hr>\n</header>\n<main>\n");
    report_walk(model, &html_sink, &b);
    html_signature(&b, json_object_get(model, "signature"));
    buf_puts(&b, "</main>\n</div>\n</body>\n</html>\n");
    *out = b;
}

bool report_html(FILE *f, const json_t *model, pm_err *err)
{
    buf b = BUF_INIT;
    report_html_render(&b, model);
    bool ok = fwrite(buf_str(&b), 1, b.len, f) == b.len;
    buf_free(&b);
    if (!ok)
        pm_err_set(err, 0, "写入 HTML 失败");
    return ok;
}
