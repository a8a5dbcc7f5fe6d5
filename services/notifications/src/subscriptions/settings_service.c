#include "subscriptions/settings_service.h"

#include "koers/validate.h"
#include "subscriptions/settings_repo.h"
#include "subscriptions/subscription_rules.h"

static json_t *settings_doc(const char *alert_email)
{
    return json_pack("{s:o}", "alertEmail",
                     alert_email[0] != '\0' ? json_string(alert_email) : json_null());
}

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **doc,
                               long long *version, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char email[256];
    kc_status st;

    *doc = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, p->tenant_id, email, version, pb);
    kc_db_release(pool, conn);
    if (st == KC_OK && (*doc = settings_doc(email)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return st;
}

typedef struct put_job {
    const kc_principal *p;
    const char *email;
    long long if_match;
    long long version;
} put_job;

static kc_status put_in(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    put_job *job = arg;
    char current[256];
    long long version = 0;
    kc_status st;

    st = settings_repo_get(conn, job->p->tenant_id, current, &version, pb);
    if (st == KC_OK && job->if_match >= 0 && job->if_match != version)
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED,
                            "the settings are at version %lld, not %lld", version, job->if_match);
    if (st == KC_OK)
        st = settings_repo_put(conn, job->p->tenant_id, job->email, &job->version, pb);
    return st;
}

static const kc_field put_fields[] = {
    {.name = "alertEmail", .type = KC_T_STRING, .required = 1, .nullable = 1, .max_len = 254},
};

kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               long long if_match, json_t **doc, long long *version, kc_problem *pb)
{
    put_job job = {p, NULL, if_match, 0};
    kc_status st;

    *doc = NULL;
    st = kc_validate_json(body, put_fields, KC_NELEMS(put_fields), pb);
    if (st != KC_OK)
        return st;
    job.email = json_string_value(json_object_get(body, "alertEmail"));
    if (job.email != NULL && !sub_rules_alert_email_ok(job.email)) {
        kc_problem_add_field(pb, "alertEmail", "must be an e-mail address (one line)");
        return kc_problem_set(pb, KC_INVALID, "the settings are not valid");
    }
    st = kc_db_run_tx(pool, put_in, &job, pb);
    if (st == KC_OK) {
        *version = job.version;
        *doc = settings_doc(job.email != NULL ? job.email : "");
        if (*doc == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    return st;
}
