/* xmlw.h over libxml2's xmlTextWriter, writing into an xmlBuffer. */
#include "render/write/xmlw.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

struct xmlw {
    xmlBufferPtr mem;
    xmlTextWriterPtr w;
    bool failed;
};

static void check(xmlw *x, int rc)
{
    if (rc < 0)
        x->failed = true;
}

xmlw *xmlw_new(void)
{
    xmlw *x = xcalloc(1, sizeof *x);
    x->mem = xmlBufferCreate();
    x->w = x->mem ? xmlNewTextWriterMemory(x->mem, 0) : NULL;
    if (!x->w)
        pm_oom();
    check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
    return x;
}

void xmlw_start(xmlw *x, const char *name) { check(x, xmlTextWriterStartElement(x->w, BAD_CAST name)); }

void xmlw_attr(xmlw *x, const char *name, const char *value)
{
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST(value ? value : "")));
}

void xmlw_attr_int(xmlw *x, const char *name, long value)
{
    char n[24];
    snprintf(n, sizeof n, "%ld", value);
    xmlw_attr(x, name, n);
}

/* Keeps the characters XML 1.0 allows (its Char production). */
static bool xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

void xmlw_text(xmlw *x, const char *text)
{
    buf clean = BUF_INIT;
    const char *p = text ? text : "";
    size_t n = strlen(p);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t len = utf8_decode(p + i, n - i, &c);
        bool broken = len == 1 && c == 0xFFFD; /* an invalid byte, not a real U+FFFD */
        if (!broken && xml_char(c))
            buf_append(&clean, p + i, len);
        i += len;
    }
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST buf_str(&clean)));
    buf_free(&clean);
}

void xmlw_end(xmlw *x) { check(x, xmlTextWriterEndElement(x->w)); }

void xmlw_empty(xmlw *x, const char *name)
{
    xmlw_start(x, name);
    xmlw_end(x);
}

void xmlw_leaf(xmlw *x, const char *name, const char *attr, const char *value)
{
    xmlw_start(x, name);
    xmlw_attr(x, attr, value);
    xmlw_end(x);
}

void xmlw_leaf_int(xmlw *x, const char *name, const char *attr, long value)
{
    xmlw_start(x, name);
    xmlw_attr_int(x, attr, value);
    xmlw_end(x);
}

bool xmlw_finish(xmlw *x, buf *out)
{
    check(x, xmlTextWriterEndDocument(x->w)); /* closes what is open */
    xmlFreeTextWriter(x->w);                  /* flushes into mem */
    bool ok = !x->failed;
    if (ok)
        buf_append(out, xmlBufferContent(x->mem), (size_t)xmlBufferLength(x->mem));
    xmlBufferFree(x->mem);
    free(x);
    return ok;
}
