#include "cases/routing.h"

#include <string.h>
#include <strings.h>

static int routing_ascii_lower(int ch)
{
    return (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 'a' : ch;
}

/* Substring search ignoring ASCII case. An empty needle never matches, so a
 * stray empty keyword does not turn a rule into a catch-all. */
static int routing_contains_nocase(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    const char *h;
    size_t i;

    if (n == 0)
        return 0;
    for (h = haystack; *h != '\0'; h++) {
        for (i = 0; i < n && h[i] != '\0'; i++) {
            if (routing_ascii_lower((unsigned char)h[i]) !=
                routing_ascii_lower((unsigned char)needle[i]))
                break;
        }
        if (i == n)
            return 1;
        if (h[i] == '\0')
            return 0;
    }
    return 0;
}

int routing_rule_matches(const routing_rule_in *rule, const routing_case_in *c)
{
    size_t i;
    int any = 0;

    if (rule->category_id != NULL &&
        (c->category_id == NULL || strcmp(rule->category_id, c->category_id) != 0))
        return 0;
    if (rule->district != NULL &&
        (c->district == NULL || strcasecmp(rule->district, c->district) != 0))
        return 0;
    if (rule->nkeywords > 0) {
        for (i = 0; i < rule->nkeywords && !any; i++)
            any = c->description != NULL &&
                  routing_contains_nocase(c->description, rule->keywords[i]);
        if (!any)
            return 0;
    }
    return 1;
}

static const routing_officer_in *routing_find_officer(const routing_officer_in *officers,
                                                      size_t nofficers, const char *id)
{
    size_t i;

    for (i = 0; i < nofficers; i++) {
        if (strcmp(officers[i].id, id) == 0)
            return &officers[i];
    }
    return NULL;
}

/* 1 if a is a better choice than b (b may be NULL). Load ratios are compared
 * by cross-multiplication, so no floating point decides a tie. */
static int routing_better(const routing_officer_in *a, const routing_officer_in *b)
{
    long long lhs, rhs;

    if (b == NULL)
        return 1;
    lhs = (long long)a->open_cases * b->capacity;
    rhs = (long long)b->open_cases * a->capacity;
    if (lhs != rhs)
        return lhs < rhs;
    if (a->open_cases != b->open_cases)
        return a->open_cases < b->open_cases;
    return a->created_seq < b->created_seq;
}

const routing_rule_in *routing_match_rule(const routing_rule_in *rules, size_t nrules,
                                          const routing_case_in *c)
{
    for (size_t i = 0; i < nrules; i++) {
        if (rules[i].active && routing_rule_matches(&rules[i], c))
            return &rules[i];
    }
    return NULL;
}

const char *routing_choose(const routing_rule_in *rules, size_t nrules,
                           const routing_officer_in *officers, size_t nofficers,
                           const routing_case_in *c)
{
    const routing_rule_in *rule = routing_match_rule(rules, nrules, c);
    const routing_officer_in *best = NULL;
    const routing_officer_in *o;
    size_t i;

    if (rule == NULL)
        return NULL;
    for (i = 0; i < rule->nofficers; i++) {
        o = routing_find_officer(officers, nofficers, rule->officer_ids[i]);
        if (o == NULL || !o->active || o->capacity <= 0 || o->open_cases >= o->capacity)
            continue;
        if (routing_better(o, best))
            best = o;
    }
    return best != NULL ? best->id : NULL;
}
