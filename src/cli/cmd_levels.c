/* planmon review-levels [NAME:LEVEL ...] [--clear]
 * The review levels of the database (engine/review.h): without arguments
 * lists them; with arguments replaces them, first level first, each as
 * 名称:单位层级 (the depth of its reviewers' unit: 1 街道乡镇, 0 区);
 * --clear goes back to one level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "store/review.h"

/* "街镇审核:1" → a level; false with the refusal printed. */
static bool parse_level(const char *arg, pm_review_level *l)
{
    const char *colon = strrchr(arg, ':');
    char *end = NULL;
    long depth = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == arg || !end || end == colon + 1 || *end || depth < 0 || depth > 7 ||
        (size_t)(colon - arg) >= sizeof l->name) {
        cli_fail(EXIT_BADINPUT, "审核层级“%s”应写成 名称:单位层级，如 街镇审核:1 区业务科室审核:0", arg);
        return false;
    }
    snprintf(l->name, sizeof l->name, "%.*s", (int)(colon - arg), arg);
    l->unit_level = (int)depth;
    return true;
}

static void print_levels(const pm_review_levels *lv)
{
    if (lv->n == 0) {
        printf("一级审核：本单位及上级单位的审核人均可审核通过（未设置审核层级）。\n");
        return;
    }
    for (int k = 0; k < lv->n; k++)
        printf("第 %d 级\t%s\t单位层级 %d\n", k + 1, lv->l[k].name, lv->l[k].unit_level);
}

int cmd_review_levels(cli_opts o)
{
    pm_review_levels lv = {0};
    bool set = o.clear || o.nargs > 0;
    if (o.clear && o.nargs > 0)
        return cli_fail(EXIT_BADINPUT, "--clear 与审核层级不能同时给出");
    if (o.nargs > PM_REVIEW_LEVELS_MAX)
        return cli_fail(EXIT_BADINPUT, "审核层级最多 %d 级", PM_REVIEW_LEVELS_MAX);
    for (int i = 0; i < o.nargs; i++)
        if (!parse_level(o.args[i], &lv.l[lv.n++]))
            return EXIT_BADINPUT;
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    bool ok = set ? pm_store_set_review_levels(s, &lv, &err) : pm_store_review_levels(s, &lv, &err);
    pm_store_close(s);
    if (!ok)
        return cli_bad_input(&err);
    print_levels(&lv);
    return EXIT_OK;
}
