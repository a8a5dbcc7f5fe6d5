#include "casedesk.h"

#include <stdio.h>
#include <string.h>
#include "koers/auth.h"
#include "koers/validate.h"

void casedesk_actor(const kc_principal *p, char *out, size_t n)
{
    if (p->kind == KC_PRINCIPAL_API_KEY && strncmp(p->subject, "apikey:", 7) == 0)
        snprintf(out, n, "%s", p->subject);
    else
        snprintf(out, n, "%s:%s", p->kind == KC_PRINCIPAL_API_KEY ? "apikey" : "user", p->subject);
}
