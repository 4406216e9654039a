/* Every handler of the route table (routes.c), one file per page or
 * resource. A handler starts with a known user allowed to use the route at
 * all (dispatch.c ran the route's permission); it still checks the unit it
 * is asked about (web_unit_param, web_can). */
#ifndef PM_WEB_HANDLERS_H
#define PM_WEB_HANDLERS_H
#include "web/request.h"

void web_static(web_req *r, web_resp *w);        /* static.c: GET /static/… */
void web_login_form(web_req *r, web_resp *w);    /* page_login.c: GET /login */
void web_login(web_req *r, web_resp *w);         /* auth.c: POST /login */
void web_logout(web_req *r, web_resp *w);        /* auth.c: POST /logout */
void web_overview(web_req *r, web_resp *w);      /* page_overview.c: GET / */
void web_leader_page(web_req *r, web_resp *w);   /* page_leader.c: GET /leader (领导一页纸) */
void web_users_page(web_req *r, web_resp *w);    /* page_users.c: GET /users */
void web_users_create(web_req *r, web_resp *w);  /* page_users.c: POST /users */
void web_users_state(web_req *r, web_resp *w);   /* page_users.c: POST /users/state (disable, enable) */
void web_token_revoke(web_req *r, web_resp *w);  /* page_users.c: POST /users/tokens/revoke */
void web_audit_page(web_req *r, web_resp *w);    /* page_audit.c: GET /audit */
void web_indicator_page(web_req *r, web_resp *w); /* page_indicator.c: GET /indicator/{no} */
void web_unit_page(web_req *r, web_resp *w);      /* page_unit.c: GET /unit/{code} */
void web_entry_page(web_req *r, web_resp *w);     /* page_entry.c: GET /entry */
void web_entry_post(web_req *r, web_resp *w);     /* page_entry.c: POST /entry */
void web_entry_template(web_req *r, web_resp *w); /* page_entry.c: GET /entry/template.xlsx */
void web_entry_upload(web_req *r, web_resp *w);   /* page_entry.c: POST /entry/upload */
void web_review_page(web_req *r, web_resp *w);    /* page_review.c: GET /review */
void web_review_post(web_req *r, web_resp *w);    /* page_review.c: POST /review */
void web_history_page(web_req *r, web_resp *w);   /* page_history.c: GET /history */
void web_plans_page(web_req *r, web_resp *w);      /* page_plans.c: GET /plans */
void web_judgments_page(web_req *r, web_resp *w);  /* page_plans.c: GET /judgments */
void web_judgments_post(web_req *r, web_resp *w);  /* page_plans.c: POST /judgments */
void web_rounds_page(web_req *r, web_resp *w);        /* page_rounds.c: GET /rounds */
void web_round_page(web_req *r, web_resp *w);         /* page_rounds.c: GET /rounds/{id} */
void web_round_overdue_xlsx(web_req *r, web_resp *w); /* page_rounds.c: GET /rounds/{id}/overdue.xlsx */
void web_round_remind(web_req *r, web_resp *w);       /* page_rounds.c: POST /rounds/{id}/remind */
void web_entry_print(web_req *r, web_resp *w);        /* page_print.c: GET /entry/print */
void web_entry_attach(web_req *r, web_resp *w);       /* page_attach.c: POST /entry/attach */
void web_attachment_get(web_req *r, web_resp *w);     /* page_attach.c: GET /attachments/{id} */
void web_tasks_page(web_req *r, web_resp *w);         /* page_tasks.c: GET /tasks */
void web_task_page(web_req *r, web_resp *w);          /* page_tasks.c: GET /tasks/{code} */
void web_task_update_post(web_req *r, web_resp *w);   /* page_tasks.c: POST /tasks/{code}/updates */
void web_task_review_post(web_req *r, web_resp *w);   /* page_tasks.c: POST /tasks/{code}/updates/{id}/review */
void web_task_new_form(web_req *r, web_resp *w);      /* page_task_edit.c: GET /tasks/new */
void web_task_new_post(web_req *r, web_resp *w);      /* page_task_edit.c: POST /tasks/new */
void web_task_edit_form(web_req *r, web_resp *w);     /* page_task_edit.c: GET /tasks/{code}/edit */
void web_task_edit_post(web_req *r, web_resp *w);     /* page_task_edit.c: POST /tasks/{code}/edit */
void web_depts_page(web_req *r, web_resp *w);         /* page_tasks.c: GET /depts */
void web_dept_page(web_req *r, web_resp *w);          /* page_dept.c: GET /depts/{code} */
void web_narratives_page(web_req *r, web_resp *w);    /* page_narratives.c: GET /narratives */
void web_narratives_post(web_req *r, web_resp *w);    /* page_narratives.c: POST /narratives */

/* The JSON API under /api/v1/ (api_*.c, one file per resource; docs/api.md). */
void web_api_round(web_req *r, web_resp *w);       /* page_rounds.c: GET /api/v1/rounds/{id} */
void web_api_me(web_req *r, web_resp *w);          /* api_me.c: GET /api/v1/me */
void web_api_plan(web_req *r, web_resp *w);        /* api_plan.c: GET /api/v1/plan */
void web_api_indicators(web_req *r, web_resp *w);  /* api_indicators.c: GET /api/v1/indicators */
void web_api_indicator(web_req *r, web_resp *w);   /* api_indicators.c: GET /api/v1/indicators/{no} */
void web_api_units(web_req *r, web_resp *w);       /* api_units.c: GET /api/v1/units */
void web_api_values_get(web_req *r, web_resp *w);  /* api_values.c: GET /api/v1/values */
void web_api_values_put(web_req *r, web_resp *w);  /* api_values.c: POST and PUT /api/v1/values */
void web_api_submit(web_req *r, web_resp *w);      /* api_review.c: POST /api/v1/values/submit */
void web_api_approve(web_req *r, web_resp *w);     /* api_review.c: POST /api/v1/values/approve */
void web_api_return(web_req *r, web_resp *w);      /* api_review.c: POST /api/v1/values/return */
void web_api_status(web_req *r, web_resp *w);      /* api_status.c: GET /api/v1/status */
void web_api_history(web_req *r, web_resp *w);     /* api_history.c: GET /api/v1/history */
void web_api_plans(web_req *r, web_resp *w);       /* api_plans.c: GET /api/v1/plans */
void web_api_judgments_get(web_req *r, web_resp *w);  /* api_plans.c: GET /api/v1/judgments */
void web_api_judgments_post(web_req *r, web_resp *w); /* api_plans.c: POST /api/v1/judgments */
void web_api_tasks(web_req *r, web_resp *w);          /* api_tasks.c: GET /api/v1/tasks */
void web_api_task(web_req *r, web_resp *w);           /* api_tasks.c: GET /api/v1/tasks/{code} */
void web_api_task_update(web_req *r, web_resp *w);    /* api_tasks.c: POST /api/v1/tasks/{code}/updates */
void web_api_task_review(web_req *r, web_resp *w);    /* api_tasks.c: POST /api/v1/tasks/{code}/updates/{id}/review */
void web_api_task_put(web_req *r, web_resp *w);       /* api_task_put.c: PUT /api/v1/tasks/{code} */
void web_api_task_attach(web_req *r, web_resp *w);    /* api_tasks.c: POST /api/v1/tasks/{code}/updates/{id}/attachments */
void web_api_depts(web_req *r, web_resp *w);          /* api_tasks.c: GET /api/v1/depts */
void web_api_dept(web_req *r, web_resp *w);           /* api_tasks.c: GET /api/v1/depts/{code} */
void web_api_narratives(web_req *r, web_resp *w);     /* api_narratives.c: GET /api/v1/narratives */
void web_api_narrative_put(web_req *r, web_resp *w);  /* api_narratives.c: POST /api/v1/narratives */

/* Renders the login form (page_login.c), for GET /login and a failed POST. */
void web_login_render(web_req *r, web_resp *w, int status, const char *message, const char *name,
                      const char *next);

#endif
