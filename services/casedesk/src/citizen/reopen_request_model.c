#include "citizen/reopen_request_model.h"

#include <stdlib.h>
#include <string.h>

void reopen_request_clear(reopen_request *r)
{
    if (r == NULL)
        return;
    free(r->decline_reason);
    free(r->decided_by);
    memset(r, 0, sizeof(*r));
}

void reopen_request_array_free(reopen_request *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        reopen_request_clear(&items[i]);
    free(items);
}

static json_t *reopen_str(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *reopen_request_to_json(const reopen_request *r)
{
    json_t *feedback = r->has_feedback ? json_pack("{s:i, s:b}", "satisfaction", r->satisfaction,
                                                   "equalParty", r->equal_party)
                                       : json_null();

    if (feedback == NULL)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:s, s:o}", "id", r->id, "caseId",
                     r->case_id, "reference", r->reference, "round", r->round, "status", r->status,
                     "declineReason", reopen_str(r->decline_reason), "decidedBy",
                     reopen_str(r->decided_by), "decidedAt", reopen_str(r->decided_at), "createdAt",
                     r->created_at, "feedback", feedback);
}
