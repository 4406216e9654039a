/* Validation rules (校验规则, DESIGN "Terms"): a declarative relation
 * between two data elements of the same unit and year, such as
 * `tk_central <= tk_need_central` (a part is at most its whole), checked
 * on every write path. Plain data; the plan owns its rules. */
#ifndef PM_RULE_H
#define PM_RULE_H
#include <stdbool.h>

typedef enum pm_rule_op {
    PM_RULE_LE = 0, /* <= */
    PM_RULE_LT,     /* <  */
    PM_RULE_GE,     /* >= */
    PM_RULE_GT,     /* >  */
    PM_RULE_EQ,     /* =  */
} pm_rule_op;

typedef struct pm_rule {
    char *left, *right; /* element codes, owned */
    pm_rule_op op;
    bool error;         /* true: refuses the figures; false: a warning that asks for a comment */
    char *message;      /* Chinese, owned; NULL: the generated one alone */
} pm_rule;

const char *pm_rule_op_str(pm_rule_op op); /* "<=", "<", ">=", ">", "=" */
/* The inverse of pm_rule_op_str; false for anything else. */
bool pm_rule_op_parse(const char *s, pm_rule_op *op);
/* The relation in words for messages: "不应大于" for <=, … */
const char *pm_rule_op_words(pm_rule_op op);
/* Whether left op right holds. Figures are compared as stored (the
 * importer has already rounded both to the precision they were entered). */
bool pm_rule_holds(pm_rule_op op, double left, double right);
/* Parses "a <= b" (also ≤ ≥ ＜ ＞ ＝, "==") into codes and op: *left and
 * *right malloc'd, the caller frees. False for anything else. */
bool pm_rule_parse(const char *text, char **left, pm_rule_op *op, char **right);
void pm_rule_free(pm_rule *r);

#endif
