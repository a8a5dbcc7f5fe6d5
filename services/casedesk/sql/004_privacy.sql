-- casedesk privacy: indexes of the rekey pass and of the
-- audit list of data subject requests. Design: services/casedesk/README.md.

-- the rekey pass: rows filed before 002 whose citizen is still plain
CREATE INDEX cases_citizen_plain ON cases (tenant_id, id)
    WHERE citizen IS NOT NULL AND anonymised_at IS NULL;
-- the rekey pass: rows sealed under a key that is no longer the current one
-- (found as key_id < current OR key_id > current: two ranges of this index)
CREATE INDEX cases_citizen_key ON cases (citizen_key_id)
    WHERE citizen_enc IS NOT NULL AND anonymised_at IS NULL;

-- GET /data-subject-requests: newest first per tenant
CREATE INDEX privacy_requests_list ON privacy_requests (tenant_id, at, id);

-- anonymising a case also deletes the stored first answer of its filing
-- (sealed, but it holds the citizen and the tracking token)
CREATE INDEX idempotency_keys_case ON idempotency_keys (tenant_id, (body->>'id'))
    WHERE http_status = 201;
