#ifndef NOTIFICATIONS_WIRE_LIST_H
#define NOTIFICATIONS_WIRE_LIST_H

#include <jansson.h>
#include "koers/problem.h"

/* The wire form of one row of a list (borrowed; it may be changed) with
 * its links on base: a new reference, NULL when out of memory. */
typedef json_t *(*wire_list_fn)(const char *base, json_t *row);

/* *items (a new array, the caller's) of wire(base, row) for every row of
 * rows (borrowed), in order. KC_INTERNAL when out of memory, *items then
 * NULL. */
kc_status wire_list_map(const char *base, json_t *rows, wire_list_fn wire, json_t **items,
                        kc_problem *pb) KC_MUST_CHECK;

#endif
