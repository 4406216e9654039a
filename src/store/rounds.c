/* The backend-independent front of collection rounds (store/rounds.h):
 * checks what does not depend on the database, then hands each call to
 * the backend's pm_collect_ops. */
#include "store/rounds.h"

#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "store/collect_backend.h"
#include "store/store_backend.h"

#define TITLE_MAX 300 /* bytes: 100 Chinese characters */

static const pm_collect_ops *ops_of(pm_store *s, void **impl)
{
    return pm_store_backend(s, impl)->collect;
}

/* The first code of the n that comes twice, NULL when none does (a round
 * names a few dozen: pairwise is enough). */
static const char *named_twice(const char *const *codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(codes[i], codes[j]))
                return codes[i];
    return NULL;
}

/* The checks of a round that need no database: each names its field. */
static bool spec_ok(const pm_round_spec *r, pm_err *err)
{
    int y, m, d, y2, m2, d2;
    if (!r->title || !*r->title || strlen(r->title) > TITLE_MAX || !utf8_valid(r->title, strlen(r->title), NULL)) {
        pm_err_set(err, 0, "title：任务名称不能为空，不超过 100 个汉字");
        return false;
    }
    if (!pm_round_period_label(r->period)) {
        pm_err_set(err, 0, "period：应为 year（年度）、h1（上半年）或 h2（下半年）");
        return false;
    }
    if (!r->nitems) {
        pm_err_set(err, 0, "items：填报任务至少要有一个数据项");
        return false;
    }
    if (r->units && !r->nunits) {
        pm_err_set(err, 0, "units：填报任务至少要有一个报送单位");
        return false;
    }
    if (!pm_clock_parse_date(r->deadline, &y, &m, &d)) {
        pm_err_set(err, 0, "deadline：截止日期应为 YYYY-MM-DD 格式的日期");
        return false;
    }
    if (!pm_clock_parse_date(r->opens, &y2, &m2, &d2)) {
        pm_err_set(err, 0, "opens：开始日期应为 YYYY-MM-DD 格式的日期");
        return false;
    }
    /* The figures of year Y are reported during Y (a half year's) or in
     * the months after it; a deadline before Y or more than a year after
     * it is a typo. */
    if (y < r->year || y > r->year + 1) {
        pm_err_set(err, 0, "deadline：截止日期 %s 不在 %d 年或其次年内", r->deadline, r->year);
        return false;
    }
    if (strcmp(r->opens, r->deadline) > 0) {
        pm_err_set(err, 0, "opens：开始日期 %s 晚于截止日期 %s", r->opens, r->deadline);
        return false;
    }
    if (!r->who || !*r->who) {
        pm_err_set(err, 0, "填报任务缺少创建人");
        return false;
    }
    /* Named twice is refused here, so that a failing insert of a round's
     * item or unit is the store's failure and reads as one. */
    const char *twice = named_twice(r->items, r->nitems);
    if (twice) {
        pm_err_set(err, 0, "items：数据项“%s”重复", twice);
        return false;
    }
    twice = r->units ? named_twice(r->units, r->nunits) : NULL;
    if (twice) {
        pm_err_set(err, 0, "units：单位“%s”重复", twice);
        return false;
    }
    return true;
}

bool pm_store_round_add(pm_store *s, const pm_round_spec *r, long *id, size_t *nunits, pm_err *err)
{
    size_t none;
    if (!spec_ok(r, err))
        return false;
    void *impl;
    const pm_collect_ops *ops = ops_of(s, &impl);
    return ops->round_add(impl, r, id, nunits ? nunits : &none, err);
}

bool pm_store_rounds(pm_store *s, pm_round **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = ops_of(s, &impl)->rounds(impl, 0, out, n, err);
    if (!ok) {
        pm_rounds_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

int pm_store_round_get(pm_store *s, long id, pm_round *out, pm_err *err)
{
    memset(out, 0, sizeof *out);
    if (id <= 0)
        return 0;
    pm_round *r = NULL;
    size_t n = 0;
    void *impl;
    if (!ops_of(s, &impl)->rounds(impl, id, &r, &n, err)) {
        pm_rounds_free(r, n);
        return -1;
    }
    if (n)
        *out = r[0];
    for (size_t i = 1; i < n; i++)
        pm_round_clear(&r[i]);
    free(r);
    return n ? 1 : 0;
}

bool pm_store_round_cells(pm_store *s, long id, pm_round_cell **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = ops_of(s, &impl)->round_cells(impl, id, out, n, err);
    if (!ok) {
        pm_round_cells_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

bool pm_store_round_remind(pm_store *s, long id, const pm_remind_spec *m, pm_err *err)
{
    const char *ch = m->channel;
    if (!m->unit || !*m->unit || !m->who || !*m->who || !ch || (strcmp(ch, "site") && strcmp(ch, "email")) ||
        (!strcmp(ch, "email") && !m->outcome)) {
        pm_err_set(err, 0, "催报记录缺少单位、催报人或方式");
        return false;
    }
    void *impl;
    return ops_of(s, &impl)->round_remind(impl, id, m, err);
}

bool pm_store_round_approvals(pm_store *s, pm_round_approval **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = ops_of(s, &impl)->round_approvals(impl, out, n, err);
    if (!ok) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

bool pm_store_round_reminders(pm_store *s, long id, pm_reminder **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    void *impl;
    bool ok = ops_of(s, &impl)->round_reminders(impl, id, out, n, err);
    if (!ok) {
        pm_reminders_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

bool pm_store_put_contacts(pm_store *s, const pm_contact *c, size_t n, pm_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!c[i].unit || !*c[i].unit || !c[i].person || !c[i].phone) {
            pm_err_set(err, 0, "第 %zu 个联系人缺少单位、姓名或电话", i + 1);
            return false;
        }
    void *impl;
    return ops_of(s, &impl)->put_contacts(impl, c, n, err);
}
