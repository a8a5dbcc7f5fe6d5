-- Published rows leave the partial index of pending rows by an UPDATE; until
-- vacuum removes their dead entries the relay's scan of that index walks
-- them all. Vacuum the outbox after every few thousand changes instead of
-- after 20 % of a table that only grows.
ALTER TABLE outbox SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 10000,
    autovacuum_vacuum_cost_delay = 0
);
