/* What a file is, from its bytes (attachments, 佐证材料): the name a
 * person gave it proves nothing, so the type comes from the magic at its
 * start and, for the Office formats (ZIP packages), from the part that
 * makes the package a workbook or a document. A PDF must also be whole:
 * its version in the header, its %%EOF marker after it. Pure: bytes in, a type out. */
#ifndef PM_FILETYPE_H
#define PM_FILETYPE_H
#include <stddef.h>

typedef enum pm_filetype {
    PM_FT_UNKNOWN = 0,
    PM_FT_PDF,
    PM_FT_PNG,
    PM_FT_JPEG,
    PM_FT_XLSX,
    PM_FT_DOCX,
} pm_filetype;

/* The type of n bytes at p. */
pm_filetype pm_filetype_sniff(const void *p, size_t n);
/* For bytes pm_filetype_sniff found no type in: what they look like
 * instead ("以 PDF 文件头开始，但…不完整…", "是 ZIP 压缩包，但不是…"), or
 * NULL when nothing more can be said. A static Chinese string. */
const char *pm_filetype_why_not(const void *p, size_t n);
/* "application/pdf" …; NULL for PM_FT_UNKNOWN. */
const char *pm_filetype_mime(pm_filetype t);
/* ".pdf", ".png", ".jpg", ".xlsx", ".docx"; NULL for PM_FT_UNKNOWN. */
const char *pm_filetype_ext(pm_filetype t);
/* Whether a file name's extension fits t (".jpeg" for JPEG too; case
 * ignored). A name without extension fits nothing. */
int pm_filetype_name_fits(pm_filetype t, const char *name);
/* "PDF" / "PNG 图片" …: for messages. */
const char *pm_filetype_label(pm_filetype t);

#endif
