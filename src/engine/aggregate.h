/* The evaluation engine: figures of every data element for every unit and
 * year in flat arrays, aggregated up the org-unit tree in one backward pass
 * per element and year (the tree is in preorder), then every indicator's
 * formula evaluated for all units of a year at once, then judged.
 * Pure: no I/O; the caller fills the figures (from the store or a generator).
 *
 * Memory: one grid of nelem × nyears × nunits doubles (aggregated in place)
 * and one of nind × nyears × nunits, less the indicators that are one
 * element as it stands (#{e}, not cumulative: entered directly, or a plain
 * total), which read that element's rows instead of a copy of them. */
#ifndef PM_AGGREGATE_H
#define PM_AGGREGATE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "engine/pace.h"
#include "engine/sdg.h"
#include "model/formula.h"
#include "model/orgunit.h"
#include "model/plan.h"

/* Year ranges longer than this are refused at init, so that judging can
 * keep a series on the stack (and callers of pm_engine_pace_years their
 * judgments). */
#define PM_ENGINE_MAX_YEARS PM_PACE_MAX_YEARS

typedef struct pm_engine {
    const pm_plan *plan; /* borrowed */
    const pm_tree *tree; /* borrowed */
    int year0;           /* first year held */
    size_t nyears, nunits, nelem, nind;
    pm_formula *f;       /* nind compiled formulas (owned) */
    double *elem;        /* [e][y][u]: own figures until pm_engine_run, then subtree aggregates */
    unsigned char *elem_set; /* [e][y]: 1 once the row holds its figures or NaN (rows are
                                filled with NaN on first use, not at init: see pm_engine_own) */
    double *ind;         /* rows of the indicators computed into rows of their own */
    double **ind_row;    /* [i][y]: the nunits values of indicator i in year y after
                            pm_engine_run: in ind, or the element's row (see above) */
    int *filled;         /* [y][u]: how many elements the unit itself reported */
    int *expected;       /* [u]: how many elements a unit at that level reports */
    int *kids;           /* [u]: number of children */
    int *kids_reported;  /* [y][u]: children with any figure in their subtree */
    unsigned char *est;  /* [e][y][u]: 1 where the figure, or one summed into it, is an
                            estimate (预计值); NULL while none was marked */
    bool ran;
    double **spare;      /* nspare rows of nunits + 1 doubles, touched at init, for
                            pm_engine_run's own vectors (see take_row in aggregate.c) */
    size_t nspare;
} pm_engine;

/* Prepares an engine for plan and tree over years [year0, year1] with the
 * indicators' compiled formulas (plan->nind of them, malloc'd, from
 * parse/formula.h's pm_plan_formulas: the engine takes them over, on
 * failure too). Figures start as NaN (none). False with err when the year
 * range is empty or too long, or the grids would not fit. Free with
 * pm_engine_free. */
bool pm_engine_init(pm_engine *e, const pm_plan *plan, const pm_tree *tree, pm_formula *formulas, int year0,
                    int year1, pm_err *err);
void pm_engine_free(pm_engine *e);

/* The row of own figures of element el in year (nunits doubles) to fill
 * before pm_engine_run; NULL when the year is outside the range. */
double *pm_engine_own(pm_engine *e, int el, int year);
/* The same row for a caller that writes all nunits cells (NaN where there
 * is no figure) before pm_engine_run: the evaluation's packed blocks. It
 * is not filled with NaN first, as pm_engine_own's is on first use. */
double *pm_engine_own_whole(pm_engine *e, int el, int year);
/* The row (nunits bytes, zeroed) in which to mark own figures of element
 * el in year as estimates (1) before pm_engine_run; NULL when the year is
 * outside the range. The marks follow the figures: carried forward with
 * a stock, summed up the tree (any estimate below makes the sum rest on
 * one). */
unsigned char *pm_engine_own_est(pm_engine *e, int el, int year);
/* Before run: the own figure of element el at unit u in year as filled so
 * far (NaN: none, or a row not filled yet). */
double pm_engine_own_at(const pm_engine *e, int el, int u, int year);
/* Aggregates and evaluates everything. Call once, after filling. */
void pm_engine_run(pm_engine *e);

/* After run: value of indicator i at unit u in year (NaN = none). */
double pm_engine_value(const pm_engine *e, int i, int u, int year);
/* After run: subtree aggregate of element el. */
double pm_engine_elem(const pm_engine *e, int el, int u, int year);
/* After run: whether indicator i's value at unit u in year rests on an
 * estimate (any element its formula reads, in u's subtree; for a
 * cumulative indicator, in any year it adds up to year). */
bool pm_engine_estimated(const pm_engine *e, int i, int u, int year);

/* pm_goalpost (what a unit is judged against) is in engine/pace.h, which
 * judges many series of one indicator from an array of them. */

/* Whether indicator i can have a value at unit u at all: false when every
 * element its formula reads is reported only above u's level (a district
 * figure such as 区级儿童福利机构数量 has nothing to show for a town), or
 * when it counts units of a group u's subtree has none of while other
 * units have (乡镇 coverage, units(town:镇), at a street).
 * Such an indicator is "not applicable" there rather than "no data". */
bool pm_engine_applicable(const pm_engine *e, int i, int u);

/* Whether indicator i at unit u is a yes/no of u itself: a share of units
 * with something (units_with(x, L) / units(L)) read at a unit of level L,
 * where the only unit counted is u, so the value is 0 or 100 % and is
 * shown as 已开展 / 未开展 (DESIGN "Towns"). */
bool pm_engine_single_flag(const pm_engine *e, int i, int u);

/* Goalposts of indicator i for unit u (DESIGN "Towns"). The root is
 * judged against the plan's baseline and target. Any other unit against
 * its own base: own_baseline when the bureau gave one (may be NULL or
 * NaN), else its own base-year value computed from its figures; and
 * against own_target (may be NULL) when given, else the plan's target for
 * rates, ratios and shares. A count below the root without a target of
 * its own is not judged. */
pm_goalpost pm_engine_goalpost(const pm_engine *e, int i, int u, const double *own_baseline,
                               const double *own_target);

/* pm_engine_goalpost(e, i, u, NULL, NULL) for units u0 <= u < u1 into
 * g[u - u0] (caller's), the same values, the indicator read once: the
 * goalposts of units without targets of their own. */
void pm_engine_goalposts(const pm_engine *e, int i, int u0, int u1, pm_goalpost *g);

/* Judges indicator i for unit u with the observations up to `year`. */
void pm_engine_pace(const pm_engine *e, int i, int u, int year, const pm_goalpost *g,
                    const pm_pace_cfg *cfg, pm_pace_out *out);
/* Judges indicator i for unit u in every year held: out[y] (e->nyears of
 * them, caller's) is what pm_engine_pace gives for year e->year0 + y, bit
 * for bit. The series is gathered once and each year judged on its
 * prefix. */
void pm_engine_pace_years(const pm_engine *e, int i, int u, const pm_goalpost *g, const pm_pace_cfg *cfg,
                          pm_pace_out *out);
/* The same for units u0 <= u < u1 at once: g[u - u0] is unit u's
 * goalposts and out[(u - u0) * e->nyears + y] its judgment of year
 * e->year0 + y (both caller's), each what pm_engine_pace_years gives, bit
 * for bit. What is the indicator's (target year, polarity, limits, cfg)
 * is made once, only the unit's own base, target and series per unit:
 * a caller judging a whole level saves the per-series round trip. */
void pm_engine_pace_years_units(const pm_engine *e, int i, int u0, int u1, const pm_goalpost *g,
                                const pm_pace_cfg *cfg, pm_pace_out *out);
void pm_engine_sdg(const pm_engine *e, int i, int u, int year, const pm_goalpost *g, pm_sdg_out *out,
                   int *base_year_used);

#endif
