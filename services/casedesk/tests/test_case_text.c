/* LINK: cases/case_model.c cases/case_lifecycle.c */
/* A single case's answer is written as text (case_write_json) and a list's
 * items as trees (case_to_json): both must give the client the same bytes,
 * for every shape a case takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases/case_model.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Compares the text with the tree dumped as the server dumps answers,
 * with and without the citizen; the text starts in a tiny buffer so the
 * move to the heap is exercised too. */
static void assert_same(const case_record *c)
{
    json_t *tree;
    char *want, small[16];
    kc_json_text t;
    int with;

    for (with = 0; with <= 1; with++) {
        tree = case_to_json(c);
        assert_non_null(tree);
        if (!with)
            json_object_del(tree, "citizen");
        want = json_dumps(tree, DUMP_FLAGS);
        assert_non_null(want);
        kc_json_text_init(&t, small, sizeof(small));
        case_write_json(c, with, &t);
        assert_false(t.failed);
        assert_int_equal(t.depth, 0);
        assert_int_equal(t.len, strlen(want));
        assert_string_equal(t.buf, want);
        kc_json_text_free(&t);
        free(want);
        json_decref(tree);
    }
}

static void filed(case_record *c)
{
    memset(c, 0, sizeof(*c));
    strcpy(c->id, "0b6c1a52-3c55-4c71-9a43-4a8e2c5c9d10");
    strcpy(c->reference, "BV-2030-000042");
    strcpy(c->category_id, "7d1c1b9e-1f5e-4c1a-9a8e-2b7a4c1d0e11");
    c->description = strdup("Losliggende stoeptegel");
    strcpy(c->channel, "web");
    strcpy(c->priority, "normal");
    c->status = CASE_STATUS_RECEIVED;
    c->version = 1;
    strcpy(c->created_at, "2030-03-17T10:00:00.000Z");
    strcpy(c->updated_at, "2030-03-17T10:00:00.000Z");
    strcpy(c->status_since, "2030-03-17T10:00:00.000Z");
    strcpy(c->resolution_due, "2030-03-29T23:00:00.000Z");
    c->resolution_due_s = 1900000000LL;
    c->sla_warning_hours = 24;
}

static void test_filed_case(void **state)
{
    case_record c;

    (void)state;
    filed(&c);
    assert_same(&c);
    c.citizen = json_pack("{s:s, s:s}", "name", "Jan de Vries", "email", "jan@voorbeeld.example");
    c.location = json_pack("{s:f, s:f}", "lat", 52.0907374, "lon", 5.1214201);
    c.district = strdup("Centrum");
    c.open311_attributes = json_pack("{s:s, s:[i,i]}", "kleur", "rood", "maten", 3, 4);
    assert_same(&c);
    case_record_clear(&c);
}

static void test_text_escaped_as_jansson(void **state)
{
    case_record c;

    (void)state;
    filed(&c);
    free(c.description);
    c.description = strdup("Quote \" back \\ nl \n tab \t cr \r bs \b ff \f ctl \x01 \x1f del \x7f "
                           "slash / é € 😀");
    c.district = strdup("Cen\"trum");
    c.citizen = json_pack("{s:s}", "name", "J\xc3\xa9 \"J\" \x02");
    assert_same(&c);
    free(c.description);
    c.description = NULL; /* answered as "" */
    assert_same(&c);
    case_record_clear(&c);
}

static void test_every_state_of_the_answer(void **state)
{
    case_record c;

    (void)state;
    /* assigned, first contact made, warned */
    filed(&c);
    c.status = CASE_STATUS_IN_PROGRESS;
    strcpy(c.officer_id, "5f0c6a1e-8a0e-4f7a-9d9b-3b7b0f1e2a33");
    strcpy(c.first_contact_due, "2030-03-19T23:00:00.000Z");
    strcpy(c.first_contact_at, "2030-03-18T09:00:00.000Z");
    strcpy(c.sla_warned_at, "2030-03-28T23:00:00.000Z");
    c.reopen_count = 2;
    c.suspended_seconds = 86400;
    assert_same(&c);
    /* waiting on the citizen */
    c.status = CASE_STATUS_WAITING;
    strcpy(c.suspended_since, "2030-03-20T10:00:00.000Z");
    c.suspension_reason = strdup("wacht op foto's");
    assert_same(&c);
    free(c.suspension_reason);
    c.suspension_reason = NULL;
    assert_same(&c);
    /* resolved late, with an outcome and a root cause; then closed */
    c.status = CASE_STATUS_RESOLVED;
    c.suspended_since[0] = '\0';
    strcpy(c.outcome, "agreed");
    c.outcome_explanation = strdup("Gerepareerd \"goed\".");
    strcpy(c.resolved_at, "2030-03-30T10:00:00.000Z");
    strcpy(c.sla_breached_at, "2030-03-30T00:00:00.000Z");
    strcpy(c.root_cause_process_id, "9e8d7c6b-5a49-4382-8170-6f5e4d3c2b1a");
    assert_same(&c);
    strcpy(c.root_cause_step_id, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    c.status = CASE_STATUS_CLOSED;
    strcpy(c.closed_at, "2030-04-01T10:00:00.000Z");
    strcpy(c.first_contact_breached_at, "2030-03-20T00:00:00.000Z");
    assert_same(&c);
    /* anonymised */
    strcpy(c.anonymised_at, "2031-04-01T10:00:00.000Z");
    assert_same(&c);
    case_record_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filed_case),
        cmocka_unit_test(test_text_escaped_as_jansson),
        cmocka_unit_test(test_every_state_of_the_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
