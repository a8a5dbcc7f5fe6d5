#include "cases/case_message_service.h"

#include <string.h>
#include "koers/validate.h"
#include "casedesk.h"
#include "cases/case_message_repo.h"
#include "cases/case_repo.h"
#include "cases/case_steps.h"

static const kc_field case_message_fields[] = {
    {.name = "text", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
};

kc_status case_message_service_add(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                   const char *kind, const json_t *body, case_message *out,
                                   kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_record c = {0};
    json_t *extra = NULL;
    const char *text;
    char actor[160];
    int is_message = strcmp(kind, "message") == 0, first = 0;
    kc_status st;

    st = kc_check_id("id", case_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, case_message_fields, KC_NELEMS(case_message_fields), pb);
    if (st != KC_OK)
        goto out;
    text = json_string_value(json_object_get(body, "text"));
    if (strspn(text, " \t\r\n") == strlen(text)) {
        kc_problem_set(pb, KC_INVALID, "text must not be blank");
        kc_problem_add_field(pb, "text", "must not be blank");
        st = KC_INVALID;
        goto out;
    }
    casedesk_actor(p, actor, sizeof(actor));
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = case_repo_lock_brief(conn, p->tenant_id, case_id, &c, pb);
    if (st != KC_OK)
        goto out;
    if (is_message && c.anonymised_at[0]) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "case %s is anonymised: there is no citizen to write to", case_id);
        goto out;
    }
    if (is_message && c.status == CASE_STATUS_CLOSED) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "case %s is closed: no more messages to the citizen (reopen it first)",
                            case_id);
        goto out;
    }
    st = case_message_repo_insert(conn, p->tenant_id, case_id, kind, actor, text, is_message, out,
                                  &first, pb);
    if (st != KC_OK)
        goto out;
    if (is_message) {
        extra = json_pack("{s:I, s:b}", "messageId", (json_int_t)out->id, "firstContact", first);
        if (extra == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        st = case_step_emit(conn, p->tenant_id, "case.message.sent", &c, NULL, extra, pb);
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
out:
    json_decref(extra);
    case_record_clear(&c);
    kc_db_release(pool, conn);
    return st;
}

kc_status case_message_service_list(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                    const char *kind, long long after_id, int limit,
                                    case_message **items, size_t *n, int *has_more, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    case_record c = {0};
    kc_status st;

    *items = NULL;
    *n = 0;
    *has_more = 0;
    st = kc_check_id("id", case_id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = case_repo_get_brief(conn, p->tenant_id, case_id, &c, pb);
    if (st == KC_OK)
        st = case_message_repo_list(conn, p->tenant_id, case_id, kind, after_id, limit, items, n,
                                    has_more, pb);
    case_record_clear(&c);
    kc_db_release(pool, conn);
    return st;
}
