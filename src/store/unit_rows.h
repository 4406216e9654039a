/* Org units as a backend reads them (rows with ids, parents by code), made
 * into the model's tree. Internal to src/store/. */
#ifndef PM_UNIT_ROWS_H
#define PM_UNIT_ROWS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/orgunit.h"

/* A unit row as read, before pm_tree_build lays the rows out. */
typedef struct pm_unit_read {
    pm_unit_in in;
    long id;
} pm_unit_read;

/* Lays rows (in sibling order) out as a preorder tree t (pm_tree_build
 * checks them) and gives each unit its id. Sorts rows. False with err
 * from pm_tree_build. */
bool pm_units_tree(pm_unit_read *rows, size_t n, pm_tree *t, pm_err *err);
/* Frees the rows' strings and the array. */
void pm_unit_reads_free(pm_unit_read *rows, size_t n);

#endif
