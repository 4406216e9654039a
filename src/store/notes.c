/* The backend-independent front of review notes (store/notes.h): checks
 * the text, then hands the call to the backend's pm_collect_ops. */
#include "store/notes.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "store/collect_backend.h"
#include "store/store_backend.h"

void pm_notes_free(pm_note *n, size_t count)
{
    for (size_t i = 0; n && i < count; i++) {
        free(n[i].unit);
        free(n[i].element);
        free(n[i].at);
        free(n[i].who);
        free(n[i].body);
    }
    free(n);
}

bool pm_store_note_add(pm_store *s, const char *unit, const char *element, int year, const char *who,
                       const char *body, pm_err *err)
{
    size_t len = body ? strlen(body) : 0;
    if (!unit || !*unit || !element || !*element || !who || !*who) {
        pm_err_set(err, 0, "审核意见缺少单位、数据项或填写人");
        return false;
    }
    if (len == 0) {
        pm_err_set(err, 0, "审核意见不能为空");
        return false;
    }
    if (len > PM_NOTE_MAX) {
        pm_err_set(err, 0, "审核意见过长：不超过 %d 个汉字", PM_NOTE_MAX / 3);
        return false;
    }
    if (!utf8_valid(body, len, NULL)) {
        pm_err_set(err, 0, "审核意见不是有效的 UTF-8 文本");
        return false;
    }
    void *impl;
    const pm_store_ops *ops = pm_store_backend(s, &impl);
    return ops->collect->note_add(impl, unit, element, year, who, body, err);
}

bool pm_store_notes(pm_store *s, const char *unit, const char *element, int year, pm_note **out, size_t *n,
                    pm_err *err)
{
    *out = NULL;
    *n = 0;
    if (!unit || !*unit) {
        pm_err_set(err, 0, "读取审核意见需要指定单位");
        return false;
    }
    void *impl;
    const pm_store_ops *ops = pm_store_backend(s, &impl);
    bool ok = ops->collect->notes(impl, unit, element && *element ? element : NULL, year, out, n, err);
    if (!ok) {
        pm_notes_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}
