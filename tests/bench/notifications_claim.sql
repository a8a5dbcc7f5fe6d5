-- The dispatcher's claim under a backlog (tests/bench/notifications_claim.sh):
-- BENCH_SUBSCRIPTIONS (:subs) active subscriptions, :msgs messages with
-- one delivery to every subscription (each message its own order_key, as
-- case events of different cases are), all due; then every subscription
-- but one has two deliveries leased (it is at the in-flight bound) in
-- :blocked of them, so the claim has to walk past them. Loaded in
-- the notifications schema that 001 (and 005) made.
INSERT INTO subscriptions (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen)
SELECT md5('s' || i)::uuid, '00000000-0000-4000-8000-000000000001',
       'http://127.0.0.1/cb/' || i, '\x00', 'k', '[]'
  FROM generate_series(1, :subs) i;
INSERT INTO messages (id, tenant_id, source, event_type, kanaal, order_key, body)
SELECT md5('m' || i)::uuid, '00000000-0000-4000-8000-000000000001', 'casedesk',
       'case.received', 'cases', 'case-' || i, '{"n":' || i || '}'
  FROM generate_series(1, :msgs) i;
INSERT INTO deliveries (id, tenant_id, subscription_id, message_seq, order_key, next_attempt_at)
SELECT md5('d' || m.seq || '-' || s.i)::uuid, m.tenant_id, md5('s' || s.i)::uuid, m.seq,
       m.order_key, now() - interval '1 hour' + m.seq * interval '1 millisecond'
  FROM messages m
 CROSS JOIN generate_series(1, :subs) s(i);
-- the first :blocked subscriptions are at the bound of 2
UPDATE deliveries d
   SET lease_until = now() + interval '1 hour',
       leased_by = 'other'
 WHERE d.message_seq IN (SELECT seq FROM messages ORDER BY seq LIMIT 2)
   AND d.subscription_id IN (SELECT md5('s' || i)::uuid FROM generate_series(1, :blocked) i);
VACUUM ANALYZE;
