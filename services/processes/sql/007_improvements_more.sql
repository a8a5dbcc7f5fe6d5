-- What the API shows of a KPI besides its own columns: its latest
-- measurement (the one with the latest period) and its status judged by
-- that measurement. Read-only members of the resource kit's kpi resource
-- (src/kpis/kpi_resource.c).

-- The measurements of a KPI newest period first (the list, the latest).
CREATE INDEX kpi_measurements_latest ON kpi_measurements (kpi_id, period_end DESC, id DESC);

-- {value, periodStart, periodEnd, onTarget} of the KPI's latest period;
-- NULL while it has no measurement. on_target is as judged when recorded
-- (against the target and direction of that moment).
CREATE FUNCTION kpi_latest(kpi uuid)
RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('value', m.value::float8,
                              'periodStart', m.period_start::text,
                              'periodEnd', m.period_end::text,
                              'onTarget', m.on_target)
      FROM processes.kpi_measurements m
     WHERE m.kpi_id = kpi
     ORDER BY m.period_end DESC, m.id DESC
     LIMIT 1
$$;

-- on_target / off_target by the latest measurement; unknown without one.
CREATE FUNCTION kpi_status(kpi uuid)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT CASE WHEN m.on_target THEN 'on_target' ELSE 'off_target' END
                       FROM processes.kpi_measurements m
                      WHERE m.kpi_id = kpi
                      ORDER BY m.period_end DESC, m.id DESC
                      LIMIT 1),
                    'unknown')
$$;
