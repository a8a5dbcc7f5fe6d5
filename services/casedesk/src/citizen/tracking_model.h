#ifndef KOERS_CASEDESK_TRACKING_MODEL_H
#define KOERS_CASEDESK_TRACKING_MODEL_H

#include <stddef.h>
#include <jansson.h>

/* The citizen's view of a case through the tracking token: only what the
 * citizen may see (the casedesk README, "The citizen"). Never internal
 * notes or timeline entries, never a staff member's identity, never the
 * citizen's own contact details. Fixed buffers are "" when absent; heap
 * strings NULL. */
typedef struct tracking_case {
    char tenant_id[37];
    char id[37];
    char reference[32];
    char status[24];
    char category_id[37];
    char *category_name;
    char created_at[32];
    char first_contact_due[32];
    char resolution_due[32];
    char first_contact_at[32];
    char suspended_since[32];
    char *suspension_reason;
    char outcome[24];
    char *outcome_explanation;
    char resolved_at[32];
    int reopen_count;
} tracking_case;

/* A public timeline entry: when, what, and the status it led to ("" when
 * the entry did not change the status). */
typedef struct tracking_entry {
    char at[32];
    char action[32];
    char status[24];
} tracking_entry;

/* A message between the case and the citizen: direction "to_citizen" or
 * "from_citizen" (the staff author is not shown). */
typedef struct tracking_message {
    long long id;
    char direction[16];
    char *text;
    char at[32];
} tracking_message;

/* The citizen's feedback of one round (round = the case's reopen count
 * when it was resolved). present = 0: none. */
typedef struct tracking_feedback {
    int present;
    int round;
    int satisfaction;
    int equal_party;
    char *comment; /* NULL = none */
    char at[32];
} tracking_feedback;

/* Feedback as the citizen gives it (borrowed; comment NULL = none). */
typedef struct tracking_feedback_new {
    int round;
    int satisfaction;
    int equal_party;
    const char *comment;
} tracking_feedback_new;

/* The reopen request of the case's current round as the citizen sees it
 * (an accepted one reopened the case: a new round has none yet). */
typedef struct tracking_reopen {
    int present;
    char status[16];
    char *decline_reason; /* NULL unless declined */
} tracking_reopen;

typedef struct tracking_view {
    tracking_case c;
    tracking_entry *timeline;
    size_t ntimeline;
    tracking_message *messages;
    size_t nmessages;
    tracking_feedback feedback; /* of the current round */
    tracking_reopen reopen;     /* of the current round */
} tracking_view;

/* Release what the struct holds (not the struct itself); NULL is fine. */
void tracking_case_clear(tracking_case *c);
void tracking_message_clear(tracking_message *m);
void tracking_feedback_clear(tracking_feedback *f);
void tracking_reopen_clear(tracking_reopen *r);
void tracking_view_clear(tracking_view *v);
void tracking_message_array_free(tracking_message *items, size_t n);

/* Whether the citizen may give feedback now: the case is resolved or
 * closed and this round has none yet. */
int tracking_can_give_feedback(const tracking_case *c, const tracking_feedback *current);
/* Whether the citizen may send a message: the case is not closed. */
int tracking_can_send_message(const tracking_case *c);

/* The API representations (new references; NULL when out of memory). */
json_t *tracking_view_to_json(const tracking_view *v);
json_t *tracking_message_to_json(const tracking_message *m);
json_t *tracking_feedback_to_json(const tracking_feedback *f);

#endif
