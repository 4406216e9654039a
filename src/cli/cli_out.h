/* Where a command's output goes, with every write checked: a full disk, a
 * closed pipe or a file that cannot be created ends the command with exit
 * status 1 and "planmon: 无法写入 PATH：reason" on stderr, never a silent 0.
 *
 * Writers print through stdio and look at nothing; the error flag stdio
 * keeps (ferror) and the final fflush/fclose tell whether every byte got
 * out, so checking happens once, where the stream is closed. */
#ifndef PM_CLI_OUT_H
#define PM_CLI_OUT_H
#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "render/write/format.h"
#include "render/write/listing.h"

/* One output of a command. A named regular file is written beside itself
 * (PATH.PID.tmp) and renamed over PATH only when every byte got out, so a
 * failed command leaves the old file (or none), never half a file; stdout,
 * "-" and special files (/dev/full, a FIFO) are written directly. */
typedef struct cli_out {
    FILE *f;          /* where writers print; NULL for a library that writes the file itself */
    const char *path; /* as the user named it; NULL for stdout */
    char *tmp;        /* the file being written, renamed to path; NULL when written directly. Owned. */
    int err;          /* errno of a failed write, when the writer saw it (0: ask the stream) */
} cli_out;

/* Opens path for writing (NULL or "-": stdout). With stream false no FILE
 * is opened: a library (SQLite's backup) writes the file named by
 * cli_out_name. On failure prints the message and returns false. */
bool cli_out_open(cli_out *o, const char *path, bool stream);
/* The file name a library should write: the temporary file, or path. */
const char *cli_out_name(const cli_out *o);
/* Finishes the output: when code is EXIT_OK, flushes and closes (stdout is
 * flushed, not closed) and renames the temporary file into place; returns
 * code when every write succeeded, else prints "无法写入 PATH：reason" and
 * returns EXIT_FAIL. With another code the temporary file is removed and
 * code returned. */
int cli_out_close(cli_out *o, int code);
/* Flushes standard output once the command is done: main() calls this, so
 * that no command's exit status can hide a lost write. Returns code or
 * EXIT_FAIL as cli_out_close. */
int cli_stdout_finish(int code);
/* Prints the message for a failed write of a file that another library
 * wrote (SQLite's backup), or of bytes that could not be made: "无法写入
 * PATH：what". Returns EXIT_FAIL. */
int cli_write_failed(const char *path, const char *what);
/* Writes bytes made in memory (an XLSX workbook: render/write/xlsx_bytes.h)
 * to path as cli_out_open and cli_out_close do. Returns EXIT_OK or, with
 * the message printed, EXIT_FAIL. */
int cli_out_bytes(const char *path, const buf *bytes);

/* Prints rows (an array of objects; the call steals the reference) to
 * stdout as a listing in fmt with the columns cols. With `empty` given,
 * an empty table (fmt OUT_TABLE) is that sentence instead. */
void cli_print_rows(json_t *rows, const out_column *cols, size_t ncols, out_format fmt, const char *empty);

/* The format a file name asks for by its extension (.csv .json .xlsx .html
 * .htm .md, any case), for commands that write to -o FILE. `allowed` holds
 * the bits 1u << OUT_* the command writes; `given` is the --format value or
 * -1. Decides *fmt and returns 0, or prints why not and returns EXIT_BADINPUT:
 * an extension the command does not write (r.pdf), or one that contradicts
 * --format (--format csv -o x.xlsx). A name without an extension (or
 * /dev/stdout, "-") takes --format, else `fallback`. */
int cli_out_format(const char *path, unsigned allowed, int given, out_format fallback, out_format *fmt);

#endif
