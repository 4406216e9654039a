/* planmon serve [--db F] [--listen 127.0.0.1:8080]: the web pages and the
 * API (src/web/), until Ctrl+C or SIGTERM. Loopback by default: an office
 * network is reached only when asked for (--listen 0.0.0.0:8080). */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "web/server.h"

int cmd_serve(cli_opts o)
{
    if (access(o.db, F_OK) != 0)
        return cli_fail(EXIT_BADINPUT, "数据库文件 %s 不存在（先运行 planmon init --db %s 或 planmon demo --db %s）",
                        o.db, o.db, o.db);
    web_config cfg = {o.db, o.listen ? o.listen : "127.0.0.1:8080", 0};
    return web_serve(&cfg, stdout);
}
