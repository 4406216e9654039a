#include "base/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

/* A message that did not fit is cut at the end of msg[], which may fall
 * inside a UTF-8 sequence (a long cell quoted in the message): the reader
 * would see a broken character and jansson would refuse the whole string.
 * Back up to the start of the character that was cut and end with "…" so
 * that the cut shows. The formatted text is valid UTF-8 (readers check
 * their input first), so the bytes before a lead byte are whole. */
static void cut_at_char(char *msg, size_t cap)
{
    static const char ellipsis[] = "…";
    size_t n = utf8_cut(msg, cap - sizeof ellipsis);
    memcpy(msg + n, ellipsis, sizeof ellipsis);
}

static void err_vset(pm_err *e, long line, const char *fmt, va_list ap)
{
    int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    if (n >= (int)sizeof e->msg)
        cut_at_char(e->msg, sizeof e->msg);
    e->line = line;
}

void pm_err_set(pm_err *e, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, line, fmt, ap);
    va_end(ap);
}

void pm_errs_add(pm_errs *l, long line, const char *fmt, ...)
{
    if (l->n >= PM_ERRS_KEEP) {
        l->more++;
        return;
    }
    if (!l->e)
        l->e = xcalloc(PM_ERRS_KEEP, sizeof *l->e); /* a fixed cap: one allocation */
    va_list ap;
    va_start(ap, fmt);
    err_vset(&l->e[l->n++], line, fmt, ap);
    va_end(ap);
}

void pm_errs_put(pm_errs *l, const pm_err *e)
{
    pm_errs_add(l, e->line, "%s", e->msg);
}

bool pm_errs_first(const pm_errs *l, pm_err *e)
{
    if (!l->n)
        return false;
    e->line = l->e[0].line;
    memcpy(e->msg, l->e[0].msg, sizeof e->msg);
    return true;
}

void pm_errs_sort(pm_errs *l)
{
    /* Insertion sort: stable, and at most PM_ERRS_KEEP errors. */
    for (unsigned long i = 1; i < l->n; i++)
        for (unsigned long j = i; j > 0 && l->e[j - 1].line > l->e[j].line; j--) {
            pm_err t = l->e[j];
            l->e[j] = l->e[j - 1];
            l->e[j - 1] = t;
        }
}

void pm_errs_merge_new_lines(pm_errs *l, const pm_errs *from)
{
    for (unsigned long i = 0; i < from->n; i++) {
        bool named = false;
        for (unsigned long j = 0; j < l->n && from->e[i].line; j++)
            named |= l->e[j].line == from->e[i].line;
        if (!named)
            pm_errs_put(l, &from->e[i]);
    }
    l->more += from->more;
}

void pm_errs_free(pm_errs *l)
{
    free(l->e);
    l->e = NULL;
    l->n = l->more = 0;
}

void pm_err_file(pm_err *e, const char *file)
{
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
}

void pm_err_format(const pm_err *e, char *out, unsigned long n)
{
    /* A database server named by its URI is no file: "文件 postgresql://…"
     * misleads whoever reads it. */
    const char *noun = strstr(e->file, "://") ? "数据库" : "文件";
    if (e->file[0] && e->line > 0)
        snprintf(out, n, "%s %s 第 %ld 行：%s", noun, e->file, e->line, e->msg);
    else if (e->file[0])
        snprintf(out, n, "%s %s：%s", noun, e->file, e->msg);
    else if (e->line > 0)
        snprintf(out, n, "第 %ld 行：%s", e->line, e->msg);
    else
        snprintf(out, n, "%s", e->msg);
}

const char *pm_errno_text(int errnum)
{
    static const struct {
        int e;
        const char *text;
    } known[] = {
        {ENOSPC, "磁盘空间不足"},
        {EDQUOT, "超出磁盘配额"},
        {EACCES, "没有权限"},
        {EPERM, "不允许的操作"},
        {EROFS, "只读文件系统"},
        {ENOENT, "文件或目录不存在"},
        {ENOTDIR, "路径中有一段不是目录"},
        {EISDIR, "是一个目录"},
        {EIO, "输入输出错误（磁盘或设备故障）"},
        {EPIPE, "管道已关闭（读取方已退出）"},
        {EFBIG, "文件过大"},
        {ENOMEM, "内存不足"},
        {EEXIST, "文件已存在"},
        {EBUSY, "设备或资源忙"},
        {ENAMETOOLONG, "文件名过长"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].e == errnum)
            return known[i].text;
    return strerror(errnum);
}
