#include "model/rule.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

static const struct {
    const char *text; /* as written in a rule */
    pm_rule_op op;
} op_words[] = {
    /* Longest first: "<=" must not be read as "<" followed by "=". */
    {"<=", PM_RULE_LE}, {">=", PM_RULE_GE}, {"==", PM_RULE_EQ}, {"≤", PM_RULE_LE}, {"≥", PM_RULE_GE},
    {"＜", PM_RULE_LT}, {"＞", PM_RULE_GT}, {"＝", PM_RULE_EQ}, {"<", PM_RULE_LT},  {">", PM_RULE_GT},
    {"=", PM_RULE_EQ},
};

const char *pm_rule_op_str(pm_rule_op op)
{
    static const char *const s[] = {"<=", "<", ">=", ">", "="};
    return op <= PM_RULE_EQ ? s[op] : "?";
}

bool pm_rule_op_parse(const char *s, pm_rule_op *op)
{
    for (int i = PM_RULE_LE; i <= PM_RULE_EQ; i++)
        if (!strcmp(s, pm_rule_op_str((pm_rule_op)i))) {
            *op = (pm_rule_op)i;
            return true;
        }
    return false;
}

const char *pm_rule_op_words(pm_rule_op op)
{
    static const char *const s[] = {"不应大于", "应小于", "不应小于", "应大于", "应等于"};
    return op <= PM_RULE_EQ ? s[op] : "?";
}

bool pm_rule_holds(pm_rule_op op, double l, double r)
{
    switch (op) {
    case PM_RULE_LE:
        return l <= r;
    case PM_RULE_LT:
        return l < r;
    case PM_RULE_GE:
        return l >= r;
    case PM_RULE_GT:
        return l > r;
    case PM_RULE_EQ:
        return l == r;
    }
    return true;
}

/* An element code: letters, digits and underscores. */
static bool is_code(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

bool pm_rule_parse(const char *text, char **left, pm_rule_op *op, char **right)
{
    *left = *right = NULL;
    for (size_t i = 0; i < sizeof op_words / sizeof op_words[0]; i++) {
        const char *at = strstr(text, op_words[i].text);
        if (!at)
            continue;
        size_t ln = (size_t)(at - text), rn;
        const char *l = text_trim(text, &ln);
        const char *r = at + strlen(op_words[i].text);
        rn = strlen(r);
        r = text_trim(r, &rn);
        if (!is_code(l, ln) || !is_code(r, rn))
            return false;
        *left = xstrndup(l, ln);
        *right = xstrndup(r, rn);
        *op = op_words[i].op;
        return true;
    }
    return false;
}

void pm_rule_free(pm_rule *r)
{
    free(r->left);
    free(r->right);
    free(r->message);
    memset(r, 0, sizeof *r);
}
