-- Events replay: the relay numbers each event when it publishes it. One
-- relay of a schema publishes at a time (advisory lock) and sets seq from
-- this sequence in the statement that sets published_at, so seq grows in
-- publication order and a consumer that remembers the last seq it read
-- misses nothing (GET .../events?after=<seq>). Published rows stay.
CREATE SEQUENCE outbox_seq;
ALTER TABLE outbox ADD COLUMN seq bigint;
-- rows published before this migration: numbered in the order they went out
UPDATE outbox o SET seq = n.rn
  FROM (SELECT id, row_number() OVER (ORDER BY published_at, id) AS rn
          FROM outbox WHERE published_at IS NOT NULL) n
 WHERE o.id = n.id;
SELECT setval('outbox_seq', coalesce(max(seq), 0) + 1, false) FROM outbox;
CREATE INDEX outbox_tenant_seq ON outbox (tenant_id, seq) WHERE seq IS NOT NULL;
