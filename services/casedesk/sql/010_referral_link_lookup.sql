-- A referral's one-time link names the referral by its id alone (the tenant
-- is not in the signed token): find it without scanning every tenant's
-- referrals. Ids are random UUIDs, unique across tenants.
CREATE UNIQUE INDEX referrals_id ON referrals (id);
