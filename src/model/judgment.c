#include "model/judgment.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *key, *label;
} verdicts[] = {
    [PM_VERDICT_ACHIEVED] = {"achieved", "已实现"},
    [PM_VERDICT_MOSTLY] = {"mostly", "基本实现"},
    [PM_VERDICT_NOT] = {"not_achieved", "未实现"},
};

const char *pm_verdict_label(pm_verdict v)
{
    return (unsigned)v < sizeof verdicts / sizeof verdicts[0] ? verdicts[v].label : "";
}

const char *pm_verdict_key(pm_verdict v)
{
    return (unsigned)v < sizeof verdicts / sizeof verdicts[0] ? verdicts[v].key : "";
}

bool pm_verdict_parse(const char *s, pm_verdict *v)
{
    for (size_t i = 0; s && i < sizeof verdicts / sizeof verdicts[0]; i++)
        if (!strcmp(s, verdicts[i].key) || !strcmp(s, verdicts[i].label)) {
            *v = (pm_verdict)i;
            return true;
        }
    return false;
}

void pm_judgments_free(pm_judgment *j, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(j[i].indicator);
        free(j[i].unit);
        free(j[i].note);
        free(j[i].at);
        free(j[i].who);
    }
    free(j);
}

const pm_judgment *pm_judgment_find(const pm_judgment *j, size_t n, const char *indicator, const char *unit,
                                    int year)
{
    const pm_judgment *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (j[i].year <= year && (!best || j[i].year >= best->year) && !strcmp(j[i].indicator, indicator) &&
            !strcmp(j[i].unit, unit))
            best = &j[i];
    return best;
}
