#ifndef KOERS_CASEDESK_ROUTING_H
#define KOERS_CASEDESK_ROUTING_H

#include <stddef.h>

/* Routing of a new case to a liaison officer: a pure function over data the
 * repo supplies, so the rule of the README can be tested without a
 * database. Nothing here is owned: every pointer is borrowed. */

/* One routing rule. A NULL category_id or district, or no keywords, means
 * that criterion is not set. */
typedef struct routing_rule_in {
    int active;
    const char *category_id;
    const char *district;
    const char *const *keywords;
    size_t nkeywords;
    const char *const *officer_ids; /* the pool */
    size_t nofficers;
} routing_rule_in;

/* A candidate officer with the number of open cases they hold now.
 * created_seq orders officers by creation (lower = created earlier). */
typedef struct routing_officer_in {
    const char *id;
    int active;
    int open_cases;
    int capacity;
    long long created_seq;
} routing_officer_in;

/* The case to route; district may be NULL. */
typedef struct routing_case_in {
    const char *category_id;
    const char *district;
    const char *description;
} routing_case_in;

/* 1 if every criterion the rule sets matches the case: category equal,
 * district equal ignoring ASCII case, any keyword a substring of the
 * description ignoring ASCII case (non-ASCII letters compare exactly). */
int routing_rule_matches(const routing_rule_in *rule, const routing_case_in *c);

/* The rule whose pool c goes to: the first active rule (in position
 * order) that matches c; NULL when none does. Borrowed from rules. */
const routing_rule_in *routing_match_rule(const routing_rule_in *rules, size_t nrules,
                                          const routing_case_in *c);

/* Picks the officer for c. Rules are given in position order; inactive ones
 * are skipped; the first matching rule's pool is used (later rules are not
 * tried when that pool is full). In the pool, among active officers with
 * open_cases < capacity, the lowest open/capacity wins; ties go to fewer
 * open cases, then the earlier created. Returns the chosen officer's id
 * (borrowed from officers) or NULL: no rule matched or nobody available. */
const char *routing_choose(const routing_rule_in *rules, size_t nrules,
                           const routing_officer_in *officers, size_t nofficers,
                           const routing_case_in *c);

#endif
