#ifndef KOERS_PROCESSES_COVERAGE_CALC_H
#define KOERS_PROCESSES_COVERAGE_CALC_H

/* The arithmetic of coverage, apart from the data: of `team_managers`
 * team managers, `covered` own at least one process of the year; the
 * tenant's target is `target` team managers (-1: all of them). */
typedef struct coverage_figures {
    int team_managers;
    int covered;
    /* covered / team_managers in per mille, rounded half up; 0 when there
     * are no team managers */
    int share_permille;
    /* the target in team managers: the setting, or all team managers */
    int target;
    /* team managers still to cover to reach the target (never negative) */
    int remaining;
    int target_met;
} coverage_figures;

/* Fills out from the counts. Counts below zero count as zero, and covered
 * is at most team_managers. */
void coverage_compute(int team_managers, int covered, int target, coverage_figures *out);

#endif
