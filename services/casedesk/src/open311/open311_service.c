#include "open311/open311_service.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cases/case_service.h"
#include "koers/validate.h"
#include "open311/open311_repo.h"

#define OPEN311_MAX_IDS 100
#define OPEN311_REF_MAX 31

/* The fields of POST requests.json; those not mapped to the case are
 * accepted and ignored (jurisdiction_id, address_id, account_id, device_id,
 * media_url: casedesk keeps no media nor devices). */
static const char *const open311_post_fields[] = {
    "api_key",        "jurisdiction_id", "service_code", "description", "lat",        "long",
    "address_string", "address_id",      "email",        "device_id",   "account_id", "first_name",
    "last_name",      "phone",           "media_url",    NULL};

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
    {"citizen", "email"},
    {"location.latitude", "lat"},
    {"location.longitude", "long"},
    {"location.address", "address_string"},
    {"location", "lat"},
    {"channel", "service_code"},
};

kc_status open311_service_services(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = open311_repo_services(conn, p->tenant_id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status open311_service_definition(kc_db_pool *pool, const kc_principal *p, const char *code,
                                     json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    if (code == NULL || !kc_is_uuid(code)) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "service %s not found", code ? code : "");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = open311_repo_service_exists(conn, p->tenant_id, code, pb);
    if (st != KC_OK)
        goto out;
    *out = json_pack("{s:s, s:[]}", "service_code", code, "attributes");
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    kc_db_release(pool, conn);
    return st;
}

/* A member of the form as text (NULL when absent or empty). */
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

/* Checks the form's members: known names, strings (numbers for lat/long
 * too), at most 5000 characters. Faults go to pb. */
static void open311_check_members(const json_t *form, kc_problem *pb)
{
    const char *name;
    const json_t *v;
    size_t i;

    json_object_foreach((json_t *)form, name, v)
    {
        int known = 0;
        for (i = 0; open311_post_fields[i] != NULL && !known; i++)
            known = strcmp(open311_post_fields[i], name) == 0;
        if (!known)
            kc_problem_add_field(pb, name, "is not an Open311 field of a service request");
        else if (!json_is_string(v) &&
                 !(json_is_number(v) && (strcmp(name, "lat") == 0 || strcmp(name, "long") == 0)))
            kc_problem_add_field(pb, name, "must be a string");
        else if (json_is_string(v) && kc_utf8_len(json_string_value(v)) > 5000)
            kc_problem_add_field(pb, name, "must be at most 5000 characters");
    }
}

/* The case body of an Open311 request (new reference in *body), or the
 * faults in pb (KC_INVALID). */
static kc_status open311_case_body(const json_t *form, json_t **body, kc_problem *pb)
{
    const char *first = open311_text(form, "first_name"), *last = open311_text(form, "last_name");
    const char *email = open311_text(form, "email"), *phone = open311_text(form, "phone");
    const char *address = open311_text(form, "address_string");
    const char *description = open311_text(form, "description");
    const char *code = open311_text(form, "service_code");
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
    if (has_lat == 0 && has_lon == 0 && address == NULL)
        kc_problem_add_field(pb, "lat", "a location is required: lat and long, or address_string");
    /* without coordinates the address goes into the description (below):
     * name the address when the two together are too long */
    if (has_lat == 0 && description != NULL && address != NULL &&
        kc_utf8_len(description) != (size_t)-1 && kc_utf8_len(address) != (size_t)-1 &&
        kc_utf8_len(description) + kc_utf8_len(address) + 9 > 5000)
        kc_problem_add_field(pb, "address_string",
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
    /* the address of a request without coordinates goes with the
     * description (a case's location needs coordinates) */
    if (description != NULL && address != NULL && has_lat == 0) {
        if (asprintf(&text, "%s\n\nAdres: %s", description, address) < 0) {
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
    json_t *body = NULL, *answer = NULL;
    const char *ref, *token;
    kc_status st;

    *out = NULL;
    reference[0] = '\0';
    *replayed = 0;
    st = open311_case_body(form, &body, pb);
    if (st != KC_OK)
        goto out;
    st = case_service_create(pool, p, idem, body, &answer, replayed, pb);
    if (st != KC_OK) {
        open311_rename_faults(pb);
        goto out;
    }
    ref = json_string_value(json_object_get(answer, "reference"));
    token = json_string_value(json_object_get(answer, "trackingToken"));
    snprintf(reference, 32, "%s", ref ? ref : "");
    *out = json_pack("[{s:s, s:s, s:n, s:s?}]", "service_request_id", reference, "service_notice",
                     "Uw melding is ontvangen.", "account_id", "token", token);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(answer);
    json_decref(body);
    return st;
}

kc_status open311_service_requests(kc_db_pool *pool, const kc_principal *p, const char *ids,
                                   const char *service_code, const char *status,
                                   const char *start_date, const char *end_date, json_t **out,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    open311_filter f = {0};
    json_t *refs = NULL;
    kc_status st;

    *out = NULL;
    if (ids != NULL) {
        const char *s = ids;
        refs = json_array();
        while (refs != NULL && *s != '\0') {
            size_t len = strcspn(s, ",");
            while (len > 0 && *s == ' ') {
                s++;
                len--;
            }
            while (len > 0 && s[len - 1] == ' ')
                len--;
            if (len == 0 || len > OPEN311_REF_MAX || json_array_size(refs) >= OPEN311_MAX_IDS) {
                kc_problem_add_field(pb, "service_request_id",
                                     "a comma-separated list of at most 100 references");
                st = kc_problem_set(pb, KC_BAD_REQUEST, "service_request_id is malformed");
                goto out;
            }
            json_array_append_new(refs, json_stringn(s, len));
            s += strcspn(s, ",");
            if (*s == ',')
                s++;
        }
        if (refs == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        f.references = refs;
    }
    f.service_code = service_code;
    f.status = status;
    f.start = start_date;
    f.end = end_date;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = open311_repo_requests(conn, p->tenant_id, &f, out, pb);
out:
    json_decref(refs);
    kc_db_release(pool, conn);
    return st;
}

kc_status open311_service_request(kc_db_pool *pool, const kc_principal *p, const char *reference,
                                  json_t **out, kc_problem *pb)
{
    kc_status st;

    *out = NULL;
    if (reference == NULL || reference[0] == '\0' || strlen(reference) > OPEN311_REF_MAX ||
        strchr(reference, ',') != NULL)
        return kc_problem_set(pb, KC_NOT_FOUND, "service request %s not found",
                              reference ? reference : "");
    st = open311_service_requests(pool, p, reference, NULL, NULL, NULL, NULL, out, pb);
    if (st == KC_OK && json_array_size(*out) == 0) {
        json_decref(*out);
        *out = NULL;
        st = kc_problem_set(pb, KC_NOT_FOUND, "service request %s not found", reference);
    }
    return st;
}
