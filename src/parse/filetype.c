#include "parse/filetype.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* A ZIP package is a workbook when it has xl/workbook.xml, a document
 * when it has word/document.xml (Office Open XML, also what WPS saves). */
static pm_filetype ooxml(const void *p, size_t n)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(p, n, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    pm_filetype t = PM_FT_UNKNOWN;
    if (!za) {
        if (src)
            zip_source_free(src);
    } else {
        if (zip_name_locate(za, "xl/workbook.xml", 0) >= 0)
            t = PM_FT_XLSX;
        else if (zip_name_locate(za, "word/document.xml", 0) >= 0)
            t = PM_FT_DOCX;
        zip_discard(za); /* frees src too */
    }
    zip_error_fini(&ze);
    return t;
}

/* A PDF: "%PDF-" and a version (digit.digit) at the start, and "%%EOF"
 * somewhere after it: every PDF writer ends the file with it, so a file
 * cut short on its way (a broken upload, a truncated copy) lacks it. Not
 * required in the last bytes: scanners and mailers append padding. */
static int pdf(const unsigned char *b, size_t n)
{
    if (n < 8 || memcmp(b, "%PDF-", 5) || !isdigit(b[5]) || b[6] != '.' || !isdigit(b[7]))
        return 0;
    for (size_t i = 8; i + 5 <= n; i++) /* memmem is a GNU extension */
        if (b[i] == '%' && !memcmp(b + i, "%%EOF", 5))
            return 1;
    return 0;
}

pm_filetype pm_filetype_sniff(const void *p, size_t n)
{
    const unsigned char *b = p;
    if (pdf(b, n))
        return PM_FT_PDF;
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
        return PM_FT_PNG;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return PM_FT_JPEG;
    if (n >= 4 && !memcmp(b, "PK\x03\x04", 4))
        return ooxml(p, n);
    return PM_FT_UNKNOWN;
}

const char *pm_filetype_mime(pm_filetype t)
{
    switch (t) {
    case PM_FT_PDF: return "application/pdf";
    case PM_FT_PNG: return "image/png";
    case PM_FT_JPEG: return "image/jpeg";
    case PM_FT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case PM_FT_DOCX: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case PM_FT_UNKNOWN: break;
    }
    return NULL;
}

const char *pm_filetype_ext(pm_filetype t)
{
    switch (t) {
    case PM_FT_PDF: return ".pdf";
    case PM_FT_PNG: return ".png";
    case PM_FT_JPEG: return ".jpg";
    case PM_FT_XLSX: return ".xlsx";
    case PM_FT_DOCX: return ".docx";
    case PM_FT_UNKNOWN: break;
    }
    return NULL;
}

const char *pm_filetype_label(pm_filetype t)
{
    switch (t) {
    case PM_FT_PDF: return "PDF 文件";
    case PM_FT_PNG: return "PNG 图片";
    case PM_FT_JPEG: return "JPEG 图片";
    case PM_FT_XLSX: return "Excel 工作簿（.xlsx）";
    case PM_FT_DOCX: return "Word 文档（.docx）";
    case PM_FT_UNKNOWN: break;
    }
    return "无法识别的文件";
}

int pm_filetype_name_fits(pm_filetype t, const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    const char *ext = pm_filetype_ext(t);
    if (!dot || !ext)
        return 0;
    return !strcasecmp(dot, ext) || (t == PM_FT_JPEG && !strcasecmp(dot, ".jpeg"));
}

const char *pm_filetype_why_not(const void *p, size_t n)
{
    const unsigned char *b = p;
    if (n >= 4 && !memcmp(b, "%PDF", 4))
        return "以 PDF 文件头开始，但文件头或文件结尾（%%EOF）不完整，文件可能已损坏或不完整";
    if (n >= 4 && !memcmp(b, "PK\x03\x04", 4))
        return "是 ZIP 压缩包，但不是 Excel 工作簿（.xlsx）或 Word 文档（.docx）";
    if (n >= 2 && b[0] == 'M' && b[1] == 'Z')
        return "是可执行程序（.exe），不能作为佐证材料";
    return NULL;
}
