#include "me/me_service.h"

#include <string.h>

kc_status me_service_describe(const kc_principal *p, json_t **out, kc_problem *pb)
{
    json_t *roles = NULL;
    const char *r;
    size_t n;
    kc_status st = KC_OK;

    *out = NULL;
    if (p->kind != KC_PRINCIPAL_STAFF) {
        st = kc_problem_set(pb, KC_FORBIDDEN, "only staff have a /me; API keys may not do this");
        goto out;
    }
    roles = json_array();
    for (r = p->roles; roles != NULL && *r != '\0';) {
        n = strcspn(r, " ");
        if (n > 0 && json_array_append_new(roles, json_stringn(r, n)) != 0) {
            json_decref(roles);
            roles = NULL;
        }
        r += n;
        while (*r == ' ')
            r++;
    }
    if (roles != NULL)
        *out =
            json_pack("{s:s, s:s, s:O}", "sub", p->subject, "tenant", p->tenant_id, "roles", roles);
    if (*out != NULL && p->name[0] != '\0' &&
        json_object_set_new(*out, "name", json_string(p->name)) != 0) {
        json_decref(*out);
        *out = NULL;
    }
    if (*out != NULL && p->email[0] != '\0' &&
        json_object_set_new(*out, "email", json_string(p->email)) != 0) {
        json_decref(*out);
        *out = NULL;
    }
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(roles);
    return st;
}
