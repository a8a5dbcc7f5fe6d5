/* The durable consumer's HTTP client: one GET of a source's events replay
 * through Ulfius (libcurl). The key goes in the Authorization header only
 * and is never logged. */
#include <stdlib.h>
#include <string.h>
#include <ulfius.h>

#include "consumer_internal.h"

#define AUTH_MAX 512

kc_status kc_consumer_http_get(const char *url, const char *api_key, int timeout_s,
                               int *http_status, char **body, size_t *len)
{
    struct _u_request req;
    struct _u_response resp;
    char auth[AUTH_MAX];
    char *copy = NULL;
    kc_status st = KC_UNAVAILABLE;

    *http_status = 0;
    *body = NULL;
    *len = 0;
    if (strlen(api_key) + sizeof("Bearer ") > sizeof(auth))
        return KC_INVALID;
    memcpy(auth, "Bearer ", 7);
    memcpy(auth + 7, api_key, strlen(api_key) + 1);
    ulfius_init_request(&req);
    ulfius_init_response(&resp);
    if (ulfius_set_request_properties(
            &req, U_OPT_HTTP_VERB, "GET", U_OPT_HTTP_URL, url, U_OPT_HEADER_PARAMETER,
            "Authorization", auth, U_OPT_HEADER_PARAMETER, "Accept", "application/json",
            U_OPT_TIMEOUT, (unsigned long)timeout_s, U_OPT_NONE) != U_OK) {
        st = KC_INTERNAL;
        goto out;
    }
    if (ulfius_send_http_request(&req, &resp) != U_OK)
        goto out; /* no answer: refused, unreachable or timed out */
    copy = malloc(resp.binary_body_length + 1);
    if (copy == NULL) {
        st = KC_INTERNAL;
        goto out;
    }
    if (resp.binary_body_length > 0)
        memcpy(copy, resp.binary_body, resp.binary_body_length);
    copy[resp.binary_body_length] = '\0';
    *http_status = (int)resp.status;
    *body = copy;
    *len = resp.binary_body_length;
    copy = NULL;
    st = KC_OK;
out:
    memset(auth, 0, sizeof(auth));
    free(copy);
    ulfius_clean_request(&req);
    ulfius_clean_response(&resp);
    return st;
}
