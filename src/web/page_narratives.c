/* GET /narratives: the written judgments of the year's evaluation (评估意见)
 * the user may read, by kind — 评估工作开展情况, 主要成效, 存在问题及原因,
 * 下一步工作建议, 规划调整建议 (DESIGN) — each with what it is about, its
 * text, state and author, a form to change the ones the user may write
 * (planners also accept: 采纳), a form to write a new one, and the history
 * of every change (append-only). POST /narratives saves one (narr_req.h's
 * rule) and draws the page again with the outcome. The report uses an
 * accepted text instead of its generated first draft. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "web/narr_req.h"
#include "web/pagekit.h"

/* The text boxes' maxlength. The rule is the store's, in bytes
 * (PM_NARR_TEXT_MAX: one limit for the CLI, the API and the page); a
 * browser counts UTF-16 units, each at most 3 bytes of UTF-8 (a character
 * of 4 bytes takes 2 units), so any text the box lets through fits. */
#define TEXT_BOX_MAX (PM_NARR_TEXT_MAX / 3)

/* The hidden fields and text box of a form about one narrative; n makes
 * the ids unique on the page. */
static void edit_form(web_req *r, buf *b, const json_t *nv, int n, bool accept, int year)
{
    buf_printf(b, "<form method=\"post\" action=\"/narratives?year=%d\" class=\"narr-edit\">", year);
    web_csrf_field(r, b);
    static const char *const keep[] = {"scope", "target", "kind"};
    for (size_t i = 0; i < 3; i++) {
        buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", keep[i]);
        web_attr(b, web_doc_str(nv, keep[i]));
        buf_puts(b, "\">");
    }
    buf_printf(b, "<p><label for=\"nv-text-%d\">修改内容</label><br><textarea id=\"nv-text-%d\" name=\"text\" rows=\"5\" "
                  "cols=\"70\" maxlength=\"%d\" required>",
               n, n, TEXT_BOX_MAX);
    web_text(b, web_doc_str(nv, "text"));
    buf_puts(b, "</textarea></p><p>");
    if (accept)
        buf_printf(b, "<label><input type=\"checkbox\" name=\"accept\" value=\"1\"%s> 采纳（报告使用此文本）</label> ",
                   !strcmp(web_doc_str(nv, "state"), "accepted") ? " checked" : "");
    buf_puts(b, "<button type=\"submit\">保存</button></p></form>");
}

/* The narratives of kind k, each with its edit form where allowed. */
static void kind_section(web_req *r, buf *b, const json_t *doc, int k, int *n)
{
    int year = (int)json_integer_value(json_object_get(doc, "year"));
    const char *key = pm_narr_kind_str((pm_narr_kind)k);
    bool accept = json_is_true(json_object_get(doc, "can_accept"));
    buf_printf(b, "<section class=\"narr-kind\" id=\"kind-%s\"><h2>", key);
    web_text(b, pm_narr_kind_label((pm_narr_kind)k));
    buf_puts(b, "</h2>");
    size_t i, shown = 0;
    const json_t *nv;
    json_array_foreach(json_object_get(doc, "narratives"), i, nv)
    {
        if (strcmp(web_doc_str(nv, "kind"), key))
            continue;
        shown++;
        bool accepted = !strcmp(web_doc_str(nv, "state"), "accepted");
        buf_puts(b, "<article class=\"narr\"><h3>");
        web_text(b, web_doc_str(nv, "about"));
        buf_printf(b, " <span class=\"st st-%s\">", accepted ? "achieved" : "no_data");
        web_text(b, web_doc_str(nv, "state_label"));
        buf_puts(b, "</span></h3><p class=\"narr-text\">");
        web_text(b, web_doc_str(nv, "text"));
        buf_puts(b, "</p><p class=\"meta\">撰写或修改：");
        web_text(b, web_doc_str(nv, "who"));
        char local[40];
        buf_puts(b, " · ");
        web_text(b, pm_clock_local(web_doc_str(nv, "at"), false, local, sizeof local));
        buf_puts(b, "</p>");
        if (json_is_true(json_object_get(nv, "can_edit")))
            edit_form(r, b, nv, (*n)++, accept, year);
        else if (accepted)
            buf_puts(b, "<p class=\"hint\">已采纳，由规划人员修改。</p>");
        buf_puts(b, "</article>");
    }
    if (!shown)
        buf_puts(b, "<p>尚无此类评估意见；报告中相应章节使用根据数据自动生成的初稿。</p>");
    buf_puts(b, "</section>");
}

/* A new narrative: what about (scope and ref), which kind, the text. */
static void new_form(web_req *r, buf *b, bool accept, int year)
{
    buf_printf(b, "<section class=\"narr-new\"><h2>撰写评估意见</h2><form method=\"post\" action=\"/narratives?year=%d\">",
               year);
    web_csrf_field(r, b);
    buf_puts(b, "<p><label for=\"nv-scope\">范围</label> <select id=\"nv-scope\" name=\"scope\">");
    for (int i = 0; i < PM_NS_COUNT; i++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, pm_narr_scope_str((pm_narr_scope)i));
        buf_puts(b, i == PM_NS_TASK ? "\" selected>" : "\">");
        web_text(b, pm_narr_scope_label((pm_narr_scope)i));
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select> <label for=\"nv-target\">对象</label> <input id=\"nv-target\" name=\"target\" size=\"24\"> "
                "<span class=\"hint\">报告章节写名称（如 存在问题及原因），指标写序号或代码，任务写编号（如 RW03），"
                "领域写名称；全篇留空</span></p>");
    buf_puts(b, "<p><label for=\"nv-kind\">类别</label> <select id=\"nv-kind\" name=\"kind\">");
    for (int i = 0; i < PM_NK_COUNT; i++) {
        buf_puts(b, "<option value=\"");
        web_attr(b, pm_narr_kind_str((pm_narr_kind)i));
        buf_puts(b, "\">");
        web_text(b, pm_narr_kind_label((pm_narr_kind)i));
        buf_puts(b, "</option>");
    }
    buf_printf(b, "</select></p><p><label for=\"nv-text\">内容</label><br><textarea id=\"nv-text\" name=\"text\" "
                  "rows=\"6\" cols=\"70\" maxlength=\"%d\" required></textarea></p><p>",
               TEXT_BOX_MAX);
    if (accept)
        buf_puts(b, "<label><input type=\"checkbox\" name=\"accept\" value=\"1\"> 采纳（报告使用此文本）</label> ");
    buf_puts(b, "<button type=\"submit\">保存</button></p></form></section>");
}

/* Every change, oldest first: the old text and the new. */
static void history(buf *b, const json_t *doc)
{
    const json_t *h = json_object_get(doc, "history");
    buf_puts(b, "<section class=\"narr-history\"><h2>修改记录</h2>");
    if (!json_array_size(h)) {
        buf_puts(b, "<p>尚无修改记录。</p></section>");
        return;
    }
    buf_puts(b, "<p>每次修改都保留原内容和新内容，不会被改写。</p>");
    static const char *const head[] = {"时间", "修改人", "对象", "类别", "原内容", "新内容", "状态"};
    wp_table_begin(b, "评估意见修改记录", "narr-history", head, sizeof head / sizeof head[0]);
    size_t i;
    const json_t *c;
    json_array_foreach(h, i, c)
    {
        char local[40];
        buf_puts(b, "<tr>");
        wp_td(b, pm_clock_local(web_doc_str(c, "at"), false, local, sizeof local));
        wp_td(b, web_doc_str(c, "who"));
        wp_td(b, web_doc_str(c, "about"));
        wp_td(b, web_doc_str(c, "kind_label"));
        wp_td(b, json_is_string(json_object_get(c, "old_text")) ? web_doc_str(c, "old_text") : "（新建）");
        wp_td(b, web_doc_str(c, "new_text"));
        wp_td(b, pm_narr_state_label(strcmp(web_doc_str(c, "state"), "accepted") ? PM_NST_DRAFT : PM_NST_ACCEPTED));
        buf_puts(b, "</tr>");
    }
    wp_table_end(b);
    buf_puts(b, "</section>");
}

/* The page with an optional message (kind "ok"/"error") at the top. */
static void draw(web_req *r, web_resp *w, const web_snap *s, const web_narrs *x, int status, const char *kind,
                 const char *msg)
{
    web_narr_filter f;
    if (!web_narr_filter_read(r, w, s, x, &f))
        return;
    json_t *doc = web_narrs_doc(r, s, x, &f);
    w->status = status;
    char title[64];
    snprintf(title, sizeof title, "%d年 评估意见", x->t.year);
    web_page_begin(r, w, title);
    buf *b = &w->body;
    buf_printf(b, "<h1>%d年 评估意见</h1><p>评估报告各部分的文字意见。各部门撰写本部门牵头或配合的指标和任务的意见，"
                  "街道乡镇撰写本单位承担的任务的意见；规划人员修改、采纳，报告使用已采纳的文本，"
                  "没有时使用根据数据自动生成的初稿。</p>",
               x->t.year);
    if (msg)
        wp_msg(b, kind, msg);
    int n = 0;
    for (int k = 0; k < PM_NK_COUNT; k++)
        kind_section(r, b, doc, k, &n);
    new_form(r, b, json_is_true(json_object_get(doc, "can_accept")), x->t.year);
    history(b, doc);
    web_page_end(r, w);
    json_decref(doc);
}

void web_narratives_page(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_narrs x;
    if (!web_narrs_load(r, w, s, &x))
        return;
    draw(r, w, s, &x, 200, NULL, NULL);
    web_narrs_free(&x);
}

void web_narratives_post(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_narrs x;
    if (!web_narrs_load(r, w, s, &x))
        return;
    const char *acc = web_form(r, "accept");
    web_narr_in in = {web_form(r, "scope"), web_form(r, "target"), web_form(r, "kind"), web_form(r, "text"),
                      acc && *acc && strcmp(acc, "0")};
    char msg[600];
    const char *why;
    int status = web_narr_record(r, s, &x, &in, NULL, msg, sizeof msg, &why);
    if (status == 403)
        web_error(r, w, 403, why, msg);
    else /* x as saved (the new text and its history row), or as it was */
        draw(r, w, s, &x, status ? status : 200, status ? "error" : "ok", msg);
    web_narrs_free(&x);
}
