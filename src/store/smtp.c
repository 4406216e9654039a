#include "store/smtp.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mail.h"
#include "base/mem.h"

static pm_smtp_cfg cfg; /* strings owned here, for the life of the process */

static char *dup_or_null(const char *s)
{
    return s && *s ? xstrdup(s) : NULL;
}

bool pm_smtp_check(const pm_smtp_cfg *c, char *why, size_t cap)
{
    if (!c->url || !*c->url)
        return true;
    if (strncmp(c->url, "smtp://", 7) && strncmp(c->url, "smtps://", 8)) {
        snprintf(why, cap, "smtp-url“%s”应以 smtp:// 或 smtps:// 开头（如 smtp://mail.example.gov.cn:25）", c->url);
        return false;
    }
    char mwhy[512];
    if (!c->from || !*c->from) {
        snprintf(why, cap, "设置了 smtp-url 就须设置 smtp-from（发件人地址）");
        return false;
    }
    if (!pm_email_valid(c->from, mwhy, sizeof mwhy)) {
        snprintf(why, cap, "smtp-from：%s", mwhy);
        return false;
    }
    if (c->base_url && *c->base_url && strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) {
        snprintf(why, cap, "base-url“%s”应以 http:// 或 https:// 开头", c->base_url);
        return false;
    }
    return true;
}

void pm_smtp_configure(const pm_smtp_cfg *c)
{
    free((char *)cfg.url);
    free((char *)cfg.from);
    free((char *)cfg.user);
    free((char *)cfg.password);
    free((char *)cfg.base_url);
    cfg = (pm_smtp_cfg){dup_or_null(c->url), dup_or_null(c->from), dup_or_null(c->user), dup_or_null(c->password),
                        dup_or_null(c->base_url)};
}

const pm_smtp_cfg *pm_smtp_config(void)
{
    return &cfg;
}

typedef struct reader {
    const char *p;
    size_t left;
} reader;

static size_t read_msg(char *dst, size_t size, size_t nmemb, void *arg)
{
    reader *r = arg;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool pm_smtp_send(const pm_smtp_cfg *c, const char *to, const char *msg, size_t len, char *why, size_t cap)
{
    pthread_once(&curl_once, curl_start);
    CURL *h = curl_easy_init();
    if (!h) {
        snprintf(why, cap, "邮件服务器 %s：无法初始化发送（内存不足）", c->url);
        return false;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    char from[PM_EMAIL_MAX + 3], rcpt[PM_EMAIL_MAX + 3];
    snprintf(from, sizeof from, "<%s>", c->from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    reader r = {msg, len};
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_msg);
    curl_easy_setopt(h, CURLOPT_READDATA, &r);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for timeouts */
    /* A relay that does not answer must not hold a request (or a command)
     * for long: each send gives up after these. */
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    /* STARTTLS when the relay offers it; smtps:// is TLS from the start. */
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (c->user) {
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK)
        snprintf(why, cap, "邮件服务器 %s 未接收：%s", c->url, *errbuf ? errbuf : curl_easy_strerror(rc));
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(h);
    return rc == CURLE_OK;
}
