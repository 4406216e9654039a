/* The data-entry template's contents (填报模板): the unit, the year and
 * the items to fill in. Shared by the 填报 sheet (xlsx_template.h) and
 * the 填报说明 sheet (xlsx_guide.h). Plain data; every pointer borrowed. */
#ifndef PM_TEMPLATE_TYPES_H
#define PM_TEMPLATE_TYPES_H
#include <stddef.h>

#include "model/element.h"
#include "model/plan.h"

typedef struct pm_template_item {
    const char *code, *name, *unit;
    pm_value_kind kind;
    double last_year; /* NaN: none */
    double current;   /* NaN: not yet entered */
    const char *comment; /* may be NULL */
} pm_template_item;

typedef struct pm_template {
    const char *title;      /* plan title */
    const char *unit_code, *unit_name;
    int year;
    const pm_template_item *items;
    size_t nitems;
    /* For the 填报说明 sheet (xlsx_guide.h): each item's 口径 and the
     * indicators that read it. NULL: the sheet says less. Borrowed. */
    const pm_plan *plan;
} pm_template;

#endif
