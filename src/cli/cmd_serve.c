/* planmon serve [--db F] [--listen 127.0.0.1:8080] [--tls-cert/--tls-key]
 * [--trusted-proxy] [--request-log/--error-log] [--config FILE]: the web
 * pages and the API (src/web/), until Ctrl+C or SIGTERM. Loopback by
 * default: an office network is reached only when asked for (--listen
 * 0.0.0.0:8080). Settings come from the command line, then the settings
 * file (/etc/planmon/planmon.conf when present), then the defaults. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "store/smtp.h"
#include "web/server.h"

int cmd_serve(cli_opts o)
{
    bool must = o.config != NULL;
    int code = cli_config_apply(&o, o.config ? o.config : cli_config_path(&must), must, NULL);
    if (code < 0)
        code = cli_judging_apply(&o); /* before any thread: process-wide */
    if (code >= 0)
        return code;
    /* The relay for the round page's 催报 (store/smtp.h), as `round remind` reads it. */
    pm_smtp_cfg mail = {o.smtp_url, o.smtp_from, o.smtp_user, o.smtp_password, o.base_url};
    char why[512];
    if (!pm_smtp_check(&mail, why, sizeof why))
        return cli_fail(EXIT_BADINPUT, "%s", why);
    pm_smtp_configure(&mail);
    int there = cli_db_exists(o.db);
    if (there <= 0)
        return there < 0 ? EXIT_BADINPUT : cli_db_missing(o.db);
    /* --trusted-proxy 10.0.0.5,10.0.0.6: split into the list web_config takes. */
    char list[1024];
    const char *proxies[16];
    size_t nproxies = 0;
    snprintf(list, sizeof list, "%s", o.trusted_proxy ? o.trusted_proxy : "");
    for (char *save = NULL, *a = strtok_r(list, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
        if (nproxies == sizeof proxies / sizeof proxies[0])
            return cli_fail(EXIT_BADINPUT, "--trusted-proxy 最多 %zu 个地址", sizeof proxies / sizeof proxies[0]);
        proxies[nproxies++] = a;
    }
    web_config cfg = {
        .db = o.db,
        .listen = o.listen ? o.listen : "127.0.0.1:8080",
        .tls_cert = o.tls_cert,
        .tls_key = o.tls_key,
        .trusted_proxies = proxies,
        .ntrusted = nproxies,
        .request_log = o.request_log,
        .error_log = o.error_log,
    };
    return web_serve(&cfg, stdout);
}
