/* The overview's default year: the latest year whose collection is over
 * (every round of it past its deadline or mostly approved,
 * engine/round.h), and the round the banner names when a later year is
 * still being collected. web/year_pick.c. */
#ifndef PM_WEB_YEAR_PICK_H
#define PM_WEB_YEAR_PICK_H
#include <stddef.h>

#include "base/buf.h"
#include "web/snapshot.h"
#include "web/year_pick_types.h"

/* Fills p for the request's snapshot (read once per snapshot and bureau
 * day; on a store failure: the latest year with figures, no round). */
void web_year_pick_get(web_req *r, const web_snap *s, web_year_pick *p);
/* The banner above an overview of year shown at unit (a code): on the
 * year being collected, that its figures may still change; on the default
 * year, which year is being collected and a link to it. Nothing
 * otherwise. */
void web_year_banner(buf *b, const web_year_pick *p, int shown, const char *unit);

#endif
