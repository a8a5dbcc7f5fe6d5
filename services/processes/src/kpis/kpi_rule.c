#include "kpis/kpi_rule.h"

#include <math.h>
#include <string.h>

int kpi_rule_direction_parse(const char *s, kpi_direction *out)
{
    if (s != NULL && strcmp(s, "higher_is_better") == 0)
        *out = KPI_HIGHER_IS_BETTER;
    else if (s != NULL && strcmp(s, "lower_is_better") == 0)
        *out = KPI_LOWER_IS_BETTER;
    else
        return -1;
    return 0;
}

double kpi_rule_round(double v)
{
    /* an integer over 10^4 is the nearest double to the 4-decimal
     * number, as PostgreSQL's numeric read back is */
    return round(v * 10000.0) / 10000.0;
}

int kpi_rule_on_target(kpi_direction dir, double value, double target)
{
    value = kpi_rule_round(value);
    target = kpi_rule_round(target);
    return dir == KPI_LOWER_IS_BETTER ? value <= target : value >= target;
}

int kpi_rule_is_latest(const char *period_end, const char *prev_end)
{
    return prev_end == NULL || prev_end[0] == '\0' || strcmp(period_end, prev_end) > 0;
}

kpi_alarm kpi_rule_alarm(int is_latest, int on_target, int had_prev, int prev_on_target)
{
    if (!is_latest)
        return KPI_ALARM_NONE;
    if (!on_target)
        return KPI_ALARM_OFF_TARGET;
    return had_prev && !prev_on_target ? KPI_ALARM_BACK_ON_TARGET : KPI_ALARM_NONE;
}
