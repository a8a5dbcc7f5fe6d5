#include "coverage/coverage_calc.h"

void coverage_compute(int team_managers, int covered, int target, coverage_figures *out)
{
    if (team_managers < 0)
        team_managers = 0;
    if (covered < 0)
        covered = 0;
    if (covered > team_managers)
        covered = team_managers;
    out->team_managers = team_managers;
    out->covered = covered;
    out->share_permille =
        team_managers == 0
            ? 0
            : (int)(((long long)covered * 2000 + team_managers) / (2LL * team_managers));
    out->target = target < 0 ? team_managers : target;
    out->remaining = out->target > covered ? out->target - covered : 0;
    out->target_met = covered >= out->target;
}
