/* Attachments on the web (page_attach.h). */
#include "web/page_attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "parse/filetype.h"
#include "store/attach.h"
#include "web/pagekit.h"
#include "web/task_req.h"

void web_attach_section(web_req *r, buf *b, const web_snap *s, int u, int year, bool upload)
{
    pm_store *st = r->store;
    const pm_unit *pu = &s->ev.tree.u[u];
    pm_attachment *a = NULL;
    size_t n = 0;
    pm_err err = {0};
    if (!st || !pm_store_attachments(st, pu->code, year, &a, &n, &err))
        return; /* a list is not worth a failed page: the form still works */
    if (!n && !upload) {
        pm_attachments_free(a, n);
        return;
    }
    buf_puts(b, "<section class=\"attachments\"><h2>盖章报表与佐证材料</h2>");
    if (n) {
        buf_puts(b, "<ul class=\"attachments\">");
        for (size_t i = 0; i < n; i++) {
            char when[32];
            buf_printf(b, "<li><a href=\"/attachments/%ld\">", a[i].id);
            web_text(b, a[i].name);
            buf_puts(b, "</a> <span class=\"sub\">");
            web_text(b, pm_attach_kind_label(a[i].kind));
            if (a[i].element) {
                int e = pm_plan_element(&s->ev.plan, a[i].element);
                buf_puts(b, " · ");
                web_text(b, e >= 0 ? s->ev.plan.elem[e].name : a[i].element);
            }
            buf_printf(b, " · %.1f KB · ", (double)a[i].size / 1024.0);
            web_text(b, a[i].who);
            buf_puts(b, " · ");
            web_text(b, pm_clock_local(a[i].at, false, when, sizeof when));
            buf_puts(b, "</span></li>");
        }
        buf_puts(b, "</ul>");
    } else {
        buf_puts(b, "<p class=\"meta\">还没有上传文件。</p>");
    }
    if (upload) {
        buf h = BUF_INIT;
        buf_puts(&h, "/entry/attach?unit=");
        esc_url_component(&h, pu->code);
        buf_printf(&h, "&year=%d", year);
        buf_puts(b, "<form method=\"post\" enctype=\"multipart/form-data\" class=\"form\" action=\"");
        web_attr(b, buf_str(&h));
        buf_free(&h);
        buf_puts(b, "\">");
        web_csrf_field(r, b);
        buf_printf(b, "<label>类别<select name=\"kind\"><option value=\"scan\">盖章报表扫描件</option>"
                      "<option value=\"evidence\">佐证材料（台账、照片、文件）</option></select></label>"
                      "<label>文件（PDF、图片、.xlsx 或 .docx，不超过 %zu MB）<input type=\"file\" name=\"file\" required "
                      "accept=\".pdf,.png,.jpg,.jpeg,.xlsx,.docx\"></label><button type=\"submit\">上传</button></form>",
                   pm_attach_max() >> 20);
    }
    buf_puts(b, "</section>");
    pm_attachments_free(a, n);
}

void web_entry_attach(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    int unit, year;
    if (!web_unit_year_param(r, w, s, WEB_DO_ENTER, &unit, &year))
        return;
    const web_file *file = web_upload(r, "file");
    if (!file) {
        web_error(r, w, 400, "no_file", "请选择要上传的文件。");
        return;
    }
    const char *item = web_form(r, "item");
    if (item && *item && pm_plan_element(&s->ev.plan, item) < 0) {
        web_error(r, w, 400, "unknown_item", "没有这个数据项。");
        return;
    }
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    const char *name = web_upload_basename(file->filename); /* the name as shown */
    const char *kind = web_form(r, "kind");
    pm_attach_spec spec = {s->ev.tree.u[unit].code, year, item && *item ? item : NULL, NULL,
                           kind && *kind ? kind : "evidence", name, NULL, file->data.p, file->data.len,
                           r->user->u.name};
    long id = 0;
    pm_err err = {0};
    if (!pm_store_attach_add(st, &spec, &id, &err)) {
        /* The checks' refusals name the field; a store failure is ours. */
        bool refused = pm_attach_refused(&err);
        web_error(r, w, refused ? (file->data.len > pm_attach_max() ? 413 : 422) : 500,
                  refused ? "bad_file" : "store_failed", err.msg);
        return;
    }
    buf loc = BUF_INIT;
    buf_puts(&loc, "/entry?unit=");
    esc_url_component(&loc, s->ev.tree.u[unit].code);
    buf_printf(&loc, "&year=%d", year);
    web_redirect(w, 303, buf_str(&loc));
    buf_free(&loc);
}

/* May the request's user read attachment a? A task update's file: who may
 * read the task (task_req.h's rule), 403 otherwise; any other: who may
 * read its unit, and another subtree's file answers as a missing one (its
 * existence is not shown). False with the answer in w. */
static bool may_read(web_req *r, web_resp *w, const web_snap *s, const pm_attachment *a)
{
    size_t len = 0;
    if (pm_task_files_update(a->ref, &len) > 0) {
        char code[PM_TASK_CODE_MAX + 1];
        snprintf(code, sizeof code, "%.*s", (int)(len < PM_TASK_CODE_MAX ? len : PM_TASK_CODE_MAX), a->ref + 5);
        web_tasks t;
        bool ok = web_tasks_load_bare(r, w, s, &t);
        const pm_task *k = ok ? web_task_find(&t, code) : NULL;
        if (ok && !k)
            web_error(r, w, 404, "unknown_attachment", "没有这个文件。");
        else if (k && !web_task_reads(r, s, k))
            web_error(r, w, 403, "forbidden", "无权下载此文件：只能查看本部门或本单位承担的任务的佐证材料。");
        ok = k && web_task_reads(r, s, k);
        web_tasks_free(&t);
        return ok;
    }
    int u = web_snap_unit(s, a->unit);
    if (u < 0 || !web_can(r->user, WEB_DO_READ, u)) {
        web_error(r, w, 404, "unknown_attachment", "没有这个文件。");
        return false;
    }
    return true;
}

void web_attachment_get(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    char *end = NULL;
    long id = r->nargs ? strtol(r->args[0], &end, 10) : 0;
    if (id <= 0 || !end || *end) {
        web_error(r, w, 404, "unknown_attachment", "没有这个文件。");
        return;
    }
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    pm_attachment a;
    pm_err err = {0};
    int found = pm_store_attachment_get(st, id, &a, &err);
    if (found < 0) {
        web_error(r, w, 500, "store_failed", err.msg);
    } else if (found == 0) {
        web_error(r, w, 404, "unknown_attachment", "没有这个文件。");
    } else if (may_read(r, w, s, &a)) {
        buf_reset(&w->body);
        buf_append(&w->body, a.data, a.size);
        w->status = 200;
        /* A static string, as w->type must be: the type read again from the
         * bytes (checked on the way in, so never unknown here). */
        const char *mime = pm_filetype_mime(pm_filetype_sniff(a.data, a.size));
        w->type = mime ? mime : "application/octet-stream";
        buf cd = BUF_INIT;
        buf_printf(&cd, "attachment; filename=\"planmon-attachment-%ld\"; filename*=UTF-8''", id);
        esc_url_component(&cd, a.name);
        web_add_header(w, "Content-Disposition", buf_str(&cd));
        buf_free(&cd);
    }
    if (found == 1)
        pm_attachment_clear(&a);
}
