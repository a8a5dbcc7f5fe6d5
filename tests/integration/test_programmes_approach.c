/* Integration: a programme's approach against a real PostgreSQL — a
 * programme created from each shipped template gets that template's
 * phases and steps, in order, and approach version 1 whose snapshot is
 * the approach as it is; a programme's own phases (with dates) are copied
 * the same way, once per Idempotency-Key; a step is completed only while
 * the programme runs and only after its checkpoint (a row put in with SQL:
 * the checkpoints' API is another part), with the event
 * programme.step.completed; the timeline shows it all in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "approach/approach_service.h"
#include "koers/idempotency.h"
#include "programmes/programme_service.h"

#define TENANT   "5e1c2f4e-6666-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-6666-4a2b-9c3d-00000000000b"
#define GROUP    "00000000-0000-4000-8000-0000000002a1"
#define CHECKPT  "00000000-0000-4000-8000-0000000002b1"

static kc_principal coordinator, other_tenant;
static const kc_idem no_key;

static int setup(void **state)
{
    (void)state;
    coordinator = kt_staff(TENANT, "it-coordinator", "coordinator");
    other_tenant = kt_staff(TENANT_B, "it-coordinator", "coordinator");
    return programmes_setup();
}

/* A new programme from body (stolen); its id into id. */
static void create(json_t *body, const kc_idem *idem, char *id, int *replayed)
{
    kc_problem pb;
    json_t *answer = NULL;
    int r = 0;

    kc_problem_init(&pb);
    if (programme_service_create(pool, &coordinator, idem, body, &answer, &r, &pb) != KC_OK) {
        char *faults = json_dumps(pb.invalid_params, 0);

        fprintf(stderr, "create: %s %s\n", pb.detail, faults != NULL ? faults : "");
        free(faults);
        fail();
    }
    strcpy(id, json_string_value(json_object_get(answer, "id")));
    assert_string_equal(json_string_value(json_object_get(answer, "status")), "draft");
    if (replayed != NULL)
        *replayed = r;
    json_decref(answer);
    json_decref(body);
    kc_problem_clear(&pb);
}

static json_t *view(const kc_principal *p, const char *id, kc_status want)
{
    kc_problem pb;
    json_t *doc = NULL;

    kc_problem_init(&pb);
    assert_int_equal(approach_service_view(pool, p, id, &doc, &pb), want);
    kc_problem_clear(&pb);
    return doc;
}

static void from_each_shipped_template(void **state)
{
    static const struct {
        const char *key;
        size_t phases;
        const char *first_step;
    } shipped[] = {
        {"three-phases", 3, "Kick-off with steering and project group"},
        {"connected-municipality", 5, "Gather core values"},
        {"expedition", 1, "Group sessions"},
    };
    char tpl[64], id[64], buf[4096];
    json_t *doc, *tpl_phases, *phase, *version;
    kc_problem pb;
    size_t i, j;
    (void)state;

    for (i = 0; i < KC_NELEMS(shipped); i++) {
        it_sql_value(tpl, sizeof(tpl),
                     "SELECT id\n"
                     "  FROM programmes.approach_templates\n"
                     " WHERE key = '%s'",
                     shipped[i].key);
        create(json_pack("{s:s, s:s, s:[s]}", "name", shipped[i].key, "templateId", tpl,
                         "organisationUnits", "Dinkelland"),
               &no_key, id, NULL);
        doc = view(&coordinator, id, KC_OK);
        assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
        assert_int_equal(json_array_size(json_object_get(doc, "phases")), shipped[i].phases);
        /* the template's phases and steps, in order, each step planned */
        tpl_phases = json_loads(it_sql_value(buf, sizeof(buf),
                                             "SELECT phases::text\n"
                                             "  FROM programmes.approach_templates\n"
                                             " WHERE id = '%s'",
                                             tpl),
                                0, NULL);
        json_array_foreach(json_object_get(doc, "phases"), j, phase)
        {
            const json_t *want = json_array_get(tpl_phases, j);
            const json_t *steps = json_object_get(phase, "steps");
            size_t k;
            json_t *step;

            assert_int_equal(json_integer_value(json_object_get(phase, "position")), j + 1);
            assert_true(json_equal(json_object_get(phase, "name"), json_object_get(want, "name")));
            assert_int_equal(json_array_size(steps),
                             json_array_size(json_object_get(want, "steps")));
            json_array_foreach(steps, k, step)
            {
                const json_t *ws = json_array_get(json_object_get(want, "steps"), k);

                assert_true(json_equal(json_object_get(step, "name"), json_object_get(ws, "name")));
                assert_true(json_equal(json_object_get(step, "kind"), json_object_get(ws, "kind")));
                assert_string_equal(json_string_value(json_object_get(step, "status")), "planned");
                assert_true(json_is_null(json_object_get(step, "checkpointId")));
            }
        }
        phase = json_array_get(json_object_get(doc, "phases"), 0);
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(json_object_get(phase, "steps"), 0), "name")),
                            shipped[i].first_step);
        /* version 1: the snapshot is the approach as it is */
        assert_string_equal(
            it_sql_value(
                buf, sizeof(buf),
                "SELECT (snapshot = programmes.approach_snapshot(tenant_id, programme_id))::text\n"
                "  FROM programmes.approach_versions\n"
                " WHERE programme_id = '%s'\n"
                "   AND number = 1",
                id),
            "true");
        it_sql_value(buf, sizeof(buf),
                     "SELECT reason || ' / ' || created_by\n"
                     "  FROM programmes.approach_versions\n"
                     " WHERE programme_id = '%s'",
                     id);
        assert_non_null(strstr(buf, "copied from template"));
        assert_non_null(strstr(buf, "it-coordinator"));
        kc_problem_init(&pb);
        assert_int_equal(approach_service_version(pool, &coordinator, id, "1", &version, &pb),
                         KC_OK);
        /* the version's phases are the view's, without the steps' progress */
        assert_int_equal(json_array_size(json_object_get(version, "phases")), shipped[i].phases);
        assert_true(
            json_equal(json_object_get(json_array_get(json_object_get(version, "phases"), 0), "id"),
                       json_object_get(json_array_get(json_object_get(doc, "phases"), 0), "id")));
        json_decref(version);
        assert_int_equal(approach_service_version(pool, &coordinator, id, "2", &version, &pb),
                         KC_NOT_FOUND);
        kc_problem_clear(&pb);
        /* another tenant does not see it */
        assert_null(view(&other_tenant, id, KC_NOT_FOUND));
        json_decref(tpl_phases);
        json_decref(doc);
    }
}

static void own_phases_once_per_key(void **state)
{
    kc_idem idem = {0};
    char id[64], again[64], buf[64];
    json_t *doc, *step;
    int replayed = 0;
    (void)state;

    idem.active = 1;
    strcpy(idem.key, "own-phases-1");
    strcpy(idem.tenant_id, TENANT);
    snprintf(idem.request_hash, sizeof(idem.request_hash), "%064d", 1);
    create(json_loads("{\"name\": \"Eigen aanpak\", \"phases\": [{\"name\": \"Fase 1\","
                      " \"steps\": [{\"name\": \"Start\", \"startsOn\": \"2026-01-05\","
                      " \"dueOn\": \"2026-02-01\"}, {\"name\": \"Werksessie\","
                      " \"kind\": \"workshop\"}]}]}",
                      0, NULL),
           &idem, id, &replayed);
    assert_int_equal(replayed, 0);
    create(json_loads("{\"name\": \"Eigen aanpak\", \"phases\": [{\"name\": \"Fase 1\","
                      " \"steps\": [{\"name\": \"Start\", \"startsOn\": \"2026-01-05\","
                      " \"dueOn\": \"2026-02-01\"}, {\"name\": \"Werksessie\","
                      " \"kind\": \"workshop\"}]}]}",
                      0, NULL),
           &idem, again, &replayed);
    assert_int_equal(replayed, 1);
    assert_string_equal(id, again);
    assert_string_equal(it_sql_value(buf, sizeof(buf),
                                     "SELECT count(*)\n"
                                     "  FROM programmes.programmes\n"
                                     " WHERE name = '%s'",
                                     "Eigen aanpak"),
                        "1");
    doc = view(&coordinator, id, KC_OK);
    step = json_array_get(
        json_object_get(json_array_get(json_object_get(doc, "phases"), 0), "steps"), 0);
    assert_string_equal(json_string_value(json_object_get(step, "startsOn")), "2026-01-05");
    assert_string_equal(json_string_value(json_object_get(step, "dueOn")), "2026-02-01");
    assert_string_equal(json_string_value(json_object_get(step, "kind")), "work");
    assert_string_equal(it_sql_value(buf, sizeof(buf),
                                     "SELECT template_id IS NULL\n"
                                     "  FROM programmes.programmes\n"
                                     " WHERE id = '%s'",
                                     id),
                        "t");
    assert_string_equal(it_sql_value(buf, sizeof(buf),
                                     "SELECT reason\n"
                                     "  FROM programmes.approach_versions\n"
                                     " WHERE programme_id = '%s'",
                                     id),
                        "the programme's own approach");
    json_decref(doc);
}

static kc_status move_step(const char *id, const char *step, const char *to, json_t **doc)
{
    kc_problem pb;
    json_t *body = json_pack("{s:s}", "to", to);
    kc_status st;

    kc_problem_init(&pb);
    *doc = NULL;
    st = approach_service_move_step(pool, &coordinator, id, step, body, doc, &pb);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

static void a_step_is_completed_after_its_checkpoint(void **state)
{
    char tpl[64], id[64], step[64], buf[4096];
    json_t *doc = NULL, *moved = NULL, *body;
    kc_problem pb;
    long long version;
    size_t i;
    (void)state;

    it_sql_value(tpl, sizeof(tpl),
                 "SELECT id\n"
                 "  FROM programmes.approach_templates\n"
                 " WHERE key = '%s'",
                 "three-phases");
    create(json_pack("{s:s, s:s}", "name", "Berkelland", "templateId", tpl), &no_key, id, NULL);
    it_sql_value(step, sizeof(step),
                 "SELECT s.id\n"
                 "  FROM programmes.steps s\n"
                 "  JOIN programmes.phases ph ON ph.id = s.phase_id\n"
                 " WHERE s.programme_id = '%s'\n"
                 "   AND ph.position = 1\n"
                 "   AND s.position = 1",
                 id);
    /* a draft's steps do not move */
    assert_int_equal(move_step(id, step, "active", &doc), KC_CONFLICT);
    kc_problem_init(&pb);
    body = json_pack("{s:s}", "to", "running");
    assert_int_equal(programme_service_move(pool, &coordinator, id, body, 1, &moved, &version, &pb),
                     KC_OK);
    assert_int_equal(version, 2);
    json_decref(moved);
    json_decref(body);
    kc_problem_clear(&pb);
    assert_int_equal(move_step(id, step, "active", &doc), KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "active");
    assert_false(json_is_null(json_object_get(doc, "startedAt")));
    json_decref(doc);
    /* without its checkpoint: refused */
    assert_int_equal(move_step(id, step, "completed", &doc), KC_CONFLICT);
    assert_null(doc);
    insert_group(TENANT, id, GROUP, "project", "Projectgroep");
    IT_SQL("INSERT INTO programmes.checkpoints\n"
           "    (id, tenant_id, programme_id, step_id, question, decision, rationale, group_id,\n"
           "     approach_version, decided_by)\n"
           "VALUES ($1, $2, $3, $4, 'Past de aanpak nog?', 'continue', 'Het loopt', $5, 1, 'it')",
           CHECKPT, TENANT, id, step, GROUP);
    assert_int_equal(move_step(id, step, "completed", &doc), KC_OK);
    assert_string_equal(json_string_value(json_object_get(doc, "status")), "completed");
    assert_string_equal(json_string_value(json_object_get(doc, "checkpointId")), CHECKPT);
    assert_string_equal(json_string_value(json_object_get(doc, "programmeId")), id);
    json_decref(doc);
    /* completed is final */
    assert_int_equal(move_step(id, step, "active", &doc), KC_CONFLICT);
    assert_string_equal(it_sql_value(buf, sizeof(buf),
                                     "SELECT data->>'checkpointId'\n"
                                     "  FROM programmes.outbox\n"
                                     " WHERE type = 'programme.step.completed'\n"
                                     "   AND subject = '%s'",
                                     step),
                        CHECKPT);
    /* the timeline: version 1, running, step started, checkpoint, step completed */
    kc_problem_init(&pb);
    assert_int_equal(programme_service_timeline(pool, &coordinator, id, &doc, &pb), KC_OK);
    {
        static const char *const kinds[] = {"approach_version", "status_changed", "step_started",
                                            "checkpoint_decided", "step_completed"};
        json_t *items = json_object_get(doc, "items");

        assert_int_equal(json_array_size(items), KC_NELEMS(kinds));
        for (i = 0; i < KC_NELEMS(kinds); i++)
            assert_string_equal(
                json_string_value(json_object_get(json_array_get(items, i), "kind")), kinds[i]);
    }
    json_decref(doc);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(from_each_shipped_template),
        cmocka_unit_test(own_phases_once_per_key),
        cmocka_unit_test(a_step_is_completed_after_its_checkpoint),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
