/* What both backends run after a plan's elements change (a plan put, a
 * plan added): element.ord says whether some plan still uses an element
 * (values of a retired one are kept, but nobody enters new ones), and an
 * element no plan uses goes only when nothing refers to it (values and
 * their history outlive a change of plan). The statements have no
 * parameters and read the same in SQLite's and PostgreSQL's dialects, so
 * one copy serves both. Internal to src/store/. */
#ifndef PM_ELEMENT_SWEEP_H
#define PM_ELEMENT_SWEEP_H

extern const char pm_sql_elem_ord[];   /* run first: ord from the plans' links */
extern const char pm_sql_elem_purge[]; /* then: drop the unused, unreferenced */

#endif
