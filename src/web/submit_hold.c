#include "web/submit_hold.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "store/submit_check.h"

bool web_submit_held(pm_store *st, const char *unit, int year, const char *item, size_t *held, char *msg, size_t cap,
                     pm_err *err)
{
    buf lines = BUF_INIT;
    *held = 0;
    bool ok = pm_submit_unexplained(st, unit, year, item, held, &lines, err);
    if (ok && *held) {
        buf m = BUF_INIT;
        buf_printf(&m, "有 %zu 个警告尚未说明原因，未提交任何数据：请在“说明”栏注明原因并保存后，再提交审核。", *held);
        /* The store's lines, one per warning, each ending in "\n". */
        const char *p = buf_str(&lines);
        for (const char *nl; (nl = strchr(p, '\n')); p = nl + 1)
            buf_printf(&m, "%.*s；", (int)(nl - p), p);
        utf8_copy_cut(msg, cap, buf_str(&m));
        buf_free(&m);
    }
    buf_free(&lines);
    return ok;
}
