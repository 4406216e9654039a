/* GET /audit: the audit log for admins (store/audit.h), newest first —
 * logins, failed logins, logouts, user and token changes: who, when (in
 * the bureau's zone, serve --time-zone; the store keeps UTC),
 * what, from which address. The newest AUDIT_PAGE entries; the whole log
 * is `planmon audit`. */
#include <stdio.h>

#include "base/clock.h"
#include "store/audit.h"
#include "web/pagekit.h"

#define AUDIT_PAGE 500

void web_audit_page(web_req *r, web_resp *w)
{
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_audit *a;
    size_t n;
    pm_err err = {0};
    if (!pm_store_audit_list(s, AUDIT_PAGE, &a, &n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    web_page_begin(r, w, "审计日志");
    buf *b = &w->body;
    char zone[16], when[32];
    pm_clock_zone(zone, sizeof zone);
    buf_printf(b,
               "<h1>审计日志</h1><p>最近 %d 条（全部记录可用 <code>planmon audit</code> 导出，时间为 UTC）。"
               "时间为 %s。</p>",
               AUDIT_PAGE, zone);
    if (!n) {
        buf_puts(b, "<p>审计日志为空。</p>");
    } else {
        wp_table_wrap(b, "审计日志");
        buf_printf(b, "<table class=\"audit\"><thead><tr><th>时间（%s）</th><th>操作人</th>", zone);
        buf_puts(b, "<th>操作</th><th>对象</th><th>说明</th><th>来源地址</th></tr></thead><tbody>");
        for (size_t i = 0; i < n; i++) {
            buf_puts(b, "<tr><td>");
            web_text(b, pm_clock_local(a[i].at, true, when, sizeof when));
            buf_puts(b, "</td><td>");
            web_text(b, a[i].actor);
            buf_puts(b, "</td><td>");
            web_text(b, pm_audit_label(a[i].action));
            buf_puts(b, "</td><td>");
            web_text(b, a[i].target);
            buf_puts(b, "</td><td>");
            web_text(b, a[i].detail);
            buf_puts(b, "</td><td>");
            web_text(b, a[i].ip ? a[i].ip : "命令行");
            buf_puts(b, "</td></tr>");
        }
        buf_puts(b, "</tbody></table></div>");
    }
    web_page_end(r, w);
    pm_audits_free(a, n);
}
