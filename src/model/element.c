#include "model/element.h"

#include <string.h>

const char *pm_agg_str(pm_agg a)
{
    return a == PM_AGG_LAST ? "last" : a == PM_AGG_OWN ? "own" : "sum";
}

bool pm_agg_parse(const char *s, pm_agg *a)
{
    if (!strcmp(s, "sum"))
        *a = PM_AGG_SUM;
    else if (!strcmp(s, "last") || !strcmp(s, "stock"))
        *a = PM_AGG_LAST;
    else if (!strcmp(s, "own"))
        *a = PM_AGG_OWN;
    else
        return false;
    return true;
}

const char *pm_kind_str(pm_value_kind k)
{
    switch (k) {
    case PM_KIND_COUNT:
        return "count";
    case PM_KIND_SHARE:
        return "share";
    case PM_KIND_FLAG:
        return "flag";
    default:
        return "number";
    }
}

bool pm_kind_parse(const char *s, pm_value_kind *k)
{
    if (!strcmp(s, "number"))
        *k = PM_KIND_NUMBER;
    else if (!strcmp(s, "count"))
        *k = PM_KIND_COUNT;
    else if (!strcmp(s, "share"))
        *k = PM_KIND_SHARE;
    else if (!strcmp(s, "flag"))
        *k = PM_KIND_FLAG;
    else
        return false;
    return true;
}
