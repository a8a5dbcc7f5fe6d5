-- The outbox's event_id had a unique index that no query uses (the relay
-- reads pending rows by id, the events log by tenant and seq; consumers
-- deduplicate by the event id in their own tables) and that no insert
-- needs (a random UUID from gen_random_uuid(), never given by a caller).
-- Each event entered it twice: on its insert and again on the relay's
-- publishing UPDATE (never HOT: seq and published_at are indexed). Issue
-- 16: two index entries fewer per event, four per routed filing.
ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_key;
