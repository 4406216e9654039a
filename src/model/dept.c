#include "model/dept.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_keys[PM_DEPT_KIND_COUNT] = {"section", "agency"};
static const char *const kind_labels[PM_DEPT_KIND_COUNT] = {"科室", "委办局"};

const char *pm_dept_kind_str(pm_dept_kind k)
{
    return (unsigned)k < PM_DEPT_KIND_COUNT ? kind_keys[k] : "?";
}

const char *pm_dept_kind_label(pm_dept_kind k)
{
    return (unsigned)k < PM_DEPT_KIND_COUNT ? kind_labels[k] : "?";
}

bool pm_dept_kind_parse(const char *s, pm_dept_kind *out)
{
    for (int k = 0; s && k < PM_DEPT_KIND_COUNT; k++)
        if (!strcmp(s, kind_keys[k]) || !strcmp(s, kind_labels[k])) {
            *out = (pm_dept_kind)k;
            return true;
        }
    return false;
}

bool pm_dept_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > PM_DEPT_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

void pm_dept_clear(pm_dept *d)
{
    if (!d)
        return;
    free(d->code);
    free(d->name);
    free(d->contact);
    memset(d, 0, sizeof *d);
}

void pm_depts_free(pm_dept *d, size_t n)
{
    for (size_t i = 0; d && i < n; i++)
        pm_dept_clear(&d[i]);
    free(d);
}
