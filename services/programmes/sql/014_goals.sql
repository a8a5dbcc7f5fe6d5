-- Goals and indicators (issue 12, part "goals"): an indicator's values are
-- computed here from the facts the service holds, per period, so that the
-- arithmetic lives in one place and a refresh is one round trip:
--   pulse_question     per wave of the survey series: the mean of the
--                      question code, weighted by n over the audiences
--                      (or the one audience of params.audience);
--   attendance_rate    per month (of the activity's start, else its
--                      completion) of the programme's completed activities
--                      (of params.activityKind when given): attended /
--                      invited;
--   manifest_support   per closed consultation round of the programme's
--                      manifests (of params.manifestId when given): the
--                      share of views that support (with or without a
--                      remark); rounds with fewer views than the tenant's
--                      minimum group size are withheld;
--   equal_party_share  per month of the casedesk's feedback of the tenant:
--                      the share that felt treated as an equal party, of
--                      those that answered.
-- Shares are fractions (0..1) with 4 decimals; n is what the value rests on
-- (answers, invitations, views). Functions name their tables with the
-- schema: they run with the caller's search_path.

-- The values of indicator p_indicator of p_tenant, one row per period;
-- nothing for another tenant's indicator.
CREATE FUNCTION indicator_series(p_tenant uuid, p_indicator uuid)
RETURNS TABLE (period text, period_start date, value numeric, n integer, source_ref text)
LANGUAGE sql STABLE AS $$
    WITH ind AS (
        SELECT i.kind, i.params, g.programme_id
          FROM programmes.indicators i
          JOIN programmes.goals g
            ON g.id = i.goal_id
           AND g.tenant_id = i.tenant_id
         WHERE i.tenant_id = p_tenant
           AND i.id = p_indicator
    ),
    min_group AS (
        SELECT coalesce((SELECT s.min_group_size
                           FROM programmes.settings s
                          WHERE s.tenant_id = p_tenant), 5) AS size
    )
    SELECT 'wave:' || r.wave,
           min(r.closed_at AT TIME ZONE 'UTC')::date,
           round(sum(r.mean * r.n) / sum(r.n), 4),
           sum(r.n)::integer,
           min(r.survey_id::text)
      FROM ind
      JOIN programmes.survey_question_results r
        ON r.tenant_id = p_tenant
       AND r.series_id::text = ind.params ->> 'seriesId'
       AND r.code = ind.params ->> 'questionCode'
       AND (ind.params ->> 'audience' IS NULL OR r.audience = ind.params ->> 'audience')
     WHERE ind.kind = 'pulse_question'
       AND r.n > 0
     GROUP BY r.wave
    UNION ALL
    SELECT to_char(m.month, 'YYYY-MM'),
           m.month::date,
           round(m.attended::numeric / m.invited, 4),
           m.invited::integer,
           NULL
      FROM (SELECT date_trunc('month', coalesce(a.starts_at, a.completed_at) AT TIME ZONE 'UTC') AS month,
                   count(*) FILTER (WHERE p.invited) AS invited,
                   count(*) FILTER (WHERE p.attended IS TRUE) AS attended
              FROM ind
              JOIN programmes.activities a
                ON a.tenant_id = p_tenant
               AND a.programme_id = ind.programme_id
              JOIN programmes.activity_participants p
                ON p.tenant_id = a.tenant_id
               AND p.activity_id = a.id
             WHERE ind.kind = 'attendance_rate'
               AND a.status = 'completed'
               AND coalesce(a.starts_at, a.completed_at) IS NOT NULL
               AND (ind.params ->> 'activityKind' IS NULL OR a.kind = ind.params ->> 'activityKind')
             GROUP BY 1) m
     WHERE m.invited > 0
    UNION ALL
    SELECT CASE WHEN x.one_manifest THEN 'round:' || x.round_number
                ELSE 'manifest:' || x.manifest_number || ':round:' || x.round_number END,
           x.closed_on,
           round(x.supporting::numeric / x.views, 4),
           x.views::integer,
           x.round_id::text
      FROM (SELECT ind.params ->> 'manifestId' IS NOT NULL AS one_manifest,
                   m.number AS manifest_number,
                   cr.number AS round_number,
                   cr.id AS round_id,
                   (cr.closed_at AT TIME ZONE 'UTC')::date AS closed_on,
                   count(*) AS views,
                   count(*) FILTER (WHERE v.stance IN ('support', 'support_with_remark')) AS supporting
              FROM ind
              JOIN programmes.manifests m
                ON m.tenant_id = p_tenant
               AND m.programme_id = ind.programme_id
              JOIN programmes.consultation_rounds cr
                ON cr.tenant_id = m.tenant_id
               AND cr.manifest_id = m.id
              JOIN programmes.consultation_views v
                ON v.tenant_id = cr.tenant_id
               AND v.round_id = cr.id
             WHERE ind.kind = 'manifest_support'
               AND cr.status = 'closed'
               AND (ind.params ->> 'manifestId' IS NULL OR m.id::text = ind.params ->> 'manifestId')
             GROUP BY 1, 2, 3, 4, 5) x
     WHERE x.views >= (SELECT size FROM min_group)
    UNION ALL
    SELECT to_char(f.month, 'YYYY-MM'),
           f.month::date,
           round(f.equal::numeric / f.answered, 4),
           f.answered::integer,
           NULL
      FROM (SELECT date_trunc('month', c.received_at AT TIME ZONE 'UTC') AS month,
                   count(*) AS answered,
                   count(*) FILTER (WHERE c.equal_party) AS equal
              FROM ind
              JOIN programmes.casedesk_feedback c
                ON c.tenant_id = p_tenant
             WHERE ind.kind = 'equal_party_share'
               AND c.equal_party IS NOT NULL
             GROUP BY 1) f
$$;

-- Brings indicator_values of p_indicator in step with indicator_series:
-- each period's value inserted or replaced (measured_at moves only when
-- the value or n changed), periods the facts no longer give removed.
-- Returns how many periods were written.
CREATE FUNCTION indicator_refresh(p_tenant uuid, p_indicator uuid)
RETURNS integer
LANGUAGE sql AS $$
    WITH s AS (
        SELECT * FROM programmes.indicator_series(p_tenant, p_indicator)
    ),
    gone AS (
        DELETE FROM programmes.indicator_values v
         WHERE v.tenant_id = p_tenant
           AND v.indicator_id = p_indicator
           AND v.period NOT IN (SELECT s.period FROM s)
    ),
    put AS (
        INSERT INTO programmes.indicator_values AS v
               (id, tenant_id, indicator_id, period, period_start, value, n, source_ref)
        SELECT gen_random_uuid(), p_tenant, p_indicator, s.period, s.period_start, s.value, s.n,
               s.source_ref
          FROM s
            ON CONFLICT (indicator_id, period) DO UPDATE
           SET period_start = EXCLUDED.period_start,
               value = EXCLUDED.value,
               n = EXCLUDED.n,
               source_ref = EXCLUDED.source_ref,
               measured_at = now()
         WHERE (v.value, v.n, v.period_start, v.source_ref)
               IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.n, EXCLUDED.period_start, EXCLUDED.source_ref)
        RETURNING 1
    )
    SELECT count(*)::integer FROM put
$$;

-- The stored values of p_indicator in time order (a period's start, then
-- "wave:2" before "wave:10"): [{period, periodStart, value, n}].
CREATE FUNCTION indicator_values_json(p_tenant uuid, p_indicator uuid)
RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT coalesce(json_agg(json_build_object(
                        'period', v.period,
                        'periodStart', v.period_start,
                        'value', v.value,
                        'n', v.n)
                    ORDER BY v.period_start NULLS FIRST, length(v.period), v.period), '[]')
      FROM programmes.indicator_values v
     WHERE v.tenant_id = p_tenant
       AND v.indicator_id = p_indicator
$$;
