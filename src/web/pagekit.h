/* Pieces the data pages share (pagekit.c): figures with their units and
 * the plan's way of writing targets, status and review-state badges,
 * links to the unit and indicator pages, messages, one indicator judged
 * for one unit, a unit's score among its peers, the unit and year of a
 * form, and moving one unit's own figures between review states.
 * Internal to src/web/. Everything appends to a buf the caller owns and
 * passes text through out/escape.h (web_text, web_attr,
 * esc_url_component). */
#ifndef PM_WEB_PAGEKIT_H
#define PM_WEB_PAGEKIT_H
#include "web/web.h"

/* ---- figures ------------------------------------------------------------------ */

/* Decimals that show an indicator's figures as the plan writes them. */
int wp_decimals(const pm_indicator *ind);
/* A number with fixed decimals, "—" for NaN. */
void wp_num(buf *b, double v, int decimals);
/* "120 张", "46.7%": a figure with its indicator's unit; "—" for NaN. */
void wp_value(buf *b, const pm_indicator *ind, double v);
/* A target as the plan writes it ("≥15 张", "[130] 个", "—"). */
void wp_target(buf *b, const pm_indicator *ind, double target);
/* A raw figure as entered (shortest exact form), "" for NaN. */
void wp_raw(buf *b, double v);

/* ---- badges, links, messages ---------------------------------------------------- */

void wp_status_badge(buf *b, const pm_pace_out *o);
/* The review state of a stored figure (草稿, 已提交, 已审核, 已退回); -1: none. */
void wp_state_badge(buf *b, int state);
/* <a href="HREF">label</a>, href escaped for the attribute and label as
 * text here: the one way a page writes a link it built in a buf (the
 * caller still owns and frees that buf). */
void wp_link(buf *b, const char *href, const char *label);
/* <a href="/unit/CODE?year=Y">name</a>; year 0 leaves it out. */
void wp_unit_link(buf *b, const pm_tree *t, int u, int year);
/* Only the href's value, escaped for a double-quoted attribute. */
void wp_unit_href(buf *b, const pm_tree *t, int u, int year);
/* <a href="/indicator/NO?unit=CODE&amp;year=Y">label</a> (label escaped here). */
void wp_indicator_link(buf *b, const pm_indicator *ind, const char *unit_code, int year, const char *label);
/* The same link to the indicator page's list of the units that lag
 * (#lagging): where an alert leads. */
void wp_lagging_link(buf *b, const pm_indicator *ind, const char *unit_code, int year, const char *label);
/* A task judgment (pm_task_judgment key and label) as a status chip: the
 * status palette's class nearest in meaning, so words, signs and contrast
 * are those of every other page. */
void wp_judgment_chip(buf *b, const char *key, const char *label);
/* <a href="/depts/CODE">name</a> for a department; name as text alone
 * when code is NULL or "" (an org unit, or nobody). name is shown as
 * given (NULL: ""): the caller picks what stands for an unnamed one. */
void wp_dept_link(buf *b, const char *code, const char *name);
/* <a href="/tasks/CODE">CODE</a> for a key task or project. */
void wp_task_link(buf *b, const char *code);
/* A responsible party by name (its code when unnamed), escaped; a
 * department links to its page. */
void wp_party(buf *b, const pm_party *p);
/* The parties co[0..nco) by wp_party, sep between them; nothing when nco is 0. */
void wp_parties(buf *b, const pm_party *co, size_t nco, const char *sep);
/* Who answers for an item: "牵头单位名" with "（配合：甲、乙）" when co is
 * set, or "未明确" when a (may be NULL) names no lead. */
void wp_duty(buf *b, const pm_assignment *a, bool co);
/* <p class="msg msg-KIND" role=…>text</p>; kind "ok", "error", "warn", "info". */
void wp_msg(buf *b, const char *kind, const char *text);

/* Opens the box around a table that may scroll sideways on a narrow
 * screen: a region named label (escaped here) that takes the keyboard's
 * focus, so that it can be scrolled without a mouse (WCAG 2.1.1). The
 * caller writes <table>… and closes the box with </div>. */
void wp_table_wrap(buf *b, const char *label);
/* A plain listing table: wp_table_wrap(label), then <table class="cls">
 * with one header cell per head[0..n) (plain text), and <tbody>; rows
 * follow, each cell by wp_td or by hand; wp_table_end closes it all. */
void wp_table_begin(buf *b, const char *label, const char *cls, const char *const *head, size_t n);
void wp_table_end(buf *b);
/* <td>text</td>, text escaped ("" for NULL). */
void wp_td(buf *b, const char *text);

/* ---- judgments ------------------------------------------------------------------ */

/* One indicator judged for one unit and year (pace), as the status
 * document judges it (status_doc.c): the unit's own target when the
 * bureau set one, the plan's otherwise; counts below the root are judged
 * only with an own target. share: the unit's value as a share of the
 * root's, for counts below the root (NaN otherwise). */
typedef struct wp_judged {
    pm_goalpost g;
    pm_pace_out o;
    double share;
    bool estimate; /* the latest value rests on an estimate (预计值) */
} wp_judged;
void wp_judge(const pm_evaluation *ev, int i, int u, int year, wp_judged *out);
/* Judged at all: a goalpost that counts and a status other than no data
 * or no target. */
bool wp_counts(const wp_judged *j);
/* 完成度 as the status table and the report say it: "46.7%" when the value
 * moved towards the target (gap share g > 0), else its move from the base
 * in words ("较基期下降 0.4 个百分点", "与基期持平"), never a negative
 * percent; "—" when g is NaN. */
void wp_completion(buf *b, const pm_indicator *ind, double g, double value, double base);
/* The mark after a value that rests on an estimate: " <span class=est>预计</span>". */
void wp_estimate_mark(buf *b);
/* Achieved or on track / behind, lagging, regressing or missed. */
bool wp_good(pm_status st);
bool wp_bad(pm_status st);

/* A unit's standing: of the indicators judged (wp_counts), how many are
 * achieved or on track. */
typedef struct wp_score {
    int judged, good;
} wp_score;
wp_score wp_unit_score(const pm_evaluation *ev, int u, int year);

/* The children of unit u × the indicators they report, each cell the
 * child's status chip, rows worst first (matrix.c); nothing when u has no
 * children or they report nothing. */
void wp_unit_matrix(buf *b, const pm_evaluation *ev, int u, int year);

/* ---- forms ------------------------------------------------------------------ */

/* Trims ASCII blanks and the full-width space off both ends of s, in
 * place; NULL stays NULL. */
char *wp_trim(char *s);

/* <select name=NAME> of the units the user may touch with action a, from
 * the root down to level max_level, plus `chosen` whatever its level;
 * towns indented under their district. */
void wp_unit_select(web_req *r, buf *b, const web_snap *s, const char *name, web_action a, int chosen,
                    int max_level);
/* <select name=NAME> of the plan's years; any: a first option "全部年份"
 * (value "") chosen when year is 0. */
void wp_year_select(buf *b, const web_snap *s, const char *name, int year, bool any);
/* The unit and year chooser of a page: a GET form to `action` (a local
 * path; submitted by its button, never on change: arrow keys must not
 * reload the page). */
void wp_chooser(web_req *r, buf *b, const web_snap *s, const char *action, web_action a, int unit, int year);

/* ---- review moves ------------------------------------------------------------- */

/* Moves the figures of exactly unit u (not of its subtree) in year —
 * of element index elem only, or of every element when elem is -1 — whose
 * state is in `from` (bits 1u << PM_VS_*) to `to`, each with its history
 * row, by one store transition per element. The store moves an element's
 * figures in a whole subtree; elements are reported at one level, so that
 * is the unit's own figure — unless a unit below holds the same element
 * in a `from` state, which is refused (false, *conflict true, nothing
 * moved) rather than moving more than was shown. Call inside a store
 * transaction so that the check and the moves see the same figures.
 * False with err when the store fails. */
bool wp_move_unit(pm_store *st, const web_snap *s, int u, int year, int elem, unsigned from, pm_vstate to, int level,
                  const char *who,
                  const char *why, size_t *moved, bool *conflict, pm_err *err);

#endif
