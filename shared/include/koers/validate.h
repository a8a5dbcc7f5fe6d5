#ifndef KOERS_VALIDATE_H
#define KOERS_VALIDATE_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

/* Declarative validation: a handler lists the fields it accepts and one call
 * checks a JSON object (or a query string) against the list, naming every
 * field at fault in the problem. With destinations in the list (KC_TO,
 * KC_HAS) the same call also decodes the body into the caller's input
 * struct (kc_decode_json). */
typedef enum { KC_T_STRING, KC_T_INT, KC_T_NUMBER, KC_T_BOOL, KC_T_ARRAY, KC_T_OBJECT } kc_type;
typedef enum { KC_FMT_NONE, KC_FMT_UUID, KC_FMT_DATE, KC_FMT_DATETIME, KC_FMT_EMAIL } kc_format;

typedef struct kc_field {
    const char *name;
    kc_type type;
    int required;
    int nullable;            /* JSON null accepted                   */
    size_t min_len, max_len; /* strings: UTF-8 characters; arrays: items; 0 = no limit */
    long long min, max;      /* ints; both 0 = no limit              */
    const char *const
        *enum_values;      /* NULL-terminated; strings, or each item of an array of strings */
    kc_format format;      /* strings                              */
    kc_type item_type;     /* arrays: type of each item            */
    kc_format item_format; /* arrays of strings                    */
    size_t item_max_len;   /* arrays of strings                    */
    size_t item_min_len;   /* arrays of strings (e.g. 1: no empty item) */
    size_t to;             /* kc_decode_json: KC_TO, 0 = not decoded */
    size_t has;            /* kc_decode_json: KC_HAS, 0 = no flag  */
} kc_field;

/* Where kc_decode_json writes a field (.to) and the int it sets to 1 when
 * the member is present, null included, as a PATCH needs (.has): the offset
 * of member m of struct type t, plus one so that 0 keeps meaning "nowhere".
 * The member's type follows the field's: KC_T_STRING const char *
 * (borrowed from the body), KC_T_INT long long, KC_T_NUMBER double,
 * KC_T_BOOL int (0/1), KC_T_ARRAY and KC_T_OBJECT const json_t *
 * (borrowed); a has-flag is an int. */
#define KC_TO(t, m)  (offsetof(t, m) + 1)
#define KC_HAS(t, m) (offsetof(t, m) + 1)

/* Checks `body` against fields. Unknown members are reported as faults
 * (a misspelt property is a client bug). Returns KC_OK, KC_BAD_REQUEST if
 * body is not an object, or KC_INVALID with every fault in pb. */
kc_status kc_validate_json(const json_t *body, const kc_field *fields, size_t n,
                           kc_problem *pb) KC_MUST_CHECK;

/* Checks obj, an object inside a body (a member, an item of a list),
 * against fields like kc_validate_json and adds each fault to pb named
 * "<prefix>.<member>" (prefix such as "action" or "parts[2]"); an obj
 * that is not an object is one fault named prefix, "must be an object"
 * (kc_problem_add_field). The detail is the caller's to set once all is
 * checked. Returns 1 when obj is valid, else 0. */
int kc_validate_nested(const json_t *obj, const char *prefix, const kc_field *fields, size_t n,
                       kc_problem *pb);

/* Validates `body` like kc_validate_json and, when it is valid, decodes
 * it into the struct at `in` in the same call: every field with a .to gets
 * the member's value (JSON null: NULL, or 0 for numbers and booleans),
 * every field with a .has gets 1 when the member is present. Members
 * absent from the body leave their destination as the caller set it (a
 * default). Strings, arrays and objects are borrowed from body, which must
 * outlive their use. On failure nothing is written. */
kc_status kc_decode_json(const json_t *body, const kc_field *fields, size_t n, void *in,
                         kc_problem *pb) KC_MUST_CHECK;

/* Validates one string value against a field's string/int/enum/format rules
 * (used for query parameters and path ids). Returns 1 if valid, else 0 and
 * writes the reason. */
int kc_validate_value(const kc_field *f, const char *value, char *reason, size_t reason_len);

int kc_is_uuid(const char *s);
/* KC_OK if the path parameter `name` holds a UUID; else KC_BAD_REQUEST
 * naming it. */
kc_status kc_check_id(const char *name, const char *id, kc_problem *pb) KC_MUST_CHECK;
int kc_is_date(const char *s);     /* YYYY-MM-DD, a real calendar date     */
int kc_is_datetime(const char *s); /* RFC 3339 with offset or Z            */
int kc_is_email(const char *s);
size_t kc_utf8_len(const char *s); /* characters; (size_t)-1 if invalid UTF-8 */

#endif
