#include "render/write/json.h"

#include <math.h>

#include "base/num.h"

json_t *out_json_num(double v)
{
    if (isnan(v))
        return json_null();
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *out_json_str(const char *s) { return s ? json_string(s) : json_null(); }

void out_json_scalar(const json_t *v, bool exact17, char out[48], const char **s)
{
    *s = out;
    out[0] = '\0';
    if (json_is_string(v))
        *s = json_string_value(v);
    else if (json_is_integer(v))
        snprintf(out, 48, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v) && exact17)
        num_fmt17(json_real_value(v), out);
    else if (json_is_real(v))
        num_fmt_short(json_real_value(v), out);
    else if (json_is_boolean(v))
        snprintf(out, 48, "%s", json_is_true(v) ? "true" : "false");
}

/* The most digits any real in j needs to read back exactly. */
static int max_digits(const json_t *j)
{
    int d = 15;
    if (json_is_real(j)) {
        d = num_short_digits(json_real_value(j));
    } else if (json_is_array(j)) {
        size_t i;
        const json_t *v;
        json_array_foreach(j, i, v)
        {
            int x = max_digits(v);
            d = x > d ? x : d;
        }
    } else if (json_is_object(j)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            int x = max_digits(v);
            d = x > d ? x : d;
        }
    }
    return d;
}

void out_json_print(FILE *f, const json_t *j, bool exact17)
{
    int digits = exact17 ? 17 : max_digits(j);
    json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(digits));
    fputc('\n', f);
}
