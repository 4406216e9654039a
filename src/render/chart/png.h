/* An SVG chart (svg.h) rasterised to PNG with librsvg and cairo: for the
 * documents that cannot carry SVG portably (the DOCX report; WPS and
 * Word 2013 read PNG, not SVG). The text of the chart is set in the CJK
 * fonts fontconfig finds (svg.h names Noto Sans CJK SC first). */
#ifndef PM_CHART_PNG_H
#define PM_CHART_PNG_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* Draws the SVG document svg[0..len) at width_px pixels wide (its
 * viewBox's aspect ratio gives the height, stored in *height_px) on a
 * white ground and appends the PNG's bytes to out. False with err set
 * (in Chinese), out as it was, when the SVG cannot be read or drawn. */
bool svg_to_png(const char *svg, size_t len, int width_px, buf *out, int *height_px, pm_err *err);

#endif
