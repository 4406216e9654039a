/* The records of collection (review notes; later rounds and attachments)
 * that the store's interface (notes.h) and its backends
 * (collect_backend.h) share: one header below both, so that neither
 * includes the other. Ownership as in notes.h. */
#ifndef PM_COLLECT_TYPES_H
#define PM_COLLECT_TYPES_H
#include <stddef.h>

#define PM_NOTE_MAX 1500 /* bytes of a note: 500 Chinese characters */

typedef struct pm_note {
    long id; /* increasing: the order of the thread */
    char *unit, *element;
    int year;
    char *at;   /* UTC, ISO 8601 */
    char *who;
    char *body;
} pm_note;

#endif
