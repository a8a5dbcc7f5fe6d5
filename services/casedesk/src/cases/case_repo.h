#ifndef KOERS_CASEDESK_CASE_REPO_H
#define KOERS_CASEDESK_CASE_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "cases/case_model.h"
#include "cases/routing.h"
#include "sla/settings_model.h"
#include "sla/sla_calendar.h"

/* SQL for cases and their timeline, scoped to tenant_id: another tenant's
 * case is KC_NOT_FOUND. Out params are the caller's (case_record_clear,
 * case_record_array_free, case_timeline_array_free). */

/* The terms of a case's category and the tenant's calendar settings (the
 * defaults when the tenant has no settings row). */
typedef struct case_terms {
    int sla_days; /* resolution */
    int first_contact_days;
    sla_calendar_unit unit;
    casedesk_settings settings;
} case_terms;

/* The terms of the category of case case_id. KC_NOT_FOUND for no case. */
kc_status case_repo_terms(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                          case_terms *out, kc_problem *pb) KC_MUST_CHECK;

/* A category's terms as routing data holds them. */
typedef struct case_category_terms {
    const char *id; /* borrowed from the routing data's doc */
    int sla_days;
    int first_contact_days;
    sla_calendar_unit unit;
} case_category_terms;

/* What a filing needs besides the officers' load, read in one statement:
 * the tenant's routing version (routing_versions; 0 when it has none),
 * its active routing rules in order, its categories' terms and its
 * calendar settings (the defaults when it has no settings row). The
 * arrays point into doc. Immutable once read: routing_cache.h shares one
 * per tenant between threads. */
typedef struct case_routing_data {
    long long version;
    json_t *doc;
    routing_rule_in *rules;
    size_t nrules;
    case_category_terms *categories;
    size_t ncategories;
    const char **strings; /* keyword and pool pointers of all rules */
    casedesk_settings settings;
} case_routing_data;

void case_routing_data_clear(case_routing_data *d);

kc_status case_repo_routing_data(kc_db_conn *conn, const char *tenant_id, case_routing_data *out,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Reserves `count` reference numbers of the tenant for `year` in one
 * autocommitted statement (conn must not be in a transaction, so the counter
 * row is locked only briefly); *last is the highest number reserved. */
kc_status case_repo_reserve_references(kc_db_conn *conn, const char *tenant_id, int year, int count,
                                       long long *last, kc_problem *pb) KC_MUST_CHECK;

/* What filing stores besides the case as filed: deadlines (Unix seconds),
 * the tracking token's SHA-256 (hex) and the sealed citizen (bytea hex
 * text as citizen_crypto.h makes them; idx NULL = none). */
typedef struct case_filing {
    long long first_contact_due;
    long long resolution_due;
    const char *tracking_hash_hex;
    const char *citizen_enc_hex;
    const char *citizen_key_id;
    const char *email_idx_hex;
    const char *phone_idx_hex;
    int sla_warning_hours; /* the tenant's, for the answer's sla.state (0 = 24) */
} case_filing;

/* The routing of a filing: the pool of the rule that matched (NULL, 0:
 * none matched: the case stays unassigned) and the routing version the
 * rule was chosen from. */
typedef struct case_filing_route {
    const char *const *pool;
    size_t npool;
    long long version;
} case_filing_route;

/* Inserts a case with the given reference, routed to the pool's least
 * loaded available officer (picked in the same statement, as routing.h's
 * routing_choose would from the officers' current load), its timeline
 * entries (received, public, and assigned when routed) and returns the
 * stored case (its citizen not filled: the caller has it). When the
 * tenant's routing version is no longer route->version nothing is written
 * and *stale is 1 (read the routing data again and retry). */
kc_status case_repo_insert(kc_db_conn *conn, const char *tenant_id, const case_new *in,
                           const case_filing *f, const char *reference,
                           const case_filing_route *route, const char *actor, case_record *out,
                           int *stale, kc_problem *pb) KC_MUST_CHECK;

kc_status case_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, case_record *out,
                        kc_problem *pb) KC_MUST_CHECK;

/* List filters; NULL members are not applied. */
typedef struct case_filter {
    const char *status;
    const char *officer_id;
    const char *category_id;
    const char *district;
    const char *q;
    const char *created_from;
    const char *created_to;
    int unassigned; /* -1 any, 0 assigned only, 1 unassigned only */
    int ascending;  /* sort=createdAt */
} case_filter;

kc_status case_repo_list(kc_db_conn *conn, const char *tenant_id, const case_filter *f,
                         const kc_keyset *page, case_record **items, size_t *n,
                         kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* A change of status and/or officer with its timeline entry. Leaving a
 * status books the seconds since status_since into case_status_time and
 * sets status_since; entering waiting sets suspended_since (and the
 * reason), leaving it clears them; entering resolved sets resolved_at and
 * the outcome; leaving resolved/closed for another status clears them. */
typedef struct case_change {
    case_status status;     /* the new status (may equal the old one) */
    const char *officer_id; /* NULL = keep */
    const char *actor;
    const char *action;            /* timeline action */
    const char *from_status;       /* timeline; NULL = none */
    const char *to_status;         /* timeline; NULL = none */
    const json_t *detail;          /* timeline; NULL = none */
    int is_public;                 /* timeline: the citizen sees it */
    const char *suspension_reason; /* entering waiting */
    int first_contact;             /* sets first_contact_at when still unset */
    const char *outcome;           /* entering resolved */
    const char *explanation;       /* entering resolved */
    long long first_contact_due;   /* Unix seconds; 0 = keep */
    long long resolution_due;      /* Unix seconds; 0 = keep */
    long long add_suspended;       /* seconds added to suspended_seconds */
    int reopen;                    /* reopen_count + 1, SLA warning/breach flags cleared */
} case_change;

/* Applies chg when the case is still at version expected_version. *applied
 * is 0 (and out untouched) when it is not (changed concurrently or gone).
 * closed_at is set on entering closed and cleared on leaving it. */
kc_status case_repo_change(kc_db_conn *conn, const char *tenant_id, const char *id,
                           int expected_version, const case_change *chg, int *applied,
                           case_record *out, kc_problem *pb) KC_MUST_CHECK;

/* Timeline entries oldest first after entry id after_id (0 = from the
 * start); next->has_more when there are more. */
kc_status case_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                             long long after_id, int limit, case_timeline_entry **items, size_t *n,
                             int *has_more, kc_problem *pb) KC_MUST_CHECK;

/* Queues a timeline entry of the case (no result wanted: in a transaction
 * it is sent with the next statement). from/to/detail_json may be NULL. */
kc_status case_repo_timeline_add(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 const char *actor, const char *action, const char *from_status,
                                 const char *to_status, int is_public, const char *detail_json,
                                 kc_problem *pb) KC_MUST_CHECK;

/* The members of a case that events carry (id, reference, category,
 * district, status, priority, officer) and anonymised_at, without the
 * citizen. */
kc_status case_repo_get_brief(kc_db_conn *conn, const char *tenant_id, const char *id,
                              case_record *out, kc_problem *pb) KC_MUST_CHECK;
/* The same, locking the case row until the transaction ends (a change that
 * depends on the status read, e.g. a message to a case that may close). */
kc_status case_repo_lock_brief(kc_db_conn *conn, const char *tenant_id, const char *id,
                               case_record *out, kc_problem *pb) KC_MUST_CHECK;

/* Time in each status so far, the current one counted to now.
 * KC_NOT_FOUND for no such case. */
kc_status case_repo_lead_times(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                               case_lead_times *out, kc_problem *pb) KC_MUST_CHECK;

/* *active = 1 when officer_id is an active liaison officer of the tenant
 * (0 when it is not, or is no officer at all). */
kc_status case_repo_officer_active(kc_db_conn *conn, const char *tenant_id, const char *officer_id,
                                   int *active, kc_problem *pb) KC_MUST_CHECK;

/* Records the root cause of a resolution (process_id, step_id may be NULL)
 * on case id, in the caller's transaction right after the move to
 * resolved (the version stays: it is part of that change). */
kc_status case_repo_set_root_cause(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *process_id, const char *step_id,
                                   kc_problem *pb) KC_MUST_CHECK;

#endif
