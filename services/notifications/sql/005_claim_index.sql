-- The dispatcher's claim counts a subscription's leased deliveries (the
-- in-flight bound) for every candidate it looks at; through
-- deliveries_open_order that reads every open delivery of the
-- subscription, so a subscription with a large backlog made each claim
-- slower. Leased open deliveries are few (at most MAX_IN_FLIGHT per
-- subscription while the leases hold): this index holds only them.
CREATE INDEX deliveries_leased ON deliveries (subscription_id, lease_until)
    WHERE state IN ('pending', 'retrying') AND lease_until IS NOT NULL;
