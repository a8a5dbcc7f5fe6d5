#ifndef KOERS_CASEDESK_ESCALATION_H
#define KOERS_CASEDESK_ESCALATION_H

#include <stddef.h>

/* The escalation ladder of a referral, pure (no I/O): who holds an overdue
 * referral after one more step. The rungs, lowest first, are "official"
 * (the addressee: level 0), "team_manager" (the team manager of the
 * addressee's department) and "process_owner" (the process owner of the
 * case's category). The tenant's ladder setting lists which rungs above the
 * addressee are used, in that order. */

/* The rank of a rung name: 0 official, 1 team_manager, 2 process_owner;
 * -1 for anything else. */
int escalation_rung_rank(const char *rung);

typedef struct escalation_input {
    int level;                 /* the referral's level now (0 = the addressee)   */
    const char *rung;          /* the rung it is at now ("official" at level 0)  */
    const char *holder_id;     /* who holds it now; NULL or "" = nobody          */
    const char *const *ladder; /* the tenant's ladder, e.g. {"team_manager", ...} */
    size_t nladder;
    const char *team_manager_id;  /* NULL or "": the department has none (active) */
    const char *process_owner_id; /* NULL or "": the category has none (active)   */
} escalation_input;

typedef struct escalation_step {
    int level;        /* in->level + 1 */
    const char *rung; /* static: "team_manager" or "process_owner" */
    char official_id[37];
} escalation_step;

/* The next rung: the first rung of the ladder ranked above in->rung whose
 * person exists and is not the current holder (rungs with nobody, or with
 * the same person, are skipped). 1 with *out filled; 0 when there is no
 * higher rung to go to (past the top nothing more happens). */
int escalation_next(const escalation_input *in, escalation_step *out);

#endif
