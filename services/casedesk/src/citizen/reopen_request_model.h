#ifndef KOERS_CASEDESK_REOPEN_REQUEST_MODEL_H
#define KOERS_CASEDESK_REOPEN_REQUEST_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* A citizen's request to reopen a case, made by unhappy feedback after a
 * resolution (round = the case's reopen count then), decided by a
 * coordinator: pending -> accepted | declined. Strings "" / NULL when
 * absent. case_status and case_reopen_count describe the case now (not
 * shown). */
typedef struct reopen_request {
    char id[37];
    char case_id[37];
    char reference[32];
    int round;
    char status[16];
    char *decline_reason;
    char *decided_by;
    char decided_at[32];
    char created_at[32];
    int has_feedback;
    int satisfaction;
    int equal_party;
    int version;
    char case_status[24];
    int case_reopen_count;
} reopen_request;

void reopen_request_clear(reopen_request *r);
void reopen_request_array_free(reopen_request *items, size_t n);

/* The API representation (new reference; NULL when out of memory). The
 * feedback's comment is not part of it. */
json_t *reopen_request_to_json(const reopen_request *r);

#endif
