/* Indicator formulas over data elements (DESIGN "formula"), compiled to a
 * flat array of nodes. Text form:
 *   #{code}                 the element aggregated over the unit's subtree
 *   units(level)            units at that level in the subtree (the unit itself included)
 *                           that existed in the year (org unit valid_from/valid_to)
 *   units(level:group)      of those, the units of a named group: units(town:镇)
 *   units_with(code, level) of those, units whose value of the element is > 0
 *                           (the value #{code} has at that unit: its subtree's);
 *                           no value where none of them has one
 *   numbers, + - * /, unary -, parentheses
 * e.g. "#{beds_elderly} / #{pop_resident} * 1000",
 *      "units_with(psych_station, community) / units(community) * 100",
 *      "units_with(public_cemetery, town:镇) / units(town:镇) * 100". */
#ifndef PM_FORMULA_H
#define PM_FORMULA_H
#include <stddef.h>

/* Bytes a group name may take, its NUL included: group names are short
 * words (镇, 农村社区), held inside the node so that a formula still owns
 * nothing but its node array. */
#define PM_GROUP_MAX 40

typedef enum pm_fop {
    PM_F_NUM = 0,    /* num */
    PM_F_ELEM,       /* elem */
    PM_F_UNITS,      /* level */
    PM_F_UNITS_WITH, /* elem, level */
    PM_F_ADD,        /* a + b */
    PM_F_SUB,        /* a - b */
    PM_F_MUL,        /* a * b */
    PM_F_DIV,        /* a / b; x/0 is no value (NaN) */
    PM_F_NEG,        /* -a */
} pm_fop;

typedef struct pm_fnode {
    pm_fop op;
    double num;
    int elem;  /* index into the element list the formula was parsed against */
    int level; /* PM_LEVEL_* */
    int a, b;  /* operand node indexes; every operand comes before its user */
    char group[PM_GROUP_MAX]; /* units and units_with: "" every unit at the level, else the group's */
} pm_fnode;

typedef struct pm_formula {
    pm_fnode *node; /* owned; node[n-1] is the root */
    size_t n;
} pm_formula;

void pm_formula_free(pm_formula *f);
/* Frees n formulas and the malloc'd array that holds them (NULL is fine). */
void pm_formulas_free(pm_formula *f, size_t n);

#endif
