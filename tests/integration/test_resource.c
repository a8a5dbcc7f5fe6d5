/* Integration: the resource kit (koers/resource.h) against a real
 * PostgreSQL — a fake resource "thing" with every kind of column, every
 * operation and every error a client can meet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/idempotency.h"
#include "koers/migrate.h"
#include "koers/pg.h"
#include "koers/resource.h"

#define TENANT   "7d1c2f4e-1111-4a2b-9c3d-0000000000a1"
#define TENANT_B "7d1c2f4e-1111-4a2b-9c3d-0000000000b2"

static const kc_principal caller = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT};
static const kc_principal caller_b = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT_B};
static const kc_principal guest = {
    .kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT, .subject = "guest"};
#define NO_SUCH "00000000-0000-4000-8000-000000000000"

static kc_db_pool *pool;
static char owner_active[37], owner_retired[37];

static const char schema_sql[] =
    "CREATE TABLE it_res.owners ("
    " id uuid PRIMARY KEY, tenant_id uuid NOT NULL, active boolean NOT NULL DEFAULT true);"
    "CREATE TABLE it_res.things ("
    " id uuid PRIMARY KEY, tenant_id uuid NOT NULL, version integer NOT NULL DEFAULT 1,"
    " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),"
    " name text NOT NULL, size integer NOT NULL, tags text[] NOT NULL,"
    " owner_id uuid REFERENCES it_res.owners (id), helper_ids uuid[] NOT NULL,"
    " meta jsonb, held_on date, due_at timestamptz, UNIQUE (tenant_id, name));"
    "CREATE TABLE it_res.uses ("
    " id uuid PRIMARY KEY, tenant_id uuid NOT NULL, thing_id uuid REFERENCES it_res.things (id));"
    "CREATE TABLE it_res.bundles ("
    " id uuid PRIMARY KEY, tenant_id uuid NOT NULL, thing_ids uuid[] NOT NULL);"
    "CREATE TABLE it_res.notes ("
    " id uuid PRIMARY KEY, tenant_id uuid NOT NULL, version integer NOT NULL DEFAULT 1,"
    " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),"
    " text text NOT NULL, written_by text NOT NULL);";

/* A rule the columns cannot say. */
/* The resource's own rules: a name it refuses, and a caller ("guest") who
 * may write nothing, also not delete. */
static kc_status thing_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                             const json_t *body, kc_problem *pb)
{
    const char *name = json_string_value(json_object_get(body, "name"));

    if (strcmp(p->subject, "guest") == 0)
        return kc_problem_set(pb, KC_FORBIDDEN, "guests write no things");
    if (name != NULL && strcmp(name, "verboden") == 0) {
        kc_problem_add_field(pb, "name", "not this name");
        return kc_problem_set(pb, KC_INVALID, "the name is not allowed");
    }
    (void)conn;
    (void)id;
    return KC_OK;
}

static const kc_column thing_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 50},
     .column = "name",
     .unique = 1,
     .filter = 1},
    {.field = {.name = "size", .type = KC_T_INT, .min = 1, .max = 99},
     .column = "size",
     .dflt = "3"},
    {.field = {.name = "tags",
               .type = KC_T_ARRAY,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 20},
     .column = "tags",
     .dflt = "[]",
     .filter = 1},
    {.field = {.name = "ownerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "owner_id",
     .ref_table = "it_res.owners",
     .ref_noun = "owner",
     .ref_active = 1},
    {.field = {.name = "helperIds",
               .type = KC_T_ARRAY,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "helper_ids",
     .dflt = "[]",
     .ref_table = "it_res.owners",
     .ref_noun = "owner"},
    {.field = {.name = "meta", .type = KC_T_OBJECT, .nullable = 1}, .column = "meta"},
    {.field = {.name = "heldOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "held_on"},
    {.field = {.name = "dueAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .column = "due_at"},
    {.field = {.name = "useCount", .type = KC_T_INT},
     .expr = "SELECT count(*)::integer FROM it_res.uses u WHERE u.thing_id = r.id"},
};

static const kc_reference thing_referred_by[] = {{"it_res.uses", "thing_id", 0},
                                                 {"it_res.bundles", "thing_ids", 1}};

static const kc_resource thing = {
    .noun = "thing",
    .schema = "it_res",
    .table = "it_res.things",
    .path = "/it/v1/things",
    .columns = thing_columns,
    .ncolumns = KC_NELEMS(thing_columns),
    .referred_by = thing_referred_by,
    .nreferred_by = KC_NELEMS(thing_referred_by),
    .event_prefix = "thing",
    .check = thing_check,
};

/* The same rows as a resource whose events carry the name and the size
 * (kc_resource.event_members). */
static const char *const named_thing_members[] = {"name", "size", NULL};

static const kc_resource named_thing = {
    .noun = "thing",
    .schema = "it_res",
    .table = "it_res.things",
    .path = "/it/v1/named-things",
    .columns = thing_columns,
    .ncolumns = KC_NELEMS(thing_columns),
    .event_prefix = "named_thing",
    .event_members = named_thing_members,
};

/* A note: who wrote it is the caller (kc_column.from_caller). */
static const kc_column note_columns[] = {
    {.field = {.name = "text", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 50},
     .column = "text"},
    {.field = {.name = "writtenBy", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "written_by",
     .from_caller = "set to who writes the note",
     .from_caller_detail = "writtenBy is the caller"},
};

static const kc_resource note = {
    .noun = "note",
    .schema = "it_res",
    .table = "it_res.notes",
    .path = "/it/v1/notes",
    .columns = note_columns,
    .ncolumns = KC_NELEMS(note_columns),
};

static void sql(const char *text)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexec(pg, text);

    assert_true(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(pg);
}

/* The data of the one outbox event of a type about subject, as JSON text
 * ("" when there is not exactly one). */
static void event_data(const char *type, const char *subject, char *out, size_t n)
{
    const char *params[2] = {type, subject};
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexecParams(pg,
                               "SELECT data::text\n"
                               "  FROM it_res.outbox\n"
                               " WHERE type = $1\n"
                               "   AND subject = $2",
                               2, NULL, params, NULL, NULL, 0);

    snprintf(out, n, "%s", PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    PQfinish(pg);
}

/* The number of outbox events of a type about subject. */
static int events(const char *type, const char *subject)
{
    char q[512];
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r;
    int n;

    snprintf(q, sizeof(q),
             "SELECT count(*) FROM it_res.outbox WHERE type = '%s' AND subject = '%s'", type,
             subject);
    r = PQexec(pg, q);
    n = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);
    return n;
}

static int setup(void **state)
{
    (void)state;
    if (it_setup("it_res", NULL, 0, &pool) != 0)
        return -1;
    sql(schema_sql);
    snprintf(owner_active, sizeof(owner_active), "%s", "11111111-1111-4111-8111-111111111111");
    snprintf(owner_retired, sizeof(owner_retired), "%s", "22222222-2222-4222-8222-222222222222");
    sql("INSERT INTO it_res.owners VALUES ('11111111-1111-4111-8111-111111111111', "
        "'" TENANT "', true), ('22222222-2222-4222-8222-222222222222', '" TENANT "', false)");
    return kc_resource_prepare(&thing) == KC_OK && kc_resource_prepare(&named_thing) == KC_OK &&
                   kc_resource_prepare(&note) == KC_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static kc_status create(const char *json, json_t **row, kc_problem *pb)
{
    kc_idem none = {0};
    json_t *body = json_loads(json, 0, NULL);
    long long version = 0;
    int replayed = 0;
    kc_status st;

    assert_non_null(body);
    kc_problem_clear(pb);
    kc_problem_init(pb);
    st = kc_resource_create(pool, &thing, &caller, &none, body, row, &version, &replayed, pb);
    if (st == KC_OK)
        assert_int_equal(version, 1);
    json_decref(body);
    return st;
}

/* invalidParams of pb names name. */
static int names(const kc_problem *pb, const char *name)
{
    size_t i;

    for (i = 0; i < json_array_size(pb->invalid_params); i++)
        if (strcmp(
                json_string_value(json_object_get(json_array_get(pb->invalid_params, i), "name")),
                name) == 0)
            return 1;
    return 0;
}

static void test_create_defaults_and_shape(void **state)
{
    kc_problem pb;
    json_t *row = NULL;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        create("{\"name\": \"Bank\", \"ownerId\": \"11111111-1111-4111-8111-111111111111\","
               " \"meta\": {\"kleur\": \"groen\"}, \"heldOn\": \"2026-03-01\","
               " \"dueAt\": \"2026-03-01T10:00:00+01:00\"}",
               &row, &pb),
        KC_OK);
    assert_true(kc_is_uuid(json_string_value(json_object_get(row, "id"))));
    assert_string_equal(json_string_value(json_object_get(row, "name")), "Bank");
    assert_int_equal(json_integer_value(json_object_get(row, "size")), 3);
    assert_int_equal(json_array_size(json_object_get(row, "tags")), 0);
    assert_string_equal(json_string_value(json_object_get(row, "ownerId")), owner_active);
    assert_string_equal(json_string_value(json_object_get(json_object_get(row, "meta"), "kleur")),
                        "groen");
    assert_int_equal(json_integer_value(json_object_get(row, "useCount")), 0);
    assert_int_equal(strlen(json_string_value(json_object_get(row, "createdAt"))), 24);
    assert_null(json_object_get(row, "version"));
    /* a day is a date, a moment a timestamptz shown in UTC */
    assert_string_equal(json_string_value(json_object_get(row, "heldOn")), "2026-03-01");
    assert_string_equal(json_string_value(json_object_get(row, "dueAt")),
                        "2026-03-01T09:00:00.000Z");
    assert_int_equal(json_object_size(row), 12);
    assert_int_equal(events("thing.created", json_string_value(json_object_get(row, "id"))), 1);
    json_decref(row);
    kc_problem_clear(&pb);
}

static void test_create_faults_are_named(void **state)
{
    kc_problem pb;
    json_t *row = NULL;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(create("{\"size\": 5}", &row, &pb), KC_INVALID);
    assert_true(names(&pb, "name"));
    assert_int_equal(create("{\"name\": \"x\", \"colour\": \"red\"}", &row, &pb), KC_INVALID);
    assert_true(names(&pb, "colour"));
    assert_int_equal(create("{\"name\": \"x\", \"size\": 100}", &row, &pb), KC_INVALID);
    assert_true(names(&pb, "size"));
    assert_int_equal(create("{\"name\": \"x\", \"tags\": [\"\"]}", &row, &pb), KC_INVALID);
    assert_true(names(&pb, "tags[0]"));
    /* references: unknown, not active, one unknown in an array */
    assert_int_equal(create("{\"name\": \"x\", \"ownerId\": \"" NO_SUCH "\"}", &row, &pb),
                     KC_INVALID);
    assert_true(names(&pb, "ownerId"));
    assert_int_equal(
        create("{\"name\": \"x\", \"ownerId\": \"22222222-2222-4222-8222-222222222222\"}", &row,
               &pb),
        KC_INVALID);
    assert_true(names(&pb, "ownerId"));
    assert_non_null(strstr(pb.detail, "not active"));
    assert_int_equal(
        create("{\"name\": \"x\", \"helperIds\": [\"11111111-1111-4111-8111-111111111111\","
               " \"" NO_SUCH "\"]}",
               &row, &pb),
        KC_INVALID);
    assert_true(names(&pb, "helperIds"));
    /* the unknown id is named, the known one is not */
    assert_non_null(strstr(pb.detail, NO_SUCH));
    assert_null(strstr(pb.detail, "11111111-1111-4111-8111-111111111111"));
    /* the resource's own check */
    assert_int_equal(create("{\"name\": \"verboden\"}", &row, &pb), KC_INVALID);
    assert_true(names(&pb, "name"));
    /* a unique member */
    assert_int_equal(create("{\"name\": \"Uniek\"}", &row, &pb), KC_OK);
    json_decref(row);
    assert_int_equal(create("{\"name\": \"Uniek\"}", &row, &pb), KC_CONFLICT);
    assert_true(names(&pb, "name"));
    assert_null(row);
    kc_problem_clear(&pb);
}

static void test_idempotent_create(void **state)
{
    kc_idem idem = {.active = 1, .key = "res-1", .tenant_id = TENANT};
    json_t *body = json_pack("{s:s}", "name", "Eenmalig"), *a = NULL, *b = NULL;
    long long version = 0;
    int replayed = -1;
    kc_problem pb;

    (void)state;
    memset(idem.request_hash, 'b', 64);
    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_create(pool, &thing, &caller, &idem, body, &a, &version, &replayed, &pb),
        KC_OK);
    assert_int_equal(replayed, 0);
    assert_int_equal(
        kc_resource_create(pool, &thing, &caller, &idem, body, &b, &version, &replayed, &pb),
        KC_OK);
    assert_int_equal(replayed, 1);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    json_decref(body);
    kc_problem_clear(&pb);
}

static void test_get_and_tenants(void **state)
{
    kc_problem pb;
    json_t *row = NULL, *got = NULL;
    long long version = 0;
    const char *id;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(create("{\"name\": \"Lamp\"}", &row, &pb), KC_OK);
    id = json_string_value(json_object_get(row, "id"));
    assert_int_equal(kc_resource_get(pool, &thing, TENANT, id, &got, &version, &pb), KC_OK);
    assert_true(json_equal(row, got));
    assert_int_equal(version, 1);
    json_decref(got);
    assert_int_equal(kc_resource_get(pool, &thing, TENANT_B, id, &got, &version, &pb),
                     KC_NOT_FOUND);
    assert_non_null(strstr(pb.detail, "thing"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_get(pool, &thing, TENANT, "nope", &got, &version, &pb),
                     KC_BAD_REQUEST);
    assert_true(names(&pb, "id"));
    json_decref(row);
    kc_problem_clear(&pb);
}

static void test_list_pages_and_filters(void **state)
{
    kc_problem pb;
    json_t *row = NULL, *items = NULL, *filters;
    kc_keyset page = {.limit = 2};
    kc_keyset_next next = {0};
    int i, seen = 0;

    (void)state;
    kc_problem_init(&pb);
    for (i = 0; i < 3; i++) {
        char json[128];

        snprintf(json, sizeof(json), "{\"name\": \"Rij %d\", \"tags\": [\"rij\", \"r%d\"]}", i, i);
        assert_int_equal(create(json, &row, &pb), KC_OK);
        json_decref(row);
    }
    /* walk every page of the tenant */
    do {
        assert_int_equal(kc_resource_list(pool, &thing, TENANT, NULL, &page, &items, &next, &pb),
                         KC_OK);
        assert_true(json_array_size(items) <= 2);
        seen += (int)json_array_size(items);
        json_decref(items);
        page.after_key = next.key;
        page.after_id = next.id;
    } while (next.has_more);
    assert_true(seen >= 3);
    /* by tag (an array member) and by name */
    page.after_key = page.after_id = NULL;
    page.limit = 20;
    filters = json_pack("{s:s}", "tags", "rij");
    assert_int_equal(kc_resource_list(pool, &thing, TENANT, filters, &page, &items, &next, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(items), 3);
    assert_int_equal(next.has_more, 0);
    json_decref(items);
    json_decref(filters);
    filters = json_pack("{s:s}", "name", "Rij 1");
    assert_int_equal(kc_resource_list(pool, &thing, TENANT, filters, &page, &items, &next, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(items), 1);
    json_decref(items);
    json_decref(filters);
    assert_int_equal(kc_resource_list(pool, &thing, TENANT_B, NULL, &page, &items, &next, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    kc_problem_clear(&pb);
}

static void test_patch(void **state)
{
    kc_problem pb;
    json_t *row = NULL, *upd = NULL, *body;
    long long version = 0;
    char id[37];

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(create("{\"name\": \"Paal\", \"size\": 7, \"ownerId\": "
                            "\"11111111-1111-4111-8111-111111111111\"}",
                            &row, &pb),
                     KC_OK);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(row, "id")));
    /* only what the body holds changes; a read-only member is ignored */
    body = json_pack("{s:n, s:[s], s:i}", "ownerId", "tags", "hoog", "useCount", 42);
    assert_int_equal(kc_resource_update(pool, &thing, &caller, id, body, 1, &upd, &version, &pb),
                     KC_OK);
    assert_int_equal(version, 2);
    assert_true(json_is_null(json_object_get(upd, "ownerId")));
    assert_int_equal(json_integer_value(json_object_get(upd, "size")), 7);
    assert_string_equal(json_string_value(json_object_get(upd, "name")), "Paal");
    assert_int_equal(json_integer_value(json_object_get(upd, "useCount")), 0);
    assert_int_equal(events("thing.updated", id), 1);
    json_decref(upd);
    /* a stale If-Match; no such row; a bad member; a reference */
    assert_int_equal(kc_resource_update(pool, &thing, &caller, id, body, 1, &upd, &version, &pb),
                     KC_PRECONDITION_FAILED);
    assert_null(upd);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_update(pool, &thing, &caller, NO_SUCH, body, -1, &upd, &version, &pb),
        KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    json_decref(body);
    body = json_pack("{s:s}", "ownerId", NO_SUCH);
    assert_int_equal(kc_resource_update(pool, &thing, &caller, id, body, -1, &upd, &version, &pb),
                     KC_INVALID);
    assert_true(names(&pb, "ownerId"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    json_decref(body);
    body = json_pack("{s:s}", "name", "");
    assert_int_equal(kc_resource_update(pool, &thing, &caller, id, body, -1, &upd, &version, &pb),
                     KC_INVALID);
    assert_true(names(&pb, "name"));
    json_decref(body);
    json_decref(row);
    kc_problem_clear(&pb);
}

/* PUT: the whole resource; what the body leaves out takes its default
 * again (dflt, else null for a nullable member); required members must be
 * there; If-Match, the check and the event as for a PATCH. */
static void test_replace(void **state)
{
    kc_problem pb;
    json_t *row = NULL, *body, *upd = NULL;
    long long version = -1;
    char id[37];

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(create("{\"name\": \"Kast\", \"size\": 9, \"tags\": [\"eiken\"], "
                            "\"meta\": {\"kleur\": \"bruin\"}, \"heldOn\": \"2026-03-01\"}",
                            &row, &pb),
                     KC_OK);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(row, "id")));
    body = json_pack("{s:s}", "name", "Kast 2");
    assert_int_equal(kc_resource_replace(pool, &thing, &caller, id, body, 1, &upd, &version, &pb),
                     KC_OK);
    assert_int_equal(version, 2);
    assert_string_equal(json_string_value(json_object_get(upd, "name")), "Kast 2");
    assert_int_equal(json_integer_value(json_object_get(upd, "size")), 3); /* dflt again */
    assert_int_equal(json_array_size(json_object_get(upd, "tags")), 0);
    assert_true(json_is_null(json_object_get(upd, "meta")));
    assert_true(json_is_null(json_object_get(upd, "heldOn")));
    assert_int_equal(events("thing.updated", id), 1);
    json_decref(upd);
    json_decref(body);
    /* a required member missing: 422 naming it, nothing changed */
    body = json_pack("{s:i}", "size", 5);
    assert_int_equal(kc_resource_replace(pool, &thing, &caller, id, body, -1, &upd, &version, &pb),
                     KC_INVALID);
    assert_true(names(&pb, "name"));
    assert_null(upd);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    json_decref(body);
    /* a stale If-Match; the resource's check; another tenant's row */
    body = json_pack("{s:s}", "name", "Kast 3");
    assert_int_equal(kc_resource_replace(pool, &thing, &caller, id, body, 1, &upd, &version, &pb),
                     KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_replace(pool, &thing, &guest, id, body, -1, &upd, &version, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_replace(pool, &thing, &caller_b, id, body, -1, &upd, &version, &pb),
        KC_NOT_FOUND);
    json_decref(body);
    json_decref(row);
    kc_problem_clear(&pb);
}

static void test_delete_and_in_use(void **state)
{
    kc_problem pb;
    json_t *row = NULL;
    char id[37], q[256];

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(create("{\"name\": \"Bord\"}", &row, &pb), KC_OK);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(row, "id")));
    json_decref(row);
    snprintf(q, sizeof(q), "INSERT INTO it_res.uses VALUES (gen_random_uuid(), '%s', '%s')", TENANT,
             id);
    sql(q);
    assert_int_equal(kc_resource_delete(pool, &thing, &caller, id, &pb), KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "in use"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    sql("DELETE FROM it_res.uses");
    /* an array column holding it among others keeps it too (kc_reference.array) */
    snprintf(q, sizeof(q),
             "INSERT INTO it_res.bundles VALUES (gen_random_uuid(), '%s', "
             "ARRAY[gen_random_uuid(), '%s'::uuid])",
             TENANT, id);
    sql(q);
    assert_int_equal(kc_resource_delete(pool, &thing, &caller, id, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    sql("DELETE FROM it_res.bundles");
    assert_int_equal(kc_resource_delete(pool, &thing, &caller_b, id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    /* the check refuses this caller: nothing is deleted, no event */
    assert_int_equal(kc_resource_delete(pool, &thing, &guest, id, &pb), KC_FORBIDDEN);
    assert_int_equal(events("thing.deleted", id), 0);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &thing, &caller, id, &pb), KC_OK);
    assert_int_equal(events("thing.deleted", id), 1);
    assert_int_equal(kc_resource_delete(pool, &thing, &caller, id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
}

static void test_create_in_the_callers_transaction(void **state)
{
    kc_problem pb;
    kc_db_conn *conn = NULL;
    json_t *body = json_pack("{s:s}", "name", "Teruggedraaid"), *row = NULL, *items = NULL;
    json_t *filters = json_pack("{s:s}", "name", "Teruggedraaid");
    kc_keyset page = {.limit = 5};
    kc_keyset_next next = {0};
    long long version = 0;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    assert_int_equal(kc_resource_create_in(conn, &thing, &caller, body, &row, &version, &pb),
                     KC_OK);
    kc_db_rollback(conn);
    kc_db_release(pool, conn);
    assert_int_equal(kc_resource_list(pool, &thing, TENANT, filters, &page, &items, &next, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    json_decref(row);
    json_decref(body);
    json_decref(filters);
    kc_problem_clear(&pb);
}

/* A resource's events carry its declared event members besides the id:
 * the row as written on create and update, as it was on delete. */
static void test_events_carry_the_declared_members(void **state)
{
    kc_idem none = {0};
    kc_problem pb;
    json_t *body = json_pack("{s:s, s:i}", "name", "Genoemd", "size", 7), *row = NULL;
    json_t *patch = json_pack("{s:s}", "name", "Hernoemd"), *data = NULL;
    long long version = 0;
    int replayed = 0;
    char id[37], text[512];

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_create(pool, &named_thing, &caller, &none, body, &row, &version,
                                        &replayed, &pb),
                     KC_OK);
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(row, "id")));
    json_decref(row);
    row = NULL;
    event_data("named_thing.created", id, text, sizeof(text));
    data = json_loads(text, 0, NULL);
    assert_non_null(data);
    assert_string_equal(json_string_value(json_object_get(data, "id")), id);
    assert_string_equal(json_string_value(json_object_get(data, "name")), "Genoemd");
    assert_int_equal(json_integer_value(json_object_get(data, "size")), 7);
    assert_null(json_object_get(data, "tags")); /* only the declared members */
    json_decref(data);
    assert_int_equal(
        kc_resource_update(pool, &named_thing, &caller, id, patch, -1, &row, &version, &pb), KC_OK);
    json_decref(row);
    event_data("named_thing.updated", id, text, sizeof(text));
    data = json_loads(text, 0, NULL);
    assert_non_null(data);
    assert_string_equal(json_string_value(json_object_get(data, "name")), "Hernoemd");
    json_decref(data);
    assert_int_equal(kc_resource_delete(pool, &named_thing, &caller, id, &pb), KC_OK);
    event_data("named_thing.deleted", id, text, sizeof(text));
    data = json_loads(text, 0, NULL);
    assert_non_null(data);
    assert_string_equal(json_string_value(json_object_get(data, "name")), "Hernoemd");
    assert_int_equal(json_integer_value(json_object_get(data, "size")), 7);
    json_decref(data);
    /* the plain resource's events stay {id} */
    assert_int_equal(create("{\"name\": \"Kaal\"}", &row, &pb), KC_OK);
    event_data("thing.created", json_string_value(json_object_get(row, "id")), text, sizeof(text));
    data = json_loads(text, 0, NULL);
    assert_non_null(data);
    assert_int_equal(json_object_size(data), 1);
    json_decref(data);
    json_decref(row);
    json_decref(patch);
    json_decref(body);
    kc_problem_clear(&pb);
}

/* A from_caller member is the caller's subject on create, also inside
 * the caller's transaction; a body that carries it is refused before it
 * is validated. */
static void test_a_member_from_the_caller(void **state)
{
    kc_idem none = {0};
    kc_problem pb;
    kc_db_conn *conn = NULL;
    json_t *body = json_pack("{s:s}", "text", "Notitie"), *row = NULL;
    json_t *forged = json_pack("{s:s, s:s, s:i}", "text", "Notitie", "writtenBy", "iemand", "x", 1);
    long long version = 0;
    int replayed = 0;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_create(pool, &note, &guest, &none, body, &row, &version, &replayed, &pb),
        KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "writtenBy")), "guest");
    assert_null(json_object_get(body, "writtenBy")); /* the caller's body is not changed */
    json_decref(row);
    row = NULL;
    assert_int_equal(
        kc_resource_create(pool, &note, &guest, &none, forged, &row, &version, &replayed, &pb),
        KC_INVALID);
    assert_null(row);
    assert_int_equal(json_array_size(pb.invalid_params), 1);
    assert_true(names(&pb, "writtenBy"));
    assert_string_equal(pb.detail, "writtenBy is the caller");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    assert_int_equal(kc_resource_create_in(conn, &note, &guest, body, &row, &version, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "writtenBy")), "guest");
    json_decref(row);
    row = NULL;
    assert_int_equal(kc_resource_create_in(conn, &note, &guest, forged, &row, &version, &pb),
                     KC_INVALID);
    kc_db_release(pool, conn);
    json_decref(forged);
    json_decref(body);
    kc_problem_clear(&pb);
}

static void test_a_wrong_descriptor_is_refused(void **state)
{
    static const kc_column bad_columns[] = {
        {.field = {.name = "x", .type = KC_T_STRING}, .column = "x", .ref_table = "it_res.owners"},
    };
    static const kc_resource bad = {.noun = "bad",
                                    .schema = "it_res",
                                    .table = "it_res.things",
                                    .path = "/x",
                                    .columns = bad_columns,
                                    .ncolumns = 1};
    static const char *const unknown_member[] = {"nope", NULL};
    static const kc_resource bad_members = {.noun = "bad",
                                            .schema = "it_res",
                                            .table = "it_res.things",
                                            .path = "/y",
                                            .columns = thing_columns,
                                            .ncolumns = KC_NELEMS(thing_columns),
                                            .event_prefix = "bad",
                                            .event_members = unknown_member};
    json_t *row = NULL;
    long long version = 0;
    kc_problem pb;

    (void)state;
    assert_int_equal(kc_resource_prepare(&bad), KC_INTERNAL);
    /* an event member must be one of the declared members */
    assert_int_equal(kc_resource_prepare(&bad_members), KC_INTERNAL);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_get(pool, &bad, TENANT, NO_SUCH, &row, &version, &pb),
                     KC_INTERNAL);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_defaults_and_shape),
        cmocka_unit_test(test_create_faults_are_named),
        cmocka_unit_test(test_idempotent_create),
        cmocka_unit_test(test_get_and_tenants),
        cmocka_unit_test(test_list_pages_and_filters),
        cmocka_unit_test(test_patch),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_delete_and_in_use),
        cmocka_unit_test(test_create_in_the_callers_transaction),
        cmocka_unit_test(test_events_carry_the_declared_members),
        cmocka_unit_test(test_a_member_from_the_caller),
        cmocka_unit_test(test_a_wrong_descriptor_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
