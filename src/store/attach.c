/* The backend-independent front of attachments (store/attach.h). */
#include "store/attach.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/filetype.h"
#include "store/collect_backend.h"
#include "store/store_backend.h"

#define NAME_MAX_BYTES 600 /* 200 Chinese characters */

void pm_attachment_clear(pm_attachment *a)
{
    if (!a)
        return;
    free(a->unit);
    free(a->element);
    free(a->ref);
    free(a->kind);
    free(a->name);
    free(a->mime);
    free(a->at);
    free(a->who);
    free(a->data);
    memset(a, 0, sizeof *a);
}

void pm_attachments_free(pm_attachment *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        pm_attachment_clear(&a[i]);
    free(a);
}

const char *pm_attach_kind_label(const char *kind)
{
    return kind && !strcmp(kind, "scan") ? "盖章报表扫描件" : "佐证材料";
}

static size_t attach_max = (size_t)PM_ATTACH_MAX_MB_DEFAULT << 20;

bool pm_attach_configure_max_mb(long mb)
{
    if (mb < 1 || mb > PM_ATTACH_MAX_MB_LIMIT)
        return false;
    attach_max = (size_t)mb << 20;
    return true;
}

size_t pm_attach_max(void)
{
    return attach_max;
}

bool pm_attach_too_big(const pm_attach_spec *a)
{
    return a->size > attach_max;
}

bool pm_attach_refused(const pm_err *err)
{
    static const char *const fields[] = {"file：", "kind：", "name："};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!strncmp(err->msg, fields[i], strlen(fields[i])))
            return true;
    return false;
}

bool pm_attach_check(const pm_attach_spec *a, const char **mime, pm_err *err)
{
    if (!a->unit || !*a->unit || !a->who || !*a->who) {
        pm_err_set(err, 0, "佐证材料缺少单位或上传人");
        return false;
    }
    if (!a->kind || (strcmp(a->kind, "scan") && strcmp(a->kind, "evidence"))) {
        pm_err_set(err, 0, "kind：应为 scan（盖章报表扫描件）或 evidence（佐证材料）");
        return false;
    }
    size_t nlen = a->name ? strlen(a->name) : 0;
    if (!nlen || nlen > NAME_MAX_BYTES || !utf8_valid(a->name, nlen, NULL)) {
        pm_err_set(err, 0, "name：文件名不能为空，不超过 200 个字符");
        return false;
    }
    if (!a->size) {
        pm_err_set(err, 0, "file：文件“%s”是空的", a->name);
        return false;
    }
    if (pm_attach_too_big(a)) {
        pm_err_set(err, 0, "file：文件“%s”有 %.1f MB，超过 %zu MB 的上限", a->name, (double)a->size / (1 << 20),
                   attach_max >> 20);
        return false;
    }
    pm_filetype t = pm_filetype_sniff(a->data, a->size);
    if (t == PM_FT_UNKNOWN) {
        const char *why = pm_filetype_why_not(a->data, a->size);
        if (why)
            pm_err_set(err, 0, "file：文件“%s”%s；只接受 PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx）文件", a->name,
                       why);
        else
            pm_err_set(err, 0,
                       "file：文件“%s”不是 PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx）文件（按文件内容判断）",
                       a->name);
        return false;
    }
    if (!pm_filetype_name_fits(t, a->name)) {
        pm_err_set(err, 0, "file：文件“%s”的内容是%s，与扩展名不符，请确认文件后以 %s 上传", a->name,
                   pm_filetype_label(t), pm_filetype_ext(t));
        return false;
    }
    if (mime)
        *mime = pm_filetype_mime(t);
    return true;
}

bool pm_store_attach_add(pm_store *s, const pm_attach_spec *a, long *id, pm_err *err)
{
    pm_attach_spec checked = *a;
    if (!pm_attach_check(a, &checked.mime, err))
        return false;
    void *impl;
    const pm_store_ops *ops = pm_store_backend(s, &impl);
    return ops->collect->attach_add(impl, &checked, id, err);
}

bool pm_store_attachments(pm_store *s, const char *unit, int year, pm_attachment **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = pm_store_backend(s, &impl)->collect->attachments(impl, unit, year, out, n, err);
    if (!ok) {
        pm_attachments_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

bool pm_store_attachments_ref(pm_store *s, const char *prefix, pm_attachment **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = pm_store_backend(s, &impl)->collect->attachments_ref(impl, prefix, out, n, err);
    if (!ok) {
        pm_attachments_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

int pm_store_attachment_get(pm_store *s, long id, pm_attachment *out, pm_err *err)
{
    memset(out, 0, sizeof *out);
    void *impl;
    int found = pm_store_backend(s, &impl)->collect->attachment_get(impl, id, out, err);
    if (found != 1)
        pm_attachment_clear(out);
    return found;
}
