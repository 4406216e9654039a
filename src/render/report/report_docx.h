/* Internal to the DOCX report (report_docx.c writes word/document.xml,
 * report_docx_parts.c every other part of the package). Nothing outside
 * src/render/report/ includes this; the public interface is report.h.
 *
 * The layout follows GB/T 9704-2012 (党政机关公文格式) where a report
 * can: A4 paper, 版心 156 mm × 225 mm with 天头 37 mm and 订口 28 mm,
 * 22 lines of 28 characters of 三号仿宋, headings in 黑体 (一、) and
 * 楷体 (（一）), the title in 小标宋 二号, page numbers "— 1 —" in 四号宋体
 * 7 mm below the text block, odd pages right and even pages left. */
#ifndef PM_REPORT_DOCX_H
#define PM_REPORT_DOCX_H
#include <stdbool.h>

#include "base/buf.h"

/* Lengths in twentieths of a point (twips): 1 mm = 1440 / 25.4 twips. */
#define DX_MM(mm) ((long)((mm) * 1440.0 / 25.4 + 0.5))
#define DX_PAGE_W DX_MM(210)
#define DX_PAGE_H DX_MM(297)
#define DX_TOP DX_MM(37)
#define DX_BOTTOM DX_MM(35)
#define DX_LEFT DX_MM(28)
#define DX_RIGHT DX_MM(26)
#define DX_TEXT_W (DX_PAGE_W - DX_LEFT - DX_RIGHT) /* 156 mm */
#define DX_TEXT_H (DX_PAGE_H - DX_TOP - DX_BOTTOM) /* 225 mm */
#define DX_TEXT_W_LANDSCAPE (DX_PAGE_H - DX_LEFT - DX_RIGHT) /* 243 mm */
/* 22 lines in the text block: 28.95 pt apart (579 twips). */
#define DX_LINE_PITCH (DX_TEXT_H / 22)
/* 28 characters a line: 16 pt characters set 0.25 pt closer (in
 * twentieths of a point), 28 × 15.75 pt fitting the 442 pt line. */
#define DX_BODY_CHAR_SPACING (-5)
/* EMU (DrawingML): 1 mm = 36000. */
#define DX_EMU_PER_TWIP 635L

/* The fonts, by the names Chinese offices' machines have (WPS and the
 * 方正/GB2312 font packs), each declared in fontTable.xml with the common
 * font a machine without it should use (altName) and its panose/charset,
 * so Word, WPS and LibreOffice pick a CJK face of the same kind. */
#define DX_FONT_BODY "仿宋_GB2312"
#define DX_FONT_TITLE "方正小标宋简体"
#define DX_FONT_H1 "黑体"
#define DX_FONT_H2 "楷体_GB2312"
#define DX_FONT_NUM "宋体"
#define DX_FONT_LATIN "Times New Roman"

/* The parts besides word/document.xml, each appended to out. images is
 * the number of chart pictures (word/media/chartN.png, N from 1), named
 * in the relationships and content types. False when the XML writer
 * failed. */
bool dx_styles_xml(buf *out);
bool dx_settings_xml(buf *out);
bool dx_font_table_xml(buf *out);
bool dx_footer_xml(buf *out, bool odd);
bool dx_content_types_xml(buf *out);
bool dx_package_rels_xml(buf *out);
bool dx_document_rels_xml(buf *out, int images);
bool dx_core_xml(buf *out, const char *title);
bool dx_app_xml(buf *out);

/* Relationship ids document.xml refers to. */
#define DX_RID_FOOTER_ODD "rIdFooterOdd"
#define DX_RID_FOOTER_EVEN "rIdFooterEven"
/* The picture of chart n: "rIdChart<n>". */

#endif
