/* The `pace` progress method (DESIGN "Judging progress", the
 * 时间过半、任务过半 rule). Pure: no I/O, no allocation. */
#ifndef PM_PACE_H
#define PM_PACE_H
#include <stdbool.h>

#include "model/progress.h"

typedef struct pm_pace_cfg {
    double on_track; /* q >= on_track: on_track (DESIGN: 0.95) */
    double behind;   /* behind <= q < on_track: behind (DESIGN: 0.60) */
} pm_pace_cfg;

extern const pm_pace_cfg PM_PACE_DEFAULT;

void pm_pace(const pm_pace_in *in, const pm_pace_cfg *cfg, pm_pace_out *out);

/* "on_track" etc. */
const char *pm_status_key(pm_status s);
/* "符合预期" etc.; achieved reads 提前完成 when early. */
const char *pm_status_label(pm_status s, bool early);
/* Parses a key back; false if unknown. */
bool pm_status_parse(const char *key, pm_status *s);

#endif
