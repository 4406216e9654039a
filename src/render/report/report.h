/* The evaluation report (中期评估 / 总结评估, issue 6).
 *
 * One JSON model of the whole report is built from an evaluation
 * (report_model.c); each format only renders that model (report_html.c,
 * report_md.c, report_xlsx.c), so the HTML and Markdown carry the same
 * sentences and tables, and the web page can serve the same model later.
 *
 * The model, top level:
 *   title, kind ("midterm"|"final"), kind_label, plan_title, base_year,
 *   target_year, year, data_year (latest year with a figure, ≤ year; null
 *   if none), unit {code,name,level,level_name} (null for an empty
 *   database), elapsed_share, meta (subtitle lines),
 *   signature {issuer?, date?} (落款: who evaluates and when; keys absent
 *   when not known), sections: [{id, heading, annex?, blocks: [block…]}]
 *   in the outline of a real 中期/总结评估报告 (report_outline.c): 一、评估
 *   工作开展情况 … 八、规划调整建议, then the annexes (annex: true), where a
 *   block is one of
 *     {"type":"p","text"}                    a paragraph
 *     {"type":"h3","text"}                   a subheading: （一）…
 *     {"type":"h4","text"}                   a subheading below it: 1. …
 *     {"type":"table","caption"?,"head":[…],"align":"lrc…","class"?,
 *      "rows":[[cell…]…]}                     a cell is a string, null
 *                                            (covered by a rowspan above), or
 *                                            {"text","status"?,"rowspan"?}
 *     {"type":"chart","chart":"series"|"bars","caption", …the svg fields}
 *   summary {total, binding_total, alerts, judged, avg_gap_share,
 *            counts:[{status,label,all,binding}]},
 *   indicators [{no,code,domain,subdomain,name,unit,binding,decimals,
 *                baseline,target,target_text,year,value,prev_value,
 *                gap_share,pace,status,status_label,projected,
 *                required_yearly_change,alert}],
 *   units [{rank,code,name,judged,good,bad,share,alerts,reported,
 *           expected,kids,kids_reported,pending}],
 *   raw [{unit,unit_name,no,code,name,measure,year,value}].
 * Text in the model is plain (unescaped); each renderer escapes for its
 * own context through out/escape.h. */
#ifndef PM_REPORT_H
#define PM_REPORT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "engine/pace.h"
#include "engine/evaluation.h"
#include "model/narrative.h"
#include "model/task.h"
#include "model/vstate.h"

/* What the report knows beyond the figures, handed in by the front door.
 * Every field may be NULL / empty: the report then says so or leaves the
 * line out. Strings are borrowed for the call. */
typedef struct report_extra {
    const char *issuer; /* 评估单位 and 落款: the bureau that evaluates ("大兴区民政局") */
    const char *date;   /* the report's date, "YYYY-MM-DD" (cover and 落款) */
    /* Key tasks and projects with their updates (issue 13), judged on
     * as_of ("YYYY-MM-DD"; NULL: 四 and 五 say none are recorded), and the
     * written judgments (评估意见) of the report's year. */
    const pm_task *tasks;
    size_t ntasks;
    const pm_task_update *updates;
    size_t nupdates;
    const char *as_of;
    const pm_narrative *narratives;
    size_t nnarratives;
} report_extra;

/* Builds the model of the report on unit u (index in ev->tree; -1 when the
 * tree is empty) for year (within the plan period), judged with cfg.
 * states[0..ev->tree.n) are the review states of the figures each unit
 * holds in year (store/evaluate.h's pm_count_states; NULL: none known),
 * for what the report says about figures not yet approved. extra (NULL:
 * nothing) names the issuer and date. Reads nothing but its arguments. Returns a new reference, or NULL with err set when
 * the report cannot be made. */
json_t *report_model(const pm_evaluation *ev, const pm_state_counts *states, int u, int year,
                     const pm_pace_cfg *cfg, const report_extra *extra, pm_err *err);

/* A table cell's text: the string, or an object's "text"; "" for null
 * (a cell covered by a rowspan). Borrowed from the model. */
const char *report_cell_text(const json_t *cell);

/* Appends the SVG drawing of a chart block of the model (render/chart/svg.c);
 * false, nothing appended, for a block that is not a chart it knows. */
bool report_chart_svg(buf *b, const json_t *chart);

/* Renderers. Each writes the whole document; false with err set when the
 * output cannot be written. The _render forms append the document to a
 * buf the caller owns (a web response: the download link of the
 * overview page can serve the same bytes as the command line). */
bool report_html(FILE *f, const json_t *model, pm_err *err);
bool report_md(FILE *f, const json_t *model, pm_err *err);
void report_html_render(buf *out, const json_t *model);
void report_md_render(buf *out, const json_t *model);
/* Appends the workbook's bytes to out (the caller writes them where it is
 * asked to). False with err set, out as it was, on failure. */
bool report_xlsx(buf *out, const json_t *model, pm_err *err);
/* Appends the Word document's bytes (DOCX in the 公文 layout,
 * report_docx.c) to out. False with err set, out as it was, on failure. */
bool report_docx(buf *out, const json_t *model, pm_err *err);

#endif
