#ifndef KOERS_PROGRAMMES_CONSULTATION_SUPPORT_H
#define KOERS_PROGRAMMES_CONSULTATION_SUPPORT_H

#include <stddef.h>
#include <jansson.h>

/* The support arithmetic of a consultation and its small-group rule, pure
 * (no database, no HTTP): the views of a round are counted per group
 * (statement x round, or statement x department x round); a group with
 * fewer views than the tenant's minimum group size shows no figures at all
 * (withheld), as in the surveys service, so that nobody can tell from the
 * counts how a small department's few people stood. */

/* The views of one group. */
typedef struct consultation_tally {
    int views;
    int support;
    int support_with_remark;
    int object;
} consultation_tally;

/* How many views of one stance a statement had in a round from a
 * department (a row of the counting query; strings borrowed). */
typedef struct consultation_count {
    const char *statement_id;
    int round;
    const char *department;
    const char *stance; /* support | support_with_remark | object */
    int n;
} consultation_count;

/* A statement in a round: the groups shown per statement, in the order
 * they are answered (strings borrowed). */
typedef struct consultation_cell {
    const char *statement_id;
    int round;
} consultation_cell;

/* Adds n views of stance to t. 0, or -1 for an unknown stance or a
 * negative n (t unchanged). */
int consultation_tally_add(consultation_tally *t, const char *stance, int n);

/* 1 when a group of `views` views is shown under min_group_size (views
 * >= min_group_size and at least one view), else 0. */
int consultation_group_shown(int views, int min_group_size);

/* The share of support and support with a remark among the views,
 * rounded to four decimals; 0 without views. */
double consultation_support_share(const consultation_tally *t);

/* The support figures as the API answers them, a new array (NULL when out
 * of memory): without by_department one item per cell, in the cells'
 * order, summing the counts of every department; with it one item per
 * (statement, round, department) that has counts, in the order the counts
 * come. Each item holds statementId, round, department (by_department
 * only) and, when the group is shown, withheld false, views, support,
 * supportWithRemark, object and supportShare; else withheld true and no
 * figures. Counts whose cell is not listed are left out. */
json_t *consultation_support_items(const consultation_cell *cells, size_t ncells,
                                   const consultation_count *counts, size_t ncounts,
                                   int by_department, int min_group_size);

/* The statements of consultation.round.closed, a new array (NULL when out
 * of memory): per cell {statementId, views, support, supportWithRemark,
 * object} over all departments, each count null when the statement's
 * group is withheld. */
json_t *consultation_support_event(const consultation_cell *cells, size_t ncells,
                                   const consultation_count *counts, size_t ncounts,
                                   int min_group_size);

#endif
