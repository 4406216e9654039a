/* Evidence files of task updates (task_attach.h). */
#include "store/task_attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/work.h"

const char *pm_task_files_unit(const pm_task *k, const pm_tree *tree)
{
    const pm_party *lead = &k->duty.lead;
    if (lead->code && lead->unit)
        for (size_t i = 0; i < tree->n; i++)
            if (!strcmp(tree->u[i].code, lead->code))
                return lead->code;
    return tree->n ? tree->u[0].code : NULL;
}

bool pm_task_files_prefix(const char *task, char *out, size_t cap)
{
    int n = snprintf(out, cap, "task:%s:", task);
    return n > 0 && (size_t)n < cap;
}

long pm_task_files_update(const char *ref, size_t *task_len)
{
    if (!ref || strncmp(ref, "task:", 5))
        return 0;
    const char *code = ref + 5, *colon = strrchr(code, ':');
    if (!colon || colon == code || !colon[1])
        return 0;
    long id = 0;
    for (const char *d = colon + 1; *d; d++) {
        if (*d < '0' || *d > '9' || id > 1L << 52)
            return 0;
        id = id * 10 + (*d - '0');
    }
    if (id <= 0)
        return 0;
    if (task_len)
        *task_len = (size_t)(colon - code);
    return id;
}

/* The specs of n files of update (task, id, period) by who; malloc'd. */
static pm_attach_spec *specs_of(const pm_task_update *u, long id, const pm_task_file *files, size_t n,
                                const char *unit, char *ref, size_t cap)
{
    snprintf(ref, cap, "task:%s:%ld", u->task, id);
    pm_attach_spec *a = calloc(n ? n : 1, sizeof *a);
    if (!a)
        return NULL;
    int year = atoi(u->period); /* "2024H1" → 2024: the period's year */
    for (size_t i = 0; i < n; i++)
        a[i] = (pm_attach_spec){unit, year, NULL, ref, "evidence", files[i].name, NULL,
                                files[i].data, files[i].size, u->who};
    return a;
}

/* Checks every file as it would be stored: a refusal before anything is written. */
static bool check_all(const pm_task_update *u, const pm_task_file *files, size_t n, const char *unit,
                      pm_err *err)
{
    char ref[256];
    pm_attach_spec *a = specs_of(u, 1, files, n, unit, ref, sizeof ref);
    if (!a) {
        pm_err_set(err, 0, "内存不足");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = pm_attach_check(&a[i], NULL, err);
    free(a);
    return ok;
}

/* Attaches the n files to update id inside the caller's unit of work. */
static bool attach_all(pm_store *s, const pm_task_update *u, long id, const pm_task_file *files, size_t n,
                       const char *unit, long *ids, pm_err *err)
{
    char ref[256];
    pm_attach_spec *a = specs_of(u, id, files, n, unit, ref, sizeof ref);
    if (!a) {
        pm_err_set(err, 0, "内存不足");
        return false;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        long one = 0;
        ok = pm_store_attach_add(s, &a[i], &one, err);
        if (ok && ids)
            ids[i] = one;
    }
    free(a);
    return ok;
}

bool pm_store_task_update_with_files(pm_store *s, const pm_task_update *u, const pm_task_file *files, size_t n,
                                     const char *unit, long *id, pm_err *err)
{
    if (n && !check_all(u, files, n, unit, err))
        return false;
    if (!n)
        return pm_store_task_update_add(s, u, id, err);
    if (!pm_store_begin(s, err))
        return false;
    long made = 0;
    bool ok = pm_store_task_update_add(s, u, &made, err) && attach_all(s, u, made, files, n, unit, NULL, err) &&
              pm_store_commit(s, err);
    if (!ok)
        pm_store_rollback(s);
    else if (id)
        *id = made;
    return ok;
}

bool pm_store_task_update_attach(pm_store *s, const pm_task_update *u, const pm_task_file *files, size_t n,
                                 const char *unit, long *ids, pm_err *err)
{
    if (!check_all(u, files, n, unit, err))
        return false;
    if (!pm_store_begin(s, err))
        return false;
    bool ok = attach_all(s, u, u->id, files, n, unit, ids, err) && pm_store_commit(s, err);
    if (!ok)
        pm_store_rollback(s);
    return ok;
}
