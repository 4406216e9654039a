/* The records of collection (review notes, rounds, contacts, attachments)
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

/* What opening a round takes; checked by the caller that reads it from
 * people: items are element codes of the
 * plan, due_at the deadline's end (base/clock.h). */
typedef struct pm_round_spec {
    const char *title;
    int year;
    const char *period; /* "year", "h1", "h2" */
    int unit_level;
    const char *opens, *deadline, *due_at;
    const char *const *items;
    size_t nitems;
    /* The units that report (codes, each of unit_level); NULL: every unit
     * of unit_level, as the tree stands when the round is opened. */
    const char *const *units;
    size_t nunits;
    const char *who;
} pm_round_spec;

/* One unit of an open round that has not reported yet (todo.h): counted
 * in the store, one row per (round, unit). Owned strings
 * (pm_round_dues_free). */
typedef struct pm_round_due {
    long round;
    char *title;
    int year;
    char *deadline, *due_at; /* as the round has them (pm_round) */
    char *unit, *unit_name;
    int items;     /* the round's items */
    int filled;    /* those the unit has a figure of */
    int reminders; /* 催报 it received in this round */
} pm_round_due;

/* How far a round is approved, counted in the store: its reporting units
 * (those with at least one item) and those whose every item's figure is
 * approved, as pm_round_judge's summary counts units and approved. */
typedef struct pm_round_approval {
    long round;
    size_t units, approved;
} pm_round_approval;

/* Submitted figures waiting for review, counted per unit and the review
 * level they wait at (todo.h). Owned unit (pm_waitings_free). */
typedef struct pm_waiting {
    char *unit;
    int level; /* data_value.review_level: 0 when no levels were named when it was submitted */
    long n;
} pm_waiting;

/* Who answers for a unit's figures (the overdue list's 联系人, 电话). Borrowed strings. */
typedef struct pm_contact {
    const char *unit, *person, *phone;
    const char *email; /* NULL or "": none (base/mail.h checks its form before it gets here) */
} pm_contact;

/* One line of a round's reminder log to append. Borrowed strings. */
typedef struct pm_remind_spec {
    const char *unit, *who;
    const char *channel; /* "site" (站内待办) or "email" */
    const char *outcome; /* email: "sent", "failed", "no_address"; site: NULL */
    const char *detail;  /* email: the address sent to, or why it failed; else NULL */
} pm_remind_spec;

/* The size limit of one attachment in MB (MiB), a setting (attach-max-mb,
 * pm_attach_configure_max_mb): its default and the range it may take. */
#define PM_ATTACH_MAX_MB_DEFAULT 20
#define PM_ATTACH_MAX_MB_LIMIT 200

/* An attachment to store (attach.h). Borrowed. */
typedef struct pm_attach_spec {
    const char *unit;
    int year;
    const char *element; /* NULL: the submission as a whole */
    const char *ref;     /* NULL; else what else it belongs to: "task:T01:42" (update 42 of task T01, task_attach.h) */
    const char *kind;    /* "scan" (盖章报表扫描件) or "evidence" (佐证材料) */
    const char *name;    /* the file's name as uploaded */
    const char *mime;    /* from the bytes (parse/filetype.h) */
    const void *data;
    size_t size;
    const char *who;
} pm_attach_spec;

/* A stored attachment. Owned strings (pm_attachments_free); data is NULL
 * in listings and the bytes (size of them) when read one at a time. */
typedef struct pm_attachment {
    long id;
    char *unit, *element, *ref, *kind, *name, *mime, *at, *who;
    int year;
    size_t size;
    void *data;
} pm_attachment;

#endif
