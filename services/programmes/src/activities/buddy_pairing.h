#ifndef KOERS_PROGRAMMES_BUDDY_PAIRING_H
#define KOERS_PROGRAMMES_BUDDY_PAIRING_H

#include <stddef.h>

/* Koers' proposal of buddy pairs within a cohort: pure, no database.
 *
 * The candidates are the cohort's members not in an active pair, in a
 * fixed order (the service sorts them by person id), each with their
 * department ("" or NULL when unknown). The proposal
 *   - pairs as many candidates as it can,
 *   - among those, has as many pairs across departments as it can (two
 *     unknown departments, or one, never count as across),
 *   - never proposes a pair formed before in the cohort (before[i * n + j]
 *     is 1 for such a pair, symmetric),
 *   - is the same for the same input: of equally good proposals it takes
 *     the first in the candidates' order.
 * Up to BUDDY_PAIRING_EXACT_MAX candidates the best proposal is searched
 * for exactly; a larger cohort gets a greedy one (the candidate with the
 * fewest possible partners first, across departments first). */

#define BUDDY_PAIRING_EXACT_MAX 20

typedef struct buddy_proposal {
    size_t (*pairs)[2]; /* indices into the candidates, the smaller first */
    size_t npairs;
    size_t *unpaired; /* indices, ascending */
    size_t nunpaired;
    size_t across; /* how many of the pairs are across departments */
} buddy_proposal;

/* Proposes pairs of the n candidates whose departments are departments[i]
 * (borrowed); before is an n x n matrix (may be NULL: no pair formed
 * before). Fills *out (its arrays the caller's, buddy_proposal_free).
 * Returns 0, or -1 when memory runs out (*out then empty). */
int buddy_pairing_propose(const char *const *departments, size_t n, const unsigned char *before,
                          buddy_proposal *out);

/* Frees the arrays of p (p itself is the caller's; NULL is fine). */
void buddy_proposal_free(buddy_proposal *p);

#endif
