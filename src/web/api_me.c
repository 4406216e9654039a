/* GET /api/v1/me: who the caller is — name, role, the unit whose subtree
 * it may touch, what it may do — and, for a browser session, the CSRF
 * token its scripts send back in X-CSRF-Token on every write (a bearer
 * token needs none). */
#include "web/api.h"

void web_api_me(web_req *r, web_resp *w)
{
    const web_user *u = r->user;
    json_t *o = json_object();
    json_object_set_new(o, "name", esc_json_value(u->u.name));
    json_object_set_new(o, "display", esc_json_value(u->u.display));
    json_object_set_new(o, "role", json_string(pm_role_str(u->u.role)));
    json_object_set_new(o, "role_label", json_string(pm_role_label(u->u.role)));
    json_object_set_new(o, "unit", u->u.unit ? esc_json_value(u->u.unit) : json_null());
    json_object_set_new(o, "unit_name", u->u.unit_name ? esc_json_value(u->u.unit_name) : json_null());
    json_t *can = json_object();
    json_object_set_new(can, "enter", json_boolean(web_can(u, WEB_DO_ENTER, -1)));
    json_object_set_new(can, "review", json_boolean(web_can(u, WEB_DO_REVIEW, -1)));
    json_object_set_new(can, "plan", json_boolean(web_can(u, WEB_DO_PLAN, -1)));
    json_object_set_new(can, "admin", json_boolean(web_can(u, WEB_DO_ADMIN, -1)));
    json_object_set_new(o, "can", can);
    json_object_set_new(o, "auth", json_string(r->bearer ? "bearer" : "session"));
    json_object_set_new(o, "csrf", r->bearer || !r->csrf[0] ? json_null() : json_string(r->csrf));
    web_json(w, 200, o);
}
