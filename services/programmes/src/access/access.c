#include "access/access.h"

#include <stdio.h>
#include <string.h>
#include "access/access_repo.h"
#include "programmes.h"

int access_runs_programmes(const kc_principal *p)
{
    return p->kind == KC_PRINCIPAL_STAFF &&
           (kc_principal_has_role(p, "admin") || kc_principal_has_role(p, "coordinator") ||
            kc_principal_has_role(p, PROGRAMMES_ROLE_LEAD));
}

kc_status access_require_lead(const kc_principal *p, const char *what, kc_problem *pb)
{
    if (access_runs_programmes(p))
        return KC_OK;
    return kc_problem_set(pb, KC_FORBIDDEN, "only a programme lead or a coordinator %s", what);
}

/* "{steering,project}" and "steering or project group" for kinds. */
static void kinds_text(unsigned kinds, char *literal, size_t llen, char *words, size_t wlen)
{
    static const struct {
        unsigned bit;
        const char *kind;
    } all[] = {
        {ACCESS_STEERING, "steering"}, {ACCESS_PROJECT, "project"}, {ACCESS_WORKING, "working"}};
    size_t i, n = 0;

    snprintf(literal, llen, "{");
    words[0] = '\0';
    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (!(kinds & all[i].bit))
            continue;
        snprintf(literal + strlen(literal), llen - strlen(literal), "%s%s", n ? "," : "",
                 all[i].kind);
        snprintf(words + strlen(words), wlen - strlen(words), "%s%s", n ? " or " : "", all[i].kind);
        n++;
    }
    snprintf(literal + strlen(literal), llen - strlen(literal), "}");
    snprintf(words + strlen(words), wlen - strlen(words), " group");
}

kc_status access_require_member(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                unsigned kinds, const char *group_id, const char *what,
                                kc_problem *pb)
{
    char literal[40], words[64];
    int yes = 0;
    kc_status st;

    if (access_runs_programmes(p))
        return KC_OK;
    kinds_text(kinds, literal, sizeof(literal), words, sizeof(words));
    if (p->kind == KC_PRINCIPAL_STAFF && p->subject[0] != '\0') {
        st = access_repo_is_member(conn, p->tenant_id, programme_id, p->subject, literal, group_id,
                                   &yes, pb);
        if (st != KC_OK)
            return st;
    }
    if (yes)
        return KC_OK;
    return kc_problem_set(pb, KC_FORBIDDEN, "only members of the %s%s, or a programme lead, %s",
                          group_id ? "" : "programme's ", words, what);
}
