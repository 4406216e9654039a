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
        char zone_head[64];
        snprintf(zone_head, sizeof zone_head, "时间（%s）", zone);
        const char *const head[] = {zone_head, "操作人", "操作", "对象", "说明", "来源地址"};
        wp_table_begin(b, "审计日志", "audit", head, sizeof head / sizeof head[0]);
        for (size_t i = 0; i < n; i++) {
            buf_puts(b, "<tr>");
            wp_td(b, pm_clock_local(a[i].at, true, when, sizeof when));
            wp_td(b, a[i].actor);
            wp_td(b, pm_audit_label(a[i].action));
            wp_td(b, a[i].target);
            wp_td(b, a[i].detail);
            wp_td(b, a[i].ip ? a[i].ip : "命令行");
            buf_puts(b, "</tr>");
        }
        wp_table_end(b);
    }
    web_page_end(r, w);
    pm_audits_free(a, n);
}
