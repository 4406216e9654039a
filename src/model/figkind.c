#include "model/figkind.h"

#include <stddef.h>
#include <stdlib.h>

#include "base/text.h"

static const char *const actual_w[] = {"", "实际", "实际值", "actual", "0", "false", "否", NULL};
static const char *const estimate_w[] = {"预计", "预计值", "预估", "estimate", "1", "true", "是", NULL};

static bool one_of(const char *w, const char *const *words)
{
    for (; *words; words++)
        if (text_ieq(w, *words))
            return true;
    return false;
}

bool pm_figkind_parse(const char *text, bool *estimate)
{
    /* No kind column, or the cell left empty: an actual, as actual_w's
     * "" says, without squeezing a copy (an import asks for every row:
     * ~700 instructions a row, callgrind of a million-row import). */
    if (!text || !*text) {
        *estimate = false;
        return true;
    }
    char *w = text_squeeze(text);
    bool act = one_of(w, actual_w), est = !act && one_of(w, estimate_w);
    free(w);
    *estimate = est;
    return act || est;
}

const char *pm_figkind_key(bool estimate) { return estimate ? "estimate" : "actual"; }

const char *pm_figkind_label(bool estimate) { return estimate ? "预计" : "实际"; }
