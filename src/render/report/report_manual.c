/* The report's qualitative indicators (定性指标): at the end of section
 * 三, one table of the planners' judgments by hand in force at the report
 * year — verdict, note, who — or 尚未评价 where none is recorded. A plan
 * without qualitative indicators gets nothing. */
#include <stdio.h>

#include "render/report/report_ctx.h"
#include "render/write/escape.h"

/* The judgment of indicator i at the report's unit in force in its year. */
static const pm_judgment *judgment_of(const rp_ctx *c, int i)
{
    const pm_evaluation *ev = c->ev;
    if (c->u < 0)
        return NULL;
    return pm_judgment_find(ev->judgments, ev->njudgments, c->plan->ind[i].code, ev->tree.u[c->u].code, c->year);
}

void rp_section_manual(rp_ctx *c, json_t *sections)
{
    size_t n = 0, judged = 0;
    for (size_t i = 0; i < c->plan->nind; i++)
        if (c->plan->ind[i].qualitative) {
            n++;
            judged += judgment_of(c, (int)i) != NULL;
        }
    size_t nsec = json_array_size(sections);
    if (!n || !nsec)
        return;
    json_t *blocks = json_object_get(json_array_get(sections, nsec - 1), "blocks");
    rp_block_text(blocks, "h3", json_string("定性指标人工评价"));
    rp_block_text(blocks, "p",
                  rp_jfmt("规划中有 %zu 项定性指标（目标为文字表述），不按数据测算进度，由规划人员按“已实现、基本实现、"
                          "未实现”作出人工评价；截至 %d 年已评价 %zu 项，尚未评价 %zu 项。",
                          n, c->year, judged, n - judged));
    static const char *const head[] = {"序号", "指标", "规划目标", "评价结论", "评价说明", "评价人（年份）"};
    json_t *rows = rp_table_new(blocks, "定性指标人工评价", "rlllll", head, 6);
    for (size_t i = 0; i < c->plan->nind; i++) {
        const pm_indicator *ind = &c->plan->ind[i];
        if (!ind->qualitative)
            continue;
        const pm_judgment *j = judgment_of(c, (int)i);
        json_t *row = json_array();
        json_array_append_new(row, rp_jfmt("%d", ind->no));
        json_array_append_new(row, esc_json_value(ind->name));
        json_array_append_new(row, esc_json_value(ind->target_text ? ind->target_text : "—"));
        json_array_append_new(row, json_string(j ? pm_verdict_label(j->verdict) : "尚未评价"));
        json_array_append_new(row, esc_json_value(j && j->note ? j->note : "—"));
        char who[200];
        snprintf(who, sizeof who, "%s（%d 年）", j ? j->who : "", j ? j->year : 0);
        json_array_append_new(row, j ? esc_json_value(who) : json_string("—"));
        json_array_append_new(rows, row);
    }
}
