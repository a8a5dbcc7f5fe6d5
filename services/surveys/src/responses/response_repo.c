#include "responses/response_repo.h"

#include "koers/pg.h"

kc_status response_repo_insert_tokens(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const char *audience,
                                      const char *hashes_array, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO surveys.invitation_tokens (token_hash, tenant_id, survey_id, audience) "
        "SELECT h, $1, $2, $3 FROM unnest($4::text[]) AS h";
    const char *params[4] = {tenant_id, survey_id, audience, hashes_array};

    return kc_db_exec(conn, "surveys_tokens_insert", sql, 4, params, NULL, pb);
}

static void invitation_from_row(const PGresult *res, int row, void *item)
{
    invitation *out = item;

    kc_pg_copy(res, row, 0, out->tenant_id, sizeof(out->tenant_id));
    kc_pg_copy(res, row, 1, out->survey_id, sizeof(out->survey_id));
    kc_pg_copy(res, row, 2, out->audience, sizeof(out->audience));
    out->used = kc_pg_bool(res, row, 3);
}

kc_status response_repo_token(kc_db_conn *conn, const char *token_hash, invitation *out,
                              kc_problem *pb)
{
    static const char sql[] = "SELECT tenant_id, survey_id, audience, used "
                              "FROM surveys.invitation_tokens WHERE token_hash = $1";
    const char *params[1] = {token_hash};

    return kc_pg_one(conn, "surveys_token_get", sql, 1, params, invitation_from_row, out, pb,
                     "unknown invitation token");
}

kc_status response_repo_use_token(kc_db_conn *conn, const char *token_hash, kc_problem *pb)
{
    static const char sql[] = "UPDATE surveys.invitation_tokens SET used = true "
                              "WHERE token_hash = $1 AND NOT used RETURNING 1";
    const char *params[1] = {token_hash};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "surveys_token_use", sql, 1, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 0)
        st = kc_problem_set(pb, KC_CONFLICT, "this invitation has already been used");
    PQclear(res);
    return st;
}

kc_status response_repo_unuse_token(kc_db_conn *conn, const char *token_hash, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE surveys.invitation_tokens SET used = false WHERE token_hash = $1";
    const char *params[1] = {token_hash};

    return kc_db_exec(conn, "surveys_token_unuse", sql, 1, params, NULL, pb);
}

kc_status response_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                               const char *audience, const char *answers_json, kc_problem *pb)
{
    /* the response id is random and its only time is the day: neither
     * orders nor dates it against the token, which only says "used" */
    static const char sql[] =
        "WITH r AS (INSERT INTO surveys.responses (tenant_id, survey_id, audience, submitted_on) "
        "VALUES ($1, $2, $3, (now() AT TIME ZONE 'UTC')::date) RETURNING id) "
        "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id, audience, "
        "num_value, choice, choices, ranking, text_value, value_ids) "
        "SELECT r.id, a.\"questionId\", $1, $2, $3, a.value, a.choice, a.choices, a.ranking, "
        "a.text, a.\"valueIds\" FROM r, jsonb_to_recordset($4::jsonb) AS a(\"questionId\" uuid, "
        "value integer, choice text, choices text[], ranking text[], text text, "
        "\"valueIds\" uuid[])";
    const char *params[4] = {tenant_id, survey_id, audience, answers_json};

    return kc_db_exec(conn, "surveys_response_insert", sql, 4, params, NULL, pb);
}
