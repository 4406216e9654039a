/* A ZIP package (an Office Open XML file: DOCX) assembled in memory with
 * libzip and handed back as bytes, so the front doors write it where they
 * are asked to (a -o file, an HTTP response). Parts keep the order they
 * were added in ([Content_Types].xml first, as Office writes it) and a
 * fixed time stamp, so the same report gives the same bytes. */
#ifndef PM_ZIP_PKG_H
#define PM_ZIP_PKG_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct zip_pkg zip_pkg;

/* A new, empty package; freed by zip_pkg_finish or zip_pkg_free. */
zip_pkg *zip_pkg_new(void);
/* Adds a part named name (a path inside the package) holding data, which
 * the package takes over (data is emptied). Stored compressed, except
 * PNG, which is compressed already. */
void zip_pkg_add(zip_pkg *p, const char *name, buf *data);
/* Writes the archive, appends its bytes to out and frees p. False with
 * err set (in Chinese), out as it was, when libzip fails. */
bool zip_pkg_finish(zip_pkg *p, buf *out, pm_err *err);
void zip_pkg_free(zip_pkg *p);

#endif
