/* libxlsxwriter can assemble a workbook in memory (output_buffer) only
 * from version 1.1.5; Debian 12 ships 1.1.4, which writes to a file name.
 * So the workbook goes into a private directory made for this one call
 * (mkdtemp: 0700, a fresh name, so concurrent requests never share a file
 * and nobody else can read or swap it), is read back, and the directory is
 * removed. libxlsxwriter's own scratch files go there too (tmpdir). This
 * is the only file I/O below the front doors, and it never touches a path
 * a user named. When Debian carries 1.1.5, this file alone changes. */
#include "render/write/xlsx_bytes.h"
#include "render/write/xlsx_style.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *xlsx_strerror(lxw_error rc)
{
    switch (rc) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: return "内存不足";
    case LXW_ERROR_CREATING_XLSX_FILE: return "无法创建文件";
    case LXW_ERROR_CREATING_TMPFILE: return "无法创建临时文件";
    case LXW_ERROR_READING_TMPFILE: return "无法读取临时文件";
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE: return "写入压缩包失败（磁盘已满或没有写权限）";
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: return "单元格文字超过 32767 个字符";
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: return "超出工作表的行列范围";
    default: return lxw_strerror(rc);
    }
}

/* Appends the whole file at path to out; false on any read error. */
static bool read_back(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t start = out->len;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok && out->p) { /* leave out as it was */
        out->len = start;
        out->p[start] = '\0';
    }
    return ok;
}

/* Removes the scratch directory and whatever libxlsxwriter left in it
 * (it names its scratch files itself, and removes them on close). */
static void remove_scratch(const char *dir, const char *book)
{
    remove(book);
    rmdir(dir);
}

bool xlsx_to_bytes(xlsx_fill_fn fill, void *ctx, buf *out, pm_err *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], book[560];
    snprintf(dir, sizeof dir, "%s/planmon-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        pm_err_set(err, 0, "无法创建临时目录：%s", pm_errno_text(errno));
        return false;
    }
    snprintf(book, sizeof book, "%s/book.xlsx", dir);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = dir, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(book, &opt);
    if (!wb) {
        pm_err_set(err, 0, "%s", xlsx_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
        remove_scratch(dir, book);
        return false;
    }
    if (!fill(wb, ctx, err)) {
        lxw_workbook_free(wb); /* dropped unwritten: libxlsxwriter writes only on close */
        remove_scratch(dir, book);
        return false;
    }
    out_xlsx_finish(wb); /* the Chinese font and the page setup of every XLSX */
    lxw_error rc = workbook_close(wb); /* frees wb whatever it returns */
    bool ok = rc == LXW_NO_ERROR;
    if (!ok)
        pm_err_set(err, 0, "%s", xlsx_strerror(rc));
    else if (!(ok = read_back(book, out)))
        pm_err_set(err, 0, "无法读取生成的文件");
    remove_scratch(dir, book);
    return ok;
}
