/* Whether a figure is an actual (实际) or an estimate (预计值, DESIGN "What a
 * bureau reads"): mid-term work runs on "2022 实际 + 2023 预计", and a final
 * evaluation made before the target year's figures are in rests on
 * estimates. An actual replaces the estimate of the same figure; every
 * judgment that rests on an estimate says so. Plain words here, so that
 * the readers, the store and every output use the same ones. */
#ifndef PM_FIGKIND_H
#define PM_FIGKIND_H
#include <stdbool.h>

/* Reads a kind cell: "", 实际, 实际值, actual, 0, false, 否 → an actual;
 * 预计, 预计值, 预估, estimate, 1, true, 是 → an estimate (case and
 * surrounding spaces ignored). False for anything else. */
bool pm_figkind_parse(const char *text, bool *estimate);
const char *pm_figkind_key(bool estimate);   /* "actual" / "estimate" */
const char *pm_figkind_label(bool estimate); /* "实际" / "预计" */

#endif
