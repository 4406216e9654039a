/* SVG to PNG through librsvg (parse and draw) and cairo (the pixels and
 * the PNG encoder): no drawing code of our own, so the picture in the DOCX
 * is the picture of the HTML report. */
#include "render/chart/png.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <math.h>

/* cairo's PNG encoder hands the bytes over in pieces. */
static cairo_status_t append_png(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The drawing's aspect ratio (height / width) from its viewBox, or from
 * its width and height when it has no viewBox. 0 when it has neither. */
static double aspect_of(RsvgHandle *h)
{
    gboolean has_w, has_h, has_vb;
    RsvgLength w, ht;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(h, &has_w, &w, &has_h, &ht, &has_vb, &vb);
    if (has_vb && vb.width > 0 && vb.height > 0)
        return vb.height / vb.width;
    if (has_w && has_h && w.length > 0 && ht.length > 0 && w.unit == ht.unit)
        return ht.length / w.length;
    return 0;
}

static bool draw(RsvgHandle *h, int width, int height, buf *out, pm_err *err)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1); /* a white ground: RGB24 starts black */
    cairo_paint(cr);
    RsvgRectangle viewport = {0, 0, width, height};
    GError *gerr = NULL;
    bool ok = rsvg_handle_render_document(h, cr, &viewport, &gerr);
    if (!ok) {
        pm_err_set(err, 0, "图表无法绘制：%s", gerr ? gerr->message : "未知原因");
        g_clear_error(&gerr);
    }
    cairo_destroy(cr);
    size_t before = out->len;
    if (ok && cairo_surface_write_to_png_stream(surf, append_png, out) != CAIRO_STATUS_SUCCESS) {
        out->len = before;
        pm_err_set(err, 0, "图表无法保存为 PNG 图片");
        ok = false;
    }
    cairo_surface_destroy(surf);
    return ok;
}

bool svg_to_png(const char *svg, size_t len, int width_px, buf *out, int *height_px, pm_err *err)
{
    GError *gerr = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
    if (!h) {
        pm_err_set(err, 0, "图表无法读取：%s", gerr ? gerr->message : "未知原因");
        g_clear_error(&gerr);
        return false;
    }
    double aspect = aspect_of(h);
    bool ok = aspect > 0 && width_px > 0 && width_px <= 8192;
    if (!ok)
        pm_err_set(err, 0, "图表没有可用的尺寸");
    int height = ok ? (int)lround(width_px * aspect) : 0;
    if (ok && (height < 1 || height > 8192)) {
        pm_err_set(err, 0, "图表的尺寸不合理（%d × %d 像素）", width_px, height);
        ok = false;
    }
    if (ok)
        ok = draw(h, width_px, height, out, err);
    g_object_unref(h);
    if (ok)
        *height_px = height;
    return ok;
}
