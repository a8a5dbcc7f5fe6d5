/* Integration: the manifest and its consultation in the programmes
 * service against a real PostgreSQL — a draft with statements from the
 * programme's core values and example behaviour (rows put in with SQL:
 * their API is another part's), consultation, two rounds with views from
 * three departments (some anonymous, one person changing their mind), a
 * revision caused by views, support per department with the small one
 * withheld, comments without a small group's department, closing erasing
 * the salt and the voters, adoption, a second manifest based on the first
 * superseding it, and every change to an adopted manifest refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "manifest/consultation_service.h"
#include "manifest/manifest_service.h"
#include "manifest/statement_service.h"

#define TENANT  "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT2 "6e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG    "00000000-0000-4000-8000-0000000012a1"
#define PHASE   "00000000-0000-4000-8000-0000000012b1"
#define STEP3   "00000000-0000-4000-8000-0000000012c3"
#define STEP4   "00000000-0000-4000-8000-0000000012c4"
#define VAL1    "00000000-0000-4000-8000-0000000012d1"
#define VAL2    "00000000-0000-4000-8000-0000000012d2"
#define CAT1    "00000000-0000-4000-8000-0000000012e1"
#define CAT2    "00000000-0000-4000-8000-0000000012e2"
#define EB1     "00000000-0000-4000-8000-0000000012f1"
#define ANNA    "00000000-0000-4000-8000-000000001201"

static kc_principal lead, stranger, emp[8];
static const kc_idem no_key;

static int setup(void **state)
{
    char sub[32];
    int i;

    (void)state;
    if (programmes_setup() != 0 || kc_resource_prepare(&manifest_resource) != KC_OK)
        return -1;
    lead = kt_staff(TENANT, "lead-1", "programme_lead");
    stranger = kt_staff(TENANT2, "lead-2", "programme_lead");
    for (i = 0; i < 8; i++) {
        snprintf(sub, sizeof(sub), "emp-%d", i);
        emp[i] = kt_staff(TENANT, sub, "employee");
    }
    insert_programme(TENANT, PROG, "De Verbonden Gemeente", "running");
    insert_phase(TENANT, PROG, PHASE, 1, "Cultuur");
    insert_step(TENANT, PROG, PHASE, STEP3, 1, "Stap 3", "planned", "staff_meeting");
    insert_step(TENANT, PROG, PHASE, STEP4, 2, "Stap 4", "planned", "staff_meeting");
    insert_programme_value(TENANT, PROG, VAL1, CAT1, "Betrokken");
    insert_programme_value(TENANT, PROG, VAL2, CAT2, "Betrouwbaar");
    IT_SQL("INSERT INTO programmes.example_behaviours\n"
           "    (id, tenant_id, programme_id, programme_value_id, statement, created_by)\n"
           "VALUES ($1, $2, $3, $4, 'Ik bel een inwoner dezelfde dag terug.', 'lead-1')",
           EB1, TENANT, PROG, VAL1);
    /* emp-0 is in the directory (named views); the others are not */
    insert_person(TENANT, ANNA, "Anna de Vries", "emp-0", "employee");
    return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static json_t *body_of(const char *text)
{
    json_error_t err;
    json_t *b = json_loads(text, 0, &err);

    assert_non_null(b);
    return b;
}

/* A service's create of a row under a parent: a manifest of a programme,
 * a statement of a manifest, a round of a manifest. */
typedef kc_status (*create_fn)(kc_db_pool *pool, const kc_principal *p, const char *parent_id,
                               const struct kc_idem *idem, const json_t *body, json_t **answer,
                               int *replayed, kc_problem *pb);

/* Creates a row through create under parent from body (stolen) as p; KC_OK
 * puts its id into id (when not NULL). */
static kc_status create_under(create_fn create, const kc_principal *p, const char *parent,
                              json_t *body, char *id)
{
    kc_problem pb;
    json_t *row = NULL;
    int replayed;
    kc_status st;

    kc_problem_init(&pb);
    st = create(pool, p, parent, &no_key, body, &row, &replayed, &pb);
    if (st == KC_OK && id != NULL)
        snprintf(id, 37, "%s", json_string_value(json_object_get(row, "id")));
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

static kc_status create_manifest(const kc_principal *p, const char *text, char *id)
{
    return create_under(manifest_service_create, p, PROG, body_of(text), id);
}

static kc_status add_statement(const char *manifest, const char *text, char *id)
{
    return create_under(statement_service_create, &lead, manifest, body_of(text), id);
}

/* A service's change of a row (moving a manifest, changing a statement). */
typedef kc_status (*change_fn)(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const json_t *body, long long if_match, json_t **answer,
                               long long *version, kc_problem *pb);

/* Changes row id through change as the lead from body (stolen), whatever
 * its version; *out (the caller's, when not NULL) the row on KC_OK. */
static kc_status change_as_lead(change_fn change, const char *id, json_t *body, json_t **out)
{
    kc_problem pb;
    json_t *row = NULL;
    long long version;
    kc_status st;

    kc_problem_init(&pb);
    st = change(pool, &lead, id, body, -1, &row, &version, &pb);
    if (out != NULL)
        *out = row;
    else
        json_decref(row);
    kc_problem_clear(&pb);
    json_decref(body);
    return st;
}

static kc_status move(const char *manifest, const char *to, json_t **out)
{
    return change_as_lead(manifest_service_move, manifest, json_pack("{s:s}", "to", to), out);
}

static kc_status change_statement(const char *statement, json_t *body, json_t **out)
{
    return change_as_lead(statement_service_change, statement, body, out);
}

static kc_status open_round(const char *manifest, const char *step, char *id)
{
    return create_under(consultation_service_open, &lead, manifest,
                        json_pack("{s:s}", "stepId", step), id);
}

/* p's view; *added into added when not NULL. */
static kc_status view(const kc_principal *p, const char *round, const char *statement,
                      const char *stance, const char *reason, const char *department, int anonymous,
                      int *added)
{
    kc_problem pb;
    json_t *body, *out = NULL;
    int a = 0;
    kc_status st;

    body = json_pack("{s:s, s:s, s:b}", "stance", stance, "department", department, "anonymous",
                     anonymous);
    if (reason != NULL)
        json_object_set_new(body, "reason", json_string(reason));
    kc_problem_init(&pb);
    st = consultation_service_put_view(pool, p, round, statement, body, &out, &a, &pb);
    if (st == KC_OK) {
        /* nothing in the answer leads back to a person */
        assert_null(json_object_get(out, "id"));
        assert_null(json_object_get(out, "personId"));
    }
    if (added != NULL)
        *added = a;
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

static json_t *support(const char *manifest, int round, int by_department)
{
    kc_problem pb;
    json_t *out = NULL;

    kc_problem_init(&pb);
    assert_int_equal(
        consultation_service_support(pool, &lead, manifest, round, by_department, &out, &pb),
        KC_OK);
    kc_problem_clear(&pb);
    return out;
}

/* The support item of statement (and department, when not NULL). */
static const json_t *figure(const json_t *doc, const char *statement, const char *department)
{
    size_t i;
    const json_t *it;
    const char *d;

    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        d = json_string_value(json_object_get(it, "department"));
        if (strcmp(json_string_value(json_object_get(it, "statementId")), statement) != 0)
            continue;
        if (department == NULL || (d != NULL && strcmp(d, department) == 0))
            return it;
    }
    fail_msg("no figure for %s %s", statement, department != NULL ? department : "");
    return NULL;
}

static int num(const json_t *o, const char *k)
{
    return (int)json_integer_value(json_object_get(o, k));
}

/* ---- the whole life ---------------------------------------------------- */

static void a_manifest_from_draft_through_consultation_to_superseded(void **state)
{
    char m1[37], m2[37], s1[37], s2[37], s3[37], r1[37], r2[37], view_id[37];
    kc_problem pb;
    json_t *doc = NULL, *body = NULL, *out = NULL;
    const json_t *it;
    long long version;
    int added = 0, i;
    size_t k;
    (void)state;

    /* the minimum group size of the tenant: 3 */
    body = body_of("{\"minGroupSize\": 3}");
    kc_problem_init(&pb);
    assert_int_equal(manifest_service_put_settings(pool, &lead, body, &out, &pb), KC_OK);
    assert_int_equal(num(out, "minGroupSize"), 3);
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);

    /* a draft; a second one is refused while it is open */
    assert_int_equal(create_manifest(&lead, "{\"title\": \"Manifest cultuurvernieuwing\"}", m1),
                     KC_OK);
    assert_int_equal(create_manifest(&lead, "{\"title\": \"Nog een\"}", NULL), KC_CONFLICT);
    /* another tenant does not see the programme */
    assert_int_equal(create_manifest(&stranger, "{\"title\": \"X\"}", NULL), KC_NOT_FOUND);
    /* consultation without statements: 409 */
    assert_int_equal(move(m1, "consultation", NULL), KC_CONFLICT);

    /* statements: from an example behaviour (its text), by hand, at a position */
    assert_int_equal(
        add_statement(
            m1, "{\"programmeValueId\": \"" VAL1 "\", \"exampleBehaviourId\": \"" EB1 "\"}", s1),
        KC_OK);
    assert_int_equal(add_statement(m1,
                                   "{\"programmeValueId\": \"" VAL2
                                   "\", \"text\": \"Ik kom mijn afspraken na.\"}",
                                   s2),
                     KC_OK);
    assert_int_equal(add_statement(m1,
                                   "{\"programmeValueId\": \"" VAL2
                                   "\", \"text\": \"Ik zeg het als iets niet lukt.\","
                                   " \"position\": 1}",
                                   s3),
                     KC_OK);
    /* a behaviour of another value, a value of no programme: 422 */
    assert_int_equal(
        add_statement(
            m1, "{\"programmeValueId\": \"" VAL2 "\", \"exampleBehaviourId\": \"" EB1 "\"}", NULL),
        KC_INVALID);
    assert_int_equal(
        add_statement(m1, "{\"programmeValueId\": \"" CAT1 "\", \"text\": \"x\"}", NULL),
        KC_INVALID);
    assert_int_equal(it_sql_count("SELECT (text = 'Ik bel een inwoner dezelfde dag terug.')::int\n"
                                  "  FROM programmes.manifest_statements\n"
                                  " WHERE id = '%s'",
                                  s1),
                     1);
    /* s3 went first, the others moved down */
    assert_int_equal(it_sql_count("SELECT position\n"
                                  "  FROM programmes.manifest_statements\n"
                                  " WHERE id = '%s'",
                                  s3),
                     1);
    assert_int_equal(it_sql_count("SELECT position\n"
                                  "  FROM programmes.manifest_statements\n"
                                  " WHERE id = '%s'",
                                  s2),
                     3);
    /* a draft's change is plain: no new revision */
    assert_int_equal(
        change_statement(s2, body_of("{\"text\": \"Ik kom mijn afspraken altijd na.\"}"), &out),
        KC_OK);
    assert_int_equal(num(out, "revision"), 1);
    json_decref(out);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.statement_revisions\n"
                                  " WHERE statement_id = '%s'",
                                  s2),
                     1);

    /* consultation; no views before a round, and rounds only then */
    assert_int_equal(move(m1, "consultation", NULL), KC_OK);
    assert_int_equal(create_manifest(&lead, "{\"title\": \"Nog een\"}", NULL), KC_CONFLICT);
    assert_int_equal(open_round(m1, STEP3, r1), KC_OK);
    assert_int_equal(open_round(m1, STEP4, r2), KC_CONFLICT); /* one open round */

    /* round 1: Burgerzaken 3 views (emp-0 named), ICT 3, Financien 1 */
    assert_int_equal(view(&emp[0], r1, s1, "support", NULL, "Burgerzaken", 0, &added), KC_OK);
    assert_int_equal(added, 1);
    assert_int_equal(
        view(&emp[1], r1, s1, "object", "Dezelfde dag is niet haalbaar", "Burgerzaken", 1, NULL),
        KC_OK);
    assert_int_equal(
        view(&emp[2], r1, s1, "support_with_remark", "Binnen twee dagen", "Burgerzaken", 1, NULL),
        KC_OK);
    assert_int_equal(view(&emp[3], r1, s1, "support", NULL, "ICT", 1, NULL), KC_OK);
    assert_int_equal(view(&emp[4], r1, s1, "object", "Niet voor ons werk", "ICT", 1, NULL), KC_OK);
    assert_int_equal(view(&emp[5], r1, s1, "support", NULL, "ICT", 1, NULL), KC_OK);
    assert_int_equal(view(&emp[6], r1, s1, "object", "Te streng", "Financien", 1, NULL), KC_OK);
    /* emp-5 changes their mind: the same view, no second one */
    assert_int_equal(view(&emp[5], r1, s1, "object", "Toch niet", "ICT", 1, &added), KC_OK);
    assert_int_equal(added, 0);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.consultation_views\n"
                                  " WHERE round_id = '%s'",
                                  r1),
                     7);
    /* an anonymous view keeps no person; a named one of someone not in the
     * directory is refused; an objection without a reason too */
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.consultation_views\n"
                                  " WHERE round_id = '%s'\n"
                                  "   AND person_id IS NOT NULL",
                                  r1),
                     1);
    assert_int_equal(view(&emp[7], r1, s1, "support", NULL, "ICT", 0, NULL), KC_INVALID);
    assert_int_equal(view(&emp[7], r1, s1, "object", NULL, "ICT", 1, NULL), KC_INVALID);
    /* a statement of another manifest, another tenant: 404 */
    assert_int_equal(view(&emp[7], r1, PROG, "support", NULL, "ICT", 1, NULL), KC_NOT_FOUND);
    {
        kc_principal other = kt_staff(TENANT2, "emp-0", "employee");
        assert_int_equal(view(&other, r1, s1, "support", NULL, "ICT", 1, NULL), KC_NOT_FOUND);
    }

    /* support: per statement 7 views; per department Financien withheld */
    doc = support(m1, 1, 0);
    it = figure(doc, s1, NULL);
    assert_int_equal(num(it, "views"), 7);
    assert_int_equal(num(it, "support"), 2);
    assert_int_equal(num(it, "supportWithRemark"), 1);
    assert_int_equal(num(it, "object"), 4);
    assert_true(json_is_true(json_object_get(figure(doc, s2, NULL), "withheld")));
    json_decref(doc);
    doc = support(m1, 1, 1);
    it = figure(doc, s1, "Burgerzaken");
    assert_int_equal(num(it, "views"), 3);
    assert_int_equal(num(it, "object"), 1);
    it = figure(doc, s1, "ICT");
    assert_int_equal(num(it, "object"), 2);
    it = figure(doc, s1, "Financien");
    assert_true(json_is_true(json_object_get(it, "withheld")));
    assert_null(json_object_get(it, "views"));
    assert_null(json_object_get(it, "object"));
    json_decref(doc);

    /* comments: sorted by stance and reason, Financien's department not
     * named, the name of the named view only */
    kc_problem_init(&pb);
    assert_int_equal(consultation_service_comments(pool, &lead, m1, 1, &doc, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 5);
    json_array_foreach(json_object_get(doc, "items"), k, it)
    {
        assert_null(json_object_get(it, "personId"));
        assert_true(json_is_null(json_object_get(it, "person")));
        if (strcmp(json_string_value(json_object_get(it, "reason")), "Te streng") == 0)
            assert_true(json_is_null(json_object_get(it, "department")));
        else
            assert_non_null(json_string_value(json_object_get(it, "department")));
    }
    /* object < support_with_remark; within object by reason */
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "items"), 0), "reason")),
                        "Dezelfde dag is niet haalbaar");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "items"), 4), "stance")),
                        "support_with_remark");
    snprintf(view_id, sizeof(view_id), "%s",
             json_string_value(
                 json_object_get(json_array_get(json_object_get(doc, "items"), 0), "viewId")));
    json_decref(doc);

    /* adoption refused while the round is open */
    assert_int_equal(move(m1, "adopted", NULL), KC_CONFLICT);

    /* close: salt and voters erased */
    kc_problem_init(&pb);
    assert_int_equal(consultation_service_close(pool, &lead, r1, &out, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "closed");
    json_decref(out);
    kc_problem_clear(&pb);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.consultation_rounds\n"
                                  " WHERE id = '%s'\n"
                                  "   AND salt IS NULL",
                                  r1),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.consultation_views\n"
                                  " WHERE round_id = '%s'\n"
                                  "   AND voter IS NOT NULL",
                                  r1),
                     0);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'consultation.round.closed'\n"
                                  "   AND data->>'id' = '%s'",
                                  r1),
                     1);
    /* the counts in the event: s1 7 views; s2 none, withheld (null) */
    assert_int_equal(
        it_sql_count("SELECT (e->>'views')::int\n"
                     "  FROM programmes.outbox o, jsonb_array_elements(o.data->'statements') e\n"
                     " WHERE o.type = 'consultation.round.closed'\n"
                     "   AND e->>'statementId' = '%s'",
                     s1),
        7);
    assert_int_equal(
        it_sql_count("SELECT count(*)\n"
                     "  FROM programmes.outbox o, jsonb_array_elements(o.data->'statements') e\n"
                     " WHERE o.type = 'consultation.round.closed'\n"
                     "   AND e->>'statementId' = '%s'\n"
                     "   AND e->'views' = 'null'::jsonb",
                     s2),
        1);
    /* no views in a closed round */
    assert_int_equal(view(&emp[7], r1, s1, "support", NULL, "ICT", 1, NULL), KC_CONFLICT);
    kc_problem_init(&pb);
    assert_int_equal(consultation_service_close(pool, &lead, r1, &out, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);

    /* a revision caused by the objection: reason required, views of this
     * statement only */
    assert_int_equal(
        change_statement(s1, body_of("{\"text\": \"Ik bel een inwoner binnen twee dagen terug.\"}"),
                         NULL),
        KC_INVALID);
    assert_int_equal(
        change_statement(s1,
                         json_pack("{s:s, s:s, s:[s]}", "text",
                                   "Ik bel een inwoner binnen twee dagen terug.", "reason",
                                   "Dezelfde dag is niet haalbaar", "viewIds", s2),
                         NULL),
        KC_INVALID);
    assert_int_equal(
        change_statement(s1,
                         json_pack("{s:s, s:s, s:[s]}", "text",
                                   "Ik bel een inwoner binnen twee dagen terug.", "reason",
                                   "Dezelfde dag is niet haalbaar", "viewIds", view_id),
                         &out),
        KC_OK);
    assert_int_equal(num(out, "revision"), 2);
    json_decref(out);
    kc_problem_init(&pb);
    assert_int_equal(statement_service_revisions(pool, &lead, s1, &doc, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 2);
    it = json_array_get(json_object_get(doc, "items"), 1);
    assert_string_equal(json_string_value(json_object_get(it, "roundId")), r1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(it, "viewIds"), 0)),
                        view_id);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(it, "views"), 0), "reason")),
                        "Dezelfde dag is niet haalbaar");
    json_decref(doc);

    /* round 2: the same people again, a voter of its own */
    assert_int_equal(open_round(m1, STEP4, r2), KC_OK);
    for (i = 0; i < 3; i++)
        assert_int_equal(view(&emp[i], r2, s1, "support", NULL, "Burgerzaken", 1, &added), KC_OK);
    assert_int_equal(added, 1);
    /* emp-0 (in the directory) remarks by name: the name is shown */
    assert_int_equal(
        view(&emp[0], r2, s1, "support_with_remark", "Mooi zo", "Burgerzaken", 0, &added), KC_OK);
    assert_int_equal(added, 0);
    doc = support(m1, 2, 1);
    assert_int_equal(num(figure(doc, s1, "Burgerzaken"), "support"), 2);
    assert_int_equal(num(figure(doc, s1, "Burgerzaken"), "supportWithRemark"), 1);
    json_decref(doc);
    kc_problem_init(&pb);
    assert_int_equal(consultation_service_comments(pool, &lead, m1, 2, &doc, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 1);
    it = json_array_get(json_object_get(doc, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(it, "person")), "Anna de Vries");
    assert_string_equal(json_string_value(json_object_get(it, "department")), "Burgerzaken");
    json_decref(doc);
    doc = support(m1, 0, 0); /* every round: s1 in round 1 and 2, s2, s3 */
    assert_int_equal(json_array_size(json_object_get(doc, "items")), 6);
    json_decref(doc);
    kc_problem_init(&pb);
    assert_int_equal(consultation_service_close(pool, &lead, r2, &out, &pb), KC_OK);
    json_decref(out);
    kc_problem_clear(&pb);

    /* adopt: statements never change again */
    assert_int_equal(move(m1, "adopted", &out), KC_OK);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "adopted");
    json_decref(out);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'manifest.adopted'\n"
                                  "   AND data->>'id' = '%s'\n"
                                  "   AND data->>'statementCount' = '3'",
                                  m1),
                     1);
    assert_int_equal(
        change_statement(s2, body_of("{\"text\": \"Anders\", \"reason\": \"Omdat\"}"), NULL),
        KC_CONFLICT);
    kc_problem_init(&pb);
    assert_int_equal(statement_service_delete(pool, &lead, s2, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    assert_int_equal(
        add_statement(m1, "{\"programmeValueId\": \"" VAL1 "\", \"text\": \"x\"}", NULL),
        KC_CONFLICT);
    body = body_of("{\"title\": \"Anders\"}");
    kc_problem_init(&pb);
    assert_int_equal(
        kc_resource_update(pool, &manifest_resource, &lead, m1, body, -1, &out, &version, &pb),
        KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(body);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &manifest_resource, &lead, m1, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    assert_int_equal(move(m1, "superseded", NULL), KC_CONFLICT);
    {
        char r3[37];
        assert_int_equal(open_round(m1, STEP4, r3), KC_CONFLICT);
    }

    /* a second manifest based on the first: statements copied; adopted, it
     * supersedes the first */
    assert_int_equal(
        create_manifest(&lead, "{\"title\": \"Manifest 2\", \"basedOnId\": \"" PROG "\"}", NULL),
        KC_INVALID);
    body = json_pack("{s:s, s:s}", "title", "Manifest 2", "basedOnId", m1);
    kc_problem_init(&pb);
    {
        int replayed;
        assert_int_equal(
            manifest_service_create(pool, &lead, PROG, &no_key, body, &out, &replayed, &pb), KC_OK);
    }
    kc_problem_clear(&pb);
    json_decref(body);
    snprintf(m2, sizeof(m2), "%s", json_string_value(json_object_get(out, "id")));
    assert_int_equal(num(out, "number"), 2);
    assert_int_equal(num(out, "statementCount"), 3);
    json_decref(out);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.manifest_statements\n"
                                  " WHERE manifest_id = '%s'\n"
                                  "   AND text = 'Ik bel een inwoner binnen twee dagen terug.'\n"
                                  "   AND revision = 1",
                                  m2),
                     1);
    assert_int_equal(move(m2, "consultation", NULL), KC_OK);
    assert_int_equal(move(m2, "adopted", NULL), KC_OK);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.manifests\n"
                                  " WHERE id = '%s'\n"
                                  "   AND status = 'superseded'\n"
                                  "   AND superseded_by IS NOT NULL",
                                  m1),
                     1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM programmes.outbox\n"
                                  " WHERE type = 'manifest.status.changed'\n"
                                  "   AND data->>'id' = '%s'\n"
                                  "   AND data->>'to' = 'superseded'",
                                  m1),
                     1);
    assert_int_equal(move(m1, "adopted", NULL), KC_CONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_manifest_from_draft_through_consultation_to_superseded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
