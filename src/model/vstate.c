#include "model/vstate.h"

#include <string.h>

#include "base/text.h"

static const char *const vstate_keys[PM_VS_COUNT] = {"draft", "submitted", "approved", "returned"};
static const char *const vstate_labels[PM_VS_COUNT] = {"草稿", "已提交", "已审核", "已退回"};

bool pm_vstate_valid(int s)
{
    return s >= 0 && s < PM_VS_COUNT;
}

const char *pm_vstate_str(pm_vstate s)
{
    return pm_vstate_valid((int)s) ? vstate_keys[s] : "draft";
}

const char *pm_vstate_label(pm_vstate s)
{
    return pm_vstate_valid((int)s) ? vstate_labels[s] : "草稿";
}

/* CSV files from the towns carry whichever their template showed. */
bool pm_vstate_parse(const char *s, pm_vstate *out)
{
    if (!s)
        return false;
    for (int i = 0; i < PM_VS_COUNT; i++) {
        if (text_ieq(s, vstate_keys[i]) || !strcmp(s, vstate_labels[i])) {
            *out = (pm_vstate)i;
            return true;
        }
    }
    return false;
}
