/* Integration: the surveys core against a real PostgreSQL, through the
 * service functions — a survey with questions, open, 10,000 invitation
 * tokens in one statement, answers by token (reuse 409, a rejected answer
 * keeps the token), anonymity of the stored rows, the scheduled close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "responses/response_service.h"
#include "surveys/survey_service.h"
#include "surveys.h"

#define TENANT "5e1c2f4e-3333-4a2b-9c3d-00000000000a"

static kc_db_pool *pool;
static kc_principal manager;

static int setup(void **state)
{
    (void)state;
    manager.kind = KC_PRINCIPAL_STAFF;
    strcpy(manager.tenant_id, TENANT);
    strcpy(manager.subject, "it");
    strcpy(manager.roles, "survey_manager");
    return it_setup(SURVEYS_SCHEMA, surveys_migrations, surveys_migrations_count, &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* One value of a query on a fresh connection (caller frees). */
static char *scalar(const char *sql)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexec(pg, sql);
    char *v = NULL;

    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);
    return v;
}

static void make_open_survey(char id[37], char qid[37], const char *closes_at)
{
    kc_problem pb;
    kc_idem idem = {0};
    json_t *body, *answer = NULL;
    int replayed;
    question q = {0};
    survey s = {0};

    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:[s], s:s*}", "title", "Pulse", "kind", "pulse", "audiences",
                     "employees", "closesAt", closes_at);
    assert_int_equal(survey_service_create(pool, &manager, &idem, body, &answer, &replayed, &pb),
                     KC_OK);
    strcpy(id, json_string_value(json_object_get(answer, "id")));
    json_decref(answer);
    json_decref(body);
    body = json_pack("{s:s, s:s}", "text", "Hoe gaat het?", "type", "likert5");
    assert_int_equal(survey_service_add_question(pool, &manager, id, body, &q, &pb), KC_OK);
    strcpy(qid, q.id);
    question_clear(&q);
    json_decref(body);
    assert_int_equal(survey_service_open(pool, &manager, id, &s, &pb), KC_OK);
    assert_string_equal(s.status, "open");
    survey_clear(&s);
    kc_problem_clear(&pb);
}

static kc_status submit(const char *token, const char *qid, int value, kc_problem *pb)
{
    json_t *body = json_pack("{s:s, s:[{s:s, s:i}]}", "token", token, "answers", "questionId", qid,
                             "value", value);
    kc_status st;

    kc_problem_clear(pb);
    st = response_service_submit_token(pool, body, pb);
    json_decref(body);
    return st;
}

static void test_tokens_and_responses(void **state)
{
    char id[37], qid[37], sql[256], *v;
    kc_problem pb;
    json_t *body, *answer = NULL;
    const char *tok0, *tok1;
    long long t0;
    survey s = {0};

    (void)state;
    kc_problem_init(&pb);
    make_open_survey(id, qid, NULL);

    body = json_pack("{s:s, s:i}", "audience", "employees", "count", 10000);
    t0 = it_now_ms();
    assert_int_equal(response_service_invite(pool, &manager, id, body, &answer, &pb), KC_OK);
    fprintf(stderr, "10,000 invitation tokens in %lld ms\n", it_now_ms() - t0);
    assert_true(it_now_ms() - t0 < 3000);
    json_decref(body);
    assert_int_equal(json_array_size(json_object_get(answer, "tokens")), 10000);
    tok0 = json_string_value(json_array_get(json_object_get(answer, "tokens"), 0));
    tok1 = json_string_value(json_array_get(json_object_get(answer, "tokens"), 1));
    assert_int_equal(strncmp(tok0, "st_", 3), 0);
    assert_int_equal(strlen(tok0), 46);

    /* only hashes are stored */
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM surveys.invitation_tokens WHERE token_hash = '%s'", tok0);
    v = scalar(sql);
    assert_string_equal(v, "0");
    free(v);

    assert_int_equal(response_service_token_survey(pool, tok0, &s, &pb), KC_OK);
    assert_int_equal((int)s.nquestions, 1);
    survey_clear(&s);

    /* a rejected answer does not use the token up */
    assert_int_equal(submit(tok0, qid, 9, &pb), KC_INVALID);
    assert_int_equal(submit(tok0, qid, 4, &pb), KC_OK);
    assert_int_equal(submit(tok0, qid, 4, &pb), KC_CONFLICT);
    assert_int_equal(submit("st_unknown", qid, 4, &pb), KC_NOT_FOUND);
    assert_int_equal(submit(tok1, qid, 2, &pb), KC_OK);

    /* anonymity: the rows hold no token and no time finer than the day */
    v = scalar("SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name) "
               "FROM information_schema.columns WHERE table_schema = 'surveys' "
               "AND table_name = 'responses'");
    assert_string_equal(v, "audience:text,id:uuid,submitted_on:date,survey_id:uuid,tenant_id:uuid");
    free(v);
    v = scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'surveys' "
               "AND table_name IN ('invitation_tokens', 'answers') "
               "AND data_type LIKE 'timestamp%'");
    assert_string_equal(v, "0");
    free(v);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FILTER (WHERE used) || '/' || count(*) FROM "
             "surveys.invitation_tokens WHERE survey_id = '%s'",
             id);
    v = scalar(sql);
    assert_string_equal(v, "2/10000");
    free(v);
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(num_value::text, ',' ORDER BY num_value) FROM surveys.answers "
             "WHERE survey_id = '%s'",
             id);
    v = scalar(sql);
    assert_string_equal(v, "2,4");
    free(v);
    json_decref(answer);
    kc_problem_clear(&pb);
}

static void test_scheduled_close(void **state)
{
    char id[37], qid[37], sql[256], *v;
    kc_problem pb;
    int closed = 0;

    (void)state;
    kc_problem_init(&pb);
    make_open_survey(id, qid, "2020-01-01T00:00:00Z");
    assert_int_equal(survey_service_close_due(pool, &closed, &pb), KC_OK);
    assert_true(closed >= 1);
    snprintf(sql, sizeof(sql),
             "SELECT s.status || ':' || (SELECT count(*) FROM surveys.outbox o "
             "WHERE o.type = 'survey.closed' AND o.subject = s.id::text) "
             "FROM surveys.surveys s WHERE s.id = '%s'",
             id);
    v = scalar(sql);
    assert_string_equal(v, "closed:1");
    free(v);
    /* a second pass finds nothing more to do for it */
    assert_int_equal(survey_service_close_due(pool, &closed, &pb), KC_OK);
    assert_int_equal(closed, 0);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_and_responses),
        cmocka_unit_test(test_scheduled_close),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
