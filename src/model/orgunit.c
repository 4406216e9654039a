/* Building the org-unit tree: codes are resolved through a hash map, the
 * children of each unit collected in input order, and the tree laid out in
 * preorder by an explicit-stack walk (no recursion: a national tree is
 * 600,000 units and a hostile file may be one long chain). */
#include "model/orgunit.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/strmap.h"

const char *pm_level_name(int level)
{
    static const char *const names[] = {"区", "街道乡镇", "社区村"};
    static const char *const deeper[] = {"第4级", "第5级", "第6级", "第7级", "第8级"};
    if (level >= 0 && level <= 2)
        return names[level];
    if (level > 2 && level <= PM_LEVEL_MAX)
        return deeper[level - 3];
    return "未知级别";
}

bool pm_level_parse(const char *s, int *level)
{
    static const struct {
        const char *word;
        int level;
    } words[] = {
        {"district", 0}, {"区", 0},         {"区县", 0},   {"county", 0},
        {"town", 1},     {"street", 1},     {"街道", 1},   {"乡镇", 1},
        {"镇", 1},       {"乡", 1},         {"街道乡镇", 1}, {"community", 2},
        {"village", 2},  {"社区", 2},       {"村", 2},     {"社区村", 2},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(s, words[i].word)) {
            *level = words[i].level;
            return true;
        }
    long v;
    if (num_parse_int(s, 0, PM_LEVEL_MAX, &v)) {
        *level = (int)v;
        return true;
    }
    return false;
}

void pm_tree_free(pm_tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->u[i].code);
        free(t->u[i].name);
        free(t->u[i].group);
    }
    free(t->u);
    free(t->end);
    memset(t, 0, sizeof *t);
}

bool pm_unit_exists(const pm_unit *u, int year)
{
    return (!u->valid_from || year >= u->valid_from) && (!u->valid_to || year <= u->valid_to);
}

bool pm_unit_in_group(const pm_unit *u, const char *group)
{
    return !group || !*group || (u->group && !strcmp(u->group, group));
}

pm_unit_in *pm_units_over(const pm_tree *stored, const pm_unit_in *file, size_t nfile, size_t *n, size_t *added)
{
    strmap infile, instore;
    strmap_init(&infile, nfile);
    strmap_init(&instore, stored->n);
    for (size_t i = 0; i < nfile; i++)
        if (file[i].code)
            strmap_put(&infile, file[i].code, (int)i); /* the first row of a code */
    size_t named = 0;
    for (size_t i = 0; i < stored->n; i++) {
        strmap_put(&instore, stored->u[i].code, (int)i);
        named += strmap_get(&infile, stored->u[i].code) >= 0;
    }
    *added = 0;
    for (size_t i = 0; i < nfile; i++)
        *added += !file[i].code || strmap_get(&instore, file[i].code) < 0;
    pm_unit_in *out = xcalloc(stored->n + nfile + 1, sizeof *out);
    size_t k = 0;
    bool *used = xcalloc(nfile + 1, sizeof *used);
    if (named < stored->n) {
        for (size_t i = 0; i < stored->n; i++) {
            const pm_unit *u = &stored->u[i];
            int f = strmap_get(&infile, u->code);
            if (f >= 0) {
                out[k++] = file[f];
                used[f] = true;
                continue;
            }
            out[k++] = (pm_unit_in){u->code, u->name, u->parent >= 0 ? stored->u[u->parent].code : NULL,
                                    u->level,   0,       u->group,
                                    u->valid_from, u->valid_to};
        }
    }
    for (size_t i = 0; i < nfile; i++)
        if (!used[i])
            out[k++] = file[i];
    free(used);
    strmap_free(&infile);
    strmap_free(&instore);
    *n = k;
    return out;
}

int pm_tree_find(const pm_tree *t, const char *code)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->u[i].code, code))
            return (int)i;
    return -1;
}

/* Finds a parent chain that comes back on itself and reports it from the
 * unit of that cycle listed first in the input, naming the codes around
 * it ("A" → "B" → "A"). path is scratch of n ints. Marks: 0 not seen,
 * 1 on the chain being walked, 2 known to end at a root. Iterative: a
 * hostile file may be one long chain. Returns whether it found one. */
static bool report_cycle(const pm_unit_in *in, const int *parent, size_t n, int *path, pm_errs *errs)
{
    unsigned char *mark = xcalloc(n + 1, 1);
    bool found = false;
    for (size_t i = 0; !found && i < n; i++) {
        size_t len = 0;
        int u = (int)i;
        while (u >= 0 && mark[u] == 0) {
            mark[u] = 1;
            path[len++] = u;
            u = parent[u];
        }
        if (u >= 0 && mark[u] == 1) {
            int first = u;
            for (int v = parent[u]; v != u; v = parent[v])
                first = v < first ? v : first;
            /* Up to six hops: enough to see the mistake, short enough to read. */
            buf chain = BUF_INIT;
            int v = first, hops = 0;
            do {
                buf_printf(&chain, "“%s”→", in[v].code);
                v = parent[v];
            } while (v != first && ++hops < 6);
            buf_printf(&chain, v == first ? "“%s”" : "…→“%s”", in[first].code);
            pm_errs_add(errs, in[first].line, "组织机构的上下级关系构成循环（箭头指向上级）：%s", buf_str(&chain));
            buf_free(&chain);
            found = true;
        }
        for (size_t k = 0; k < len; k++)
            mark[path[k]] = 2;
    }
    free(mark);
    return found;
}

bool pm_tree_build(const pm_unit_in *in, size_t n, pm_tree *out, pm_err *err)
{
    pm_errs all = {0};
    bool ok = pm_tree_build_all(in, n, out, &all);
    if (!ok) /* the first error found; err->file is the caller's */
        pm_errs_first(&all, err);
    pm_errs_free(&all);
    return ok;
}

/* The checks of one unit's own fields but its code (pm_tree_build's list). */
static void unit_fields(const pm_unit_in *u, pm_errs *errs)
{
    if (!u->name || !u->name[0])
        pm_errs_add(errs, u->line, "组织机构“%s”的名称为空", u->code);
    else if (u->level < 0 || u->level > PM_LEVEL_MAX)
        pm_errs_add(errs, u->line, "组织机构“%s”的级别无效", u->code);
    else if (u->valid_from && u->valid_to && u->valid_to < u->valid_from)
        pm_errs_add(errs, u->line, "组织机构“%s”的撤销年份（%d）早于设立年份（%d）", u->code, u->valid_to,
                    u->valid_from);
}

/* A subtree ends where its last descendant does: children come after
 * parents, so one backward pass settles every end (end[i] starts at
 * i + 1). */
static void set_ends(pm_tree *out)
{
    for (size_t i = out->n; i-- > 1;) {
        int p = out->u[i].parent;
        if (out->end[i] > out->end[p])
            out->end[p] = out->end[i];
    }
}

bool pm_tree_build_all(const pm_unit_in *in, size_t n, pm_tree *out, pm_errs *errs)
{
    memset(out, 0, sizeof *out);
    if (n == 0) {
        pm_errs_add(errs, 0, "没有任何组织机构");
        return false;
    }
    size_t errors_before = errs->n + errs->more;
    strmap byc;
    strmap_init(&byc, n);
    int *parent = xnmalloc(n, sizeof *parent);
    int *nkids = xcalloc(n + 1, sizeof *nkids);
    int *kids = xnmalloc(n, sizeof *kids);
    int *order = xnmalloc(n, sizeof *order);
    int *stack = xnmalloc(n, sizeof *stack);
    int root = -1;
    /* Each unit on its own, then each parent: every error of both passes
     * is listed. A unit with a code is in the code map even when another
     * of its fields is wrong, so that its children are not also told their
     * parent is missing; a row without a code, or repeating one, is out. */
    bool *kept = xcalloc(n + 1, sizeof *kept);
    for (size_t i = 0; i < n; i++) {
        if (!in[i].code || !in[i].code[0]) {
            pm_errs_add(errs, in[i].line, "组织机构代码为空");
            continue;
        }
        if (!strmap_put(&byc, in[i].code, (int)i)) {
            pm_errs_add(errs, in[i].line, "组织机构代码“%s”重复（第 %ld 行已有）", in[i].code,
                        in[strmap_get(&byc, in[i].code)].line);
            continue;
        }
        kept[i] = true;
        unit_fields(&in[i], errs);
    }
    for (size_t i = 0; i < n; i++) {
        const char *pc = in[i].parent_code;
        parent[i] = -1;
        if (!kept[i])
            continue;
        if (!pc || !pc[0]) {
            if (root >= 0)
                pm_errs_add(errs, in[i].line, "“%s”和“%s”都没有上级，只能有一个根机构（区）", in[root].code,
                            in[i].code);
            else
                root = (int)i;
            continue;
        }
        int p = strmap_get(&byc, pc);
        if (p < 0)
            pm_errs_add(errs, in[i].line, "“%s”的上级机构“%s”不存在", in[i].code, pc);
        else if (p == (int)i)
            pm_errs_add(errs, in[i].line, "“%s”的上级是它自己", in[i].code);
        else
            parent[i] = p;
    }
    free(kept);
    /* Cycles before levels: every cycle also breaks the level order
     * somewhere, and "the level should be below its parent's" would send
     * the user after the wrong column when a parent code is mistyped. The
     * level of every unit whose parent is known is checked. */
    bool ok = !report_cycle(in, parent, n, stack, errs);
    for (size_t i = 0; ok && i < n; i++)
        if (parent[i] >= 0 && in[parent[i]].level >= in[i].level)
            pm_errs_add(errs, in[i].line, "“%s”（%s）的级别应低于其上级“%s”（%s）", in[i].code,
                        pm_level_name(in[i].level), in[parent[i]].code, pm_level_name(in[parent[i]].level));
    ok = errs->n + errs->more == errors_before;
    /* Without an error, every chain of parents ends (report_cycle walked
     * them all) at a unit without one, and every such unit but the root
     * was refused above: so there is a root, and the walk from it below
     * reaches every unit. */
    assert(!ok || root >= 0);
    if (ok) {
        /* Children in input order, as a compressed adjacency list. */
        for (size_t i = 0; i < n; i++)
            if (parent[i] >= 0)
                nkids[parent[i] + 1]++;
        for (size_t i = 0; i < n; i++)
            nkids[i + 1] += nkids[i];
        int *fill = xnmalloc(n, sizeof *fill);
        memcpy(fill, nkids, n * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            if (parent[i] >= 0)
                kids[fill[parent[i]]++] = (int)i;
        free(fill);
        /* Preorder walk; children pushed in reverse so they come out in order. */
        size_t sp = 0, k = 0;
        stack[sp++] = root;
        while (sp) {
            int u = stack[--sp];
            order[k++] = u;
            for (int c = nkids[u + 1] - 1; c >= nkids[u]; c--)
                stack[sp++] = kids[c];
        }
        assert(k == n);
    }
    if (ok) {
        int *pos = xnmalloc(n, sizeof *pos);
        out->u = xcalloc(n, sizeof *out->u);
        out->end = xnmalloc(n, sizeof *out->end);
        out->n = n;
        for (size_t i = 0; i < n; i++)
            pos[order[i]] = (int)i;
        for (size_t i = 0; i < n; i++) {
            const pm_unit_in *x = &in[order[i]];
            pm_unit *u = &out->u[i];
            u->code = xstrdup(x->code);
            u->name = xstrdup(x->name);
            u->level = x->level;
            u->line = x->line;
            u->group = x->group && *x->group ? xstrdup(x->group) : NULL;
            u->valid_from = x->valid_from;
            u->valid_to = x->valid_to;
            out->dated |= x->valid_from != 0 || x->valid_to != 0;
            u->parent = parent[order[i]] < 0 ? -1 : pos[parent[order[i]]];
            out->end[i] = (int)i + 1;
        }
        set_ends(out);
        free(pos);
    }
    strmap_free(&byc);
    free(parent);
    free(nkids);
    free(kids);
    free(order);
    free(stack);
    return ok;
}

/* Whether unit u's own fields pass unit_fields' checks, and it has a code. */
static bool fields_ok(const pm_unit_in *u)
{
    if (!u->code || !u->code[0])
        return false;
    pm_errs e = {0};
    unit_fields(u, &e);
    bool ok = !e.n && !e.more;
    pm_errs_free(&e);
    return ok;
}

/* Whether pm_tree_take_preorder may lay in out as it stands (see there);
 * stack: n ints of scratch. */
static bool laid_out(const pm_unit_in *in, const int *parent, size_t n, int *stack)
{
    size_t sp = 0;
    for (size_t i = 0; i < n; i++) {
        if (!fields_ok(&in[i]) || (parent[i] < 0) != (i == 0))
            return false; /* the root not first, or a second one */
        if (i == 0) {
            stack[sp++] = 0;
            continue;
        }
        while (sp && stack[sp - 1] != parent[i])
            sp--;
        if (!sp || in[parent[i]].level >= in[i].level)
            return false;
        stack[sp++] = (int)i;
    }
    return true;
}

bool pm_tree_take_preorder(pm_unit_in *in, const int *parent, size_t n, pm_tree *out)
{
    memset(out, 0, sizeof *out);
    int *stack = xnmalloc(n + 1, sizeof *stack);
    bool ok = n > 0 && laid_out(in, parent, n, stack);
    free(stack);
    if (!ok)
        return false;
    out->u = xcalloc(n, sizeof *out->u);
    out->end = xnmalloc(n, sizeof *out->end);
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        pm_unit_in *x = &in[i];
        pm_unit *u = &out->u[i];
        u->code = x->code;
        u->name = x->name;
        u->parent = parent[i];
        u->level = x->level;
        u->line = x->line;
        u->group = x->group && x->group[0] ? x->group : NULL;
        if (!u->group)
            free(x->group);
        u->valid_from = x->valid_from;
        u->valid_to = x->valid_to;
        out->dated |= x->valid_from != 0 || x->valid_to != 0;
        out->end[i] = (int)i + 1;
        x->code = x->name = x->group = NULL;
    }
    set_ends(out);
    return true;
}
