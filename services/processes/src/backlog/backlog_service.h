#ifndef KOERS_PROCESSES_BACKLOG_SERVICE_H
#define KOERS_PROCESSES_BACKLOG_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* The ranked backlog the core team works from: the proposed and open
 * bottlenecks of a process, or of every process of the tenant, in the
 * order score descending, impact descending, effort ascending, oldest
 * first, then id (the documented order; the score with the tenant's
 * weights), numbered from 1 (rank), one keyset page at a time. */

/* What the caller asks (query text, already checked against its fields
 * by the handler; NULL: not given). */
typedef struct backlog_query {
    const char *process_id; /* the process of .../processes/{id}/backlog, or ?processId */
    int of_process;         /* 1: the path names the process (404 when not the tenant's) */
    const char *status;     /* "open" (default), "proposed", "proposed,open", "open,proposed" */
    const char *quadrant;
    const char *source;
} backlog_query;

/* A page of the backlog of p's tenant. The cursor (page->after_key,
 * after_id) is one this function handed out (KC_BAD_REQUEST naming it
 * otherwise); a bad status list is KC_BAD_REQUEST naming status; a path
 * process of another tenant KC_NOT_FOUND. *items (the caller's) is the
 * array of the page's items, each with its rank; next says where the
 * next page starts. */
kc_status backlog_service_page(kc_db_pool *pool, const kc_principal *p, const backlog_query *q,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
