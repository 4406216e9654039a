/* Internal to the report's model (report_model.c and the section files
 * report_overview.c, report_risks.c, report_units.c, report_notes.c): the
 * context every section reads, and the helpers they share for numbers as
 * text and for the model's blocks (report_ctx.c). Nothing outside
 * src/render/report/ includes this; the public interface is report.h.
 *
 * Ownership: the context owns its arrays (report_model() frees them); a
 * JSON value a helper returns is a new reference for the caller to hand
 * to the model (json_*_new) or to decref; a buf passed to rp_para or
 * rp_jbuf is emptied and may be reused. */
#ifndef PM_REPORT_CTX_H
#define PM_REPORT_CTX_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "engine/pace.h"
#include "engine/evaluation.h"
#include "model/vstate.h"
#include "render/report/report.h"

/* How one indicator stands at one unit. */
typedef struct rp_judged {
    pm_goalpost g;
    pm_pace_out o;
    bool estimate; /* the latest value rests on an estimate (预计值) */
} rp_judged;

/* Review states of one unit's subtree in the report year. */
typedef pm_state_counts rp_states;

typedef struct rp_ctx {
    const pm_evaluation *ev;
    const pm_plan *plan;
    const pm_pace_cfg *cfg;
    int u, year;      /* u = -1: no org units at all */
    int y0, y1;       /* plan period */
    double tau;       /* elapsed share of the period at the report year */
    int data_year;    /* latest year <= year in which u's subtree reported a figure; 0: none */
    rp_judged *j;     /* [nind] at u */
    int *dec;         /* [nind] decimals */
    int *kids;        /* children of u, in tree order */
    size_t nkids;
    rp_judged *kj;    /* [nkids][nind] */
    rp_states *ks;    /* [nkids] */
    rp_states all;    /* u's subtree */
    int figure;       /* charts numbered in order */
    const report_extra *x; /* never NULL (an empty one when the caller gave none) */
} rp_ctx;

/* Figures and words ------------------------------------------------------ */

/* Indicator i at unit in year; NaN outside the plan period or without units. */
double rp_value_at(const rp_ctx *c, int i, int unit, int year);
const char *rp_unit_of(const rp_ctx *c, int i);
/* A figure in the indicator's decimals ("—" for none), with its unit, a
 * difference (percentages differ by 个百分点), a share as "46.7%", a pace. */
void rp_fnum(const rp_ctx *c, int i, double v, buf *b);
void rp_fval(const rp_ctx *c, int i, double v, buf *b);
void rp_fdiff(const rp_ctx *c, int i, double d, buf *b);
void rp_fpct(double share, buf *b);
/* 完成度 of a judgment: a percent when it has moved towards the target,
 * else the move from the base in words (较基期下降 0.4 个百分点, 与基期持平). */
void rp_fcompletion(const rp_ctx *c, int i, const rp_judged *x, buf *b);
void rp_fratio(double q, buf *b);
/* A JSON string from printf / from a buf (emptied), cleaned to UTF-8. */
json_t *rp_jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
json_t *rp_jbuf(buf *b);

/* Blocks of the model (report.h) ----------------------------------------- */

/* Appends {"type": type, "text": text} (text stolen). */
void rp_block_text(json_t *blocks, const char *type, json_t *text);
/* Appends a paragraph of b's text and empties b. */
void rp_para(json_t *blocks, buf *b);
/* Appends a table block; returns its rows array (borrowed) to fill. */
json_t *rp_table_new(json_t *blocks, const char *caption, const char *align, const char *const *head,
                     size_t ncols);
/* A status cell: {"text": label, "status": key} (new reference). */
json_t *rp_cell_status(const rp_judged *x);
/* Appends a section; returns its blocks array (borrowed). */
json_t *rp_section(json_t *sections, const char *id, const char *heading);

/* Judgments --------------------------------------------------------------- */

bool rp_has_judgment(const rp_judged *x); /* neither no_data nor no_target */
bool rp_is_good(const rp_judged *x);      /* achieved or on track */
bool rp_is_bad(const rp_judged *x);       /* behind, lagging, regressing or missed */
/* DESIGN rule 1: the base year and value the method measured from. */
bool rp_effective_base(const rp_ctx *c, int i, int unit, const rp_judged *x, int *y0, double *b);
/* Pace for ranking (achieved without one: +inf; T = B shortfall: -inf). */
double rp_rank_pace(const rp_judged *x);
/* Completion for the average: capped at 100%, achieved = 100%. */
double rp_completion(const rp_judged *x);

/* Counts by label (the words of the tables, pm_label's order), and by
 * outlook. */
typedef struct rp_counts {
    int all[PM_LB_COUNT], binding[PM_LB_COUNT];
    int outlook[PM_OUTLOOK_COUNT];
    int total, nbinding, alerts;
} rp_counts;

/* Counts over xs (idx lists which; NULL: the first n). */
void rp_count_over(const rp_ctx *c, const rp_judged *xs, const int *idx, size_t n, rp_counts *k);
/* "提前完成 9 项，符合预期 10 项，…" over the non-zero labels of by. */
void rp_counts_text(const int *by, buf *b);

/* Units below and their data ------------------------------------------------ */

/* Indicator i at the k-th child of u. */
const rp_judged *rp_kid_j(const rp_ctx *c, size_t k, int i);
void rp_completeness(const rp_ctx *c, int unit, int year, int *filled, int *expected, int *kids, int *kids_rep);
long rp_pending_of(const rp_states *s); /* draft + submitted + returned */
void rp_pending_text(const rp_states *s, buf *b);

/* The sections, in the report's order -------------------------------------- */

void rp_section_summary(rp_ctx *c, json_t *sections, json_t *model); /* 一、总体情况 (+ model.summary) */
void rp_section_goals(rp_ctx *c, json_t *sections);                  /* 二、分领域进展 */
void rp_section_table(rp_ctx *c, json_t *sections, json_t *model);   /* 三 (+ model.indicators) */
/* 三's end: the judgments by hand of qualitative indicators (report_manual.c) */
void rp_section_manual(rp_ctx *c, json_t *sections);
void rp_section_risks(rp_ctx *c, json_t *sections);                  /* 四、约束性指标预警 */
void rp_section_units(rp_ctx *c, json_t *sections, json_t *model);   /* 五 (+ model.units) */
void rp_section_notes(rp_ctx *c, json_t *sections);                  /* 六、数据说明 */
/* Rearranges the sections above into the outline of a real evaluation
 * report and adds the ones about the work, tasks, projects, problems,
 * next steps and adjustments, and the 落款 (report_outline.c). */
void rp_outline(rp_ctx *c, json_t *model);
/* 四 (projects false) or 五 (true) into blocks, from c->x's tasks: counts by
 * judgment, the table of all of them, the lagging and overdue ones with
 * their lead departments, the narratives about them; appends each row to
 * model.tasks (report_tasks.c). */
void rp_section_tasks(rp_ctx *c, json_t *blocks, bool projects, json_t *model);
/* The narratives about report section `key` (pm_narr_sections) as
 * paragraphs, drafts marked; true when one of them is accepted (it then
 * stands instead of the generated draft). */
bool rp_section_narratives(rp_ctx *c, json_t *blocks, const char *key);
/* The narratives of scope `scope` (pm_narr_scope: plan, domain, indicator)
 * as paragraphs "about（kind）：text", under heading (an h3, only when
 * there is one; NULL: none). */
void rp_scope_narratives(rp_ctx *c, json_t *blocks, int scope, const char *heading);
/* model.narratives: every narrative of the report's year as a flat row
 * {scope_label, about, kind_label, state_label, text, who}, for the
 * workbook's sheet. */
void rp_narratives_model(rp_ctx *c, json_t *model);

#endif
