/* Text encodings of files people send: UTF-8 (with or without BOM) or
 * GB18030 (what Excel and WPS save CSV as on Chinese Windows). Detected
 * from the bytes, never guessed from the file name; converted with iconv. */
#ifndef PM_ENCODING_H
#define PM_ENCODING_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

typedef enum pm_encoding {
    PM_ENC_UTF8 = 0,
    PM_ENC_UTF8_BOM,
    PM_ENC_GB18030,
    PM_ENC_UTF16,   /* with a BOM (FF FE or FE FF): Excel's "Unicode 文本" */
} pm_encoding;

const char *pm_encoding_name(pm_encoding e); /* "UTF-8", "UTF-8（带 BOM）", "GB18030", "UTF-16" */

/* Returns data[0..len) as UTF-8 without BOM in a malloc'd, NUL-terminated
 * buffer the caller frees (*outlen its length), and the encoding found.
 * Each line must be in one encoding: a file with both UTF-8 and GB18030
 * lines (a copy-paste accident) is refused, as is text that is neither;
 * err->line names the first line that does not fit. */
char *pm_to_utf8(const char *data, size_t len, size_t *outlen, pm_encoding *enc, pm_err *err);
/* The same text without a copy when data is UTF-8 already: returns a
 * pointer into data (past its BOM) and sets *owned to NULL. Converted
 * text (GB18030) is malloc'd: returned and in *owned, which the caller
 * frees. NULL with err set as for pm_to_utf8. The text is NUL-terminated
 * only if data is. For files of hundreds of megabytes (an import). */
const char *pm_utf8_text(const char *data, size_t len, size_t *outlen, pm_encoding *enc, char **owned,
                         pm_err *err);

/* UTF-8 text s[0..n) as GB18030, malloc'd and NUL-terminated (*outlen
 * its length), the caller frees; NULL when s is not valid UTF-8. Every
 * Unicode character has a GB18030 form, so nothing is lost. */
char *pm_utf8_to_gb18030(const char *s, size_t n, size_t *outlen);

/* Whether data starts with a UTF-16 byte order mark (FF FE or FE FF). */
bool pm_is_utf16(const char *data, size_t len);

#endif
