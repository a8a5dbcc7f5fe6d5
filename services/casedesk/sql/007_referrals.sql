-- casedesk: indexes for the scheduler's scans (sla_scan.c, referral_scan.c),
-- which run every minute over every tenant.

-- first contact breaches: only cases still open count, so resolved and
-- closed cases that never had a first contact (filed before 002) are
-- not read again on every pass
CREATE INDEX cases_first_contact_open ON cases (first_contact_due)
    WHERE first_contact_at IS NULL AND first_contact_breached_at IS NULL
      AND status NOT IN ('resolved', 'closed');

-- referrals still to be acknowledged (reminder, overdue)
CREATE INDEX referrals_ack_due ON referrals (acknowledge_by)
    WHERE status = 'open' AND ack_overdue_at IS NULL;

-- the next rung of the escalation ladder
CREATE INDEX referrals_escalation_due ON referrals (next_escalation_at)
    WHERE next_escalation_at IS NOT NULL AND status IN ('open', 'acknowledged');
