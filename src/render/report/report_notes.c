/* 六、数据说明: completeness, missing and carried-forward figures, review
 * states, and the method and thresholds the report used. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "render/write/escape.h"
#include "render/write/json.h"
#include "render/doc/plan_out.h"
#include "render/report/report_ctx.h"

/* ---- section 6: data notes ----------------------------------------------------------------------- */

void rp_section_notes(rp_ctx *c, json_t *sections)
{
    json_t *blocks = rp_section(sections, "notes", "六、数据说明");
    buf b = BUF_INIT;
    rp_block_text(blocks, "h3", json_string("（一）数据完整性"));
    if (c->u < 0) {
        buf_puts(&b, "数据库中还没有组织机构，也没有任何数据。");
    } else {
        int filled, expected, kids, kids_rep;
        rp_completeness(c, c->u, c->year, &filled, &expected, &kids, &kids_rep);
        buf_printf(&b, "%d 年，%s本级应填数据项 %d 项、已填 %d 项", c->year, c->ev->tree.u[c->u].name, expected,
                   filled);
        if (kids)
            buf_printf(&b, "；下级单位 %d 个，已报送 %d 个", kids, kids_rep);
        buf_puts(&b, "。");
    }
    rp_para(blocks, &b);

    int nnone = 0, nold = 0;
    buf none = BUF_INIT, old = BUF_INIT;
    for (size_t i = 0; i < c->plan->nind; i++) {
        const rp_judged *x = &c->j[i];
        if (x->o.status == PM_ST_NO_DATA)
            buf_printf(&none, "%s%s", nnone++ ? "、" : "", c->plan->ind[i].name);
        else if (x->o.year && x->o.year < c->year)
            buf_printf(&old, "%s%s（%d 年）", nold++ ? "、" : "", c->plan->ind[i].name, x->o.year);
    }
    if (c->u >= 0) {
        if (nnone)
            buf_printf(&b, "暂无数据、未作评估的指标 %d 项：%s。", nnone, buf_str(&none));
        else
            buf_puts(&b, "各项指标均有数据。");
        if (nold)
            buf_printf(&b, "%d 年缺少数据、采用最近年份数据评估的指标 %d 项：%s。", c->year, nold, buf_str(&old));
        buf_puts(&b, "本报告未对缺失数据作任何估算或插补；缺失的数据项在汇总时不计入。");
        rp_para(blocks, &b);
    }
    buf_free(&none);
    buf_free(&old);

    rp_block_text(blocks, "h3", json_string("（二）数据审核"));
    long total = c->all.n[0] + c->all.n[1] + c->all.n[2] + c->all.n[3];
    if (!total) {
        buf_printf(&b, "%d 年没有已录入的数据。", c->year);
    } else {
        buf_printf(&b, "%d 年共录入数据 %ld 条，其中已审核通过 %ld 条", c->year, total, c->all.n[PM_VS_APPROVED]);
        if (rp_pending_of(&c->all)) {
            buf_puts(&b, "，尚未审核通过的 ");
            buf_printf(&b, "%ld 条（", rp_pending_of(&c->all));
            rp_pending_text(&c->all, &b);
            buf_puts(&b, "）");
        } else {
            buf_puts(&b, "，没有待审核的数据");
        }
        buf_puts(&b, "。");
    }
    rp_para(blocks, &b);

    rp_block_text(blocks, "h3", json_string("（三）评估方法与阈值"));
    char on[48], be[48], ah[48];
    num_fmt_fixed(c->cfg->on_track, 2, on);
    num_fmt_fixed(c->cfg->behind, 2, be);
    num_fmt_fixed(c->cfg->ahead, 2, ah);
    buf_printf(&b, "评估采用“时间过半、任务过半”方法。时间进度 =（评估年份 − 基期年份）÷（目标年份 − 基期年份）；"
                   "完成度 =（最新值 − 基期值）÷（目标值 − 基期值）；完成进度 = 完成度 ÷ 时间进度。"
                   "最新值已达到目标的为已完成（目标年之前达到的为提前完成）；目标年仍未达到的为未完成；"
                   "其余按完成进度判定：不低于 %s 为快于预期，%s 至 %s 为符合预期，%s 至 %s 为进度偏慢，"
                   "0 至 %s 为明显滞后，小于 0 为逆向变化。",
               ah, on, ah, be, on, be);
    rp_para(blocks, &b);
    buf_puts(&b, "基期值已经达到目标的指标（如目标“不低于 50”、基期已是 50），任务是保持：仍达到目标的为保持达标，"
                 "低于目标的为未能保持，不计算完成度和完成进度。完成度为零或负数时，不写负的百分比，"
                 "而写明较基期上升或下降了多少（如“较基期下降 0.4 个百分点”）。");
    rp_para(blocks, &b);
    buf_puts(&b, "没有基期值的指标以最早一年的数据为基期；五年累计指标的基期值为 0。"
                 "预计期末值是基期值及此后各年数据的最小二乘直线在目标年的取值，且不超出指标的取值范围"
                 "（百分比在 0 至 100 之间，数量不小于 0）；"
                 "年均还需 =（目标值 − 最新值）÷（目标年份 − 最新数据年份）。"
                 "趋势判断：预计期末值达到目标的为预计能完成；未达到、但按现有趋势每年的变化量的两倍足以补上"
                 "年均还需的为完成有难度；其余为预计难以完成。"
                 "约束性指标进度偏慢、明显滞后、逆向变化、未能保持、未完成，或趋势判断为预计难以完成的，列为预警。"
                 "平均完成度是各项指标完成度的算术平均，已完成的和超过 100% 的均按 100% 计。");
    rp_para(blocks, &b);
    buf_puts(&b, "区级指标由各街道乡镇、社区村的数据项逐级汇总后计算：比率先汇总分子和分母再相除，不对下级的比率取平均。"
                 "街道乡镇以本单位自己的基期值为基期（由本单位的数据算出；分解目标文件给出基期值的，用给出的），"
                 "目标用分解到本单位的目标，没有分解目标的比率类指标用规划目标；"
                 "数量类指标只有在分解了本单位目标时才评估，否则只列出其占全区的比重。"
                 "本单位自身是否开展的事项（如是否建成站点）写作已开展或未开展，不写百分比。");
    rp_para(blocks, &b);
}

