#include "koers/status.h"

/* The one mapping of kc_status to HTTP: code, RFC 9457 title and type URI. */
typedef struct {
    int http;
    const char *title;
    const char *type;
} status_row;

static const status_row status_table[KC_STATUS_COUNT] = {
    [KC_OK] = {200, "OK", "about:blank"},
    [KC_BAD_REQUEST] = {400, "Bad Request", "https://koers.dev/problems/bad-request"},
    [KC_UNAUTHENTICATED] = {401, "Unauthorized", "https://koers.dev/problems/unauthenticated"},
    [KC_FORBIDDEN] = {403, "Forbidden", "https://koers.dev/problems/forbidden"},
    [KC_NOT_FOUND] = {404, "Not Found", "https://koers.dev/problems/not-found"},
    [KC_METHOD_NOT_ALLOWED] = {405, "Method Not Allowed",
                               "https://koers.dev/problems/method-not-allowed"},
    [KC_CONFLICT] = {409, "Conflict", "https://koers.dev/problems/conflict"},
    [KC_PRECONDITION_FAILED] = {412, "Precondition Failed",
                                "https://koers.dev/problems/precondition-failed"},
    [KC_TOO_LARGE] = {413, "Content Too Large", "https://koers.dev/problems/too-large"},
    [KC_UNSUPPORTED_MEDIA] = {415, "Unsupported Media Type",
                              "https://koers.dev/problems/unsupported-media-type"},
    [KC_INVALID] = {422, "Unprocessable Content", "https://koers.dev/problems/invalid"},
    [KC_PRECONDITION_REQUIRED] = {428, "Precondition Required",
                                  "https://koers.dev/problems/precondition-required"},
    [KC_TOO_MANY_REQUESTS] = {429, "Too Many Requests",
                              "https://koers.dev/problems/too-many-requests"},
    [KC_INTERNAL] = {500, "Internal Server Error", "https://koers.dev/problems/internal"},
    [KC_UNAVAILABLE] = {503, "Service Unavailable", "https://koers.dev/problems/unavailable"},
    [KC_NOT_IMPLEMENTED] = {501, "Not Implemented", "https://koers.dev/problems/not-implemented"},
};

static const status_row *status_row_of(kc_status st)
{
    if ((int)st < 0 || st >= KC_STATUS_COUNT)
        return &status_table[KC_INTERNAL];
    return &status_table[st];
}

/* HTTP code of st; an out-of-range value is treated as KC_INTERNAL (500). */
int kc_status_http(kc_status st)
{
    return status_row_of(st)->http;
}

/* Static title of st (RFC 9457 "title"). */
const char *kc_status_title(kc_status st)
{
    return status_row_of(st)->title;
}

/* Static problem type URI of st. */
const char *kc_status_type(kc_status st)
{
    return status_row_of(st)->type;
}
