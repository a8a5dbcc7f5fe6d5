#include "subscriptions/subscription_creds.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "koers/log.h"
#include "delivery/secret_box.h"
#include "subscriptions/subscription_repo.h"

static void wipe_free(char *s)
{
    if (s == NULL)
        return;
    OPENSSL_cleanse(s, strlen(s));
    free(s);
}

void subscription_creds_free(subscription_creds *c)
{
    size_t i;

    if (c == NULL)
        return;
    free(c->callback_url);
    wipe_free(c->auth);
    for (i = 0; i < 2; i++)
        wipe_free(c->secrets[i]);
    memset(c, 0, sizeof(*c));
}

/* A sealed value that does not open is the server's fault, not the
 * caller's: logged (which row, never the value) and KC_INTERNAL. */
static kc_status opened(kc_status st, const char *what, const char *id, kc_problem *pb)
{
    if (st == KC_OK)
        return KC_OK;
    kc_log(KC_LOG_ERROR, NULL, "notifications: the %s of %s does not open (%s)", what, id,
           st == KC_NOT_FOUND ? "its key is no longer configured" : "tampered or another row");
    return kc_problem_set(pb, KC_INTERNAL, "a sealed value does not open");
}

kc_status subscription_credentials(kc_db_conn *conn, const char *tenant_id,
                                   const char *subscription_id, subscription_creds *out,
                                   kc_problem *pb)
{
    sub_repo_row row;
    sub_repo_secret *secrets = NULL;
    size_t n = 0, i;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = sub_repo_read(conn, tenant_id, subscription_id, 0, &row, pb);
    if (st != KC_OK)
        goto out;
    out->callback_url = row.callback_url;
    row.callback_url = NULL;
    out->active = row.active;
    st = opened(
        secret_box_open(tenant_id, subscription_id, row.auth_sealed, row.auth_key_id, &out->auth),
        "auth value", subscription_id, pb);
    if (st != KC_OK || !row.signing)
        goto out;
    st = sub_repo_secrets_valid(conn, tenant_id, subscription_id, &secrets, &n, pb);
    for (i = 0; st == KC_OK && i < n && i < 2; i++) {
        st = opened(secret_box_open(tenant_id, secrets[i].id, secrets[i].sealed, secrets[i].key_id,
                                    &out->secrets[i]),
                    "signing secret", secrets[i].id, pb);
        if (st == KC_OK)
            out->nsecrets++;
    }
out:
    for (i = 0; i < n; i++)
        free(secrets[i].sealed);
    free(secrets);
    sub_repo_row_free(&row);
    return st;
}
