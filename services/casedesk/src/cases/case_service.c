#include "cases/case_service.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cases/case_outcome.h"
#include "cases/case_reference.h"
#include "cases/case_steps.h"
#include "citizen/citizen_crypto.h"
#include "koers/auth.h"
#include "koers/outbox.h"
#include "koers/validate.h"
#include "cases/routing.h"
#include "cases/routing_cache.h"

static const char *const case_channels[] = {"web",     "app",    "phone", "email",
                                            "counter", "letter", NULL};
static const char *const case_priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const case_statuses[] = {
    "received",          "assigned", "in_progress", "waiting",
    "solution_proposed", "resolved", "closed",      NULL};

static const kc_field case_fields_create[] = {
    {.name = "categoryId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "description", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
    {.name = "district", .type = KC_T_STRING, .nullable = 1, .max_len = 100},
    {.name = "location", .type = KC_T_OBJECT, .nullable = 1},
    {.name = "citizen", .type = KC_T_OBJECT, .required = 1},
    {.name = "channel", .type = KC_T_STRING, .required = 1, .enum_values = case_channels},
    {.name = "priority", .type = KC_T_STRING, .enum_values = case_priorities},
};
static const kc_field case_fields_citizen[] = {
    {.name = "name", .type = KC_T_STRING, .max_len = 200},
    {.name = "email", .type = KC_T_STRING, .max_len = 254, .format = KC_FMT_EMAIL},
    {.name = "phone", .type = KC_T_STRING, .min_len = 1, .max_len = 40},
    {.name = "address", .type = KC_T_STRING, .max_len = 300},
};
static const kc_field case_fields_location[] = {
    {.name = "latitude", .type = KC_T_NUMBER, .required = 1},
    {.name = "longitude", .type = KC_T_NUMBER, .required = 1},
    {.name = "address", .type = KC_T_STRING, .max_len = 300},
};
static const kc_field case_fields_transition[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = case_statuses},
    {.name = "reason", .type = KC_T_STRING, .max_len = 1000},
    {.name = "outcome", .type = KC_T_STRING},
    {.name = "explanation", .type = KC_T_STRING},
    {.name = "rootCause", .type = KC_T_OBJECT, .nullable = 1},
};
/* the root cause named on resolution: a process of the processes service
 * and optionally one of its flow steps (ids of another service: only
 * their form is checked) */
static const kc_field case_fields_root_cause[] = {
    {.name = "processId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
    {.name = "stepId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};
static const kc_field case_fields_assignment[] = {
    {.name = "officerId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
};

/* Validates a nested object, naming its faults "<prefix>.<member>". */
static void case_validate_nested(const json_t *obj, const char *prefix, const kc_field *fields,
                                 size_t n, kc_problem *pb)
{
    kc_problem inner;
    const json_t *item;
    size_t i;
    char name[128];

    kc_problem_init(&inner);
    if (kc_validate_json(obj, fields, n, &inner) != KC_OK) {
        json_array_foreach(inner.invalid_params, i, item)
        {
            snprintf(name, sizeof(name), "%s.%s", prefix,
                     json_string_value(json_object_get(item, "name")));
            kc_problem_add_field(pb, name, json_string_value(json_object_get(item, "reason")));
        }
        if (inner.invalid_params == NULL)
            kc_problem_add_field(pb, prefix, inner.detail);
    }
    kc_problem_clear(&inner);
}

/* Numeric range of a location member (the field list checks only ints). */
static void case_check_range(const json_t *loc, const char *member, double lo, double hi,
                             kc_problem *pb)
{
    const json_t *v = json_object_get(loc, member);
    char name[64], reason[64];
    double d;

    if (!json_is_number(v))
        return;
    d = json_number_value(v);
    if (d < lo || d > hi) {
        snprintf(name, sizeof(name), "location.%s", member);
        snprintf(reason, sizeof(reason), "must be between %g and %g", lo, hi);
        kc_problem_add_field(pb, name, reason);
    }
}

/* Checks a filing; collects every fault, then KC_INVALID if any. */
static kc_status case_validate_new(const json_t *body, int contact_optional, kc_problem *pb)
{
    const json_t *citizen, *loc;
    kc_status st;

    st = kc_validate_json(body, case_fields_create, KC_NELEMS(case_fields_create), pb);
    if (st == KC_BAD_REQUEST)
        return st;
    citizen = json_object_get(body, "citizen");
    if (json_is_object(citizen)) {
        case_validate_nested(citizen, "citizen", case_fields_citizen,
                             KC_NELEMS(case_fields_citizen), pb);
        if (!contact_optional && json_object_get(citizen, "email") == NULL &&
            json_object_get(citizen, "phone") == NULL)
            kc_problem_add_field(pb, "citizen", "needs an email or a phone number");
    }
    loc = json_object_get(body, "location");
    if (json_is_object(loc)) {
        case_validate_nested(loc, "location", case_fields_location, KC_NELEMS(case_fields_location),
                             pb);
        case_check_range(loc, "latitude", -90.0, 90.0, pb);
        case_check_range(loc, "longitude", -180.0, 180.0, pb);
    }
    if (pb->status != KC_OK || pb->invalid_params != NULL) {
        if (pb->detail[0] == '\0')
            kc_problem_set(pb, KC_INVALID, "the case has invalid fields");
        pb->status = KC_INVALID;
        return KC_INVALID;
    }
    return KC_OK;
}

/* The data of the filing's events about c: case.received describes the
 * case as it came in, with its course (as_received); case.assigned the
 * case as routed. Event data never holds the citizen. NULL when out of
 * memory. */
static json_t *case_filing_event(const case_record *c, const char *from_status, int as_received)
{
    json_t *extra = NULL, *data;

    if (as_received) {
        extra = case_event_course(c);
        if (extra == NULL || json_object_set_new(extra, "status", json_string("received")) != 0 ||
            json_object_set_new(extra, "officerId", json_null()) != 0) {
            json_decref(extra);
            return NULL;
        }
    }
    data = case_step_event_data(c, from_status, extra);
    json_decref(extra);
    return data;
}

/* The answer of a filing holds the citizen's details and the tracking
 * token: it is kept for Idempotency-Key replays sealed like the citizen
 * column ({"id": <case id>, "sealed": <hex>, "keyId": <id>}), never in the
 * clear. */
static kc_status case_idem_seal(const char *tenant_id, const json_t *answer, json_t **out,
                                kc_problem *pb)
{
    citizen_sealed sealed = {0};
    kc_status st = citizen_seal(tenant_id, answer, &sealed, pb);

    *out = NULL;
    if (st == KC_OK) {
        /* the case id stays readable: anonymising the case deletes this
         * answer by it (privacy_repo.c) */
        *out = json_pack("{s:O?, s:s, s:s}", "id", json_object_get(answer, "id"), "sealed",
                         sealed.enc_hex, "keyId", sealed.key_id);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    citizen_sealed_clear(&sealed);
    return st;
}

/* Opens a filing answer kept by case_idem_seal. An answer sealed under a
 * data key retired since cannot be shown again: KC_CONFLICT naming the
 * case it filed. */
static kc_status case_idem_open(const char *tenant_id, json_t *stored, json_t **answer,
                                kc_problem *pb)
{
    const char *enc = json_string_value(json_object_get(stored, "sealed"));
    const char *key_id = json_string_value(json_object_get(stored, "keyId"));
    const char *id = json_string_value(json_object_get(stored, "id"));

    if (enc == NULL || key_id == NULL) { /* stored before answers were sealed */
        *answer = json_incref(stored);
        return KC_OK;
    }
    *answer = citizen_open(tenant_id, key_id, enc);
    if (*answer == NULL) /* sealed under a data key that has been retired since */
        return kc_problem_set(pb, KC_CONFLICT,
                              "the first answer to this Idempotency-Key can no longer be shown; "
                              "the case it filed is %s",
                              id != NULL ? id : "unknown");
    return KC_OK;
}

static const kc_idem_codec case_idem_codec = {case_idem_seal, case_idem_open};

/* The answer of a filing: the case, its tracking token (only here: the
 * case stores its hash) and the link to the citizen's tracking page. */
static json_t *case_filed_json(const case_record *c, const char *token)
{
    json_t *o = case_to_json(c);
    char href[160];

    if (o == NULL)
        return NULL;
    snprintf(href, sizeof(href), "/casedesk/v1/tracking/%s", token);
    if (json_object_set_new(o, "trackingToken", json_string(token)) != 0 ||
        json_object_set_new(
            o, "_links",
            json_pack("{s:{s:s}, s:{s:s}}", "self", "href", "", "tracking", "href", href)) != 0) {
        json_decref(o);
        return NULL;
    }
    snprintf(href, sizeof(href), "/casedesk/v1/cases/%s", c->id);
    json_object_set_new(json_object_get(json_object_get(o, "_links"), "self"), "href",
                        json_string(href));
    return o;
}

/* What the filing transaction (case_file_fn) works with: the filing,
 * checked, with its citizen sealed, its tracking token and reference. */
typedef struct case_filing_job {
    const char *tenant_id;
    const case_new *in;
    case_filing *filing; /* the deadlines are filled in the transaction */
    const char *reference;
    const char *actor;
    const char *token;
} case_filing_job;

/* How often a filing reads the routing data again when the tenant's
 * routing changes under it (each time a rule, a category or the settings
 * changed between the read and the insert: in practice at most once). */
#define CASE_FILE_TRIES 4

/* Routes and inserts the case of a filing and emits its events, inside
 * kc_idem_create's transaction; *answer is the filing's answer. The rule
 * and the deadlines come from the tenant's routing data in memory
 * (routing_cache.h), the officer is picked from the rule's pool by the
 * insert itself. */
static kc_status case_file_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    case_filing_job *job = arg;
    routing_cache_entry *entry = NULL;
    const case_routing_data *routing = NULL;
    const case_category_terms *terms;
    const routing_rule_in *rule;
    case_filing_route route;
    case_record c = {0};
    sla_calendar_rules rules;
    routing_case_in rc;
    kc_outbox_event events[2];
    int fresh = 0, stale = 0, tries = 0;
    time_t now;
    kc_status st;

again:
    routing_cache_release(entry);
    st = routing_cache_get(conn, job->tenant_id, fresh, &entry, &routing, pb);
    if (st != KC_OK)
        goto out;
    terms = routing_data_category(routing, job->in->category_id);
    if (terms == NULL && !fresh) { /* a category newer than the copy? */
        fresh = 1;
        goto again;
    }
    if (terms == NULL) {
        kc_problem_set(pb, KC_INVALID, "categoryId does not name a category");
        kc_problem_add_field(pb, "categoryId", "no such category");
        st = KC_INVALID;
        goto out;
    }
    /* the deadlines from the category's terms and the tenant's calendar */
    now = time(NULL);
    casedesk_settings_calendar(&routing->settings, &rules);
    job->filing->first_contact_due =
        (long long)sla_calendar_deadline(&rules, now, terms->first_contact_days, terms->unit);
    job->filing->resolution_due =
        (long long)sla_calendar_deadline(&rules, now, terms->sla_days, terms->unit);
    job->filing->sla_warning_hours = routing->settings.sla_warning_hours;
    rc.category_id = job->in->category_id;
    rc.district = job->in->district;
    rc.description = job->in->description;
    rule = routing_match_rule(routing->rules, routing->nrules, &rc);
    route.pool = rule != NULL ? rule->officer_ids : NULL;
    route.npool = rule != NULL ? rule->nofficers : 0;
    route.version = routing->version;
    st = case_repo_insert(conn, job->tenant_id, job->in, job->filing, job->reference, &route,
                          job->actor, &c, &stale, pb);
    if (st == KC_OK && stale) {
        if (++tries < CASE_FILE_TRIES) {
            fresh = 1;
            goto again;
        }
        st = kc_problem_set(pb, KC_UNAVAILABLE,
                            "the routing changed while the case was filed; try again");
        goto out;
    }
    if (st == KC_OK && (c.citizen = json_deep_copy(job->in->citizen)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st != KC_OK)
        goto out;
    /* case.received, and case.assigned when routed, in one statement */
    events[0] = (kc_outbox_event){"case.received", c.id, case_filing_event(&c, NULL, 1)};
    events[1] = (kc_outbox_event){"case.assigned", c.id, NULL};
    if (c.officer_id[0] != '\0')
        events[1].data = case_filing_event(&c, "received", 0);
    if (events[0].data == NULL || (c.officer_id[0] != '\0' && events[1].data == NULL))
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    else
        st = kc_outbox_add_many(conn, CASEDESK_SCHEMA, job->tenant_id, events,
                                c.officer_id[0] != '\0' ? 2 : 1, pb);
    json_decref((json_t *)events[0].data);
    json_decref((json_t *)events[1].data);
    if (st != KC_OK)
        goto out;
    *answer = case_filed_json(&c, job->token);
    if (*answer == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    routing_cache_release(entry);
    case_record_clear(&c);
    return st;
}

/* A filing: POST /cases (contact required, no attributes) or Open311's. */
static kc_status case_file(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                           const json_t *body, int contact_optional, const json_t *attributes,
                           json_t **body_out, int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_new in = {0};
    case_filing filing = {0};
    case_filing_job job;
    citizen_sealed sealed = {0};
    char token[64], token_hash[65];
    const json_t *prio;
    char actor[160];
    char reference[40];
    kc_status st;

    *body_out = NULL;
    *replayed = 0;
    st = case_validate_new(body, contact_optional, pb);
    if (st != KC_OK)
        goto out;
    in.open311_attributes = attributes;
    in.category_id = json_string_value(json_object_get(body, "categoryId"));
    in.description = json_string_value(json_object_get(body, "description"));
    in.district = json_string_value(json_object_get(body, "district"));
    in.location = json_object_get(body, "location");
    in.citizen = json_object_get(body, "citizen");
    in.channel = json_string_value(json_object_get(body, "channel"));
    prio = json_object_get(body, "priority");
    in.priority = prio != NULL ? json_string_value(prio) : "normal";
    casedesk_actor(p, actor, sizeof(actor));
    /* sealing and the token before a connection is taken: no I/O */
    token[0] = '\0';
    st = citizen_seal(p->tenant_id, in.citizen, &sealed, pb);
    if (st != KC_OK)
        goto out;
    st = kc_token_generate("", token, token_hash);
    if (st != KC_OK) {
        kc_problem_set(pb, st, "could not make a tracking token");
        goto out;
    }
    filing.tracking_hash_hex = token_hash;
    filing.citizen_enc_hex = sealed.enc_hex;
    filing.citizen_key_id = sealed.key_id;
    filing.email_idx_hex = sealed.email_idx_hex;
    filing.phone_idx_hex = sealed.phone_idx_hex;

    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    /* the reference outside the filing's transaction: its block of numbers
     * must stay taken when the filing rolls back (a replay leaves a gap) */
    st = case_reference_next(conn, p->tenant_id, case_reference_year(time(NULL)), reference,
                             sizeof(reference), pb);
    if (st != KC_OK)
        goto out;
    job.tenant_id = p->tenant_id;
    job.in = &in;
    job.filing = &filing;
    job.reference = reference;
    job.actor = actor;
    job.token = token;
    st = kc_idem_create(conn, CASEDESK_SCHEMA, idem, &case_idem_codec, case_file_fn, &job, body_out,
                        replayed, pb);
out:
    kc_db_release(pool, conn);
    citizen_sealed_clear(&sealed);
    memset(token, 0, sizeof(token));
    return st;
}

int case_service_shows_citizen(const kc_principal *p)
{
    if (p == NULL)
        return 0;
    if (p->kind == KC_PRINCIPAL_STAFF)
        return 1;
    return kc_principal_has_scope(p, CASEDESK_SCOPE_CITIZEN);
}

void case_service_hide_citizen(const kc_principal *p, json_t *case_json)
{
    if (json_is_object(case_json) && !case_service_shows_citizen(p))
        json_object_del(case_json, "citizen");
}

kc_status case_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                              const json_t *body, json_t **body_out, int *replayed, kc_problem *pb)
{
    kc_status st = case_file(pool, p, idem, body, 0, NULL, body_out, replayed, pb);

    /* after the idempotency record: a replay is told the same */
    if (st == KC_OK)
        case_service_hide_citizen(p, *body_out);
    return st;
}

kc_status case_service_create_open311(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                      const json_t *body, const json_t *attributes,
                                      json_t **body_out, int *replayed, kc_problem *pb)
{
    return case_file(pool, p, idem, body, 1, attributes, body_out, replayed, pb);
}

kc_status case_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                           case_record *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = case_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status case_service_list(kc_db_pool *pool, const kc_principal *p, const case_query *q,
                            const kc_keyset *page, case_record **items, size_t *n,
                            kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_filter f = {
        .status = q->status,
        .officer_id = q->officer_id,
        .category_id = q->category_id,
        .district = q->district,
        .q = q->q,
        .created_from = q->created_from,
        .created_to = q->created_to,
        .unassigned = q->unassigned,
        .ascending = q->ascending,
    };
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = case_repo_list(conn, p->tenant_id, &f, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

/* The 409 of an illegal move: detail and allowedTransitions. */
static kc_status case_refuse_transition(case_status from, case_status to, kc_problem *pb)
{
    case_status allowed[CASE_STATUS_COUNT];
    size_t n, i;
    char list[256] = "";
    json_t *arr = json_array();

    n = case_lifecycle_allowed_from(from, allowed, CASE_STATUS_COUNT);
    for (i = 0; i < n; i++) {
        json_array_append_new(arr, json_string(case_status_name(allowed[i])));
        if (i > 0)
            strncat(list, ", ", sizeof(list) - strlen(list) - 1);
        strncat(list, case_status_name(allowed[i]), sizeof(list) - strlen(list) - 1);
    }
    if (to == CASE_STATUS_ASSIGNED && case_lifecycle_can_transition(from, to))
        kc_problem_set(pb, KC_CONFLICT,
                       "assigned is reached through routing or PUT .../assignment; allowed: %s",
                       list);
    else
        kc_problem_set(pb, KC_CONFLICT, "cannot go from %s to %s; allowed: %s",
                       case_status_name(from), case_status_name(to), n ? list : "none");
    kc_problem_set_extra(pb, "allowedTransitions", arr);
    return KC_CONFLICT;
}

/* Version checks shared by transition and assignment. */
static kc_status case_check_version(const case_record *cur, long long if_match, kc_problem *pb)
{
    if (if_match >= 0 && cur->version != if_match)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED, "case %s is at version %d, not %lld",
                              cur->id, cur->version, if_match);
    return KC_OK;
}

static kc_status case_lost_race(const char *id, long long if_match, kc_problem *pb)
{
    if (if_match >= 0)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED, "case %s was changed meanwhile", id);
    return kc_problem_set(pb, KC_CONFLICT, "case %s was changed concurrently; retry", id);
}

/* The start every change of a case shares: id and body checks, then a
 * connection with a transaction open and the case as it is now. On
 * success *conn belongs to the caller (release it); cur is filled. */
static kc_status case_change_open(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, const kc_field *fields, size_t nfields,
                                  kc_db_conn **conn, case_record *cur, kc_problem *pb)
{
    kc_status st = kc_check_id("id", id, pb);

    if (st == KC_OK)
        st = kc_validate_json(body, fields, nfields, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(*conn, pb);
    if (st == KC_OK)
        st = case_repo_get(*conn, p->tenant_id, id, cur, pb);
    return st;
}

/* Writes chg against the version read in cur (optimistic concurrency) and
 * publishes `event`; the caller commits. */
static kc_status case_change_apply(kc_db_conn *conn, const kc_principal *p, const case_record *cur,
                                   long long if_match, const case_change *chg, const char *event,
                                   case_record *out, kc_problem *pb)
{
    int applied = 0;
    kc_status st = case_step_change(conn, p->tenant_id, cur, chg, &applied, out, pb);

    if (st == KC_OK && !applied)
        st = case_lost_race(cur->id, if_match, pb);
    if (st == KC_OK)
        st = case_step_emit(conn, p->tenant_id, event, out, chg->from_status, NULL, pb);
    return st;
}

/* A 422 naming one field of the transition body. */
static kc_status case_transition_invalid(const char *field, const char *reason, kc_problem *pb)
{
    kc_problem_set(pb, KC_INVALID, "%s: %s", field, reason);
    kc_problem_add_field(pb, field, reason);
    return KC_INVALID;
}

/* The body members that belong to one target only: outcome and explanation
 * to resolved. */
static kc_status case_check_transition_body(const json_t *body, case_status from, case_status to,
                                            kc_problem *pb)
{
    const char *reason = json_string_value(json_object_get(body, "reason"));
    const char *outcome = json_string_value(json_object_get(body, "outcome"));
    const char *explanation = json_string_value(json_object_get(body, "explanation"));
    const json_t *root_cause = json_object_get(body, "rootCause");
    const char *field = NULL, *why = NULL;

    if (to == CASE_STATUS_WAITING &&
        (reason == NULL || kc_utf8_len(reason) == 0 || strspn(reason, " \t\r\n") == strlen(reason)))
        return case_transition_invalid("reason", "required to suspend: why the case waits", pb);
    if (to != CASE_STATUS_RESOLVED) {
        if (outcome != NULL)
            return case_transition_invalid("outcome", "only when resolving (to: resolved)", pb);
        if (explanation != NULL)
            return case_transition_invalid("explanation", "only when resolving (to: resolved)", pb);
        if (json_is_object(root_cause))
            return case_transition_invalid("rootCause", "only when resolving (to: resolved)", pb);
        return KC_OK;
    }
    (void)from;
    if (case_outcome_check(outcome, explanation, &field, &why) != 0)
        return case_transition_invalid(field, why, pb);
    if (json_is_object(root_cause)) {
        case_validate_nested(root_cause, "rootCause", case_fields_root_cause,
                             KC_NELEMS(case_fields_root_cause), pb);
        if (pb->invalid_params != NULL) {
            kc_problem_set(pb, KC_INVALID, "rootCause: invalid members");
            return KC_INVALID;
        }
    }
    return KC_OK;
}

/* Stores the root cause of the resolution (a JSON object validated by
 * case_check_transition_body, or absent/null: none) on out, the case
 * just resolved, and mirrors it in out. */
static kc_status case_record_root_cause(kc_db_conn *conn, const char *tenant_id,
                                        const json_t *root_cause, case_record *out, kc_problem *pb)
{
    const char *process_id, *step_id;
    kc_status st;

    if (!json_is_object(root_cause))
        return KC_OK;
    process_id = json_string_value(json_object_get(root_cause, "processId"));
    step_id = json_string_value(json_object_get(root_cause, "stepId"));
    st = case_repo_set_root_cause(conn, tenant_id, out->id, process_id, step_id, pb);
    if (st != KC_OK)
        return st;
    snprintf(out->root_cause_process_id, sizeof(out->root_cause_process_id), "%s", process_id);
    snprintf(out->root_cause_step_id, sizeof(out->root_cause_step_id), "%s",
             step_id != NULL ? step_id : "");
    return KC_OK;
}

/* The extra data of case.resolved (outcome set) and case.closed: the
 * case's course and its root cause, into *extra (the caller's). */
static kc_status case_course_extra(const case_record *c, const char *outcome, json_t **extra,
                                   kc_problem *pb)
{
    json_t *e = case_event_course(c);

    if (e == NULL || json_object_set_new(e, "rootCause", case_root_cause_json(c)) != 0 ||
        (outcome != NULL && json_object_set_new(e, "outcome", json_string(outcome)) != 0)) {
        json_decref(e);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    *extra = e;
    return KC_OK;
}

kc_status case_service_transition(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, case_record *out,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_record cur = {0};
    case_change chg = {0};
    case_status to;
    const char *reason, *event2 = NULL;
    json_t *detail = NULL, *extra = NULL;
    char actor[160];
    int applied = 0;
    kc_status st;

    st = case_change_open(pool, p, id, body, case_fields_transition,
                          KC_NELEMS(case_fields_transition), &conn, &cur, pb);
    if (st != KC_OK)
        goto out;
    if (case_status_parse(json_string_value(json_object_get(body, "to")), &to) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "validated status did not parse");
        goto out;
    }
    st = case_check_version(&cur, if_match, pb);
    if (st != KC_OK)
        goto out;
    if (to == CASE_STATUS_ASSIGNED || !case_lifecycle_can_transition(cur.status, to)) {
        st = case_refuse_transition(cur.status, to, pb);
        goto out;
    }
    st = case_check_transition_body(body, cur.status, to, pb);
    if (st != KC_OK)
        goto out;
    reason = json_string_value(json_object_get(body, "reason"));
    casedesk_actor(p, actor, sizeof(actor));
    if (case_lifecycle_is_reopen(cur.status, to)) {
        st = case_step_reopen(conn, p->tenant_id, &cur, actor, reason, &applied, out, pb);
        goto applied;
    }
    if (cur.status == CASE_STATUS_WAITING) {
        /* reason (if any) is not kept on a resume: the timeline says resumed */
        st = case_step_resume(conn, p->tenant_id, &cur, actor, &applied, out, pb);
        goto applied;
    }
    if (to == CASE_STATUS_RESOLVED) {
        detail = json_pack("{s:s}", "outcome", json_string_value(json_object_get(body, "outcome")));
        if (detail == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        if (reason != NULL)
            json_object_set_new(detail, "reason", json_string(reason));
    } else if (reason != NULL) {
        detail = json_pack("{s:s}", "reason", reason);
    }
    chg.status = to;
    chg.actor = actor;
    chg.action = to == CASE_STATUS_CLOSED     ? "closed"
                 : to == CASE_STATUS_WAITING  ? "suspended"
                 : to == CASE_STATUS_RESOLVED ? "resolved"
                                              : "status_changed";
    chg.is_public = 1;
    chg.from_status = case_status_name(cur.status);
    chg.to_status = case_status_name(to);
    chg.detail = detail;
    chg.first_contact = to == CASE_STATUS_IN_PROGRESS;
    if (to == CASE_STATUS_WAITING) {
        chg.suspension_reason = reason;
        event2 = "case.suspended";
    } else if (to == CASE_STATUS_RESOLVED) {
        chg.outcome = json_string_value(json_object_get(body, "outcome"));
        chg.explanation = json_string_value(json_object_get(body, "explanation"));
        event2 = "case.resolved";
    } else if (to == CASE_STATUS_CLOSED) {
        event2 = "case.closed";
    }
    st = case_change_apply(conn, p, &cur, if_match, &chg, "case.status.changed", out, pb);
    if (st == KC_OK && to == CASE_STATUS_RESOLVED)
        st =
            case_record_root_cause(conn, p->tenant_id, json_object_get(body, "rootCause"), out, pb);
    if (st == KC_OK && (to == CASE_STATUS_RESOLVED || to == CASE_STATUS_CLOSED))
        st = case_course_extra(out, to == CASE_STATUS_RESOLVED ? chg.outcome : NULL, &extra, pb);
    if (st == KC_OK && event2 != NULL)
        st = case_step_emit(conn, p->tenant_id, event2, out, chg.from_status, extra, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    goto out;
applied:
    if (st == KC_OK && !applied)
        st = case_lost_race(cur.id, if_match, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
out:
    json_decref(detail);
    json_decref(extra);
    kc_db_release(pool, conn);
    case_record_clear(&cur);
    return st;
}

kc_status case_service_assign(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const json_t *body, long long if_match, case_record *out,
                              kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_record cur = {0};
    case_change chg = {0};
    int active = 0;
    const char *officer_id;
    json_t *detail = NULL;
    char actor[160];
    kc_status st;

    st = case_change_open(pool, p, id, body, case_fields_assignment,
                          KC_NELEMS(case_fields_assignment), &conn, &cur, pb);
    if (st != KC_OK)
        goto out;
    officer_id = json_string_value(json_object_get(body, "officerId"));
    st = case_repo_officer_active(conn, p->tenant_id, officer_id, &active, pb);
    if (st == KC_OK && !active) {
        kc_problem_set(pb, KC_INVALID, "officerId does not name an active liaison officer");
        kc_problem_add_field(pb, "officerId", "must be an active liaison officer");
        st = KC_INVALID;
    }
    if (st != KC_OK)
        goto out;
    st = case_check_version(&cur, if_match, pb);
    if (st != KC_OK)
        goto out;
    detail = json_pack("{s:s, s:o}", "officerId", officer_id, "previousOfficerId",
                       cur.officer_id[0] ? json_string(cur.officer_id) : json_null());
    casedesk_actor(p, actor, sizeof(actor));
    chg.status = cur.status == CASE_STATUS_RECEIVED ? CASE_STATUS_ASSIGNED : cur.status;
    chg.officer_id = officer_id;
    chg.actor = actor;
    chg.action = cur.officer_id[0] ? "reassigned" : "assigned";
    chg.is_public = 0;
    chg.from_status = case_status_name(cur.status);
    chg.to_status = case_status_name(chg.status);
    chg.detail = detail;
    st = case_change_apply(conn, p, &cur, if_match, &chg, "case.assigned", out, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
out:
    json_decref(detail);
    kc_db_release(pool, conn);
    case_record_clear(&cur);
    return st;
}

kc_status case_service_timeline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                long long after_id, int limit, case_timeline_entry **items,
                                size_t *n, int *has_more, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    *has_more = 0;
    st = kc_check_id("id", id, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = case_repo_timeline(conn, p->tenant_id, id, after_id, limit, items, n, has_more, pb);
    /* every case has its "received" entry: nothing from the start = no case */
    if (st == KC_OK && *n == 0 && after_id == 0)
        st = kc_problem_set(pb, KC_NOT_FOUND, "case %s not found", id);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status case_service_lead_times(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  case_lead_times *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = case_repo_lead_times(conn, p->tenant_id, id, out, pb);
    kc_db_release(pool, conn);
    return st;
}
