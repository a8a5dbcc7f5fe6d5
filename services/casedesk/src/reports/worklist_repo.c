#include "reports/worklist_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_repo.h"

/* The tenant's SLA warning term in hours ($1 = tenant). */
#define WORKLIST_WARNING_HOURS                                                                     \
    "coalesce((SELECT s.sla_warning_hours FROM casedesk.settings s WHERE s.tenant_id = $1), 24)"

/* The SLA state of case c: the scheduler's flags, or the deadline against
 * the clock when the case is not suspended (a suspended case's deadline
 * moves when it resumes). */
#define WORKLIST_SLA_STATE                                                                         \
    "CASE WHEN c.sla_breached_at IS NOT NULL OR (c.suspended_since IS NULL AND "                   \
    "c.resolution_due <= now()) THEN 'breached' "                                                  \
    "WHEN c.sla_warned_at IS NOT NULL OR (c.suspended_since IS NULL AND c.resolution_due - "       \
    "make_interval(hours => " WORKLIST_WARNING_HOURS ") <= now()) THEN 'warning' "                 \
    "ELSE 'on_track' END"

/* Columns 0..15; 16 is the list's cursor key. */
#define WORKLIST_COLS                                                                              \
    "c.id, c.reference, c.category_id, k.name, c.description, c.status, c.priority, c.district, "  \
    "c.officer_id, c.created_at, c.first_contact_due, c.resolution_due, "                          \
    "c.first_contact_at, " WORKLIST_SLA_STATE ", c.suspended_since, c.suspension_reason"

#define WORKLIST_FROM                                                                              \
    " FROM casedesk.cases c JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = "   \
    "c.category_id "

static void worklist_from_row(const PGresult *r, int row, void *item)
{
    worklist_item *w = item;

    kc_pg_copy(r, row, 0, w->id, sizeof(w->id));
    kc_pg_copy(r, row, 1, w->reference, sizeof(w->reference));
    kc_pg_copy(r, row, 2, w->category_id, sizeof(w->category_id));
    w->category_name = kc_pg_strdup(r, row, 3);
    w->description = kc_pg_strdup(r, row, 4);
    kc_pg_copy(r, row, 5, w->status, sizeof(w->status));
    kc_pg_copy(r, row, 6, w->priority, sizeof(w->priority));
    w->district = kc_pg_strdup(r, row, 7);
    kc_pg_copy(r, row, 8, w->officer_id, sizeof(w->officer_id));
    kc_pg_copy(r, row, 9, w->created_at, sizeof(w->created_at));
    kc_pg_copy(r, row, 10, w->first_contact_due, sizeof(w->first_contact_due));
    kc_pg_copy(r, row, 11, w->resolution_due, sizeof(w->resolution_due));
    kc_pg_copy(r, row, 12, w->first_contact_at, sizeof(w->first_contact_at));
    kc_pg_copy(r, row, 13, w->sla_state, sizeof(w->sla_state));
    kc_pg_copy(r, row, 14, w->suspended_since, sizeof(w->suspended_since));
    w->suspension_reason = kc_pg_strdup(r, row, 15);
}

/* An officer's id (column 0) into a char[37]. */
static void officer_id_from_row(const PGresult *r, int row, void *id)
{
    kc_pg_copy(r, row, 0, id, 37);
}

kc_status worklist_repo_officer_by_sub(kc_db_conn *conn, const char *tenant_id, const char *sub,
                                       char id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT id FROM casedesk.liaison_officers "
                              "WHERE tenant_id = $1 AND user_sub = $2";
    const char *params[2] = {tenant_id, sub};

    return kc_pg_one(conn, "casedesk_worklist_officer_by_sub", sql, 2, params, officer_id_from_row,
                     id, pb,
                     "no liaison officer of the tenant has userSub %s: there is no work list "
                     "for this caller",
                     sub);
}

kc_status worklist_repo_officer_exists(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       kc_problem *pb)
{
    static const char sql[] = "SELECT 1 FROM casedesk.liaison_officers "
                              "WHERE tenant_id = $1 AND id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "casedesk_worklist_officer_exists", sql, 2, params, NULL, NULL, pb,
                     "liaison officer %s not found", id);
}

kc_status worklist_repo_officer_cases(kc_db_conn *conn, const char *tenant_id,
                                      const char *officer_id, const kc_keyset *page,
                                      worklist_item **items, size_t *n, kc_keyset_next *next,
                                      kc_problem *pb)
{
    /* keyset on (resolution_due NULLS LAST, id); the cursor key of a case
     * without a deadline is 'none'. The status filter is the predicate of
     * the index cases_officer_due. */
    static const char sql[] =
        "SELECT " WORKLIST_COLS
        ", coalesce(c.resolution_due::text, 'none') AS cursor_key" WORKLIST_FROM
        "WHERE c.tenant_id = $1 AND c.officer_id = $2 "
        "AND c.status NOT IN ('resolved', 'closed') "
        "AND ($3::text IS NULL OR CASE WHEN $3::text = 'none' "
        "THEN c.resolution_due IS NULL AND c.id > $4::uuid "
        "ELSE c.resolution_due > nullif($3::text, 'none')::timestamptz "
        "OR (c.resolution_due = nullif($3::text, 'none')::timestamptz AND c.id > $4::uuid) "
        "OR c.resolution_due IS NULL END) "
        "ORDER BY c.resolution_due NULLS LAST, c.id LIMIT $5";
    char limit[16];
    const char *params[5];
    void *list = NULL;
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = officer_id;
    params[2] = page->after_key;
    params[3] = page->after_id;
    params[4] = limit;
    st = kc_pg_list(conn, "casedesk_worklist_officer_cases", sql, 5, params, page, 16,
                    sizeof(worklist_item), worklist_from_row, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status worklist_repo_triage(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               worklist_item **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb)
{
    /* the partial index cases_unassigned (officer_id IS NULL), read
     * backwards: oldest first */
    static const char sql[] =
        "SELECT " WORKLIST_COLS ", " CASEDESK_TS_US("c.created_at") WORKLIST_FROM
        "WHERE c.tenant_id = $1 AND c.officer_id IS NULL AND c.status = 'received' "
        "AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY c.created_at, c.id LIMIT $4";
    char limit[16];
    const char *params[4];
    void *list = NULL;
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = page->after_key;
    params[2] = page->after_id;
    params[3] = limit;
    st = kc_pg_list(conn, "casedesk_worklist_triage", sql, 4, params, page, 16,
                    sizeof(worklist_item), worklist_from_row, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status worklist_repo_overview(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                 kc_problem *pb)
{
    /* Open = not resolved or closed. Overdue: open, not suspended, past
     * resolutionDue; dueSoon: the same within the tenant's warning term
     * (the warning state) but not yet past it. Referrals open: open or
     * acknowledged; overdue: past answerBy, or past acknowledgeBy while
     * still unacknowledged. */
    static const char sql[] =
        "WITH w AS (SELECT make_interval(hours => " WORKLIST_WARNING_HOURS ") AS warn), "
        "o AS (SELECT c.status, c.officer_id, c.suspended_since IS NOT NULL AS suspended, "
        "c.suspended_since IS NULL AND c.resolution_due <= now() AS overdue, "
        "c.suspended_since IS NULL AND c.resolution_due > now() "
        "AND c.resolution_due - w.warn <= now() AS due_soon "
        "FROM casedesk.cases c, w WHERE c.tenant_id = $1 "
        "AND c.status NOT IN ('resolved', 'closed')), "
        "per_officer AS (SELECT officer_id, count(*) AS open_cases, "
        "count(*) FILTER (WHERE overdue) AS overdue FROM o WHERE officer_id IS NOT NULL "
        "GROUP BY officer_id) "
        "SELECT json_build_object("
        "'openByStatus', (SELECT json_object_agg(s.status, (SELECT count(*) FROM o "
        "WHERE o.status = s.status)) FROM unnest(ARRAY['received', 'assigned', 'in_progress', "
        "'waiting', 'solution_proposed']) AS s(status)), "
        "'unassigned', (SELECT count(*) FROM o WHERE officer_id IS NULL), "
        "'overdue', (SELECT count(*) FROM o WHERE overdue), "
        "'dueSoon', (SELECT count(*) FROM o WHERE due_soon), "
        "'suspended', (SELECT count(*) FROM o WHERE suspended), "
        "'referrals', (SELECT json_build_object('open', count(*), 'overdue', count(*) FILTER "
        "(WHERE r.answer_by <= now() OR (r.status = 'open' AND r.acknowledge_by <= now()))) "
        "FROM casedesk.referrals r WHERE r.tenant_id = $1 "
        "AND r.status IN ('open', 'acknowledged')), "
        "'reopenRequestsPending', (SELECT count(*) FROM casedesk.reopen_requests q "
        "WHERE q.tenant_id = $1 AND q.status = 'pending'), "
        "'officers', coalesce((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, "
        "'active', l.active, 'openCases', coalesce(p.open_cases, 0), 'capacity', l.capacity, "
        "'overdue', coalesce(p.overdue, 0)) ORDER BY l.name, l.id) "
        "FROM casedesk.liaison_officers l LEFT JOIN per_officer p ON p.officer_id = l.id "
        "WHERE l.tenant_id = $1), '[]'::json))::text";
    const char *params[1] = {tenant_id};
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_exec(conn, "casedesk_worklist_overview", sql, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    *out = kc_pg_json(res, 0, 0);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "overview: unreadable document");
out:
    PQclear(res);
    return st;
}
