#ifndef KOERS_CASEDESK_PRIVACY_MODEL_H
#define KOERS_CASEDESK_PRIVACY_MODEL_H

/* The audit row of a data subject request (an export or an erasure): who
 * asked, when, and how many cases it covered; never the subject. */
typedef struct privacy_request {
    char id[37];
    char kind[16]; /* "export" | "erasure" */
    char actor[160];
    int cases;
    char at[32];
} privacy_request;

#endif
