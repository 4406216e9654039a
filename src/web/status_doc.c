/* The status document of one unit and year for the web (status_doc.h): the same
 * document `planmon status` prints (render/doc/status_out.c builds it for both). */
#include "render/doc/status_out.h"
#include "web/status_doc.h"

json_t *web_status_doc(const pm_evaluation *ev, int u, int year, bool sdg)
{
    return out_status_doc(ev, u, year, sdg);
}
