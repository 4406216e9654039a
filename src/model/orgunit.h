/* Org units (组织机构): district → town/street → community/village, held as
 * a tree in preorder, so that every subtree is one contiguous range of
 * indexes and a parent always comes before its children. That layout lets
 * the engine aggregate a whole tree in one backward pass over an array. */
#ifndef PM_ORGUNIT_H
#define PM_ORGUNIT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

enum { PM_LEVEL_DISTRICT = 0, PM_LEVEL_TOWN = 1, PM_LEVEL_COMMUNITY = 2, PM_LEVEL_MAX = 7 };

typedef struct pm_unit {
    long id;     /* store id, 0 until stored */
    char *code;  /* unique, e.g. "110115" or "HY01" */
    char *name;  /* 黄村镇 */
    int parent;  /* index of the parent in the tree, -1 for the root */
    int level;   /* 0 district, 1 town/street, 2 community/village (deeper levels allowed up to PM_LEVEL_MAX) */
    long line;   /* source line, for messages; 0 when not from a file */
    char *group; /* named group (镇, 街道, 城市社区, 农村社区 …) or NULL: formulas
                    count within it as units(town:镇) */
    int valid_from, valid_to; /* first and last year the unit existed (inclusive);
                                 0: since always / still open */
} pm_unit;

typedef struct pm_tree {
    pm_unit *u;  /* n units in preorder; owns the strings */
    size_t n;
    int *end;    /* subtree of i is [i, end[i]) */
    bool dated;  /* some unit has a valid_from or valid_to */
} pm_tree;

/* Input for building a tree: units in any order, parents named by code. */
typedef struct pm_unit_in {
    char *code, *name, *parent_code; /* parent_code NULL or "" for the root */
    int level;
    long line;
    char *group;              /* NULL or "" for none */
    int valid_from, valid_to; /* 0 for open; valid_from <= valid_to when both given */
} pm_unit_in;

/* Builds a preorder tree from units in any order. Checks: empty codes,
 * duplicate codes, unknown parents, cycles, more than one root, a child
 * whose level is not below its parent's, a unit closed before it opened. The input strings are copied;
 * the caller still frees `in`. On failure err names the line of the
 * offending unit. Children keep their input order. */
bool pm_tree_build(const pm_unit_in *in, size_t n, pm_tree *out, pm_err *err);
/* The same, listing in errs every error it finds (each unit's fields and
 * parent; then, the parents being sound, cycles and levels) rather than
 * the first; false when it added any. */
bool pm_tree_build_all(const pm_unit_in *in, size_t n, pm_tree *out, pm_errs *errs);
/* The tree of units already in preorder, parent[i] the index of unit i's
 * parent (-1 for the root), as they stand, when pm_tree_build would accept
 * them and lay them out so: the root first and only there, each parent an
 * ancestor-or-self of the unit before (every subtree a run, children in
 * their order), every field as pm_tree_build checks it. Codes are not
 * compared: the caller's are unique already (a store's, by its schema).
 * True: in's strings are the tree's now (or freed: an empty group is
 * none), cleared in `in`; ids 0. False: nothing done, for pm_tree_build to
 * lay them out or name what is wrong. */
bool pm_tree_take_preorder(pm_unit_in *in, const int *parent, size_t n, pm_tree *out);
void pm_tree_free(pm_tree *t);
/* The rows of a units file laid over a stored tree, as `units import`
 * takes them: a file names the units it adds or changes; a stored unit it
 * does not name stays as it is. Where the file names every stored unit,
 * the rows are the file's in its order (a whole tree, which may reorder
 * it); otherwise the stored units keep their order, each replaced by the
 * file's first row of its code, and the file's other rows follow in file
 * order (new children after their parent's existing ones). Stored units'
 * rows have line 0. The rows point into stored and file: free the array
 * only. *added counts the file's rows whose code is not stored. */
pm_unit_in *pm_units_over(const pm_tree *stored, const pm_unit_in *file, size_t nfile, size_t *n, size_t *added);
/* Whether unit u existed in year (DESIGN "org unit": a unit closed or
 * merged into another counts only in the years it existed). */
bool pm_unit_exists(const pm_unit *u, int year);
/* Whether u belongs to group; a NULL or empty group is every unit. */
bool pm_unit_in_group(const pm_unit *u, const char *group);

/* Index of the unit with that code, or -1. O(n). */
int pm_tree_find(const pm_tree *t, const char *code);
/* "区", "街道乡镇", "社区村", or "第N级". Static string. */
const char *pm_level_name(int level);
/* Parses a level: 0/1/2…, district/town/community, 区/街道/乡镇/街道乡镇/社区/村/社区村. */
bool pm_level_parse(const char *s, int *level);

#endif
