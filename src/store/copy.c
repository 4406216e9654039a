/* planmon copy between backends (copy.h): the table order, the stream from
 * one backend's reader to the other's writer, the count and checksum of
 * each table. */
#include "store/copy.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/copy_backend.h"
#include "store/copy_line.h"
#include "store/store_backend.h"

void pm_copy_counts_free(pm_copy_count *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        free(c[i].name);
    free(c);
}

/* ---- checksums --------------------------------------------------------------------- */

typedef struct tally {
    unsigned long long rows;
    uint64_t lane[4];
} tally;

static void tally_line(tally *t, const char *line, size_t len)
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)line, len, NULL, 0);
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            v = v << 8 | h[i * 8 + k];
        t->lane[i] += v;
    }
    t->rows++;
}

static void tally_hex(const tally *t, char out[65])
{
    for (int i = 0; i < 4; i++)
        snprintf(out + i * 16, 17, "%016llx", (unsigned long long)t->lane[i]);
}

/* ---- the stream ---------------------------------------------------------------------- */

typedef struct stream {
    const pm_copy_ops *to;
    void *w; /* the target's writer */
    tally sum;
} stream;

static bool pass_row(void *ctx, const char *line, size_t len, pm_err *err)
{
    stream *s = ctx;
    tally_line(&s->sum, line, len);
    return s->to->write_row(s->w, line, len, err);
}

static bool count_row(void *ctx, const char *line, size_t len, pm_err *err)
{
    (void)err;
    tally_line(ctx, line, len);
    return true;
}

static const pm_copy_table *find_table(const pm_copy_table *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(t[i].name, name))
            return &t[i];
    return NULL;
}

/* The target's tables in an order where each comes after the tables its
 * foreign keys name (a table naming itself is fine: rows of one table are
 * checked at the end of its statement). order[] gets indexes into t. */
static bool table_order(const pm_copy_table *t, size_t n, size_t *order, pm_err *err)
{
    bool *placed = xcalloc(n ? n : 1, sizeof *placed);
    size_t done = 0;
    bool progress = true;
    while (done < n && progress) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            bool ready = !placed[i];
            for (size_t r = 0; ready && r < t[i].nrefs; r++) {
                if (!strcmp(t[i].refs[r], t[i].name))
                    continue;
                for (size_t k = 0; k < n; k++)
                    if (!strcmp(t[k].name, t[i].refs[r]) && !placed[k])
                        ready = false;
            }
            if (ready) {
                placed[i] = true;
                order[done++] = i;
                progress = true;
            }
        }
    }
    free(placed);
    if (done < n)
        pm_err_set(err, 0, "数据表的外键互相引用，无法确定复制顺序");
    return done == n;
}

/* The source's table has the target's columns (by name), and no more. */
static bool same_columns(const pm_copy_table *to, const pm_copy_table *from, pm_err *err)
{
    if (!from) {
        pm_err_set(err, 0, "源数据库没有数据表 %s", to->name);
        return false;
    }
    bool ok = from->ncols == to->ncols;
    for (size_t c = 0; ok && c < to->ncols; c++) {
        ok = false;
        for (size_t k = 0; k < from->ncols && !ok; k++)
            ok = !strcmp(from->cols[k], to->cols[c]);
    }
    if (!ok)
        pm_err_set(err, 0, "数据表 %s 在两个数据库中的列不同", to->name);
    return ok;
}

/* Copies one table and checks it; *c filled. */
static bool copy_table(const pm_copy_ops *fo, void *fi, const pm_copy_ops *to, void *ti, const pm_copy_table *t,
                       pm_copy_count *c, pm_err *err)
{
    tally there = {0};
    if (!to->read(ti, t, count_row, &there, err))
        return false;
    if (there.rows) {
        pm_err_set(err, 0, "目标数据库的数据表 %s 不是空的（%llu 行）", t->name, there.rows);
        return false;
    }
    stream s = {to, to->write_begin(ti, t, err), {0}};
    if (!s.w)
        return false;
    bool ok = fo->read(fi, t, pass_row, &s, err);
    if (!to->write_end(s.w, ok, err) || !ok)
        return false;
    memset(&there, 0, sizeof there);
    if (!to->read(ti, t, count_row, &there, err))
        return false;
    char a[65], b[65];
    tally_hex(&s.sum, a);
    tally_hex(&there, b);
    if (there.rows != s.sum.rows || strcmp(a, b)) {
        pm_err_set(err, 0, "数据表 %s 复制后核对不符：源 %llu 行（校验和 %.16s…），目标 %llu 行（校验和 %.16s…）", t->name,
                   s.sum.rows, a, there.rows, b);
        return false;
    }
    c->name = xstrdup(t->name);
    c->rows = s.sum.rows;
    memcpy(c->sum, a, sizeof c->sum);
    return true;
}

bool pm_store_copy(pm_store *from, pm_store *to, pm_copy_count **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *fi, *ti;
    const pm_copy_ops *fo = pm_store_backend(from, &fi)->copy, *tops = pm_store_backend(to, &ti)->copy;
    if (pm_store_version(from) != pm_store_version(to)) {
        pm_err_set(err, 0, "两个数据库的版本不同（第 %d 版、第 %d 版）", pm_store_version(from), pm_store_version(to));
        return false;
    }
    pm_copy_table *ft = NULL, *tt = NULL;
    size_t nf = 0, nt = 0;
    if (!fo->tables(fi, &ft, &nf, err) || !tops->tables(ti, &tt, &nt, err)) {
        pm_copy_tables_free(ft, nf);
        pm_copy_tables_free(tt, nt);
        return false;
    }
    size_t *order = xmalloc((nt ? nt : 1) * sizeof *order);
    pm_copy_count *counts = xcalloc(nt ? nt : 1, sizeof *counts);
    bool ok = nf == nt;
    if (!ok)
        pm_err_set(err, 0, "两个数据库的数据表不同（%zu 张、%zu 张）", nf, nt);
    ok = ok && table_order(tt, nt, order, err);
    for (size_t i = 0; ok && i < nt; i++)
        ok = same_columns(&tt[i], find_table(ft, nf, tt[i].name), err);
    bool reading = ok && fo->read_begin(fi, err);
    bool writing = reading && pm_store_begin(to, err);
    ok = writing;
    for (size_t i = 0; ok && i < nt; i++)
        ok = copy_table(fo, fi, tops, ti, &tt[order[i]], &counts[i], err);
    if (reading)
        fo->read_end(fi);
    if (ok)
        ok = pm_store_commit(to, err);
    else if (writing)
        pm_store_rollback(to);
    pm_copy_tables_free(ft, nf);
    pm_copy_tables_free(tt, nt);
    free(order);
    if (!ok) {
        pm_copy_counts_free(counts, nt);
        return false;
    }
    *out = counts;
    *n = nt;
    return true;
}
