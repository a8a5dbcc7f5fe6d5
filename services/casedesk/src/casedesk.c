#include "casedesk.h"

#include <stdio.h>
#include <string.h>
#include "koers/auth.h"
#include "koers/validate.h"

kc_status casedesk_check_id(const char *name, const char *id, kc_problem *pb)
{
    if (id != NULL && kc_is_uuid(id))
        return KC_OK;
    kc_problem_set(pb, KC_BAD_REQUEST, "%s is not a UUID", name);
    kc_problem_add_field(pb, name, "must be a UUID");
    return KC_BAD_REQUEST;
}

void casedesk_actor(const kc_principal *p, char *out, size_t n)
{
    if (p->kind == KC_PRINCIPAL_API_KEY && strncmp(p->subject, "apikey:", 7) == 0)
        snprintf(out, n, "%s", p->subject);
    else
        snprintf(out, n, "%s:%s", p->kind == KC_PRINCIPAL_API_KEY ? "apikey" : "user", p->subject);
}
