/* Judging a collection round (model/round.h): each unit's state, whether
 * it reported on time or late, and the round's completeness and
 * timeliness (按时报送率). Pure: cells and instants in, verdicts out.
 *
 * A unit has reported (报送) when every item of the round has been
 * submitted at least once; the moment it reported is the latest of its
 * items' first submissions (a later return and resubmission does not
 * make a punctual unit late, nor a late one punctual). It is on time
 * when that moment is before the deadline's end (due), late when it is
 * after, and late-not-reported (逾期未报) when due has passed without it. */
#ifndef PM_ENGINE_ROUND_H
#define PM_ENGINE_ROUND_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/round.h"

typedef struct pm_round_unit {
    const char *unit, *unit_name;  /* borrowed from the cells */
    const char *person, *phone;    /* borrowed; NULL: none */
    const char *email;             /* borrowed; NULL: none */
    pm_round_state state;
    size_t items, filled, submitted, approved, returned; /* figures by state */
    const char *reported_at; /* borrowed: UTC ISO; NULL: not reported */
    bool on_time;            /* reported before due */
    bool late;               /* reported after due, or due passed without it */
} pm_round_unit;

typedef struct pm_round_summary {
    size_t units, reported, on_time, late, not_reported, approved;
    double completeness; /* reported / units; NaN when no unit */
    double timeliness;   /* on_time / units (按时报送率); NaN when no unit */
    bool past_due;       /* now is after the deadline's end */
} pm_round_summary;

/* Judges the cells of one round (grouped by unit: consecutive cells of
 * the same unit code, as the store orders them) against due and now.
 * Returns a malloc'd array of *nout units (free it; strings borrowed from
 * cells, which must outlive it) and fills sum. */
pm_round_unit *pm_round_judge(const pm_round_cell *cells, size_t n, time_t due, time_t now, size_t *nout,
                              pm_round_summary *sum);
/* "未开始", "已提交（逾期）", "未开始（逾期未报）" …: the state as people read it. */
const char *pm_round_unit_label(const pm_round_unit *u, char *out, size_t cap);

/* The year the overview opens on (issue 14: not a year still being
 * collected). A round is settled when its deadline has passed or when at
 * least `share` of its units are approved (已审核); a year is settled when
 * every round of it is. The overview opens on the latest settled year in
 * (base, latest], latest being the latest year holding figures; on latest
 * itself when no year after the base is settled (a plan's first year
 * under way has nothing older to show). The bureau sets share
 * (serve --year-approved-share, default 0.8; pm_round_configure_share). */
typedef struct pm_round_year {
    int year;
    long round;            /* its number, for the banner's link */
    const char *deadline;  /* borrowed, YYYY-MM-DD */
    bool past_due;
    size_t units, approved; /* of pm_round_summary */
} pm_round_year;

#define PM_ROUND_SHARE_DEFAULT 0.8
/* false (nothing set) unless 0 < share <= 1. */
bool pm_round_configure_share(double share);
double pm_round_share(void);
bool pm_round_year_settled(const pm_round_year *y, double share);
/* The default year as above, given the rounds (any order). *open: the
 * index in y of the round the banner names (the unsettled round of the
 * latest unsettled year, its lowest approved share when several), -1
 * when every round is settled. latest 0 (no figures): returns base. */
int pm_round_default_year(const pm_round_year *y, size_t n, int base, int latest, double share, int *open);

#endif
