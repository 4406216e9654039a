#include "model/role.h"

#include <string.h>

#include "base/text.h"

static const char *const role_keys[PM_ROLE_COUNT] = {"admin", "planner", "reviewer", "reporter"};
static const char *const role_labels[PM_ROLE_COUNT] = {"管理员", "规划人员", "审核人", "填报人"};

bool pm_role_valid(int r)
{
    return r >= 0 && r < PM_ROLE_COUNT;
}

const char *pm_role_str(pm_role r)
{
    return pm_role_valid((int)r) ? role_keys[r] : "reporter";
}

const char *pm_role_label(pm_role r)
{
    return pm_role_valid((int)r) ? role_labels[r] : "填报人";
}

bool pm_role_parse(const char *s, pm_role *out)
{
    if (!s)
        return false;
    for (int i = 0; i < PM_ROLE_COUNT; i++)
        if (text_ieq(s, role_keys[i]) || !strcmp(s, role_labels[i])) {
            *out = (pm_role)i;
            return true;
        }
    return false;
}
