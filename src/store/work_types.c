#include "store/work_types.h"

#include <stdlib.h>

void pm_work_log_free(pm_work_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].at);
        free(e[i].who);
        free(e[i].action);
        free(e[i].kind);
        free(e[i].code);
        free(e[i].detail);
    }
    free(e);
}
