#ifndef KOERS_SURVEYS_RESPONSE_SERVICE_H
#define KOERS_SURVEYS_RESPONSE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "surveys/survey_model.h"

/* Invitations and anonymous responses. Bodies are borrowed; *answer and
 * *out are the caller's. */

/* {audience, count (1..50000)} for a draft or open survey: generates the
 * one-time tokens, stores only their SHA-256 hashes (one statement), and
 * answers {audience, count, tokens} — the only time the tokens are seen.
 * Survey managers only. */
kc_status response_service_invite(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                  const json_t *body, json_t **answer,
                                  kc_problem *pb) KC_MUST_CHECK;

/* The open survey (sections, questions) an unused token invites to:
 * unknown token KC_NOT_FOUND, used KC_CONFLICT, survey not open
 * KC_CONFLICT. */
kc_status response_service_token_survey(kc_db_pool *pool, const char *token, survey *out,
                                        kc_problem *pb) KC_MUST_CHECK;

/* {token, answers}: the token is the credential. Unknown token 404, used
 * 409, survey not open 409, answers at fault 422 (answer_validate). The
 * token is marked used in its own transaction before the response is
 * stored in another, so not even the database's transaction ids tie the
 * two together; a response that then fails to store gives the token
 * back. */
kc_status response_service_submit_token(kc_db_pool *pool, const json_t *body,
                                        kc_problem *pb) KC_MUST_CHECK;

/* {audience, answers} through a portal's open link: a key with
 * surveys:respond, audience "citizens" and one of the survey's. */
kc_status response_service_submit_open(kc_db_pool *pool, const kc_principal *p,
                                       const char *survey_id, const json_t *body,
                                       kc_problem *pb) KC_MUST_CHECK;

#endif
