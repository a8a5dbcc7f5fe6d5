#ifndef NOTIFICATIONS_SUBSCRIPTION_CREDS_H
#define NOTIFICATIONS_SUBSCRIPTION_CREDS_H

#include <stddef.h>
#include "koers/db.h"

/* What a delivery needs of a subscription to send a message: where to,
 * the Authorization value and the signing secrets, opened (delivery/
 * secret_box.h). For the dispatcher, which must not hold them longer than
 * one attempt: free them with subscription_creds_free at once. Never log,
 * store or put any of it in an event or a problem. */
typedef struct subscription_creds {
    char *callback_url; /* heap                                             */
    char *auth;         /* the auth value, verbatim (heap; "" when none)    */
    char *secrets[2];   /* "whsec_..." (heap): the current one first, then
                           the previous one while it is still valid        */
    size_t nsecrets;    /* 0 when the subscription does not sign            */
    int active;         /* 1 when status is active                          */
} subscription_creds;

/* Reads subscription_id of tenant_id on conn (inside the caller's
 * transaction or not) and opens its auth value and its currently valid
 * signing secrets into *out (zeroed first; the caller frees it with
 * subscription_creds_free, also on failure). KC_NOT_FOUND when the tenant
 * has no such subscription; KC_INTERNAL when a sealed value does not open
 * (tampered, or its key is no longer configured: the cause is logged
 * without the value); else the database's status. */
kc_status subscription_credentials(kc_db_conn *conn, const char *tenant_id,
                                   const char *subscription_id, subscription_creds *out,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Wipes and frees what *c holds and zeroes it; NULL is fine. */
void subscription_creds_free(subscription_creds *c);

#endif
