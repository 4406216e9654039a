/* The `sdg` progress method (DESIGN: Open SDG 2.4 / Eurostat-style
 * growth-rate ratio). Pure: no I/O, no allocation. */
#ifndef PM_SDG_H
#define PM_SDG_H
#include "model/progress.h"

void pm_sdg(const pm_sdg_in *in, pm_sdg_out *out);
const char *pm_sdg_status_key(pm_sdg_status s);   /* "substantial_progress" … */
const char *pm_sdg_status_label(pm_sdg_status s); /* Chinese */

#endif
