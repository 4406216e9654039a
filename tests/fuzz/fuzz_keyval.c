/* libFuzzer target for the settings file reader (src/parse/keyval.c).
 * Beyond the sanitizers it checks the reader's promises: on success every
 * key is non-empty [a-z0-9_-], every value non-empty without a newline or
 * blanks at its ends, lines strictly increase and lie inside the text;
 * on failure the set is empty and the message is valid UTF-8. A broken
 * promise aborts, which libFuzzer reports as a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/keyval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void promise(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_keyvals kv;
    pm_err e = {0};
    size_t bad, lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (!pm_keyval_parse((const char *)data, size, &kv, &e)) {
        promise(kv.kv == NULL && kv.n == 0 && kv.text == NULL);
        promise(e.msg[0] && utf8_valid(e.msg, strlen(e.msg), &bad));
        promise(e.line >= 0 && (size_t)e.line <= lines);
        return 0;
    }
    long last = 0;
    for (size_t i = 0; i < kv.n; i++) {
        const pm_keyval *p = &kv.kv[i];
        size_t kn = strlen(p->key), vn = strlen(p->value);
        promise(kn > 0 && strspn(p->key, "abcdefghijklmnopqrstuvwxyz0123456789_-") == kn);
        promise(vn > 0 && !strchr(p->value, '\n') && p->value[0] != ' ' && p->value[0] != '\t');
        promise(p->value[vn - 1] != ' ' && p->value[vn - 1] != '\t' && p->value[vn - 1] != '\r');
        promise(p->line > last && (size_t)p->line <= lines);
        last = p->line;
    }
    pm_keyvals_free(&kv);
    return 0;
}
