/* Attachments on the web (佐证材料, page_attach.c):
 *
 *   POST /entry/attach?unit=&year=   a file (field "file"), kind=scan|evidence,
 *                                    optional item=CODE: stored if its bytes are
 *                                    a PDF, image, XLSX or DOCX (store/attach.h)
 *   GET  /attachments/{id}           the file, to whoever may read its unit:
 *                                    Content-Disposition attachment with the
 *                                    name (RFC 6266 filename*), the type found
 *                                    in its bytes, nosniff (server.c)
 *
 * and the list with the upload form that the entry page shows (and the
 * review page, without the form). Internal to src/web/. */
#ifndef PM_WEB_PAGE_ATTACH_H
#define PM_WEB_PAGE_ATTACH_H
#include "web/web.h"

/* Appends the list of unit u's attachments of year (a link per file) and,
 * when upload, the form. Nothing when there is none and no form; r->store
 * must be open (the page's own). */
void web_attach_section(web_req *r, buf *b, const web_snap *s, int u, int year, bool upload);

#endif
