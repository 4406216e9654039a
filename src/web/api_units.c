/* GET /api/v1/units[?unit=CODE]: the org-unit tree the caller may read,
 * nested: from its own subtree's root (a reporter's town, the district for
 * planners and admins), or from the unit asked for inside it. */
#include <stdlib.h>

#include "base/mem.h"
#include "web/api.h"

void web_api_units(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    int root = web_unit_param(r, w, s, WEB_DO_READ);
    if (root < 0)
        return;
    const pm_tree *t = &s->ev.tree;
    size_t n = (size_t)(t->end[root] - root);
    /* Preorder: a parent comes before its children, so each node is made
     * before any child is hung on it. nodes[] only borrows: the root owns
     * the whole document once every child is appended. */
    json_t **nodes = xcalloc(n, sizeof *nodes);
    for (size_t k = 0; k < n; k++) {
        const pm_unit *u = &t->u[(size_t)root + k];
        json_t *o = json_object();
        json_object_set_new(o, "code", esc_json_value(u->code));
        json_object_set_new(o, "name", esc_json_value(u->name));
        json_object_set_new(o, "level", json_integer(u->level));
        json_object_set_new(o, "level_name", json_string(pm_level_name(u->level)));
        json_object_set_new(o, "children", json_array());
        nodes[k] = o;
        if (k > 0)
            json_array_append_new(json_object_get(nodes[u->parent - root], "children"), o);
    }
    json_t *doc = nodes[0];
    free(nodes);
    web_json(w, 200, json_pack("{s:o}", "root", doc));
}
