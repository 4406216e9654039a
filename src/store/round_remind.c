#include "store/round_remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mail.h"
#include "base/mem.h"

/* The e-mail's subject and body for unit u of round v (Chinese, UTF-8). */
static void compose(const pm_round_view *v, const pm_round_unit *u, const char *who, const pm_smtp_cfg *mail,
                    buf *subject, buf *body)
{
    char label[64];
    buf_printf(subject, "催报：%s（%d年，截止 %s）", v->r.title, v->r.year, v->r.deadline);
    buf_printf(body, "%s（%s）：\n\n", u->unit_name, u->unit);
    buf_printf(body, "填报任务“%s”（%d年）%s %s 截止（当日 24 时）。\n", v->r.title, v->r.year,
               v->sum.past_due ? "已于" : "将于", v->r.deadline);
    buf_printf(body, "贵单位目前的报送状态：%s，已填 %zu/%zu 项。\n", pm_round_unit_label(u, label, sizeof label),
               u->filled, u->items);
    buf_puts(body, "请尽快登录系统填报并提交。\n");
    if (mail->base_url) {
        size_t n = strlen(mail->base_url);
        buf_printf(body, "填报页面：%.*s/entry?unit=%s&year=%d\n", (int)(n && mail->base_url[n - 1] == '/' ? n - 1 : n),
                   mail->base_url, u->unit, v->r.year);
    }
    buf_printf(body, "\n此邮件由规划监测系统自动发送（催报人：%s），请勿直接回复。\n", who);
}

/* Sends unit u's e-mail and fills line l with the outcome. */
static void send_one(const pm_round_view *v, const pm_round_unit *u, const char *who, const pm_smtp_cfg *mail,
                     time_t now, size_t k, pm_remind_line *l)
{
    if (!u->email || !*u->email) {
        l->outcome = "no_address";
        return;
    }
    buf subject = BUF_INIT, body = BUF_INIT, msg = BUF_INIT;
    compose(v, u, who, mail, &subject, &body);
    char seed[96];
    snprintf(seed, sizeof seed, "r%ld.%s.%zu", v->r.id, u->unit, k);
    pm_mail_build(&msg, mail->from, u->email, buf_str(&subject), buf_str(&body), now, seed);
    char why[512];
    if (pm_smtp_send(mail, u->email, buf_str(&msg), msg.len, why, sizeof why)) {
        l->outcome = "sent";
        l->detail = xstrdup(u->email);
    } else {
        l->outcome = "failed";
        l->detail = xstrdup(why);
    }
    buf_free(&subject);
    buf_free(&body);
    buf_free(&msg);
}

bool pm_round_remind(pm_store *s, const pm_round_view *v, const char *only, const char *who,
                     const pm_smtp_cfg *mail, time_t now, pm_remind_result *res, pm_err *err)
{
    memset(res, 0, sizeof *res);
    res->mail_on = mail && mail->url && *mail->url;
    res->line = xcalloc(v->nu + 1, sizeof *res->line);
    const pm_round_unit **units = xcalloc(v->nu + 1, sizeof *units);
    for (size_t i = 0; i < v->nu; i++)
        if (only && *only ? !strcmp(only, v->u[i].unit) : !v->u[i].reported_at) {
            units[res->n] = &v->u[i];
            res->line[res->n++] = (pm_remind_line){v->u[i].unit, v->u[i].unit_name, NULL, NULL};
        }
    bool ok = true;
    if (only && *only && !res->n) {
        pm_err_set(err, 0, "单位 %s 不是填报任务 %ld 的报送单位", only, v->r.id);
        ok = false;
    }
    /* First the 站内待办, committed: what a relay does cannot undo it. */
    if (ok && res->n) {
        ok = pm_store_begin(s, err);
        for (size_t i = 0; ok && i < res->n; i++)
            ok = pm_store_round_remind(s, v->r.id, &(pm_remind_spec){units[i]->unit, who, "site", NULL, NULL}, err);
        ok = ok ? pm_store_commit(s, err) : (pm_store_rollback(s), false);
    }
    if (ok && res->mail_on) {
        for (size_t i = 0; i < res->n; i++) {
            send_one(v, units[i], who, mail, now, i, &res->line[i]);
            const char *o = res->line[i].outcome;
            res->sent += !strcmp(o, "sent");
            res->failed += !strcmp(o, "failed");
            res->no_address += !strcmp(o, "no_address");
        }
        ok = pm_store_begin(s, err);
        for (size_t i = 0; ok && i < res->n; i++)
            ok = pm_store_round_remind(
                s, v->r.id,
                &(pm_remind_spec){units[i]->unit, who, "email", res->line[i].outcome, res->line[i].detail}, err);
        ok = ok ? pm_store_commit(s, err) : (pm_store_rollback(s), false);
    }
    free(units);
    if (!ok)
        pm_remind_result_free(res);
    return ok;
}

void pm_remind_result_free(pm_remind_result *res)
{
    for (size_t i = 0; res->line && i < res->n; i++)
        free(res->line[i].detail);
    free(res->line);
    memset(res, 0, sizeof *res);
}
