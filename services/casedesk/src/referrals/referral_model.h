#ifndef KOERS_CASEDESK_REFERRAL_MODEL_H
#define KOERS_CASEDESK_REFERRAL_MODEL_H

#include <stddef.h>
#include <time.h>
#include <jansson.h>

/* A referral: a question about a case put to a responsible official (or a
 * department, whose team manager then holds it), with deadlines to
 * acknowledge and to answer, and its escalation ladder. Empty strings for
 * absent ids and timestamps. */
typedef struct referral {
    char id[37];
    char tenant_id[37];
    char case_id[37];
    char reference[32]; /* the case's */
    char official_id[37];
    char department_id[37];
    char *question;
    char acknowledge_by[32];
    char answer_by[32];
    char status[16]; /* open, acknowledged, answered, withdrawn */
    char acknowledged_at[32];
    char answered_at[32];
    char *answer;
    char *answered_by;
    int escalation_level;
    char escalation_rung[16]; /* "official" at level 0 */
    char holder_official_id[37];
    char next_escalation_at[32];
    json_t *escalations; /* [{level, rung, officialId, at}] */
    int link_used;
    char link_nonce_hash[65]; /* hex; "" when the referral has no link */
    long long answer_by_unix;
    int version;
    char created_at[32];
    char updated_at[32];
} referral;

/* What is done to a referral: acknowledged, answered, withdrawn. */
typedef enum { REFERRAL_ACKNOWLEDGE, REFERRAL_ANSWER, REFERRAL_WITHDRAW } referral_action;

/* The signed link that comes with a new referral (only in the 201). */
typedef struct referral_link_out {
    char token[256];
    char href[320];
    char expires_at[32];
} referral_link_out;

/* What the official sees through the link: the referral and a little of
 * the case, never the citizen. */
typedef struct referral_link_view {
    referral r;
    char *category_name;
    char *case_description;
    char expires_at[32];
} referral_link_view;

void referral_clear(referral *r);
void referral_array_free(referral *items, size_t n);
void referral_link_view_clear(referral_link_view *v);

/* The API representation (new reference); link (may be NULL) adds
 * responseLink. */
json_t *referral_to_json(const referral *r, const referral_link_out *link);
json_t *referral_link_view_to_json(const referral_link_view *v);

/* RFC 3339 text (as kc_is_datetime accepts it) to Unix seconds (the
 * fraction dropped). 0, or -1 when malformed. */
int referral_time_parse(const char *s, time_t *out);
/* Unix seconds as "YYYY-MM-DDTHH:MM:SS.000Z". */
void referral_time_format(time_t t, char out[32]);

#endif
