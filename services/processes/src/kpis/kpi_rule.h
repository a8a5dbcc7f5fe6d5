#ifndef KOERS_PROCESSES_KPI_RULE_H
#define KOERS_PROCESSES_KPI_RULE_H

/* The judgement of a KPI measurement, pure: on or off target, and which
 * event a new measurement raises. */

typedef enum { KPI_HIGHER_IS_BETTER = 0, KPI_LOWER_IS_BETTER } kpi_direction;

/* Parses the API spelling ("higher_is_better"). 0, or -1 if unknown. */
int kpi_rule_direction_parse(const char *s, kpi_direction *out);

/* v rounded half away from zero to the four decimals a KPI value is
 * stored with (numeric(14, 4)), so that what is judged is what is kept. */
double kpi_rule_round(double v);

/* 1 when value meets target: higher_is_better value >= target,
 * lower_is_better value <= target (both as rounded by kpi_rule_round; the
 * target itself is met). */
int kpi_rule_on_target(kpi_direction dir, double value, double target);

/* Whether a measurement of the period ending period_end (YYYY-MM-DD) is
 * the KPI's latest: there was none (prev_end NULL) or it ends after the
 * latest one so far. */
int kpi_rule_is_latest(const char *period_end, const char *prev_end);

/* What a new measurement tells the process's owner and manager. */
typedef enum {
    KPI_ALARM_NONE = 0,
    KPI_ALARM_OFF_TARGET,    /* kpi.off_target */
    KPI_ALARM_BACK_ON_TARGET /* kpi.on_target */
} kpi_alarm;

/* The event of a new measurement: only the latest period speaks (a late
 * measurement of an older period changes no alarm). Off target: always
 * KPI_ALARM_OFF_TARGET (every period it stays off, the owner hears it
 * again). On target: KPI_ALARM_BACK_ON_TARGET when the latest measurement
 * before it (had_prev) was off target, else nothing. */
kpi_alarm kpi_rule_alarm(int is_latest, int on_target, int had_prev, int prev_on_target);

#endif
