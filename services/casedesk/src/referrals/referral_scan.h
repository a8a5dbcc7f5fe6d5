#ifndef KOERS_CASEDESK_REFERRAL_SCAN_H
#define KOERS_CASEDESK_REFERRAL_SCAN_H

#include <time.h>
#include "koers/db.h"

/* The scheduler's look at the open and acknowledged referrals of every
 * tenant (scheduler.h), each thing once (a flag set in the transaction of
 * its event):
 *  - referral.overdue {deadline: "acknowledgement"} when acknowledgeBy
 *    passed unacknowledged (ack_overdue_at);
 *  - referral.overdue {deadline: "answer"} when answerBy passed unanswered
 *    (answer_overdue_at), and one escalation;
 *  - an escalation (escalation.c) whenever next_escalation_at has come:
 *    a referral_escalations row (UNIQUE per level), the referral's level and
 *    holder, next_escalation_at = the deadline escalationIntervalDays working
 *    days on (none past the top), referral.escalated {level, rung,
 *    officialId};
 *  - referral.reminder {deadline} referralReminderHours before
 *    acknowledgeBy (not acknowledged) and before answerBy (not answered)
 *    (ack_reminded_at, answer_reminded_at);
 * each with an internal timeline entry on the case. Rows are taken in
 * batches with FOR UPDATE SKIP LOCKED. The counts are what this call did. */
typedef struct referral_scan_counts {
    int reminders;
    int overdue;
    int escalations;
} referral_scan_counts;

kc_status referral_scan_run(kc_db_pool *pool, time_t as_of, referral_scan_counts *out,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
