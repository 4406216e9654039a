#include "cli/cli_out.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/mem.h"
#include "cli/cli.h"

static bool is_stdout(const char *path)
{
    return !path || !strcmp(path, "-");
}

/* The name to show for standard output: the file it was redirected to
 * (`> /dev/full` says /dev/full), else 标准输出. */
static const char *stdout_name(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/fd/1", out, cap - 1);
    if (n <= 0 || out[0] != '/')
        return "标准输出";
    out[n] = '\0';
    return out;
}

int cli_write_failed(const char *path, const char *what)
{
    char name[512];
    return cli_fail(EXIT_FAIL, "无法写入 %s：%s", is_stdout(path) ? stdout_name(name, sizeof name) : path, what);
}

/* Writes through stdio's error flag and the final flush and close; errno
 * of the first failure, 0 when none. */
static int finish_stream(FILE *f)
{
    int err = 0;
    if (ferror(f)) {
        /* A write failed while a writer printed; errno has moved on since.
         * The bytes it could not write are still buffered: flushing them
         * again names the reason (ENOSPC, EPIPE …). */
        clearerr(f);
        errno = 0;
        err = fflush(f) != 0 && errno ? errno : EIO;
    } else if (fflush(f) != 0) {
        err = errno ? errno : EIO;
    }
    if (f != stdout && fclose(f) != 0 && !err)
        err = errno ? errno : EIO;
    return err;
}

bool cli_out_open(cli_out *o, const char *path, bool stream)
{
    memset(o, 0, sizeof *o);
    if (is_stdout(path)) {
        o->f = stdout;
        return true;
    }
    o->path = path;
    struct stat st;
    bool special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    if (!special) {
        size_t n = strlen(path) + 32;
        o->tmp = xmalloc(n);
        snprintf(o->tmp, n, "%s.%ld.tmp", path, (long)getpid());
    }
    if (!stream)
        return true;
    o->f = fopen(cli_out_name(o), "wb");
    if (!o->f) {
        cli_write_failed(path, pm_errno_text(errno));
        free(o->tmp);
        o->tmp = NULL;
        return false;
    }
    return true;
}

const char *cli_out_name(const cli_out *o)
{
    return o->tmp ? o->tmp : o->path;
}

int cli_out_close(cli_out *o, int code)
{
    int err = 0;
    if (o->f)
        err = finish_stream(o->f);
    if (err == EIO && o->err)
        err = o->err;
    else if (code == EXIT_OK && o->tmp && access(o->tmp, F_OK) != 0)
        err = errno; /* the library said it wrote the file: it must be there */
    if (!err && code == EXIT_OK && o->tmp && rename(o->tmp, o->path) != 0)
        err = errno;
    if (o->tmp && (err || code != EXIT_OK))
        remove(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    o->f = NULL;
    if (err && code == EXIT_OK)
        code = cli_write_failed(o->path, pm_errno_text(err));
    return code;
}

int cli_out_bytes(const char *path, const buf *bytes)
{
    cli_out out;
    if (!cli_out_open(&out, path, true))
        return EXIT_FAIL;
    if (bytes->len)
        fwrite(bytes->p, 1, bytes->len, out.f); /* checked at close (ferror) */
    return cli_out_close(&out, EXIT_OK);
}

int cli_stdout_finish(int code)
{
    int err = finish_stream(stdout);
    /* A command that failed has said why; a lost write of its partial
     * output would only repeat that it failed. */
    if (err && code == EXIT_OK)
        code = cli_write_failed(NULL, pm_errno_text(err));
    return code;
}

static const struct {
    const char *ext;
    out_format fmt;
} extensions[] = {
    {"csv", OUT_CSV}, {"json", OUT_JSON}, {"xlsx", OUT_XLSX}, {"html", OUT_HTML}, {"htm", OUT_HTML}, {"md", OUT_MD}, {"markdown", OUT_MD}, {"docx", OUT_DOCX},
};

static const char *format_name(out_format f)
{
    static const char *const names[] = {"table", "csv", "json", "xlsx", "html", "md", "docx"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

int cli_out_format(const char *path, unsigned allowed, int given, out_format fallback, out_format *fmt)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || dot == base || is_stdout(path)) {
        *fmt = given >= 0 ? (out_format)given : fallback;
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        if (strcasecmp(dot + 1, extensions[i].ext))
            continue;
        out_format by_name = extensions[i].fmt;
        if (!((allowed >> by_name) & 1u))
            break;
        if (given >= 0 && (out_format)given != by_name)
            return cli_fail(EXIT_BADINPUT, "输出格式 %s 与文件名 %s 的扩展名不符（扩展名表示 %s）",
                            format_name((out_format)given), path, format_name(by_name));
        *fmt = by_name;
        return EXIT_OK;
    }
    char list[128] = "";
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if ((allowed >> extensions[i].fmt) & 1u && strlen(list) + strlen(extensions[i].ext) + 5 < sizeof list)
            strcat(strcat(list, *list ? "、." : "."), extensions[i].ext);
    return cli_fail(EXIT_BADINPUT, "不能写出 %s：该命令只能写出 %s 文件（格式由文件的扩展名决定）",
                    path, list);
}

void cli_print_rows(json_t *rows, const out_column *cols, size_t ncols, out_format fmt, const char *empty)
{
    if (empty && fmt == OUT_TABLE && json_array_size(rows) == 0)
        printf("%s\n", empty);
    else
        out_listing_print(stdout, rows, cols, ncols, fmt);
    json_decref(rows);
}
