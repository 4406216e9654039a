/* planmon narrative list | set | import | export | history: the written
 * judgments of an evaluation (评估意见), kept with every change. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_work.h"
#include "cli/commands.h"
#include "render/doc/work_out.h"

static int print_narratives(cli_opts o, FILE *f)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_narrative *nv;
    size_t n;
    if (pm_store_narratives(s, o.year, &nv, &n, &err)) {
        json_t *rows = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(rows, out_narrative_json(&nv[i]));
        size_t nc;
        const out_column *cols = out_narrative_columns(&nc);
        out_listing_print(f, rows, cols, nc, o.format);
        json_decref(rows);
        pm_narratives_free(nv, n);
    } else {
        cli_bad_input(&err);
        code = EXIT_FAIL;
    }
    pm_store_close(s);
    return code;
}

int cmd_narrative_list(cli_opts o)
{
    return print_narratives(o, stdout);
}

int cmd_narrative_export(cli_opts o)
{
    if (o.format == OUT_TABLE)
        o.format = OUT_CSV;
    FILE *f = o.out ? fopen(o.out, "w") : stdout;
    if (!f)
        return cli_fail(EXIT_FAIL, "无法写入 %s：%s", o.out, pm_errno_text(errno));
    int code = print_narratives(o, f);
    if (o.out && fclose(f) != 0 && code == EXIT_OK)
        code = cli_fail(EXIT_FAIL, "写入 %s 失败", o.out);
    return code;
}

int cmd_narrative_set(cli_opts o)
{
    pm_narrative nv = {0};
    nv.year = o.year;
    nv.target = (char *)(o.target ? o.target : "");
    nv.text = (char *)o.args[0];
    nv.state = o.accept ? PM_NST_ACCEPTED : PM_NST_DRAFT;
    nv.who = (char *)o.as;
    if (!pm_narr_scope_parse(o.scope, &nv.scope))
        return cli_fail(EXIT_BADINPUT, "--scope 的值“%s”无法识别（可用 plan section domain indicator task 或中文）", o.scope);
    if (!pm_narr_kind_parse(o.kind, &nv.kind))
        return cli_fail(EXIT_BADINPUT, "--kind 的值“%s”无法识别（可用 work achievements problems next_steps adjustments 或中文）",
                        o.kind);
    const pm_narr_section *sec = nv.scope == PM_NS_SECTION ? pm_narr_section_find(nv.target) : NULL;
    if (sec)
        nv.target = (char *)sec->key;
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    if (pm_store_narrative_put(s, &nv, &err))
        printf("已保存 %d 年%s的评估意见（%s）。\n", nv.year, pm_narr_kind_label(nv.kind), pm_narr_state_label(nv.state));
    else
        code = cli_bad_input(&err);
    pm_store_close(s);
    return code;
}

int cmd_narrative_import(cli_opts o)
{
    cli_import im;
    int code;
    if (!cli_import_open(&o, &im, &code))
        return code;
    pm_narrative *nv = NULL;
    size_t n = 0;
    bool ok = pm_narratives_read(im.data, im.len, &im.refs, &nv, &n, &im.err) && cli_import_begin(&im);
    for (size_t i = 0; ok && i < n; i++) {
        nv[i].who = strdup(o.as);
        ok = pm_store_narrative_put(im.s, &nv[i], &im.err);
    }
    code = cli_import_close(&im, &o, ok);
    if (code == EXIT_OK)
        printf("%s %zu 条评估意见。\n", o.dry_run ? "检查通过（未写入）：" : "已导入", n);
    pm_narratives_free(nv, n);
    return code;
}

int cmd_narrative_history(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_narr_change *c;
    size_t n;
    if (pm_store_narrative_history(s, o.year, -1, o.target, &c, &n, &err)) {
        json_t *rows = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(rows, out_narr_change_json(&c[i]));
        static const out_column cols[] = {{"at", "时间"}, {"who", "修改人"}, {"year", "年份"}, {"target", "对象"},
                                          {"kind_label", "类别"}, {"old_text", "原内容"}, {"new_text", "新内容"}};
        out_listing_print(stdout, rows, cols, sizeof cols / sizeof cols[0], o.format);
        json_decref(rows);
        pm_narr_changes_free(c, n);
    } else {
        cli_bad_input(&err);
        code = EXIT_FAIL;
    }
    pm_store_close(s);
    return code;
}
