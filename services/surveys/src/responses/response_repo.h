#ifndef KOERS_SURVEYS_RESPONSE_REPO_H
#define KOERS_SURVEYS_RESPONSE_REPO_H

#include "koers/db.h"

/* SQL for invitation tokens and anonymous responses. A token row holds only
 * its hash, survey, audience and "used"; a response row holds no token and
 * no time finer than the day. Nothing here links the two. */

/* Stores n token hashes (hashes_array: a PostgreSQL array literal
 * "{h1,h2,...}") for survey and audience in one statement. */
kc_status response_repo_insert_tokens(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const char *audience,
                                      const char *hashes_array, kc_problem *pb) KC_MUST_CHECK;

typedef struct invitation {
    char tenant_id[37];
    char survey_id[37];
    char audience[24];
    int used;
} invitation;

/* The invitation of a token hash: KC_NOT_FOUND if there is none. */
kc_status response_repo_token(kc_db_conn *conn, const char *token_hash, invitation *out,
                              kc_problem *pb) KC_MUST_CHECK;

/* Marks the token used: KC_CONFLICT if it already was. */
kc_status response_repo_use_token(kc_db_conn *conn, const char *token_hash,
                                  kc_problem *pb) KC_MUST_CHECK;
/* Gives the token back after a response could not be stored. */
kc_status response_repo_unuse_token(kc_db_conn *conn, const char *token_hash,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Stores one response and its answers (answers_json: the validated answers
 * array) in one statement, dated today. */
kc_status response_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                               const char *audience, const char *answers_json,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
