#include "store/sqlite_ro.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"

/* path with the characters a URI path may not hold bare percent-encoded
 * (RFC 3986; SQLite decodes %HH in a file: URI). */
static void put_uri_path(buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

/* Whether a new file could be made in the directory holding path. */
static bool dir_writable(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    char *dir = xstrndup(path, (size_t)(slash - path));
    bool ok = access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

bool pm_sqlite_ro_plan(const char *path, pm_sqlite_ro *out, pm_err *err)
{
    if (access(path, W_OK) == 0 && dir_writable(path)) {
        out->name = xstrdup(path);
        out->flags = SQLITE_OPEN_READWRITE;
        out->query_only = true;
        return true;
    }
    buf name = BUF_INIT;
    bool immutable = false;
    buf_printf(&name, "%s-shm", path);
    if (access(buf_str(&name), F_OK) != 0 && !dir_writable(path)) {
        struct stat st;
        buf_reset(&name);
        buf_printf(&name, "%s-wal", path);
        if (stat(buf_str(&name), &st) == 0 && st.st_size > 0) {
            pm_err_set(err, 0,
                       "数据库 %s 有尚未写回的日志文件 %s，而所在目录不可写，无法只读打开"
                       "（请由有写权限的用户运行一次 planmon check --db %s 后再试）",
                       path, buf_str(&name), path);
            buf_free(&name);
            return false;
        }
        immutable = true;
    }
    buf_free(&name);
    buf uri = BUF_INIT;
    buf_puts(&uri, "file:");
    /* A relative file: URI path stays relative; "./" keeps a name with a
     * colon from reading as a scheme. */
    if (path[0] != '/')
        buf_puts(&uri, "./");
    put_uri_path(&uri, path);
    buf_puts(&uri, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
    out->name = buf_detach(&uri);
    out->flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    out->query_only = false;
    return true;
}
