#include "render/doc/round_out.h"

#include <math.h>
#include <string.h>

#include "base/clock.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *local(const char *utc)
{
    char buf[32];
    return utc ? json_string(pm_clock_local(utc, false, buf, sizeof buf)) : json_null();
}

json_t *out_round_json(const pm_round *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "title", json_string(r->title));
    json_object_set_new(o, "year", json_integer(r->year));
    json_object_set_new(o, "period", json_string(r->period));
    json_object_set_new(o, "period_label", str_or_null(pm_round_period_label(r->period)));
    json_object_set_new(o, "unit_level", json_integer(r->unit_level));
    json_object_set_new(o, "opens", json_string(r->opens));
    json_object_set_new(o, "deadline", json_string(r->deadline));
    json_object_set_new(o, "due_at", json_string(r->due_at));
    json_t *items = json_array();
    for (size_t i = 0; i < r->nitems; i++)
        json_array_append_new(items, json_string(r->items[i]));
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "items_text", json_integer((json_int_t)r->nitems));
    json_object_set_new(o, "created_by", json_string(r->created_by));
    json_object_set_new(o, "created_at", json_string(r->created_at));
    return o;
}

json_t *out_round_units_json(const pm_round_unit *u, size_t n, const pm_reminder *rem, size_t nrem,
                             bool overdue_only)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        if (overdue_only && !(u[i].late && !u[i].reported_at))
            continue;
        size_t reminded = 0;
        const char *last = NULL;
        for (size_t k = 0; k < nrem; k++)
            if (!strcmp(rem[k].unit, u[i].unit) && !strcmp(rem[k].channel, "site")) { /* an e-mail goes with one */
                reminded++;
                last = rem[k].at;
            }
        char label[64];
        json_t *o = json_object();
        json_object_set_new(o, "unit", json_string(u[i].unit));
        json_object_set_new(o, "unit_name", json_string(u[i].unit_name));
        json_object_set_new(o, "state", json_string(pm_round_state_str(u[i].state)));
        json_object_set_new(o, "state_label", json_string(pm_round_unit_label(&u[i], label, sizeof label)));
        json_object_set_new(o, "late", json_boolean(u[i].late));
        json_object_set_new(o, "on_time", json_boolean(u[i].on_time));
        json_object_set_new(o, "reported_at", str_or_null(u[i].reported_at));
        json_object_set_new(o, "reported_local", local(u[i].reported_at));
        json_object_set_new(o, "items", json_integer((json_int_t)u[i].items));
        json_object_set_new(o, "filled", json_integer((json_int_t)u[i].filled));
        json_object_set_new(o, "submitted", json_integer((json_int_t)u[i].submitted));
        json_object_set_new(o, "approved", json_integer((json_int_t)u[i].approved));
        json_object_set_new(o, "returned", json_integer((json_int_t)u[i].returned));
        json_object_set_new(o, "reminders", json_integer((json_int_t)reminded));
        json_object_set_new(o, "last_reminded_local", local(last));
        json_object_set_new(o, "contact", str_or_null(u[i].person));
        json_object_set_new(o, "phone", str_or_null(u[i].phone));
        json_object_set_new(o, "email", str_or_null(u[i].email));
        json_array_append_new(rows, o);
    }
    return rows;
}

json_t *out_round_reminders_json(const pm_reminder *rem, size_t n)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        const pm_reminder *m = &rem[i];
        bool mail = !strcmp(m->channel, "email");
        json_t *o = json_object();
        json_object_set_new(o, "at", json_string(m->at));
        json_object_set_new(o, "at_local", local(m->at));
        json_object_set_new(o, "unit", json_string(m->unit));
        json_object_set_new(o, "who", json_string(m->who));
        json_object_set_new(o, "channel", json_string(m->channel));
        json_object_set_new(o, "channel_label", json_string(mail ? "邮件" : "站内待办"));
        json_object_set_new(o, "outcome", str_or_null(m->outcome));
        json_object_set_new(o, "outcome_label", json_string(mail ? pm_reminder_outcome_label(m->outcome) : "已记录"));
        json_object_set_new(o, "detail", str_or_null(m->detail));
        json_array_append_new(rows, o);
    }
    return rows;
}

static json_t *share(double x)
{
    return isnan(x) ? json_null() : json_real(x);
}

json_t *out_round_summary_json(const pm_round_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "units", json_integer((json_int_t)s->units));
    json_object_set_new(o, "reported", json_integer((json_int_t)s->reported));
    json_object_set_new(o, "on_time", json_integer((json_int_t)s->on_time));
    json_object_set_new(o, "late", json_integer((json_int_t)s->late));
    json_object_set_new(o, "not_reported", json_integer((json_int_t)s->not_reported));
    json_object_set_new(o, "approved", json_integer((json_int_t)s->approved));
    json_object_set_new(o, "completeness", share(s->completeness));
    json_object_set_new(o, "timeliness", share(s->timeliness));
    json_object_set_new(o, "past_due", json_boolean(s->past_due));
    return o;
}

const out_column *out_round_unit_columns(size_t *n)
{
    static const out_column cols[] = {
        {"unit", "单位代码"},      {"unit_name", "单位"},        {"state_label", "报送状态"},
        {"reported_local", "报送时间"}, {"filled", "已填项数"},    {"reminders", "催报次数"},
        {"last_reminded_local", "最近催报"}, {"contact", "联系人"}, {"phone", "联系电话"},
        {"email", "电子邮箱"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

const out_column *out_round_columns(size_t *n)
{
    static const out_column cols[] = {
        {"id", "编号"}, {"title", "任务名称"}, {"year", "年份"}, {"period_label", "周期"},
        {"opens", "开始日期"}, {"deadline", "截止日期"}, {"items_text", "数据项数"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}
