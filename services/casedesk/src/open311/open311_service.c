#include "open311/open311_service.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cases/case_service.h"
#include "citizen/tracking_service.h"
#include "koers/validate.h"
#include "open311/open311_model.h"
#include "open311/open311_repo.h"

#define OPEN311_MAX_IDS 100
#define OPEN311_REF_MAX 31
#define OPEN311_SPEC    "http://wiki.open311.org/GeoReport_v2"
/* the last change of what the discovery document and the service
 * definitions are made of (this implementation) */
#define OPEN311_CHANGESET "2026-03-01T00:00:00Z"

/* KOERS_CASEDESK_OPEN311_DEFAULT_JURISDICTION ("" = none), set once at
 * start-up before any thread reads it. */
static char open311_default_jurisdiction[101];

/* The standard's fields of a POST that are text; values over 5000
 * characters are refused. Other members are ignored (as the standard's
 * device_id, account_id and media_url are: casedesk keeps no devices,
 * accounts or media). */
static const char *const open311_text_fields[] = {
    "jurisdiction_id", "service_code", "description", "address_string", "address_id",
    "email",           "first_name",   "last_name",   "phone",          NULL};

/* Case field names (as case_service_create names its faults) and the
 * Open311 field a client sent them as. */
static const struct {
    const char *case_name, *open311_name;
} open311_names[] = {
    {"categoryId", "service_code"},
    {"description", "description"},
    {"citizen.email", "email"},
    {"citizen.phone", "phone"},
    {"citizen.name", "last_name"},
    {"location.latitude", "lat"},
    {"location.longitude", "long"},
    {"location.address", "address_string"},
    {"location", "lat"},
    {"channel", "service_code"},
};

/* A jurisdiction id as 013_open311.sql allows it. */
static int open311_jurisdiction_ok(const char *j)
{
    size_t i, len = strlen(j);

    if (len == 0 || len > 100 || strchr("._:-", j[0]) != NULL)
        return 0;
    for (i = 0; i < len; i++) {
        char c = j[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr("._:-", c) != NULL) ||
            c == '\0')
            return 0;
    }
    return 1;
}

int open311_configure(char *err, size_t errlen)
{
    const char *v = getenv("KOERS_CASEDESK_OPEN311_DEFAULT_JURISDICTION");

    open311_default_jurisdiction[0] = '\0';
    if (v == NULL || v[0] == '\0')
        return 0;
    if (!open311_jurisdiction_ok(v)) {
        snprintf(err, errlen,
                 "KOERS_CASEDESK_OPEN311_DEFAULT_JURISDICTION must be 1..100 letters, digits "
                 "and . _ : - (a tenant's open311JurisdictionId)");
        return -1;
    }
    snprintf(open311_default_jurisdiction, sizeof(open311_default_jurisdiction), "%s", v);
    return 0;
}

/* The tenant of jurisdiction j into tenant_id (and its public-reads flag);
 * a malformed id is as unknown: KC_NOT_FOUND. */
static kc_status open311_lookup(kc_db_pool *pool, const char *j, char tenant_id[37],
                                int *public_reads, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    if (!open311_jurisdiction_ok(j))
        return kc_problem_set(pb, KC_NOT_FOUND, "jurisdiction_id %.100s not found", j);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_jurisdiction(conn, j, tenant_id, public_reads, pb);
    kc_db_release(pool, conn);
    return st;
}

/* A jurisdiction_id sent with a key must be the key's tenant's. */
static kc_status open311_same_tenant(kc_db_pool *pool, const kc_principal *p, const char *j,
                                     kc_problem *pb)
{
    char tenant[37];
    int public_reads;
    kc_status st = open311_lookup(pool, j, tenant, &public_reads, pb);

    if (st == KC_OK && strcmp(tenant, p->tenant_id) != 0)
        st = kc_problem_set(pb, KC_BAD_REQUEST,
                            "jurisdiction_id %s is not the jurisdiction of this api_key", j);
    return st;
}

kc_status open311_service_reader(kc_db_pool *pool, const kc_principal *p, const char *jurisdiction,
                                 char tenant_id[37], kc_problem *pb)
{
    const char *j = jurisdiction != NULL && jurisdiction[0] != '\0' ? jurisdiction : NULL;
    int public_reads = 0;
    kc_status st;

    tenant_id[0] = '\0';
    if (p != NULL) {
        st = j != NULL ? open311_same_tenant(pool, p, j, pb) : KC_OK;
        if (st == KC_OK)
            snprintf(tenant_id, 37, "%s", p->tenant_id);
        return st;
    }
    if (j == NULL && open311_default_jurisdiction[0] != '\0')
        j = open311_default_jurisdiction;
    if (j == NULL) {
        kc_problem_add_field(pb, "jurisdiction_id", "is required");
        return kc_problem_set(pb, KC_BAD_REQUEST, "jurisdiction_id is required");
    }
    st = open311_lookup(pool, j, tenant_id, &public_reads, pb);
    if (st == KC_OK && !public_reads) {
        tenant_id[0] = '\0';
        st = kc_problem_set(pb, KC_FORBIDDEN,
                            "jurisdiction %s serves Open311 reads only with an api_key", j);
    }
    return st;
}

kc_status open311_service_services(kc_db_pool *pool, const char *tenant_id, json_t **out,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_services(conn, tenant_id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

/* The stored attribute definitions of the tenant's service code (*defs a
 * new reference); a malformed or unknown code is KC_NOT_FOUND. */
static kc_status open311_definitions(kc_db_pool *pool, const char *tenant_id, const char *code,
                                     json_t **defs, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *defs = NULL;
    if (code == NULL || !kc_is_uuid(code))
        return kc_problem_set(pb, KC_NOT_FOUND, "service_code %.64s not found",
                              code != NULL ? code : "");
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_attributes(conn, tenant_id, code, defs, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status open311_service_definition(kc_db_pool *pool, const char *tenant_id, const char *code,
                                     json_t **out, kc_problem *pb)
{
    json_t *defs = NULL;
    kc_status st;

    *out = NULL;
    st = open311_definitions(pool, tenant_id, code, &defs, pb);
    if (st != KC_OK)
        return st;
    *out = json_pack("{s:s, s:o}", "service_code", code, "attributes", defs);
    if (*out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return KC_OK;
}

/* A member of the form as text (NULL when absent, empty or not a string). */
static const char *open311_text(const json_t *form, const char *name)
{
    const char *s = json_string_value(json_object_get(form, name));

    return s != NULL && s[0] != '\0' ? s : NULL;
}

/* lat/long: a JSON number, or a string holding one. Returns 1 and *out
 * when present and numeric, 0 when absent, -1 when not a number. */
static int open311_coordinate(const json_t *form, const char *name, double *out)
{
    const json_t *v = json_object_get(form, name);
    const char *s;
    char *end = NULL;

    if (v == NULL || json_is_null(v))
        return 0;
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return 1;
    }
    s = json_string_value(v);
    if (s == NULL)
        return -1;
    if (s[0] == '\0')
        return 0;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && end != s && *end == '\0' && isfinite(*out) ? 1 : -1;
}

/* The standard's text fields: strings of at most 5000 characters. */
static void open311_check_members(const json_t *form, kc_problem *pb)
{
    const json_t *v;
    size_t i;

    for (i = 0; open311_text_fields[i] != NULL; i++) {
        v = json_object_get(form, open311_text_fields[i]);
        if (v == NULL || json_is_null(v))
            continue;
        if (!json_is_string(v))
            kc_problem_add_field(pb, open311_text_fields[i], "must be a string");
        else if (kc_utf8_len(json_string_value(v)) > 5000)
            kc_problem_add_field(pb, open311_text_fields[i], "must be at most 5000 characters");
    }
}

/* The case body of an Open311 request (new reference in *body), or the
 * faults in pb (KC_INVALID). */
static kc_status open311_case_body(const json_t *form, json_t **body, kc_problem *pb)
{
    const char *first = open311_text(form, "first_name"), *last = open311_text(form, "last_name");
    const char *email = open311_text(form, "email"), *phone = open311_text(form, "phone");
    const char *address = open311_text(form, "address_string");
    const char *address_id = open311_text(form, "address_id");
    const char *description = open311_text(form, "description");
    const char *code = open311_text(form, "service_code");
    const char *place = NULL, *place_label = NULL;
    double lat = 0, lon = 0;
    int has_lat = open311_coordinate(form, "lat", &lat);
    int has_lon = open311_coordinate(form, "long", &lon);
    json_t *b = NULL, *citizen = NULL;
    char *text = NULL;
    kc_status st = KC_OK;

    *body = NULL;
    open311_check_members(form, pb);
    if (has_lat < 0)
        kc_problem_add_field(pb, "lat", "must be a number (WGS84 latitude)");
    if (has_lon < 0)
        kc_problem_add_field(pb, "long", "must be a number (WGS84 longitude)");
    if (has_lat >= 0 && has_lon >= 0 && has_lat != has_lon)
        kc_problem_add_field(pb, has_lat ? "long" : "lat", "lat and long go together");
    if (has_lat == 0 && has_lon == 0 && address == NULL && address_id == NULL)
        kc_problem_add_field(pb, "lat",
                             "a location is required: lat and long, address_string or address_id");
    /* without coordinates the address (or else the address id) goes into
     * the description: name it when the two together are too long */
    if (has_lat == 0) {
        place = address != NULL ? address : address_id;
        place_label = address != NULL ? "Adres" : "Adres-id";
    }
    if (place != NULL && description != NULL && kc_utf8_len(description) != (size_t)-1 &&
        kc_utf8_len(place) != (size_t)-1 &&
        kc_utf8_len(description) + kc_utf8_len(place) + 12 > 5000)
        kc_problem_add_field(pb, address != NULL ? "address_string" : "address_id",
                             "with the description it is longer than 5000 characters: send lat "
                             "and long, or a shorter description");
    if (pb->invalid_params != NULL)
        goto invalid;

    b = json_object();
    citizen = json_object();
    if (b == NULL || citizen == NULL)
        goto oom;
    if (code != NULL)
        json_object_set_new(b, "categoryId", json_string(code));
    if (description != NULL && place != NULL) {
        if (asprintf(&text, "%s\n\n%s: %s", description, place_label, place) < 0) {
            text = NULL;
            goto oom;
        }
        json_object_set_new(b, "description", json_string(text));
    } else if (description != NULL) {
        json_object_set_new(b, "description", json_string(description));
    }
    json_object_set_new(b, "channel", json_string("app"));
    free(text);
    text = NULL;
    if (first != NULL || last != NULL) {
        if (asprintf(&text, "%s%s%s", first ? first : "", first && last ? " " : "",
                     last ? last : "") < 0) {
            text = NULL;
            goto oom;
        }
        json_object_set_new(citizen, "name", json_string(text));
    }
    if (email != NULL)
        json_object_set_new(citizen, "email", json_string(email));
    if (phone != NULL)
        json_object_set_new(citizen, "phone", json_string(phone));
    json_object_set_new(b, "citizen", citizen);
    citizen = NULL;
    if (has_lat == 1) {
        json_t *loc = json_pack("{s:f, s:f}", "latitude", lat, "longitude", lon);
        if (loc == NULL)
            goto oom;
        if (address != NULL)
            json_object_set_new(loc, "address", json_string(address));
        json_object_set_new(b, "location", loc);
    }
    *body = b;
    b = NULL;
    goto out;
invalid:
    st = kc_problem_set(pb, KC_INVALID, "the service request has invalid fields");
    goto out;
oom:
    st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    free(text);
    json_decref(citizen);
    json_decref(b);
    return st;
}

/* Renames the case's field faults to the Open311 fields they came from. */
static void open311_rename_faults(kc_problem *pb)
{
    json_t *item;
    size_t i, k;

    json_array_foreach(pb->invalid_params, i, item)
    {
        const char *name = json_string_value(json_object_get(item, "name"));
        for (k = 0; name != NULL && k < KC_NELEMS(open311_names); k++) {
            if (strcmp(name, open311_names[k].case_name) == 0) {
                json_object_set_new(item, "name", json_string(open311_names[k].open311_name));
                break;
            }
        }
    }
}

kc_status open311_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                 const json_t *form, json_t **out, char reference[32],
                                 int *replayed, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL, *defs = NULL, *values = NULL;
    const char *code = open311_text(form, "service_code");
    const char *j = open311_text(form, "jurisdiction_id");
    const char *ref, *token;
    kc_status st;

    *out = NULL;
    reference[0] = '\0';
    *replayed = 0;
    if (j != NULL) {
        st = open311_same_tenant(pool, p, j, pb);
        if (st != KC_OK)
            goto out;
    }
    if (code == NULL) {
        kc_problem_add_field(pb, "service_code", "is required");
        st = kc_problem_set(pb, KC_INVALID, "service_code is required");
        goto out;
    }
    st = open311_definitions(pool, p->tenant_id, code, &defs, pb);
    if (st == KC_NOT_FOUND) {
        kc_problem_add_field(pb, "service_code", "is not one of the services");
        st = kc_problem_set(pb, KC_INVALID, "service_code %.64s not found", code);
    }
    if (st != KC_OK)
        goto out;
    st = open311_attrs_values(defs, form, &values, pb);
    if (st == KC_OK)
        st = open311_case_body(form, &body, pb);
    if (st != KC_OK)
        goto out;
    st = case_service_create_open311(pool, p, idem, body, values, &answer, replayed, pb);
    if (st != KC_OK) {
        open311_rename_faults(pb);
        goto out;
    }
    ref = json_string_value(json_object_get(answer, "reference"));
    token = json_string_value(json_object_get(answer, "trackingToken"));
    snprintf(reference, 32, "%s", ref ? ref : "");
    /* no account_id: casedesk keeps no accounts (the standard leaves it
     * out when there is none) */
    *out = json_pack("[{s:s, s:s, s:s?}]", "service_request_id", reference, "service_notice",
                     "Uw melding is ontvangen.", "token", token);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(values);
    json_decref(defs);
    json_decref(answer);
    json_decref(body);
    return st;
}

/* A query argument that is malformed: KC_BAD_REQUEST naming it. */
static kc_status open311_bad_arg(kc_problem *pb, const char *name, const char *reason)
{
    kc_problem_add_field(pb, name, reason);
    return kc_problem_set(pb, KC_BAD_REQUEST, "%s %s", name, reason);
}

kc_status open311_service_requests(kc_db_pool *pool, const char *tenant_id, const open311_query *q,
                                   json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    open311_filter f = {0};
    json_t *refs = NULL, *codes = NULL, *statuses = NULL;
    long long start = 0, end = 0;
    int has_start = q->start_date != NULL && q->start_date[0] != '\0';
    int has_end = q->end_date != NULL && q->end_date[0] != '\0';
    const json_t *item;
    size_t i;
    kc_status st = KC_OK;

    *out = NULL;
    if (q->ids != NULL && q->ids[0] != '\0') {
        refs = open311_split_list(q->ids, OPEN311_MAX_IDS, OPEN311_REF_MAX);
        if (refs == NULL || json_array_size(refs) == 0) {
            st = open311_bad_arg(pb, "service_request_id",
                                 "must be a comma-delimited list of at most 100 ids");
            goto out;
        }
        f.references = refs;
    }
    f.open = f.closed = 1;
    if (refs == NULL && q->status != NULL && q->status[0] != '\0') {
        int bad = 0;
        statuses = open311_split_list(q->status, 2, 6);
        f.open = f.closed = 0;
        json_array_foreach(statuses, i, item)
        {
            if (strcmp(json_string_value(item), "open") == 0)
                f.open = 1;
            else if (strcmp(json_string_value(item), "closed") == 0)
                f.closed = 1;
            else
                bad = 1;
        }
        if (statuses == NULL || bad || (!f.open && !f.closed)) {
            st = open311_bad_arg(pb, "status", "must be open, closed or open,closed");
            goto out;
        }
    }
    if (refs == NULL && q->service_code != NULL && q->service_code[0] != '\0') {
        codes = open311_split_list(q->service_code, 100, 36);
        if (codes == NULL || json_array_size(codes) == 0) {
            st = open311_bad_arg(pb, "service_code",
                                 "must be a comma-delimited list of at most 100 service codes");
            goto out;
        }
        f.service_codes = codes;
    }
    if (has_start && open311_parse_time(q->start_date, &start) != 0) {
        st = open311_bad_arg(pb, "start_date", "must be a date-time (ISO 8601)");
        goto out;
    }
    if (has_end && open311_parse_time(q->end_date, &end) != 0) {
        st = open311_bad_arg(pb, "end_date", "must be a date-time (ISO 8601)");
        goto out;
    }
    if (open311_window(has_start, start, has_end, end, (long long)time(NULL), &f.from, &f.to) !=
        0) {
        st =
            open311_bad_arg(pb, "end_date", "must be after start_date and at most 90 days from it");
        goto out;
    }
    if (!has_end)
        f.to += 1; /* now, to the end of this second: a request filed just now is in */
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_requests(conn, tenant_id, &f, out, pb);
out:
    json_decref(refs);
    json_decref(codes);
    json_decref(statuses);
    kc_db_release(pool, conn);
    return st;
}

kc_status open311_service_request(kc_db_pool *pool, const char *tenant_id, const char *reference,
                                  json_t **out, kc_problem *pb)
{
    open311_query q = {0};
    kc_status st;

    *out = NULL;
    if (reference == NULL || reference[0] == '\0' || strlen(reference) > OPEN311_REF_MAX ||
        strchr(reference, ',') != NULL)
        return kc_problem_set(pb, KC_NOT_FOUND, "service_request_id %.64s not found",
                              reference ? reference : "");
    q.ids = reference;
    st = open311_service_requests(pool, tenant_id, &q, out, pb);
    if (st == KC_OK && json_array_size(*out) == 0) {
        json_decref(*out);
        *out = NULL;
        st = kc_problem_set(pb, KC_NOT_FOUND, "service_request_id %s not found", reference);
    }
    return st;
}

kc_status open311_service_token(kc_db_pool *pool, const char *tenant_id, const char *token,
                                json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char hash[65], reference[32];
    kc_status st;

    *out = NULL;
    if (!tracking_token_hash(token, hash))
        return kc_problem_set(pb, KC_NOT_FOUND, "token not found");
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_token(conn, tenant_id, hash, reference, pb);
    kc_db_release(pool, conn);
    if (st != KC_OK)
        return st;
    *out = json_pack("[{s:s, s:s}]", "service_request_id", reference, "token", token);
    if (*out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return KC_OK;
}

json_t *open311_service_discovery(const char *base_url)
{
    return json_pack(
        "{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:[s, s]}]}", "changeset", OPEN311_CHANGESET,
        "contact", "The municipality's Connections Bureau (Bureau Verbindingen)", "key_service",
        "API keys for filing requests: the municipality's casedesk coordinator", "endpoints",
        "specification", OPEN311_SPEC, "url", base_url, "changeset", OPEN311_CHANGESET, "type",
        "production", "formats", "text/xml", "application/json");
}

kc_status open311_service_attributes_get(kc_db_pool *pool, const kc_principal *p,
                                         const char *category_id, json_t **out, kc_problem *pb)
{
    json_t *defs = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", category_id, pb);
    if (st == KC_OK)
        st = open311_definitions(pool, p->tenant_id, category_id, &defs, pb);
    if (st == KC_NOT_FOUND)
        st = kc_problem_set(pb, KC_NOT_FOUND, "category %s not found", category_id);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "attributes", open311_attrs_to_api(defs));
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(defs);
    return st;
}

kc_status open311_service_attributes_put(kc_db_pool *pool, const kc_principal *p,
                                         const char *category_id, const json_t *body, json_t **out,
                                         kc_problem *pb)
{
    static const kc_field fields[] = {
        {.name = "attributes",
         .type = KC_T_ARRAY,
         .required = 1,
         .max_len = OPEN311_MAX_ATTRIBUTES,
         .item_type = KC_T_OBJECT},
    };
    kc_db_conn *conn = NULL;
    json_t *stored = NULL, *written = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", category_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, fields, KC_NELEMS(fields), pb);
    if (st == KC_OK)
        st = open311_attrs_define(json_object_get(body, "attributes"), &stored, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_attributes_put(conn, p->tenant_id, category_id, stored, &written, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK) {
        *out = json_pack("{s:o}", "attributes", open311_attrs_to_api(written));
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    json_decref(written);
    json_decref(stored);
    return st;
}
