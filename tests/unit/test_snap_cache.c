/* The snapshot's cache of rendered page pieces (web/snap_cache.h): a piece
 * is kept with the places where each request's CSRF field goes and the
 * bureau day it was drawn on; a piece of another day is not served and is
 * replaced by the next one drawn, while a piece of the same day is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "web/snap_cache.h"
#include "web/snapshot.h"

static web_snap *snap_new(void)
{
    web_snap *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->cache = web_snap_cache_new();
    return s;
}

static void snap_free(web_snap *s)
{
    web_snap_cache_free(s->cache);
    free(s);
}

/* put: the bytes of text from `from` on, with holes, on day. */
static void put(web_snap *s, uint64_t key, long day, const char *text, size_t from, const size_t *holes, size_t n)
{
    buf b = {0};
    buf_puts(&b, text);
    web_snap_fragment_put(s, key, day, &b, from, holes, n);
    buf_free(&b);
}

/* get: true and the piece (appended after "<") in out when key is there on day. */
static bool get(web_snap *s, uint64_t key, long day, buf *out, size_t **holes, size_t *n)
{
    buf_reset(out);
    buf_puts(out, "<");
    return web_snap_fragment_get(s, key, day, out, holes, n);
}

static void test_holes_kept(void **state)
{
    (void)state;
    web_snap *s = snap_new();
    const size_t holes[] = {3, 7};
    put(s, 42, 100, "headA<form>B</form>", 4, holes, 2);
    buf out = {0};
    size_t *h = NULL, n = 9;
    assert_true(get(s, 42, 100, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<A<form>B</form>");
    assert_int_equal(n, 2);
    assert_non_null(h);
    assert_int_equal(h[0], 3);
    assert_int_equal(h[1], 7);
    free(h);
    /* A piece without forms: no holes, none given back. */
    put(s, 43, 100, "plain", 0, NULL, 0);
    assert_true(get(s, 43, 100, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<plain");
    assert_int_equal(n, 0);
    assert_null(h);
    /* Unknown key: nothing appended. */
    assert_false(get(s, 44, 100, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<");
    assert_null(h);
    buf_free(&out);
    snap_free(s);
}

static void test_day(void **state)
{
    (void)state;
    web_snap *s = snap_new();
    buf out = {0};
    size_t *h = NULL, n = 0;
    put(s, 7, 100, "monday", 0, NULL, 0);
    /* The same day: a second drawing does not replace the first. */
    put(s, 7, 100, "again", 0, NULL, 0);
    assert_true(get(s, 7, 100, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<monday");
    /* The next day: the piece is not served (what is late may have turned)… */
    assert_false(get(s, 7, 101, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<");
    /* … and the piece drawn on it replaces the old one. */
    const size_t hole[] = {1};
    put(s, 7, 101, "tuesday", 0, hole, 1);
    assert_true(get(s, 7, 101, &out, &h, &n));
    assert_string_equal(buf_str(&out), "<tuesday");
    assert_int_equal(n, 1);
    assert_int_equal(h[0], 1);
    free(h);
    h = NULL;
    assert_false(get(s, 7, 100, &out, &h, &n));
    buf_free(&out);
    snap_free(s);
}

static void test_from_past_end(void **state)
{
    (void)state;
    web_snap *s = snap_new();
    buf out = {0};
    size_t *h = NULL, n = 0;
    /* from beyond the buffer: nothing kept. */
    put(s, 9, 1, "abc", 4, NULL, 0);
    assert_false(get(s, 9, 1, &out, &h, &n));
    buf_free(&out);
    snap_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holes_kept),
        cmocka_unit_test(test_day),
        cmocka_unit_test(test_from_past_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
