#ifndef KOERS_ROUTE_TABLE_H
#define KOERS_ROUTE_TABLE_H

/* The server's dispatch (libkoers internal): which route of the table a
 * request's method and path select, found without a linear scan, and the
 * route's :parameters bound into the request's map exactly as Ulfius binds
 * them. Ulfius matched every registered endpoint against every request,
 * splitting both with strtok/strdup (about 15 % of a GET's CPU with ~100
 * routes); this answers the same question from a table built once. */

#include <stddef.h>
#include <ulfius.h>
#include "koers/http.h"

typedef struct kc_route_table kc_route_table;

/* Builds the table over routes[0..n) (borrowed: they must outlive it);
 * NULL when out of memory. */
kc_route_table *kc_route_table_new(const kc_route *const *routes, size_t n);

/* Frees the table; NULL is fine. */
void kc_route_table_free(kc_route_table *t);

/* The index of the route Ulfius would have run for method and path (the
 * path as libmicrohttpd left it, decoded, without the query): the first
 * in table order whose method equals method (case-insensitively) or is
 * "*", and whose path matches segment by segment (empty segments and
 * those starting with '?' are skipped; ":name" and "@name" match one
 * segment, a last "*" the rest). -1 when none matches. */
long kc_route_table_match(const kc_route_table *t, const char *method, const char *path);

/* Binds the :parameters of route `index` found in path into map (the
 * request's map_url, holding the query already), as Ulfius'
 * ulfius_parse_url does: each value url-decoded once more, left out when
 * it is not UTF-8, appended after a comma to a value of the same name
 * already there. Returns 0, -1 when out of memory. */
int kc_route_table_bind(const kc_route_table *t, long index, const char *path, struct _u_map *map);

#endif
