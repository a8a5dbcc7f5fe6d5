#include "results/stats.h"

#include <math.h>
#include <stdio.h>
#include "koers/status.h"

int stats_mean(long long n, double sum, double *mean)
{
    if (n < 1)
        return -1;
    *mean = sum / (double)n;
    return 0;
}

int stats_sd(long long n, double sum, double sumsq, double *sd)
{
    double ss;

    if (n < 2)
        return -1;
    /* sum of squared deviations; with integer answers and sums from SQL the
     * cancellation error is tiny, but can leave -1e-12: clamp */
    ss = sumsq - sum * sum / (double)n;
    if (ss < 0.0)
        ss = 0.0;
    *sd = sqrt(ss / (double)(n - 1));
    return 0;
}

int stats_nps(long long n, long long promoters, long long detractors, double *nps)
{
    if (n < 1 || promoters < 0 || detractors < 0 || promoters + detractors > n)
        return -1;
    *nps = 100.0 * (double)(promoters - detractors) / (double)n;
    return 0;
}

/* t(0.975, df) for the tabulated df (standard tables, 3 decimals) */
static const struct {
    int df;
    double t;
} stats_t_table[] = {
    {1, 12.706},  {2, 4.303},   {3, 3.182},   {4, 2.776},  {5, 2.571},  {6, 2.447},  {7, 2.365},
    {8, 2.306},   {9, 2.262},   {10, 2.228},  {11, 2.201}, {12, 2.179}, {13, 2.160}, {14, 2.145},
    {15, 2.131},  {16, 2.120},  {17, 2.110},  {18, 2.101}, {19, 2.093}, {20, 2.086}, {21, 2.080},
    {22, 2.074},  {23, 2.069},  {24, 2.064},  {25, 2.060}, {26, 2.056}, {27, 2.052}, {28, 2.048},
    {29, 2.045},  {30, 2.042},  {40, 2.021},  {50, 2.009}, {60, 2.000}, {80, 1.990}, {100, 1.984},
    {120, 1.980}, {200, 1.972}, {500, 1.965},
};

double stats_t975(double df)
{
    size_t i, n = KC_NELEMS(stats_t_table);
    double t = stats_t_table[0].t;

    if (isnan(df) || df < 1.0)
        return stats_t_table[0].t;
    if (df >= 1000.0)
        return 1.96;
    for (i = 0; i < n && (double)stats_t_table[i].df <= df; i++)
        t = stats_t_table[i].t;
    return t;
}

int stats_welch_ci95(long long n_a, double mean_a, double sd_a, long long n_b, double mean_b,
                     double sd_b, stats_interval *out)
{
    double va, vb, se, df, half;

    if (n_a < 2 || n_b < 2)
        return -1;
    va = sd_a * sd_a / (double)n_a;
    vb = sd_b * sd_b / (double)n_b;
    out->difference = mean_a - mean_b;
    se = sqrt(va + vb);
    if (se == 0.0) {
        out->df = (double)(n_a + n_b - 2);
        out->lo = out->hi = out->difference;
    } else {
        df = (va + vb) * (va + vb) / (va * va / (double)(n_a - 1) + vb * vb / (double)(n_b - 1));
        half = stats_t975(df) * se;
        out->df = df;
        out->lo = out->difference - half;
        out->hi = out->difference + half;
    }
    out->significant = out->lo > 0.0 || out->hi < 0.0;
    return 0;
}

int stats_two_prop_ci95(long long x_a, long long n_a, long long x_b, long long n_b,
                        stats_interval *out)
{
    double pa, pb, se;

    if (n_a < 1 || n_b < 1 || x_a < 0 || x_b < 0 || x_a > n_a || x_b > n_b)
        return -1;
    pa = (double)x_a / (double)n_a;
    pb = (double)x_b / (double)n_b;
    se = sqrt(pa * (1.0 - pa) / (double)n_a + pb * (1.0 - pb) / (double)n_b);
    out->difference = 100.0 * (pa - pb);
    out->lo = 100.0 * (pa - pb - 1.96 * se);
    out->hi = 100.0 * (pa - pb + 1.96 * se);
    out->df = 0.0;
    out->significant = out->lo > 0.0 || out->hi < 0.0;
    return 0;
}

int stats_withheld(long long n, int min_group_size)
{
    return n < (long long)min_group_size;
}

void stats_withheld_reason(int min_group_size, char *buf, size_t len)
{
    snprintf(buf, len, "fewer than %d respondents", min_group_size);
}
