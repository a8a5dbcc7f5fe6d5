#include "iam_resources.h"

#include "koers/config.h"
#include "koers/idp.h"

/* A tenant's identity provider (OpenID Connect), as koers_iam stores it
 * (shared/sql/iam_004_identity_providers.sql): the members' types and
 * limits and the rules types cannot say are koers/idp.h's, shared with
 * koers-admin's idp-set. An issuer belongs to one tenant in the whole
 * deployment (the column is unique): a second registration of it, in any
 * tenant, is 409 naming the member, never the tenant that holds it. Its
 * events carry the id and the issuer (a provider's URL, never personal
 * data); the authenticators hear of every change from the table's trigger. */

/* KOERS_OIDC_ALLOW_HTTP, read once at start (identity_provider_configure). */
static int allow_http;

int identity_provider_configure(char *err, size_t errlen)
{
    return kc_env_int("KOERS_OIDC_ALLOW_HTTP", 0, 0, 1, &allow_http, err, errlen);
}

/* The URLs, the role map, the claim paths and the scopes of a create, PUT
 * or PATCH (the members it holds). */
static kc_status identity_provider_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                         const json_t *body, kc_problem *pb)
{
    (void)conn;
    (void)p;
    (void)id;
    if (body == NULL) /* a delete */
        return KC_OK;
    return kc_idp_check(body, allow_http, pb);
}

static const kc_column identity_provider_columns[] = {
    {.field = KC_IDP_FIELD_NAME, .column = "name"},
    {.field = KC_IDP_FIELD_ISSUER, .column = "issuer", .unique = 1, .filter = 1},
    {.field = KC_IDP_FIELD_DISCOVERY_URL, .column = "discovery_url"},
    {.field = KC_IDP_FIELD_AUDIENCE, .column = "audience"},
    {.field = KC_IDP_FIELD_CLIENT_ID, .column = "client_id"},
    {.field = KC_IDP_FIELD_SCOPES, .column = "scopes", .dflt = KC_IDP_DEFAULT_SCOPES},
    {.field = KC_IDP_FIELD_ROLES_CLAIM,
     .column = "roles_claim",
     .dflt = KC_IDP_DEFAULT_ROLES_CLAIM},
    {.field = KC_IDP_FIELD_ROLE_MAP, .column = "role_map", .dflt = "{}"},
    {.field = KC_IDP_FIELD_NAME_CLAIM, .column = "name_claim"},
    {.field = KC_IDP_FIELD_EMAIL_CLAIM, .column = "email_claim"},
    {.field = KC_IDP_FIELD_REDIRECT_URIS, .column = "redirect_uris", .dflt = "[]"},
    {.field = KC_IDP_FIELD_POST_LOGOUT_URIS, .column = "post_logout_redirect_uris", .dflt = "[]"},
    {.field = KC_IDP_FIELD_ENABLED, .column = "enabled", .dflt = "true", .filter = 1},
};

static const char *const identity_provider_event_members[] = {"issuer", NULL};

const kc_resource identity_provider_resource = {
    .noun = "identity provider",
    .schema = IAM_SCHEMA,
    .table = "koers_iam.identity_providers",
    .path = "/iam/v1/identity-providers",
    .columns = identity_provider_columns,
    .ncolumns = KC_NELEMS(identity_provider_columns),
    .event_prefix = "identity_provider",
    .event_members = identity_provider_event_members,
    .check = identity_provider_check,
};
