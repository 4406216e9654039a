#include "model/target.h"

#include <stdlib.h>

void pm_unit_targets_free(pm_unit_target *t, size_t n)
{
    if (!t)
        return;
    for (size_t i = 0; i < n; i++) {
        free(t[i].unit);
        free(t[i].indicator);
    }
    free(t);
}
