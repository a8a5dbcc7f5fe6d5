#ifndef KOERS_STATUS_H
#define KOERS_STATUS_H

/* The one status enum of the whole project. Every function that can fail
 * returns a kc_status; results come back through out-parameters. */
typedef enum kc_status {
    KC_OK = 0,
    KC_BAD_REQUEST,           /* 400: malformed JSON, bad query parameter  */
    KC_UNAUTHENTICATED,       /* 401: missing or invalid credentials        */
    KC_FORBIDDEN,             /* 403: authenticated, not allowed            */
    KC_NOT_FOUND,             /* 404                                        */
    KC_METHOD_NOT_ALLOWED,    /* 405                                        */
    KC_CONFLICT,              /* 409: unique violation, illegal transition  */
    KC_PRECONDITION_FAILED,   /* 412: If-Match did not match                */
    KC_TOO_LARGE,             /* 413                                        */
    KC_UNSUPPORTED_MEDIA,     /* 415                                        */
    KC_INVALID,               /* 422: well-formed but invalid fields        */
    KC_PRECONDITION_REQUIRED, /* 428: If-Match missing where it is required */
    KC_TOO_MANY_REQUESTS,     /* 429                                        */
    KC_INTERNAL,              /* 500: a bug or an unexpected server state   */
    KC_UNAVAILABLE,           /* 503: database or Redis unreachable         */
    KC_NOT_IMPLEMENTED,       /* 501: e.g. a transfer coding not supported  */
    KC_STATUS_COUNT
} kc_status;

#define KC_MUST_CHECK __attribute__((warn_unused_result))

/* The number of elements of an array (an array, never a pointer). */
#define KC_NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* HTTP status code of a kc_status (KC_OK -> 200). */
int kc_status_http(kc_status st);

/* Short human title (RFC 9457 "title"), e.g. "Not Found". Static string. */
const char *kc_status_title(kc_status st);

/* Stable problem type URI, e.g. "https://koers.dev/problems/not-found". */
const char *kc_status_type(kc_status st);

#endif
