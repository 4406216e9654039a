/* The status document of one unit and year for the web (status_doc.h): the same
 * document `planmon status` prints (render/doc/status_out.c builds it for both). */
#include <math.h>

#include "render/doc/status_out.h"
#include "web/status_doc.h"

json_t *web_status_doc(const pm_evaluation *ev, int u, int year, bool sdg)
{
    return out_status_doc(ev, u, year, sdg);
}

double web_doc_num(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *web_doc_str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}
