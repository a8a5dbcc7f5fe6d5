/* libFuzzer target: what a client sends to file a casedesk case, through
 * the handlers that take the bytes, down to the first database call:
 *  - POST /casedesk/v1/cases (JSON body: kc_read_json_body, the case's
 *    field tables and nested citizen/location checks, the citizen's
 *    sealing);
 *  - POST /casedesk/v1/open311/v2/requests(.xml|.json) (form-encoded,
 *    multipart or JSON: the Open311 field mapping, attribute[CODE] values
 *    against a service's attribute definitions, the case checks), and the
 *    failure rendered as Open311's error list (open311_http_render_problem);
 *  - the Open311 XML writer on the decoded form (hostile strings in
 *    element text), parsed back by expat.
 * Faked, and nothing more: the credential (a valid API key of TENANT),
 * the pool (koers_test.h's fake: a connection that is never used), the
 * jurisdiction and attribute lookups of the repository, and the case
 * number (which answers 503, so a filing stops where it would reach the
 * database).
 *
 * Input: the first line picks the request: "cases" for POST /cases, else
 * it is the Content-Type of an Open311 POST ("... xml" at its end: to
 * requests.xml); the rest is the body.
 * What must hold: no answer is a 500; every failure renders (problem+json
 * or Open311's list, well-formed JSON or XML); the XML of any form is
 * well-formed. */
/* SERVICE: casedesk */
/* LINK: * */
/* WRAP: kc_db_acquire kc_db_release kc_authenticate_key case_reference_next */
/* WRAP: open311_repo_jurisdiction open311_repo_attributes */
/* LIBS: -lexpat */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <expat.h>

#include "casedesk.h"
#include "cases/case_reference.h"
#include "casedesk_http.h"
#include "koers/db.h"
#include "koers_test.h"
#include "open311/open311_http.h"
#include "open311/open311_model.h"
#include "open311/open311_repo.h"
#include "open311/open311_xml.h"

#define TENANT       "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define SERVICE_CODE "3f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define JURISDICTION "koers.example"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *defs; /* the service's attribute definitions (stored shape) */

static const char defs_json[] =
    "[{\"code\": \"AANTAL\", \"datatype\": \"number\", \"description\": \"Aantal\"},"
    " {\"code\": \"SOORT\", \"datatype\": \"multivaluelist\", \"description\": \"Soort\","
    "  \"values\": [{\"key\": \"glas\", \"name\": \"Glas\"}, {\"key\": \"rest\", \"name\": \"Rest\"}]},"
    " {\"code\": \"KEUS\", \"datatype\": \"singlevaluelist\", \"description\": \"Keus\","
    "  \"values\": [{\"key\": \"a\", \"name\": \"A\"}]},"
    " {\"code\": \"WANNEER\", \"datatype\": \"datetime\", \"description\": \"Wanneer\"},"
    " {\"code\": \"OPM\", \"datatype\": \"string\", \"description\": \"Opmerking\"},"
    " {\"code\": \"LANG\", \"datatype\": \"text\", \"description\": \"Toelichting\"},"
    " {\"code\": \"INFO\", \"datatype\": \"text\", \"variable\": false,"
    "  \"description\": \"Alleen uitleg\"}]";

KT_FAKE(kc_authenticate_key);
kc_status __wrap_kc_authenticate_key(kc_ctx *ctx, const char *key, kc_problem *pb)
{
    (void)key;
    (void)pb;
    memset(&ctx->principal, 0, sizeof(ctx->principal));
    ctx->principal.kind = KC_PRINCIPAL_API_KEY;
    strcpy(ctx->principal.tenant_id, TENANT);
    strcpy(ctx->principal.subject, "fuzz-key");
    strcpy(ctx->principal.scopes, "cases:write cases:read");
    return KC_OK;
}

KT_FAKE(case_reference_next);
kc_status __wrap_case_reference_next(kc_db_conn *conn, const char *tenant_id, int year, char *out,
                                     size_t n, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)year;
    (void)out;
    (void)n;
    return kc_problem_set(pb, KC_UNAVAILABLE, "the database is not there (fuzzing)");
}

KT_FAKE(open311_repo_jurisdiction);
kc_status __wrap_open311_repo_jurisdiction(kc_db_conn *conn, const char *jurisdiction,
                                           char tenant_id[37], int *public_reads, kc_problem *pb)
{
    (void)conn;
    if (strcmp(jurisdiction, JURISDICTION) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "jurisdiction_id not found");
    strcpy(tenant_id, TENANT);
    *public_reads = 1;
    return KC_OK;
}

KT_FAKE(open311_repo_attributes);
kc_status __wrap_open311_repo_attributes(kc_db_conn *conn, const char *tenant_id, const char *code,
                                         json_t **out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    if (strcmp(code, SERVICE_CODE) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "service_code not found");
    *out = json_deep_copy(defs);
    return KC_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    json_t *in = json_loads(defs_json, 0, NULL);
    kc_problem pb;

    (void)argc;
    (void)argv;
    setenv("KOERS_JWT_SECRET", "fuzz-secret-of-at-least-thirty-two-bytes", 1);
    setenv("KOERS_CASEDESK_DATA_KEYS", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", 1);
    setenv("KOERS_CASEDESK_INDEX_KEY", "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=", 1);
    setenv("KOERS_LOG_LEVEL", "error", 1);
    kc_problem_init(&pb);
    if (in == NULL || open311_attrs_define(in, &defs, &pb) != KC_OK)
        abort();
    json_decref(in);
    kc_problem_clear(&pb);
    return 0;
}

static void check_xml(const char *xml, size_t len)
{
    XML_Parser p = XML_ParserCreate("UTF-8");

    if (p == NULL)
        return;
    if (XML_Parse(p, xml, (int)len, 1) != XML_STATUS_OK)
        abort();
    XML_ParserFree(p);
}

/* The answer the client gets: never a 500, and a body in its format. */
static void check_answer(kt_request *t, int xml)
{
    const char *ct = kt_header(t, "Content-Type");

    if (kt_status(t) == 500 || t->resp.binary_body == NULL || t->resp.binary_body_length == 0 ||
        ct == NULL)
        abort();
    if (xml) {
        check_xml(t->resp.binary_body, t->resp.binary_body_length);
    } else {
        json_t *doc = json_loadb(t->resp.binary_body, t->resp.binary_body_length, 0, NULL);
        if (doc == NULL)
            abort();
        json_decref(doc);
    }
}

static void file_case(const char *body, size_t len)
{
    casedesk_app app = {0};
    kt_request t;

    kt_request_init(&t, "POST", "/casedesk/v1/cases", "/casedesk/v1/cases");
    t.ctx.app = &app;
    t.ctx.principal = kt_staff(TENANT, "fuzz-staff", "coordinator");
    kt_request_header(&t, "Content-Type", "application/json");
    t.req.binary_body = o_malloc(len + 1);
    memcpy(t.req.binary_body, body, len);
    t.req.binary_body_length = len;
    kt_request_run(&t, case_http_create);
    check_answer(&t, 0);
    kt_request_clear(&t);
}

/* The XML of the decoded form, as an answer's request would carry it. */
static void form_xml(const char *ct, const char *body, size_t len)
{
    json_t *form = NULL, *doc;
    kc_problem pb;
    char *xml;

    kc_problem_init(&pb);
    if (kc_media_type_is(ct, "multipart/form-data")) {
        if (kc_multipart_decode(ct, body, len, &form, &pb) != KC_OK)
            form = NULL;
    } else if (kc_form_decode(body, len, &form, &pb) != KC_OK) {
        form = NULL;
    }
    kc_problem_clear(&pb);
    if (form == NULL)
        return;
    doc = json_pack("[o]", form);
    xml = doc != NULL ? open311_xml_write(doc, "service_requests") : NULL;
    /* NULL: a member name that is no XML name (attribute[x y]) */
    if (xml != NULL)
        check_xml(xml, strlen(xml));
    free(xml);
    json_decref(doc);
}

static void file_open311(const char *ct, const char *body, size_t len)
{
    casedesk_app app = {0};
    size_t ctlen = strlen(ct);
    int xml = ctlen >= 4 && strcmp(ct + ctlen - 4, " xml") == 0;
    const char *file = xml ? "requests.xml" : "requests.json";
    char path[64];
    kt_request t;

    snprintf(path, sizeof(path), "/casedesk/v1/open311/v2/%s", file);
    kt_request_init(&t, "POST", "/casedesk/v1/open311/v2/:file", path);
    t.ctx.app = &app;
    kt_request_param(&t, "file", file);
    kt_request_param(&t, "api_key", "kk_fuzz");
    if (ct[0] != '\0')
        kt_request_header(&t, "Content-Type", ct);
    t.req.binary_body = o_malloc(len + 1);
    memcpy(t.req.binary_body, body, len);
    t.req.binary_body_length = len;
    if (kt_request_run(&t, open311_http_post) != KC_OK) {
        if (open311_http_render_problem(&t.req, &t.resp, &t.pb) != 1)
            abort();
        check_answer(&t, xml);
    }
    kt_request_clear(&t);
    form_xml(ct, body, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    char *first;
    const char *body;
    size_t blen;

    kt_db_reset(); /* the pool's fake (koers_test.h) counts: afresh for each input */

    if (nl == NULL)
        return 0;
    first = strndup((const char *)data, (size_t)(nl - data));
    if (first == NULL)
        return 0;
    body = (const char *)nl + 1;
    blen = size - (size_t)(nl - data) - 1;
    if (strcmp(first, "cases") == 0)
        file_case(body, blen);
    else
        file_open311(first, body, blen);
    free(first);
    return 0;
}
