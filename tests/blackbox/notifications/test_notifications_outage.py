"""Nothing lost, nothing twice: cases filed and changed while the
notifications service is stopped all reach the subscriber after it starts
again (its consumers catch up from their cursors), in order per case; with
a second replica on the same database every message is delivered exactly
once (counted by webhook-id)."""

import time
import unittest

from koers_bb import service_ctl, service_restartable
from notifications.notifications_bb import NotificationsCase, about, skip_unless_notifications


@skip_unless_notifications
@unittest.skipUnless(service_restartable(), "the runner cannot stop and start notifications here")
class Outage(NotificationsCase):
    def test_cases_changed_while_notifications_is_down_arrive_after_it_starts(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        self.assertEqual(service_ctl("notifications", "stop"), 0, "notifications did not stop cleanly")
        try:
            cases = [self.file_case(cat["id"], district=district) for _ in range(3)]
            for c in cases:
                self.change_case(c["id"], "in_progress")
        finally:
            self.assertEqual(service_ctl("notifications", "start"), 0, "notifications did not start again")
        ids = [c["id"] for c in cases]
        got = rec.wait_messages(about(ids), 9)
        self.assertEqual(len(got), 9, rec.all())
        for c in cases:
            events = [m.json["kenmerken"]["eventType"] for m in got if m.json["resourceUrl"].endswith(c["id"])]
            self.assertEqual(events, ["case.received", "case.assigned", "case.status.changed"], got)
        time.sleep(2)
        self.assertEqual(len({m.webhook_id for m in rec.messages(about(ids))}), 9, rec.all())
        self.assertEqual(len(rec.messages(about(ids))), 9, "a message came twice: %r" % rec.all())


@skip_unless_notifications
@unittest.skipUnless(service_restartable(), "the runner cannot start a second notifications replica here")
class TwoReplicas(NotificationsCase):
    def test_each_message_delivered_once_with_two_replicas(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        other = self.receiver()
        self.subscribe(other, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        self.assertEqual(service_ctl("notifications2", "start"), 0, "the second replica did not start")
        try:
            cases = [self.file_case(cat["id"], district=district) for _ in range(10)]
            for c in cases:
                self.change_case(c["id"], "in_progress")
            ids = [c["id"] for c in cases]
            for r in (rec, other):
                got = r.wait_messages(about(ids), 30)
                self.assertEqual(len(got), 30, r.all())
            time.sleep(2)
        finally:
            self.assertEqual(service_ctl("notifications2", "stop"), 0, "the second replica did not stop cleanly")
        for r in (rec, other):
            got = r.messages(about(ids))
            wids = [m.webhook_id for m in got]
            self.assertTrue(all(wids), got)
            dup = sorted({w for w in wids if wids.count(w) > 1})
            self.assertEqual(dup, [], "delivered more than once: %r" % dup)
            self.assertEqual(len(wids), 30)
            for c in cases:
                events = [m.json["kenmerken"]["eventType"] for m in got if m.json["resourceUrl"].endswith(c["id"])]
                self.assertEqual(events, ["case.received", "case.assigned", "case.status.changed"], got)
