/* zip_pkg.h over libzip: parts collected first, then one archive written
 * into a libzip memory source that keeps its bytes past zip_close. */
#include "render/write/zip_pkg.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/mem.h"

typedef struct part {
    char *name;
    buf data;
} part;

struct zip_pkg {
    part *parts;
    size_t n, cap;
};

/* 2020-01-01 00:00 UTC: any fixed time will do (DOS times start in 1980);
 * the package's own dates are in docProps/core.xml. */
#define PKG_MTIME ((time_t)1577836800)

zip_pkg *zip_pkg_new(void) { return xcalloc(1, sizeof(zip_pkg)); }

void zip_pkg_add(zip_pkg *p, const char *name, buf *data)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->parts = xrealloc(p->parts, p->cap * sizeof *p->parts);
    }
    p->parts[p->n].name = xstrdup(name);
    p->parts[p->n].data = *data;
    *data = (buf)BUF_INIT;
    p->n++;
}

void zip_pkg_free(zip_pkg *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->parts[i].name);
        buf_free(&p->parts[i].data);
    }
    free(p->parts);
    free(p);
}

static bool is_png(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcmp(name + n - 4, ".png");
}

/* Adds every part to za; the data stays ours (libzip reads it at close). */
static bool add_parts(zip_t *za, const zip_pkg *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const part *pt = &p->parts[i];
        zip_source_t *s = zip_source_buffer(za, pt->data.len ? pt->data.p : "", pt->data.len, 0);
        if (!s)
            return false;
        zip_int64_t idx = zip_file_add(za, pt->name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            return false;
        }
        if (zip_set_file_compression(za, (zip_uint64_t)idx, is_png(pt->name) ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) <
                0 ||
            zip_file_set_mtime(za, (zip_uint64_t)idx, PKG_MTIME, 0) < 0)
            return false;
    }
    return true;
}

/* Copies the finished archive out of the memory source. */
static bool read_source(zip_source_t *src, buf *out)
{
    zip_stat_t st;
    if (zip_source_open(src) < 0)
        return false;
    bool ok = zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
    size_t before = out->len;
    char chunk[65536];
    zip_int64_t got;
    zip_uint64_t total = 0;
    while (ok && (got = zip_source_read(src, chunk, sizeof chunk)) > 0) {
        buf_append(out, chunk, (size_t)got);
        total += (zip_uint64_t)got;
    }
    ok = ok && total == st.size;
    zip_source_close(src);
    if (!ok)
        out->len = before;
    return ok;
}

bool zip_pkg_finish(zip_pkg *p, buf *out, pm_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    bool ok = za != NULL;
    if (ok) {
        zip_source_keep(src); /* zip_close would free it with the archive */
        ok = add_parts(za, p);
        if (!ok)
            pm_err_set(err, 0, "无法生成文件包：%s", zip_strerror(za));
        if (!ok)
            zip_discard(za);
        else if (zip_close(za) < 0) {
            pm_err_set(err, 0, "无法生成文件包：%s", zip_strerror(za));
            zip_discard(za);
            ok = false;
        }
        if (ok && !read_source(src, out)) {
            pm_err_set(err, 0, "无法读出生成的文件包");
            ok = false;
        }
    } else {
        pm_err_set(err, 0, "无法生成文件包：%s", zip_error_strerror(&ze));
    }
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    zip_pkg_free(p);
    return ok;
}
