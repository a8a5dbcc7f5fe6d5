#include "cases/case_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_repo.h"
#include "citizen/citizen_crypto.h"

/* The columns of a case, read by case_from_row_ex. */
/* clang-format off */
#define CASE_COLS                                                                                  \
    "id, reference, category_id, description, district, location::text, citizen::text,"           \
    "       channel, priority, status, officer_id, version,"                                       \
    "       " CASEDESK_TS("created_at") ", " CASEDESK_TS("updated_at") ","                         \
    "       " CASEDESK_TS("closed_at") ", " CASEDESK_TS_US("created_at") ","                       \
    "       first_contact_due, resolution_due, first_contact_at, sla_warned_at,"                   \
    "       sla_breached_at, first_contact_breached_at, suspended_since, suspension_reason,"       \
    "       suspended_seconds, status_since, resolved_at, outcome, outcome_explanation,"           \
    "       reopen_count, anonymised_at, citizen_enc, citizen_key_id,"                             \
    "       extract(epoch FROM first_contact_due)::bigint,"                                        \
    "       extract(epoch FROM resolution_due)::bigint,"                                           \
    "       extract(epoch FROM suspended_since)::bigint,"                                          \
    "       tenant_id,"                                                                            \
    "       coalesce((SELECT s.sla_warning_hours"                                                  \
    "                   FROM casedesk.settings s"                                                  \
    "                  WHERE s.tenant_id = $1::uuid),"                                             \
    "                24),"                                                                         \
    "       root_cause_process_id, root_cause_step_id, open311_attributes::text"
/* clang-format on */
#define CASE_COL_CURSOR 15

static long long case_pg_ll(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Fills c from a row of CASE_COLS. With decrypt, the citizen is opened
 * from citizen_enc (NULL when it cannot be opened or after anonymisation);
 * a row filed before citizens were sealed and not yet rekeyed shows its
 * plain citizen. */
static void case_from_row_ex(const PGresult *r, int row, case_record *c, int decrypt)
{
    char tenant[37];

    kc_pg_copy(r, row, 0, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 1, c->reference, sizeof(c->reference));
    kc_pg_copy(r, row, 2, c->category_id, sizeof(c->category_id));
    c->description = kc_pg_strdup(r, row, 3);
    c->district = kc_pg_strdup(r, row, 4);
    c->location = kc_pg_json(r, row, 5);
    kc_pg_copy(r, row, 7, c->channel, sizeof(c->channel));
    kc_pg_copy(r, row, 8, c->priority, sizeof(c->priority));
    if (case_status_parse(PQgetvalue(r, row, 9), &c->status) != 0)
        c->status = CASE_STATUS_RECEIVED; /* the CHECK constraint rules this out */
    kc_pg_copy(r, row, 10, c->officer_id, sizeof(c->officer_id));
    c->version = kc_pg_int(r, row, 11);
    kc_pg_copy(r, row, 12, c->created_at, sizeof(c->created_at));
    kc_pg_copy(r, row, 13, c->updated_at, sizeof(c->updated_at));
    kc_pg_copy(r, row, 14, c->closed_at, sizeof(c->closed_at));
    kc_pg_copy(r, row, 16, c->first_contact_due, sizeof(c->first_contact_due));
    kc_pg_copy(r, row, 17, c->resolution_due, sizeof(c->resolution_due));
    kc_pg_copy(r, row, 18, c->first_contact_at, sizeof(c->first_contact_at));
    kc_pg_copy(r, row, 19, c->sla_warned_at, sizeof(c->sla_warned_at));
    kc_pg_copy(r, row, 20, c->sla_breached_at, sizeof(c->sla_breached_at));
    kc_pg_copy(r, row, 21, c->first_contact_breached_at, sizeof(c->first_contact_breached_at));
    kc_pg_copy(r, row, 22, c->suspended_since, sizeof(c->suspended_since));
    c->suspension_reason = kc_pg_strdup(r, row, 23);
    c->suspended_seconds = case_pg_ll(r, row, 24);
    kc_pg_copy(r, row, 25, c->status_since, sizeof(c->status_since));
    kc_pg_copy(r, row, 26, c->resolved_at, sizeof(c->resolved_at));
    kc_pg_copy(r, row, 27, c->outcome, sizeof(c->outcome));
    c->outcome_explanation = kc_pg_strdup(r, row, 28);
    c->reopen_count = kc_pg_int(r, row, 29);
    kc_pg_copy(r, row, 30, c->anonymised_at, sizeof(c->anonymised_at));
    c->first_contact_due_s = case_pg_ll(r, row, 33);
    c->resolution_due_s = case_pg_ll(r, row, 34);
    c->suspended_since_s = case_pg_ll(r, row, 35);
    kc_pg_copy(r, row, 36, tenant, sizeof(tenant));
    c->sla_warning_hours = kc_pg_int(r, row, 37);
    kc_pg_copy(r, row, 38, c->root_cause_process_id, sizeof(c->root_cause_process_id));
    kc_pg_copy(r, row, 39, c->root_cause_step_id, sizeof(c->root_cause_step_id));
    c->open311_attributes = kc_pg_json(r, row, 40);
    c->citizen = NULL;
    if (!decrypt || c->anonymised_at[0])
        return;
    if (!PQgetisnull(r, row, 31))
        c->citizen = citizen_open(tenant, PQgetvalue(r, row, 32), PQgetvalue(r, row, 31));
    else
        c->citizen = kc_pg_json(r, row, 6);
}

static void case_from_row(const PGresult *r, int row, void *c)
{
    case_from_row_ex(r, row, c, 1);
}

void case_routing_data_clear(case_routing_data *d)
{
    if (d == NULL)
        return;
    json_decref(d->doc);
    free(d->rules);
    free(d->categories);
    free((void *)d->strings);
    memset(d, 0, sizeof(*d));
}

static sla_calendar_unit case_unit_parse(const char *s)
{
    return s != NULL && strcmp(s, "calendar_days") == 0 ? SLA_CALENDAR_CALENDAR_DAYS
                                                        : SLA_CALENDAR_WORKING_DAYS;
}

/* Points rule and category structs into the JSON document of the query. */
static kc_status case_routing_from_doc(case_routing_data *d, kc_problem *pb)
{
    json_t *rules = json_object_get(d->doc, "rules");
    json_t *categories = json_object_get(d->doc, "categories");
    json_t *r, *k, *pool;
    size_t i, j, total = 0, at = 0;

    if (!json_is_array(rules) || !json_is_array(categories))
        return kc_problem_set(pb, KC_INTERNAL, "routing data: unexpected shape");
    d->nrules = json_array_size(rules);
    d->ncategories = json_array_size(categories);
    json_array_foreach(rules, i, r)
    {
        total += json_array_size(json_object_get(r, "k"));
        total += json_array_size(json_object_get(r, "o"));
    }
    d->rules = calloc(d->nrules + 1, sizeof(*d->rules));
    d->categories = calloc(d->ncategories + 1, sizeof(*d->categories));
    d->strings = calloc(total + 1, sizeof(*d->strings));
    if (d->rules == NULL || d->categories == NULL || d->strings == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_array_foreach(rules, i, r)
    {
        d->rules[i].active = 1;
        d->rules[i].category_id = json_string_value(json_object_get(r, "c"));
        d->rules[i].district = json_string_value(json_object_get(r, "d"));
        k = json_object_get(r, "k");
        d->rules[i].keywords = &d->strings[at];
        d->rules[i].nkeywords = json_array_size(k);
        for (j = 0; j < json_array_size(k); j++)
            d->strings[at++] = json_string_value(json_array_get(k, j));
        pool = json_object_get(r, "o");
        d->rules[i].officer_ids = &d->strings[at];
        d->rules[i].nofficers = json_array_size(pool);
        for (j = 0; j < json_array_size(pool); j++)
            d->strings[at++] = json_string_value(json_array_get(pool, j));
    }
    json_array_foreach(categories, i, r)
    {
        d->categories[i].id = json_string_value(json_object_get(r, "i"));
        d->categories[i].sla_days = (int)json_integer_value(json_object_get(r, "s"));
        d->categories[i].first_contact_days = (int)json_integer_value(json_object_get(r, "f"));
        d->categories[i].unit = case_unit_parse(json_string_value(json_object_get(r, "u")));
        if (d->categories[i].id == NULL)
            d->categories[i].id = "";
    }
    return KC_OK;
}

/* The columns of the tenant's calendar settings (settings s, LEFT JOINed):
 * whether the tenant has settings, good_friday, liberation_day, closing
 * days (day numbers, ascending, comma separated), sla_warning_hours. */
#define CASE_SETTINGS_COLS                                                                         \
    "s.tenant_id IS NOT NULL, s.good_friday, s.liberation_day,"                                    \
    "       array_to_string(ARRAY(SELECT d - date '1970-01-01'"                                    \
    "                               FROM unnest(s.closing_days) d"                                 \
    "                              ORDER BY 1), ','),"                                             \
    "       s.sla_warning_hours"

/* The columns of the terms: the category's (k) sla_days,
 * first_contact_days, sla_unit, then CASE_SETTINGS_COLS. */
#define CASE_TERMS_COLS "k.sla_days, k.first_contact_days, k.sla_unit, " CASE_SETTINGS_COLS

static void case_settings_from_row(const PGresult *r, int row, int col, casedesk_settings *s)
{
    const char *p;
    char *end;

    casedesk_settings_defaults(s);
    if (!kc_pg_bool(r, row, col))
        return;
    s->good_friday = kc_pg_bool(r, row, col + 1);
    /* the CHECK constraint admits only known values; else the default stays */
    (void)casedesk_liberation_parse(PQgetvalue(r, row, col + 2), &s->liberation_day);
    s->nclosing = 0;
    p = PQgetvalue(r, row, col + 3);
    while (*p != '\0' && s->nclosing < CASEDESK_MAX_CLOSING_DAYS) {
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        s->closing_days[s->nclosing++] = (int)v;
        p = *end == ',' ? end + 1 : end;
    }
    s->sla_warning_hours = kc_pg_int(r, row, col + 4);
}

static void case_terms_from_row(const PGresult *r, int row, int col, case_terms *t)
{
    t->sla_days = kc_pg_int(r, row, col);
    t->first_contact_days = kc_pg_int(r, row, col + 1);
    t->unit = case_unit_parse(PQgetvalue(r, row, col + 2));
    case_settings_from_row(r, row, col + 3, &t->settings);
}

/* The terms of a row that holds only CASE_TERMS_COLS. */
static void terms_from_row(const PGresult *r, int row, void *t)
{
    case_terms_from_row(r, row, 0, t);
}

kc_status case_repo_terms(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                          case_terms *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " CASE_TERMS_COLS "  FROM casedesk.cases c"
        "  JOIN casedesk.categories k ON k.tenant_id = c.tenant_id AND k.id = c.category_id"
        "  LEFT JOIN casedesk.settings s ON s.tenant_id = c.tenant_id"
        " WHERE c.tenant_id = $1 AND c.id = $2";
    const char *params[2] = {tenant_id, case_id};

    return kc_pg_one(conn, "casedesk_case_terms", sql, 2, params, terms_from_row, out, pb,
                     "case %s not found", case_id);
}

kc_status case_repo_routing_data(kc_db_conn *conn, const char *tenant_id, case_routing_data *out,
                                 kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT coalesce((SELECT version FROM casedesk.routing_versions"
        "                  WHERE tenant_id = $1), 0),"
        "       json_build_object("
        "           'rules', (SELECT coalesce(json_agg(json_build_object("
        "                                'c', category_id, 'd', district, 'k', keywords,"
        "                                'o', officer_ids) ORDER BY position, id), '[]')"
        "                       FROM casedesk.routing_rules"
        "                      WHERE tenant_id = $1 AND active),"
        "           'categories', (SELECT coalesce(json_agg(json_build_object("
        "                                     'i', id, 's', sla_days, 'f', first_contact_days,"
        "                                     'u', sla_unit)), '[]')"
        "                            FROM casedesk.categories"
        "                           WHERE tenant_id = $1))::text,"
        "       " CASE_SETTINGS_COLS
        "  FROM (SELECT 1) one"
        "  LEFT JOIN casedesk.settings s ON s.tenant_id = $1";
    /* clang-format on */
    PGresult *res = NULL;
    const char *params[1] = {tenant_id};
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_db_exec(conn, "casedesk_case_routing_data", sql, 1, params, &res, pb);
    if (st != KC_OK)
        goto out;
    out->version = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    out->doc = kc_pg_json(res, 0, 1);
    if (out->doc == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "routing data: not JSON");
        goto out;
    }
    case_settings_from_row(res, 0, 2, &out->settings);
    st = case_routing_from_doc(out, pb);
out:
    PQclear(res);
    return st;
}

kc_status case_repo_reserve_references(kc_db_conn *conn, const char *tenant_id, int year, int count,
                                       long long *last, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.case_reference_counters AS r (tenant_id, year, last_value)"
        " VALUES ($1::uuid, $2::integer, $3::integer)"
        " ON CONFLICT (tenant_id, year) DO UPDATE SET last_value = r.last_value + $3::integer"
        " RETURNING last_value";
    PGresult *res = NULL;
    char year_s[16], count_s[16];
    const char *params[3] = {tenant_id, year_s, count_s};
    kc_status st;

    snprintf(year_s, sizeof(year_s), "%d", year);
    snprintf(count_s, sizeof(count_s), "%d", count);
    st = kc_db_exec(conn, "casedesk_case_reserve_references", sql, 3, params, &res, pb);
    if (st == KC_OK)
        *last = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return st;
}

/* What the filing's statement returns (the rest of a new case is what was
 * filed, or a default): only these, not CASE_COLS and the settings, which
 * cost more than the insert's own columns. */
#define CASE_FILED_COLS                                                                            \
    "id, created_at, updated_at, status_since, first_contact_due, resolution_due, officer_id,"     \
    "       status, location::text, open311_attributes::text"

/* A new case from a row of CASE_FILED_COLS and what was filed: as
 * case_from_row_ex would read it back, without the citizen. */
static kc_status case_filed_from_row(const PGresult *r, const case_new *in, const case_filing *f,
                                     const char *reference, case_record *c, kc_problem *pb)
{
    memset(c, 0, sizeof(*c)); /* what a new case does not have yet: "", NULL, 0 */
    kc_pg_copy(r, 0, 0, c->id, sizeof(c->id));
    snprintf(c->reference, sizeof(c->reference), "%s", reference);
    snprintf(c->category_id, sizeof(c->category_id), "%s", in->category_id);
    c->description = strdup(in->description);
    c->district = in->district != NULL ? strdup(in->district) : NULL;
    c->location = kc_pg_json(r, 0, 8);
    snprintf(c->channel, sizeof(c->channel), "%s", in->channel);
    snprintf(c->priority, sizeof(c->priority), "%s", in->priority);
    if (case_status_parse(PQgetvalue(r, 0, 7), &c->status) != 0)
        c->status = CASE_STATUS_RECEIVED;
    kc_pg_copy(r, 0, 6, c->officer_id, sizeof(c->officer_id));
    c->version = 1;
    kc_pg_copy(r, 0, 1, c->created_at, sizeof(c->created_at));
    kc_pg_copy(r, 0, 2, c->updated_at, sizeof(c->updated_at));
    kc_pg_copy(r, 0, 4, c->first_contact_due, sizeof(c->first_contact_due));
    kc_pg_copy(r, 0, 5, c->resolution_due, sizeof(c->resolution_due));
    kc_pg_copy(r, 0, 3, c->status_since, sizeof(c->status_since));
    c->first_contact_due_s = f->first_contact_due;
    c->resolution_due_s = f->resolution_due;
    c->sla_warning_hours = f->sla_warning_hours > 0 ? f->sla_warning_hours : 24;
    c->open311_attributes = kc_pg_json(r, 0, 9);
    if (c->description == NULL || (in->district != NULL && c->district == NULL))
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return KC_OK;
}

kc_status case_repo_insert(kc_db_conn *conn, const char *tenant_id, const case_new *in,
                           const case_filing *f, const char *reference,
                           const case_filing_route *route, const char *actor, case_record *out,
                           int *stale, kc_problem *pb)
{
    /* v: the routing version still the one the rule was chosen from (else
     * no row: nothing is written). pick: routing.h's routing_choose over
     * the pool as the statement sees it: active officers below capacity,
     * the lowest load ratio (exact: numeric), then fewer open cases, then
     * the earlier created. */
    static const char sql[] =
        "WITH v AS ("
        "    SELECT 1 AS one"
        "     WHERE coalesce((SELECT version FROM casedesk.routing_versions"
        "                      WHERE tenant_id = $1::uuid), 0) = $19::bigint),"
        "     pick AS ("
        "    SELECT o.id"
        "      FROM casedesk.liaison_officers o"
        "     CROSS JOIN LATERAL (SELECT coalesce(sum(l.open_cases), 0) AS n"
        "                           FROM casedesk.officer_load l"
        "                          WHERE l.tenant_id = o.tenant_id AND l.officer_id = o.id) l"
        "     WHERE o.tenant_id = $1::uuid AND o.id = ANY ($9::uuid[]) AND o.active"
        "       AND l.n < o.capacity"
        "     ORDER BY l.n::numeric / o.capacity, l.n, o.created_at, o.id"
        "     LIMIT 1),"
        "     c AS ("
        "    INSERT INTO casedesk.cases (id, tenant_id, reference, category_id, description,"
        "                                district, location, citizen, channel, priority, status,"
        "                                officer_id, first_contact_due, resolution_due,"
        "                                tracking_hash, citizen_enc, citizen_key_id,"
        "                                citizen_email_idx, citizen_phone_idx, secs_received,"
        "                                open311_attributes)"
        "    SELECT casedesk.case_id_v7(), $1::uuid, $2::text, $3::uuid, $4::text, $5::text,"
        "           $6::jsonb, NULL, $7::text, $8::text,"
        "           CASE WHEN pick.id IS NULL THEN 'received' ELSE 'assigned' END, pick.id,"
        "           to_timestamp($10::bigint), to_timestamp($11::bigint),"
        "           decode($12::text, 'hex'), $13::bytea, $14::text, $15::bytea, $16::bytea,"
        "           CASE WHEN pick.id IS NOT NULL THEN 0 END, $18::jsonb"
        "      FROM v LEFT JOIN pick ON true"
        "    RETURNING id, created_at, updated_at, status_since, first_contact_due,"
        "              resolution_due, officer_id, status, location, open311_attributes),"
        "     t AS ("
        "    INSERT INTO casedesk.case_timeline (tenant_id, case_id, at, actor, action,"
        "                                        from_status, to_status, detail, public)"
        "    SELECT $1::uuid, c.id, c.created_at, v.actor, v.action, v.from_status, v.to_status,"
        "           v.detail, v.public"
        "      FROM c"
        "     CROSS JOIN LATERAL"
        "           (VALUES (1, $17::text, 'received', NULL::text, 'received', NULL::jsonb, true),"
        "                   (2, 'system:routing', 'assigned', 'received', 'assigned',"
        "                    jsonb_build_object('officerId', c.officer_id), false))"
        "           AS v(k, actor, action, from_status, to_status, detail, public)"
        "     WHERE v.k = 1 OR c.officer_id IS NOT NULL"
        "     ORDER BY v.k),"
        /* routed at filing: it left received at once (lead time 0) */
        "     s AS ("
        "    INSERT INTO casedesk.case_status_time (tenant_id, case_id, status, seconds)"
        "    SELECT $1::uuid, c.id, 'received', 0"
        "      FROM c"
        "     WHERE c.officer_id IS NOT NULL)"
        " SELECT " CASE_FILED_COLS "   FROM c";
    PGresult *res = NULL;
    kc_params p;
    kc_status st;

    *stale = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, reference);
    kc_params_text(&p, in->category_id);
    kc_params_text(&p, in->description);
    kc_params_text(&p, in->district);
    kc_params_json(&p, json_is_null(in->location) ? NULL : in->location);
    kc_params_text(&p, in->channel);
    kc_params_text(&p, in->priority);
    kc_params_text_array(&p, route->pool, route->pool != NULL ? route->npool : 0);
    kc_params_int(&p, f->first_contact_due);
    kc_params_int(&p, f->resolution_due);
    kc_params_text(&p, f->tracking_hash_hex);
    kc_params_text(&p, f->citizen_enc_hex);
    kc_params_text(&p, f->citizen_key_id);
    kc_params_text(&p, f->email_idx_hex);
    kc_params_text(&p, f->phone_idx_hex);
    kc_params_text(&p, actor);
    kc_params_json(&p, in->open311_attributes);
    kc_params_int(&p, route->version);
    st = kc_params_check(&p, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, "casedesk_case_insert", sql, kc_params_count(&p), kc_params_values(&p),
                    &res, pb);
    if (st == KC_INVALID) { /* the category went away since routing read it */
        kc_problem_set(pb, KC_INVALID, "categoryId does not name a category");
        kc_problem_add_field(pb, "categoryId", "no such category");
    }
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) { /* the routing data changed since it was read */
        *stale = 1;
        goto out;
    }
    st = case_filed_from_row(res, in, f, reference, out, pb);
out:
    kc_params_free(&p);
    PQclear(res);
    return st;
}

kc_status case_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, case_record *out,
                        kc_problem *pb)
{
    static const char sql[] = "SELECT " CASE_COLS "  FROM casedesk.cases"
                              " WHERE tenant_id = $1 AND id = $2";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, "casedesk_case_get", sql, 2, params, case_from_row, out, pb,
                     "case %s not found", id);
}

kc_status case_repo_officer_active(kc_db_conn *conn, const char *tenant_id, const char *officer_id,
                                   int *active, kc_problem *pb)
{
    static const char sql[] = "SELECT o.active"
                              "  FROM casedesk.liaison_officers o"
                              " WHERE o.tenant_id = $1"
                              "   AND o.id = $2";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, officer_id};
    kc_status st;

    *active = 0;
    st = kc_db_exec(conn, "casedesk_case_officer_active", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        *active = kc_pg_bool(res, 0, 0);
    PQclear(res);
    return st;
}

kc_status case_repo_set_root_cause(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *process_id, const char *step_id, kc_problem *pb)
{
    static const char sql[] = "UPDATE casedesk.cases\n"
                              "   SET root_cause_process_id = $3::uuid,\n"
                              "       root_cause_step_id = $4::uuid\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2";
    const char *params[4] = {tenant_id, id, process_id, step_id};

    return kc_db_exec(conn, "casedesk_case_set_root_cause", sql, 4, params, NULL, pb);
}

#define CASE_LIST_WHERE                                                                            \
    "SELECT " CASE_COLS "  FROM casedesk.cases"                                                    \
    " WHERE tenant_id = $1"                                                                        \
    "   AND ($2::text IS NULL OR status = $2::text)"                                               \
    "   AND ($3::uuid IS NULL OR officer_id = $3::uuid)"                                           \
    "   AND ($4::uuid IS NULL OR category_id = $4::uuid)"                                          \
    "   AND ($5::text IS NULL OR lower(district) = lower($5::text))"                               \
    "   AND ($6::text IS NULL OR description ILIKE $6::text OR reference ILIKE $6::text)"          \
    "   AND ($7::timestamptz IS NULL OR created_at >= $7::timestamptz)"                            \
    "   AND ($8::timestamptz IS NULL OR created_at < $8::timestamptz + interval '1 ms')"           \
    "   AND ($9::boolean IS NULL OR (officer_id IS NULL) = $9::boolean)"

/* "%q%" with LIKE's wildcards in q escaped (backslash is the escape). */
static char *case_like_pattern(const char *q)
{
    size_t len = strlen(q), i, j = 0;
    char *p = malloc(2 * len + 3);

    if (p == NULL)
        return NULL;
    p[j++] = '%';
    for (i = 0; i < len; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            p[j++] = '\\';
        p[j++] = q[i];
    }
    p[j++] = '%';
    p[j] = '\0';
    return p;
}

kc_status case_repo_list(kc_db_conn *conn, const char *tenant_id, const case_filter *f,
                         const kc_keyset *page, case_record **items, size_t *n,
                         kc_keyset_next *next, kc_problem *pb)
{
    static const char sql_desc[] = CASE_LIST_WHERE
        "   AND ($10::timestamptz IS NULL OR (created_at, id) < ($10::timestamptz, $11::uuid))"
        " ORDER BY created_at DESC, id DESC"
        " LIMIT $12";
    static const char sql_asc[] = CASE_LIST_WHERE
        "   AND ($10::timestamptz IS NULL OR (created_at, id) > ($10::timestamptz, $11::uuid))"
        " ORDER BY created_at, id"
        " LIMIT $12";
    void *list = NULL;
    char *like = NULL;
    kc_params p;
    kc_status st;

    *n = 0;
    next->has_more = 0;
    kc_params_init(&p);
    if (f->q != NULL && (like = case_like_pattern(f->q)) == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, f->status);
    kc_params_text(&p, f->officer_id);
    kc_params_text(&p, f->category_id);
    kc_params_text(&p, f->district);
    kc_params_text(&p, like);
    kc_params_text(&p, f->created_from);
    kc_params_text(&p, f->created_to);
    kc_params_bool_or_null(&p, f->unassigned);
    kc_params_text(&p, page->after_key);
    kc_params_text(&p, page->after_id);
    kc_params_int(&p, page->limit + 1);
    st = kc_params_check(&p, pb);
    if (st != KC_OK)
        goto out;
    st = kc_pg_list(conn, f->ascending ? "casedesk_case_list_asc" : "casedesk_case_list_desc",
                    f->ascending ? sql_asc : sql_desc, kc_params_count(&p), kc_params_values(&p),
                    page, CASE_COL_CURSOR, sizeof(case_record), case_from_row, &list, n, next, pb);
out:
    *items = list;
    kc_params_free(&p);
    free(like);
    return st;
}

/* ", secs_<st> = ...": the seconds in status st added to the case's own
 * copy (009_status_seconds.sql) as s below adds them to case_status_time,
 * when the case leaves st */
#define CASE_SECS(st)                                                                              \
    ", secs_" st " = CASE WHEN x.status = '" st "' AND $4::text <> '" st "' THEN "                 \
    "coalesce(x.secs_" st ", 0) + greatest(0, round(extract(epoch FROM now() - "                   \
    "x.status_since)))::bigint ELSE x.secs_" st " END"
#define CASE_SECS_ALL                                                                              \
    CASE_SECS("received")                                                                          \
    CASE_SECS("assigned")                                                                          \
    CASE_SECS("in_progress")                                                                       \
    CASE_SECS("waiting") CASE_SECS("solution_proposed") CASE_SECS("resolved") CASE_SECS("closed")

kc_status case_repo_change(kc_db_conn *conn, const char *tenant_id, const char *id,
                           int expected_version, const case_change *chg, int *applied,
                           case_record *out, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "WITH o AS ("
        "    SELECT status AS old_status, status_since AS old_since"
        "      FROM casedesk.cases"
        "     WHERE tenant_id = $1 AND id = $2 AND version = $3),"
        "     c AS ("
        "    UPDATE casedesk.cases x"
        "       SET status = $4::text,"
        "           officer_id = coalesce($5::uuid, x.officer_id),"
        "           closed_at = CASE WHEN $4::text = 'closed'"
        "                            THEN coalesce(x.closed_at, now()) END,"
        "           status_since = CASE WHEN $4::text <> x.status THEN now()"
        "                               ELSE x.status_since END,"
        "           suspended_since = CASE WHEN $4::text = 'waiting'"
        "                                  THEN coalesce(x.suspended_since, now()) END,"
        "           suspension_reason = CASE WHEN $4::text = 'waiting'"
        "                                    THEN coalesce($6::text, x.suspension_reason) END,"
        "           suspended_seconds = x.suspended_seconds + $7::bigint,"
        "           first_contact_at = CASE WHEN x.first_contact_at IS NULL AND $8::boolean"
        "                                   THEN now() ELSE x.first_contact_at END,"
        "           resolved_at = CASE WHEN $4::text = 'resolved' AND x.status <> 'resolved'"
        "                              THEN now()"
        "                              WHEN $4::text IN ('resolved', 'closed')"
        "                              THEN x.resolved_at END,"
        "           outcome = CASE WHEN $4::text = 'resolved' AND $9::text IS NOT NULL"
        "                          THEN $9::text"
        "                          WHEN $4::text IN ('resolved', 'closed')"
        "                          THEN x.outcome END,"
        "           outcome_explanation = CASE WHEN $4::text = 'resolved' AND $9::text IS NOT NULL"
        "                                      THEN $10::text"
        "                                      WHEN $4::text IN ('resolved', 'closed')"
        "                                      THEN x.outcome_explanation END,"
        "           first_contact_due = coalesce(to_timestamp($11::bigint), x.first_contact_due),"
        "           resolution_due = coalesce(to_timestamp($12::bigint), x.resolution_due),"
        "           reopen_count = x.reopen_count + CASE WHEN $13::boolean THEN 1 ELSE 0 END,"
        "           sla_warned_at = CASE WHEN $13::boolean THEN NULL ELSE x.sla_warned_at END,"
        "           sla_breached_at = CASE WHEN $13::boolean THEN NULL ELSE x.sla_breached_at END,"
        "           root_cause_process_id = CASE WHEN $4::text IN ('resolved', 'closed')"
        "                                        THEN x.root_cause_process_id END,"
        "           root_cause_step_id = CASE WHEN $4::text IN ('resolved', 'closed')"
        "                                     THEN x.root_cause_step_id END,"
        "           version = x.version + 1, updated_at = now()"
                    CASE_SECS_ALL
        "      FROM o"
        "     WHERE x.tenant_id = $1 AND x.id = $2 AND x.version = $3"
        "    RETURNING x.*, o.old_status, o.old_since),"
        "     s AS ("
        "    INSERT INTO casedesk.case_status_time AS st (tenant_id, case_id, status, seconds)"
        "    SELECT $1, c.id, c.old_status,"
        "           greatest(0, round(extract(epoch FROM c.updated_at - c.old_since)))::bigint"
        "      FROM c"
        "     WHERE c.old_status <> c.status"
        "        ON CONFLICT (tenant_id, case_id, status)"
        "        DO UPDATE SET seconds = st.seconds + excluded.seconds),"
        "     t AS ("
        "    INSERT INTO casedesk.case_timeline (tenant_id, case_id, at, actor, action,"
        "                                        from_status, to_status, detail, public)"
        "    SELECT $1, c.id, c.updated_at, $14, $15, $16, $17, $18::jsonb, $19::boolean"
        "      FROM c)"
        " SELECT " CASE_COLS
        "   FROM c";
    /* clang-format on */
    PGresult *res = NULL;
    kc_params p;
    kc_status st;

    *applied = 0;
    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, id);
    kc_params_int(&p, expected_version);
    kc_params_text(&p, case_status_name(chg->status));
    kc_params_text(&p, chg->officer_id);
    kc_params_text(&p, chg->suspension_reason);
    kc_params_int(&p, chg->add_suspended);
    kc_params_bool(&p, chg->first_contact);
    kc_params_text(&p, chg->outcome);
    kc_params_text(&p, chg->explanation);
    if (chg->first_contact_due > 0)
        kc_params_int(&p, chg->first_contact_due);
    else
        kc_params_null(&p);
    if (chg->resolution_due > 0)
        kc_params_int(&p, chg->resolution_due);
    else
        kc_params_null(&p);
    kc_params_bool(&p, chg->reopen);
    kc_params_text(&p, chg->actor);
    kc_params_text(&p, chg->action);
    kc_params_text(&p, chg->from_status);
    kc_params_text(&p, chg->to_status);
    kc_params_json(&p, chg->detail);
    kc_params_bool(&p, chg->is_public);
    st = kc_params_check(&p, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_exec(conn, "casedesk_case_change", sql, kc_params_count(&p), kc_params_values(&p),
                    &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0)
        goto out;
    case_from_row(res, 0, out);
    *applied = 1;
out:
    kc_params_free(&p);
    PQclear(res);
    return st;
}

/* The lead times of a row: current status, its start, the seconds booked
 * per status (JSON) and the seconds of the current one so far. */
static void lead_times_from_row(const PGresult *res, int row, void *item)
{
    case_lead_times *out = item;
    json_t *booked, *v;
    long long secs;
    int s;

    if (case_status_parse(PQgetvalue(res, row, 0), &out->current) != 0)
        out->current = CASE_STATUS_RECEIVED;
    kc_pg_copy(res, row, 1, out->current_since, sizeof(out->current_since));
    booked = kc_pg_json(res, row, 2);
    for (s = 0; s < CASE_STATUS_COUNT; s++) {
        v = json_object_get(booked, case_status_name((case_status)s));
        secs = json_is_integer(v) ? (long long)json_integer_value(v) : -1;
        if ((case_status)s == out->current)
            secs = (secs < 0 ? 0 : secs) + strtoll(PQgetvalue(res, row, 3), NULL, 10);
        if (secs < 0)
            continue;
        out->items[out->n].status = (case_status)s;
        out->items[out->n].seconds = secs;
        out->n++;
    }
    json_decref(booked);
}

kc_status case_repo_lead_times(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                               case_lead_times *out, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT c.status, " CASEDESK_TS("c.status_since") ","
        "       coalesce((SELECT json_object_agg(t.status, t.seconds)"
        "                   FROM casedesk.case_status_time t"
        "                  WHERE t.tenant_id = c.tenant_id AND t.case_id = c.id),"
        "                '{}')::text,"
        "       greatest(0, round(extract(epoch FROM now() - c.status_since)))::bigint"
        "  FROM casedesk.cases c"
        " WHERE c.tenant_id = $1 AND c.id = $2";
    /* clang-format on */
    const char *params[2] = {tenant_id, case_id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "casedesk_case_lead_times", sql, 2, params, lead_times_from_row, out, pb,
                     "case %s not found", case_id);
}

/* A case_timeline row (id, at, actor, action, from, to, detail, public). */
static void timeline_entry_from_row(const PGresult *r, int row, void *item)
{
    case_timeline_entry *e = item;

    e->id = strtoll(PQgetvalue(r, row, 0), NULL, 10);
    kc_pg_copy(r, row, 1, e->at, sizeof(e->at));
    e->actor = kc_pg_strdup(r, row, 2);
    kc_pg_copy(r, row, 3, e->action, sizeof(e->action));
    kc_pg_copy(r, row, 4, e->from_status, sizeof(e->from_status));
    kc_pg_copy(r, row, 5, e->to_status, sizeof(e->to_status));
    e->detail = kc_pg_json(r, row, 6);
    e->is_public = kc_pg_bool(r, row, 7);
}

kc_status case_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                             long long after_id, int limit, case_timeline_entry **items, size_t *n,
                             int *has_more, kc_problem *pb)
{
    /* clang-format off */
    static const char sql[] =
        "SELECT id, " CASEDESK_TS("at") ", actor, action, from_status, to_status, detail::text,"
        "       public"
        "  FROM casedesk.case_timeline"
        " WHERE tenant_id = $1 AND case_id = $2 AND id > $3"
        " ORDER BY id"
        " LIMIT $4";
    /* clang-format on */
    void *list = NULL;
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, case_id);
    kc_params_int(&p, after_id);
    kc_params_int(&p, limit + 1);
    st = kc_pg_rows(conn, "casedesk_case_timeline", sql, kc_params_count(&p), kc_params_values(&p),
                    limit, sizeof(case_timeline_entry), timeline_entry_from_row, &list, n, has_more,
                    pb);
    *items = list;
    kc_params_free(&p);
    return st;
}

kc_status case_repo_timeline_add(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 const char *actor, const char *action, const char *from_status,
                                 const char *to_status, int is_public, const char *detail_json,
                                 kc_problem *pb)
{
    /* from the case row itself (the timeline has no foreign key since 014):
     * no row for a case that is not there */
    static const char sql[] =
        "INSERT INTO casedesk.case_timeline (tenant_id, case_id, at, actor, action, from_status,\n"
        "                                    to_status, public, detail)\n"
        "SELECT c.tenant_id, c.id, now(), $3::text, $4::text, $5::text, $6::text, $7::boolean,\n"
        "       $8::jsonb\n"
        "  FROM casedesk.cases c\n"
        " WHERE c.tenant_id = $1::uuid\n"
        "   AND c.id = $2::uuid";
    kc_params p;
    kc_status st;

    kc_params_init(&p);
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, case_id);
    kc_params_text(&p, actor);
    kc_params_text(&p, action);
    kc_params_text(&p, from_status);
    kc_params_text(&p, to_status);
    kc_params_bool(&p, is_public);
    kc_params_text(&p, detail_json);
    st = kc_db_exec(conn, "casedesk_case_timeline_add", sql, kc_params_count(&p),
                    kc_params_values(&p), NULL, pb);
    kc_params_free(&p);
    return st;
}

#define CASE_BRIEF_SQL                                                                             \
    "SELECT id, reference, category_id, district, status, priority, officer_id, anonymised_at"     \
    "  FROM casedesk.cases"                                                                        \
    " WHERE tenant_id = $1 AND id = $2"

/* A row of CASE_BRIEF_SQL. */
static void brief_from_row(const PGresult *res, int row, void *item)
{
    case_record *out = item;

    kc_pg_copy(res, row, 0, out->id, sizeof(out->id));
    kc_pg_copy(res, row, 1, out->reference, sizeof(out->reference));
    kc_pg_copy(res, row, 2, out->category_id, sizeof(out->category_id));
    out->district = kc_pg_strdup(res, row, 3);
    if (case_status_parse(PQgetvalue(res, row, 4), &out->status) != 0)
        out->status = CASE_STATUS_RECEIVED;
    kc_pg_copy(res, row, 5, out->priority, sizeof(out->priority));
    kc_pg_copy(res, row, 6, out->officer_id, sizeof(out->officer_id));
    kc_pg_copy(res, row, 7, out->anonymised_at, sizeof(out->anonymised_at));
}

/* lock: FOR UPDATE, so the status read stays true until the caller commits */
static kc_status case_repo_brief(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                                 case_record *out, kc_problem *pb)
{
    static const char sql[] = CASE_BRIEF_SQL;
    static const char sql_lock[] = CASE_BRIEF_SQL " FOR UPDATE";
    const char *params[2] = {tenant_id, id};

    return kc_pg_one(conn, lock ? "casedesk_case_get_brief_lock" : "casedesk_case_get_brief",
                     lock ? sql_lock : sql, 2, params, brief_from_row, out, pb, "case %s not found",
                     id);
}

kc_status case_repo_get_brief(kc_db_conn *conn, const char *tenant_id, const char *id,
                              case_record *out, kc_problem *pb)
{
    return case_repo_brief(conn, tenant_id, id, 0, out, pb);
}

kc_status case_repo_lock_brief(kc_db_conn *conn, const char *tenant_id, const char *id,
                               case_record *out, kc_problem *pb)
{
    return case_repo_brief(conn, tenant_id, id, 1, out, pb);
}
