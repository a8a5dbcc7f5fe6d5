"""When a subscriber fails: a receiver that fails five times and then
recovers gets every message, in order per case, and the deliveries log
shows the failed attempts before the delivered one; a receiver that always
fails gets each message once per attempt of the schedule, then the
deliveries are failed (dead letters), one alert mail goes to the tenant's
alert address, the subscription shows since when it fails, and a replay
(and a resend of one delivery) delivers them once the receiver is fixed;
a 410 Gone disables the subscription."""

import datetime
import time

from koers_bb import ENV, request, uniq
from notifications.notifications_bb import (NAPI, RETRIES, SCHEDULE_MS, NotificationsCase, SmtpSink, about,
                                            skip_unless_notifications, wait_for)

# the schedule of one message: 1 + 7 attempts, at least the delays between
# them, at most 2 s an attempt; with room for the polling and a slow machine
SCHEDULE_S = sum(SCHEDULE_MS) / 1000.0 * 1.1 + (RETRIES + 1) * 2 + 20


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@skip_unless_notifications
class Retries(NotificationsCase):
    def test_fails_five_times_then_recovers_all_delivered_in_order(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        sub = self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        rec.set_mode("fail", fail_times=5)
        cases = [self.file_case(cat["id"], district=district) for _ in range(2)]
        for c in cases:
            self.change_case(c["id"], "in_progress")
        ids = [c["id"] for c in cases]
        got = rec.wait_messages(about(ids), 6, timeout=SCHEDULE_S)
        self.assertEqual(len(got), 6, "delivered: %r, all: %r" % (got, rec.all()))
        failed = rec.messages(about(ids), delivered=False)
        self.assertEqual(len(failed), 5, rec.all())
        # in order per case, each delivered once
        for c in cases:
            events = [m.json["kenmerken"]["eventType"] for m in got if m.json["resourceUrl"].endswith(c["id"])]
            self.assertEqual(events, ["case.received", "case.assigned", "case.status.changed"], got)
        self.assertEqual(len({m.webhook_id for m in got}), 6)
        # a failed attempt is retried with the same webhook-id
        self.assertTrue({m.webhook_id for m in failed} <= {m.webhook_id for m in got})

        # the deliveries log: all delivered; 5 failed attempts before the
        # delivered ones
        # (the service records an attempt once the answer is in: a moment
        # after the receiver has it)
        wait_for(lambda: len(self.deliveries(sub, state="delivered")) == 6, 10)
        log = self.deliveries(sub)
        self.assertEqual([d["state"] for d in log], ["delivered"] * 6, log)
        attempts = []
        for d in log:
            full = self.delivery(d["id"])
            self.assertEqual(full["state"], "delivered")
            self.assertIn(full["message"]["resourceUrl"].rsplit("/", 1)[1], ids)
            codes = [a.get("statusCode") for a in full["attemptLog"]]
            self.assertEqual(codes[-1], 200, full)
            self.assertTrue(all(c == 500 for c in codes[:-1]), full)
            attempts += codes
        self.assertEqual(sorted(attempts), [200] * 6 + [500] * 5)
        # filtered by state
        self.assertEqual(self.deliveries(sub, state="failed"), [])
        self.assertEqual(len(self.deliveries(sub, state="delivered")), 6)
        self.assertIsNone(self.subscription(sub)["failingSince"])

    def test_always_fails_dead_letters_one_alert_then_replay_and_resend(self):
        address = uniq("beheer") + "@gemeente.example"
        sink = SmtpSink()
        self.addCleanup(sink.close)
        self.assertEqual(self.set_alert_email(address)["alertEmail"], address)
        self.addCleanup(self.set_alert_email, None)
        self.assertEqual(self.nget("/settings", ENV["NKEY_A"])["alertEmail"], address)

        cat = self.make_category()
        rec = self.receiver()
        sub = self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        rec.set_mode("500")
        started = time.time()
        cases = [self.unrouted_case(cat["id"]) for _ in range(2)]
        ids = [c["id"] for c in cases]
        # 1 + 7 attempts each, then failed
        wait_for(lambda: len(rec.messages(about(ids))) >= 2 * (RETRIES + 1), SCHEDULE_S)
        log = wait_for(lambda: self.deliveries(sub, state="failed") if len(
            self.deliveries(sub, state="failed")) == 2 else None, 15)
        self.assertTrue(log, "not failed: %r" % self.deliveries(sub))
        self.assertEqual(len(self.deliveries(sub)), 2)
        self.assertEqual(len(rec.messages(about(ids))), 2 * (RETRIES + 1), rec.all())
        # the retries waited at least the schedule (jitter: 10 % either way)
        for wid in {m.webhook_id for m in rec.messages(about(ids))}:
            at = [m.at for m in rec.messages(about(ids)) if m.webhook_id == wid]
            self.assertEqual(len(at), RETRIES + 1)
            for n, (a, b) in enumerate(zip(at, at[1:])):
                self.assertGreaterEqual(b - a, SCHEDULE_MS[n] / 1000.0 * 0.9 - 0.02,
                                        "retry %d came after %.3f s" % (n, b - a))
        full = self.delivery(log[0]["id"])
        self.assertEqual([a.get("statusCode") for a in full["attemptLog"]], [500] * (RETRIES + 1), full)
        # the subscription is marked failing; one alert mail
        s = self.subscription(sub)
        self.assertTrue(s["failingSince"], s)
        self.assertEqual(s["status"], "active")
        mails = wait_for(lambda: sink.to(address), 15)
        self.assertEqual(len(mails), 1, mails)
        time.sleep(2)
        self.assertEqual(len(sink.to(address)), 1, "a second alert: %r" % sink.to(address))
        self.assertIn(self.sub_id(sub), sink.to(address)[0]["data"], "the alert does not name the subscription")
        self.assertNotIn(sub["auth"].split(" ")[1], sink.to(address)[0]["data"])

        # replay of the failed ones once the receiver is fixed
        rec.set_mode("ok")
        r = request("POST", NAPI + "/abonnement/%s/replay" % self.sub_id(sub),
                    {"from": iso(started - 60), "to": iso(time.time() + 60), "state": "failed"},
                    cred=ENV["NKEY_A"])
        self.assertStatus(r, 202)
        self.assertEqual(r.json["queued"], 2, r)
        got = rec.wait_messages(about(ids), 2, timeout=30)
        self.assertEqual(len(got), 2, rec.all())
        self.assertEqual({m.json["resourceUrl"].rsplit("/", 1)[1] for m in got}, set(ids))
        wait_for(lambda: self.subscription(sub)["failingSince"] is None, 10)
        self.assertIsNone(self.subscription(sub)["failingSince"], "still failing after deliveries")

        # a resend of one delivery: a new delivery (replay), sent once more
        r = request("POST", NAPI + "/deliveries/%s/resend" % log[0]["id"], cred=ENV["NKEY_A"])
        self.assertStatus(r, 202)
        self.assertIs(r.json.get("replay"), True, r)
        self.assertNotEqual(r.json["id"], log[0]["id"])
        got = rec.wait_messages(about(ids), 3, timeout=30)
        self.assertEqual(len(got), 3, rec.all())
        self.assertEqual(got[2].json, full["message"])
        self.assertEqual(got[2].webhook_id, next(m.webhook_id for m in got[:2] if m.json == full["message"]))
        self.assertTrue(wait_for(lambda: self.delivery(r.json["id"])["state"] == "delivered", 10),
                        self.delivery(r.json["id"]))

    def test_a_slow_subscriber_does_not_hold_up_another(self):
        cat, _, district = self.routed_setup()
        slow, fast = self.receiver(), self.receiver()
        slow_sub = self.subscribe(slow, [{"naam": "cases", "filters": {"category": cat["id"]}}])
        self.subscribe(fast, [{"naam": "cases", "filters": {"category": cat["id"]}}])
        slow.set_mode("slow")
        started = time.monotonic()
        cases = [self.file_case(cat["id"], district=district) for _ in range(4)]
        ids = [c["id"] for c in cases]
        # the slow one alone would need 4 cases x 2 messages x 8 attempts of 2 s
        got = fast.wait_messages(about(ids), 8, timeout=20)
        self.assertEqual(len(got), 8, fast.all())
        self.assertLess(time.monotonic() - started, 20)
        # the slow one was tried, and each attempt cut off after 2 s: none
        # counts as delivered
        self.assertTrue(slow.messages(about(ids)), "the slow receiver got nothing")
        self.assertEqual([d for d in self.deliveries(slow_sub) if d["state"] == "delivered"], [])


@skip_unless_notifications
class Gone(NotificationsCase):
    def test_410_gone_disables_the_subscription(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        sub = self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}])
        rec.set_mode("410")
        case = self.file_case(cat["id"], district=district)
        s = wait_for(lambda: (lambda s: s if s["status"] == "disabled" else None)(self.subscription(sub)), 30)
        self.assertTrue(s, "not disabled: %r" % self.subscription(sub))
        self.assertEqual(s["disabledReason"], "gone")
        # one attempt only: the later message about the case was cancelled
        time.sleep(2)
        self.assertEqual(len(rec.messages(about([case["id"]]))), 1, rec.all())
        # the later message: cancelled when it was taken in before the 410,
        # no delivery at all when after; never left pending
        states = sorted(d["state"] for d in self.deliveries(sub))
        self.assertIn(states, (["cancelled", "failed"], ["failed"]), states)
        # nothing more while disabled
        later = self.file_case(cat["id"], district=district)
        time.sleep(3)
        self.assertEqual(rec.messages(about([later["id"]])), [], rec.all())

        # enabled again by hand: new messages are delivered
        rec.set_mode("ok")
        r = request("PATCH", NAPI + "/abonnement/" + self.sub_id(sub), {"status": "active"}, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "active")
        self.assertIsNone(r.json["disabledReason"])
        third = self.file_case(cat["id"], district=district)
        got = rec.wait_messages(about([third["id"]]), 2)
        self.assertEqual(len(got), 2, rec.all())
