/* 五、街道乡镇进展排名: the units below ranked by the share of their judged
 * indicators achieved or on track; who has not submitted, who submitted
 * in part, whose figures are not yet approved. */
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

/* ---- section 5: towns and streets ----------------------------------------------------------------- */

typedef struct kid_score {
    size_t k;
    int judged, good, bad, alerts;
    double share; /* NaN when nothing judged */
} kid_score;

static int cmp_score(const void *a, const void *b)
{
    const kid_score *x = a, *y = b;
    bool xn = isnan(x->share), yn = isnan(y->share);
    if (xn != yn)
        return xn ? 1 : -1;
    if (!xn && x->share != y->share)
        return x->share > y->share ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}




void rp_section_units(rp_ctx *c, json_t *sections, json_t *model)
{
    const char *lvl = c->nkids ? pm_level_name(c->ev->tree.u[c->kids[0]].level) : "下级单位";
    char heading[96];
    snprintf(heading, sizeof heading, "五、%s进展排名", c->nkids ? lvl : "下级单位");
    json_t *blocks = rp_section(sections, "units", heading);
    json_t *units = json_array();
    json_object_set_new(model, "units", units);
    buf b = BUF_INIT;
    if (!c->nkids) {
        buf_puts(&b, c->u < 0 ? "数据库中还没有组织机构。" : "本单位没有下级单位，本部分从略。");
        rp_para(blocks, &b);
        return;
    }
    kid_score *sc = xcalloc(c->nkids, sizeof *sc);
    for (size_t k = 0; k < c->nkids; k++) {
        sc[k].k = k;
        for (size_t i = 0; i < c->plan->nind; i++) {
            const rp_judged *x = rp_kid_j(c, k, (int)i);
            if (!x->g.judged || !rp_has_judgment(x))
                continue;
            sc[k].judged++;
            sc[k].good += rp_is_good(x);
            sc[k].bad += rp_is_bad(x);
            sc[k].alerts += x->o.alert;
        }
        sc[k].share = sc[k].judged ? (double)sc[k].good / sc[k].judged : NAN;
    }
    qsort(sc, c->nkids, sizeof *sc, cmp_score);

    buf_printf(&b, "按各%s参评指标中“已完成”或“符合预期”所占比例排名。参评指标是对该单位有目标可比、且有数据的指标："
                   "比率类指标按规划的基期值和目标值评估；数量类指标只在分解了本单位目标时参评。",
               lvl);
    rp_para(blocks, &b);

    const char *head[] = {"排名", lvl, "参评指标", "已完成或符合预期", "滞后或逆向", "达标比例", "约束性预警",
                          "本级已填/应填", "下级已报送", "未审核数据"};
    json_t *rows = rp_table_new(blocks, "表3 进展排名", "rlrrrrrrrr", head, 10);
    int rank = 0;
    for (size_t m = 0; m < c->nkids; m++) {
        const kid_score *s = &sc[m];
        if (m == 0 || s->share != sc[m - 1].share || isnan(s->share) != isnan(sc[m - 1].share))
            rank = (int)m + 1;
        int unit = c->kids[s->k], filled, expected, kids, kids_rep;
        rp_completeness(c, unit, c->year, &filled, &expected, &kids, &kids_rep);
        const pm_unit *pu = &c->ev->tree.u[unit];
        json_t *row = json_array();
        json_array_append_new(row, isnan(s->share) ? json_string("—") : rp_jfmt("%d", rank));
        json_array_append_new(row, esc_json_value(pu->name));
        json_array_append_new(row, rp_jfmt("%d", s->judged));
        json_array_append_new(row, rp_jfmt("%d", s->good));
        json_array_append_new(row, rp_jfmt("%d", s->bad));
        rp_fpct(s->share, &b);
        json_array_append_new(row, rp_jbuf(&b));
        json_array_append_new(row, rp_jfmt("%d", s->alerts));
        json_array_append_new(row, rp_jfmt("%d/%d", filled, expected));
        json_array_append_new(row, kids ? rp_jfmt("%d/%d", kids_rep, kids) : json_string("—"));
        json_array_append_new(row, rp_jfmt("%ld", rp_pending_of(&c->ks[s->k])));
        json_array_append_new(rows, row);

        json_t *o = json_object();
        json_object_set_new(o, "rank", isnan(s->share) ? json_null() : json_integer(rank));
        json_object_set_new(o, "code", esc_json_value(pu->code));
        json_object_set_new(o, "name", esc_json_value(pu->name));
        json_object_set_new(o, "judged", json_integer(s->judged));
        json_object_set_new(o, "good", json_integer(s->good));
        json_object_set_new(o, "bad", json_integer(s->bad));
        json_object_set_new(o, "share", out_json_num(s->share));
        json_object_set_new(o, "alerts", json_integer(s->alerts));
        json_object_set_new(o, "reported", json_integer(filled));
        json_object_set_new(o, "expected", json_integer(expected));
        json_object_set_new(o, "kids", json_integer(kids));
        json_object_set_new(o, "kids_reported", json_integer(kids_rep));
        json_object_set_new(o, "pending", json_integer(rp_pending_of(&c->ks[s->k])));
        json_array_append_new(units, o);
    }

    /* Top and bottom, when there is a field to speak of. */
    size_t ranked = 0;
    while (ranked < c->nkids && !isnan(sc[ranked].share))
        ranked++;
    if (ranked >= 2 && sc[0].share == sc[ranked - 1].share) {
        buf_printf(&b, "各%s达标比例相同（", lvl);
        rp_fpct(sc[0].share, &b);
        buf_puts(&b, "）。");
        rp_para(blocks, &b);
    } else if (ranked >= 2) {
        /* The first and last three places, ties included (a tie at the
         * edge brings everyone who shares it). */
        size_t show = ranked >= 6 ? 3 : 1;
        double top = sc[show - 1].share, bottom = sc[ranked - show].share;
        buf_puts(&b, "达标比例居前的是");
        size_t m = 0;
        for (; m < ranked && sc[m].share >= top; m++) {
            if (m == 6) {
                buf_puts(&b, "等");
                break;
            }
            buf_printf(&b, "%s%s（", m ? "、" : "", c->ev->tree.u[c->kids[sc[m].k]].name);
            rp_fpct(sc[m].share, &b);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "；居后的是");
        for (m = 0; m < ranked && sc[ranked - 1 - m].share <= bottom; m++) {
            const kid_score *s = &sc[ranked - 1 - m];
            if (m == 6) {
                buf_puts(&b, "等");
                break;
            }
            buf_printf(&b, "%s%s（", m ? "、" : "", c->ev->tree.u[c->kids[s->k]].name);
            rp_fpct(s->share, &b);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "。");
        rp_para(blocks, &b);
    } else if (!ranked) {
        buf_printf(&b, "各%s均暂无可评估的指标。", lvl);
        rp_para(blocks, &b);
    }

    /* Who has not submitted, who submitted in part. */
    buf none = BUF_INIT, part = BUF_INIT;
    int nnone = 0, npart = 0;
    for (size_t k = 0; k < c->nkids; k++) {
        int filled, expected, kids, kids_rep;
        rp_completeness(c, c->kids[k], c->year, &filled, &expected, &kids, &kids_rep);
        const char *name = c->ev->tree.u[c->kids[k]].name;
        if (!filled && !kids_rep) {
            buf_printf(&none, "%s%s", nnone++ ? "、" : "", name);
        } else if (filled < expected || kids_rep < kids) {
            buf_printf(&part, "%s%s（", npart++ ? "、" : "", name);
            if (filled < expected)
                buf_printf(&part, "本级已填 %d/%d 项%s", filled, expected, kids_rep < kids ? "，" : "");
            if (kids_rep < kids)
                buf_printf(&part, "下级已报送 %d/%d 个", kids_rep, kids);
            buf_puts(&part, "）");
        }
    }
    if (!nnone && !npart) {
        buf_printf(&b, "%d 年，全部 %zu 个%s均已报送数据，且本级和下级的数据齐全。", c->year, c->nkids, lvl);
    } else {
        if (nnone)
            buf_printf(&b, "%d 年尚未报送任何数据的%s有 %d 个：%s。", c->year, lvl, nnone, buf_str(&none));
        if (npart)
            buf_printf(&b, "已报送但不齐全的有 %d 个：%s。", npart, buf_str(&part));
    }
    buf_free(&none);
    buf_free(&part);
    rp_para(blocks, &b);

    int npend = 0;
    for (size_t k = 0; k < c->nkids; k++)
        npend += rp_pending_of(&c->ks[k]) > 0;
    if (!npend) {
        buf_printf(&b, "%d 年已报送的数据均已审核通过。", c->year);
    } else {
        buf_printf(&b, "%d 年尚有未审核通过数据的%s %d 个：", c->year, lvl, npend);
        int m = 0;
        for (size_t k = 0; k < c->nkids; k++) {
            if (!rp_pending_of(&c->ks[k]))
                continue;
            buf_printf(&b, "%s%s（", m++ ? "；" : "", c->ev->tree.u[c->kids[k]].name);
            rp_pending_text(&c->ks[k], &b);
            buf_puts(&b, "）");
        }
        buf_puts(&b, "。评估使用的是这些数据的当前值，审核后如有修改，请重新生成本报告。");
    }
    rp_para(blocks, &b);
    free(sc);
}

