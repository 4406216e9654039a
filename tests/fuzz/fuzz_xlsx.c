/* libFuzzer target for the XLSX reader (src/parse/xlsx.c).
 *
 * Two kinds of input, told apart the way an import tells XLSX from CSV:
 * - bytes that start like a zip ("PK\3\4") go to pm_xlsx_read as they are:
 *   this fuzzes the archive handling (central directory, sizes, limits,
 *   inflating) of libzip and of the reader;
 * - anything else is parts of a workbook separated by NUL bytes (which XML
 *   cannot contain): sheet1.xml, sharedStrings.xml, workbook.xml,
 *   workbook.xml.rels. Missing or empty parts after the first get a
 *   standard one (one sheet "Sheet1", no shared strings). The harness zips
 *   them (stored, so CRCs are right) and reads that: mutations of a zipped
 *   part would mostly break its deflate stream or its CRC, and the XML
 *   handling would hardly be reached.
 *
 * Seeds (tests/fuzz/corpus/xlsx/): two tiny real workbooks (*.xlsx, made
 * with Python's zipfile from the XML in them) and part files (*.txt).
 *
 * Beyond what the sanitizers catch it checks the reader's promises:
 * failure leaves no sheets and a non-empty, valid UTF-8 message; success
 * gives named sheets with rectangular grids inside Excel's limits, rising
 * row numbers, every text non-NULL valid UTF-8, empty cells "" and every
 * kept row with a non-empty cell. A broken promise aborts, which libFuzzer
 * reports as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/utf8.h"
#include "parse/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_xlsx: broken promise: %s\n", what);
        abort();
    }
}

static void check_err(const pm_err *err)
{
    const char *nul = memchr(err->msg, '\0', sizeof err->msg);
    require(nul != NULL, "error message is NUL-terminated");
    require(err->msg[0] != '\0', "error message is not empty");
    require(utf8_valid(err->msg, (size_t)(nul - err->msg), NULL), "error message is valid UTF-8");
    require(err->line >= 0 && err->line <= 1048576, "error line is a row number or 0");
}

static void check_sheet(const pm_sheet *s)
{
    require(s->name != NULL && utf8_valid(s->name, strlen(s->name), NULL), "sheet name is valid UTF-8");
    require(s->ncols <= 16384, "at most 16384 columns");
    require(s->nrows <= 1048576, "at most 1048576 rows");
    require((s->nrows == 0) == (s->ncols == 0), "a grid is empty in both directions or neither");
    for (size_t r = 0; r < s->nrows; r++) {
        require(s->rownum[r] >= 1 && s->rownum[r] <= 1048576, "row numbers are Excel's");
        require(r == 0 || s->rownum[r] > s->rownum[r - 1], "row numbers rise");
        int kept = 0;
        for (size_t c = 0; c < s->ncols; c++) {
            const pm_cell *cell = &s->cells[r * s->ncols + c];
            require(cell->text != NULL, "cell text is not NULL");
            require(utf8_valid(cell->text, strlen(cell->text), NULL), "cell text is valid UTF-8");
            require((unsigned)cell->type <= PM_CELL_ERROR, "cell type is known");
            if (cell->type == PM_CELL_EMPTY)
                require(cell->text[0] == '\0', "an empty cell has no text");
            else
                kept = 1;
            if (cell->type == PM_CELL_BOOL)
                require(strcmp(cell->text, "0") == 0 || strcmp(cell->text, "1") == 0, "a bool is 0 or 1");
        }
        require(kept, "every row has a non-empty cell");
    }
}

static void read_and_check(const char *data, size_t len)
{
    pm_sheet *sheets = NULL;
    size_t n = 0;
    pm_err err;
    memset(&err, 0, sizeof err);
    if (!pm_xlsx_read(data, len, &sheets, &n, &err)) {
        check_err(&err);
        require(sheets == NULL && n == 0, "a failed read leaves no sheets");
        return;
    }
    require(sheets != NULL && n > 0, "a workbook has a sheet");
    for (size_t i = 0; i < n; i++) {
        check_sheet(&sheets[i]);
        pm_sheet_free(&sheets[i]);
    }
    free(sheets);
}

static const char WB[] = "<workbook xmlns:r=\"r\"><sheets><sheet name=\"Sheet1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS[] = "<Relationships><Relationship Id=\"rId1\" Type=\"t/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                           "<Relationship Id=\"rId2\" Type=\"t/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                           "</Relationships>";

/* Zips the NUL-separated parts of data (stored) and reads the archive. */
static void read_parts(const char *data, size_t size)
{
    static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels"};
    const char *part[4] = {NULL, NULL, WB, RELS};
    size_t plen[4] = {0, 0, sizeof WB - 1, sizeof RELS - 1};
    const char *p = data, *end = data + size;
    for (int i = 0; i < 4 && p <= end; i++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
        if (i == 0 || n > 0) {
            part[i] = p;
            plen[i] = n;
        }
        if (!nul)
            break;
        p = nul + 1;
    }

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    require(src != NULL, "libzip makes a source");
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    require(za != NULL, "libzip opens an archive");
    for (int i = 0; i < 4; i++) {
        if (!part[i])
            continue; /* no shared strings */
        zip_source_t *fs = zip_source_buffer(za, part[i], plen[i], 0);
        require(fs != NULL, "libzip makes an entry source");
        zip_int64_t idx = zip_file_add(za, names[i], fs, ZIP_FL_OVERWRITE);
        require(idx >= 0, "libzip adds an entry");
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    }
    require(zip_close(za) == 0, "libzip writes the archive");
    zip_stat_t st;
    require(zip_source_open(src) == 0 && zip_source_stat(src, &st) == 0, "libzip reopens the archive");
    char *zipped = malloc((size_t)st.size);
    require(zipped != NULL, "memory");
    require(zip_source_read(src, zipped, st.size) == (zip_int64_t)st.size, "libzip reads the archive back");
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);

    read_and_check(zipped, (size_t)st.size);
    free(zipped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    if (pm_xlsx_sniff(d, size))
        read_and_check(d, size);
    else
        read_parts(d, size);
    return 0;
}
