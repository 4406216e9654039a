#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pm_err_set(pm_err *e, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->line = line;
}

void pm_err_file(pm_err *e, const char *file)
{
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
}

void pm_err_format(const pm_err *e, char *out, unsigned long n)
{
    if (e->file[0] && e->line > 0)
        snprintf(out, n, "文件 %s 第 %ld 行：%s", e->file, e->line, e->msg);
    else if (e->file[0])
        snprintf(out, n, "文件 %s：%s", e->file, e->msg);
    else if (e->line > 0)
        snprintf(out, n, "第 %ld 行：%s", e->line, e->msg);
    else
        snprintf(out, n, "%s", e->msg);
}
