"""A subscriber written for the Notificaties API 1.0 works unchanged: it
subscribes through the gateway, gets the test message while subscribing,
then the standard message of every case filed and changed — the seven
fields, the Authorization it gave, the kanaal; its filters are honoured
("*" and exact values; another kanaal is not sent). With signing on, each
message carries Standard Webhooks signatures, and after a rotation both
secrets sign during the overlap."""

import time

from koers_bb import ENV, request, uniq
from notifications.notifications_bb import (NAPI, NotificationsCase, about, skip_unless_notifications,
                                            verify_signature)


@skip_unless_notifications
class StandardSubscriber(NotificationsCase):
    def test_the_test_message_then_the_messages_of_filed_and_changed_cases(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        auth = "Bearer " + uniq("portaal")
        sub = self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], auth=auth)
        # the test message came before the 201, with the auth given
        tests = rec.tests()
        self.assertEqual(len(tests), 1, rec.all())
        self.assertTestMessage(tests[0], auth)
        self.assertEqual(sub["callbackUrl"], rec.url)
        self.assertEqual(sub["kanalen"], [{"naam": "cases", "filters": {"category": cat["id"]}}])
        self.assertEqual(sub["status"], "active")
        self.assertIsNone(sub["disabledReason"])
        self.assertIsNone(sub["failingSince"])
        self.assertIs(sub["signing"], False)
        self.assertNotIn("secret", sub)

        case = self.file_case(cat["id"], district=district)
        self.assertEqual(case["status"], "assigned")
        self.change_case(case["id"], "in_progress")
        got = rec.wait_messages(about([case["id"]]), 3)
        want = [self.case_message(case, "case.received", "received", district),
                self.case_message(case, "case.assigned", "assigned", district),
                self.case_message(case, "case.status.changed", "in_progress", district)]
        self.assertEqual(len(got), 3, "messages received: %r" % rec.all())
        for r, w in zip(got, want):
            self.assertCaseMessage(r, w, auth)
        # unsigned: no signature headers
        self.assertIsNone(got[0].headers.get("webhook-signature"))
        # the auth value is never shown
        for r in (request("GET", NAPI + "/abonnement/" + self.sub_id(sub), cred=ENV["NKEY_A"]),
                  request("GET", NAPI + "/abonnement", cred=ENV["NKEY_A"])):
            self.assertStatus(r, 200)
            self.assertNotIn(auth.split(" ")[1], r.raw.decode())
        listed = [s for s in self.nget("/abonnement") if s["url"] == sub["url"]]
        self.assertEqual(len(listed), 1)

    def test_filters_star_and_exact_and_another_kanaal(self):
        cat, _, district = self.routed_setup()
        other = self.make_category()
        star, exact, assigned_only, surveys_only = (self.receiver() for _ in range(4))
        self.subscribe(star, [{"naam": "cases", "filters": {"category": "*"}}])
        self.subscribe(exact, [{"naam": "cases", "filters": {"category": cat["id"]}}])
        self.subscribe(assigned_only, [{"naam": "cases", "filters": {"category": cat["id"],
                                                                     "eventType": "case.assigned"}}])
        self.subscribe(surveys_only, [{"naam": "surveys", "filters": {}}])

        mine = self.file_case(cat["id"], district=district)
        theirs = self.unrouted_case(other["id"])
        ids = [mine["id"], theirs["id"]]
        # "*": both cases (3 messages)
        got = star.wait_messages(about(ids), 3)
        self.assertEqual(sorted(m.json["kenmerken"]["eventType"] for m in got),
                         ["case.assigned", "case.received", "case.received"], got)
        # exact category: only mine (2)
        got = exact.wait_messages(about(ids), 2)
        self.assertEqual([m.json["resourceUrl"].rsplit("/", 1)[1] for m in got], [mine["id"]] * 2, got)
        # category and eventType exact: the assignment only
        got = assigned_only.wait_messages(about(ids), 1)
        self.assertEqual([m.json["kenmerken"]["eventType"] for m in got], ["case.assigned"], got)
        # the other's messages had their chance: none came, nor a second copy
        time.sleep(2)
        self.assertEqual(len(exact.messages(about(ids))), 2, exact.all())
        self.assertEqual(len(assigned_only.messages(about(ids))), 1, assigned_only.all())
        self.assertEqual(len(star.messages(about(ids))), 3, star.all())
        # another kanaal: nothing about the cases
        self.assertEqual(surveys_only.messages(lambda m: m.get("kanaal") == "cases"), [], surveys_only.all())


@skip_unless_notifications
class SignedSubscriber(NotificationsCase):
    def test_signed_messages_and_a_rotation_with_two_valid_secrets(self):
        cat, _, district = self.routed_setup()
        rec = self.receiver()
        sub = self.subscribe(rec, [{"naam": "cases", "filters": {"category": cat["id"]}}], signing=True)
        secret = sub.get("secret") or ""
        self.assertTrue(secret.startswith("whsec_"), "no secret in %r" % sub)
        self.assertIs(sub["signing"], True)
        # the test message is signed too; the secret is shown this once
        self.assertTrue(verify_signature(secret, rec.tests()[0].headers, rec.tests()[0].body), rec.tests())
        self.assertNotIn("secret", self.subscription(sub))

        case = self.file_case(cat["id"], district=district)
        got = rec.wait_messages(about([case["id"]]), 2)
        self.assertEqual(len(got), 2, rec.all())
        for r in got:
            self.assertTrue(verify_signature(secret, r.headers, r.body), "bad signature: %r %r" % (r.headers, r))
            self.assertFalse(verify_signature(secret, r.headers, r.body + b" "), "a changed body verifies")
        self.assertNotEqual(got[0].webhook_id, got[1].webhook_id)

        # rotation: a new secret, the previous one valid for an hour more
        r = request("POST", NAPI + "/abonnement/%s/secret" % self.sub_id(sub), {"overlapSeconds": 3600},
                    cred=ENV["NKEY_A"])
        self.assertStatus(r, 201)
        new = r.json["secret"]
        self.assertTrue(new.startswith("whsec_") and new != secret, r)
        self.assertTrue(r.json["previousValidUntil"], r)
        self.change_case(case["id"], "in_progress")
        got = rec.wait_messages(about([case["id"]]), 3)
        self.assertEqual(len(got), 3, rec.all())
        last = got[2]
        self.assertEqual(last.json["kenmerken"]["eventType"], "case.status.changed")
        self.assertEqual(len(last.headers["webhook-signature"].split(" ")), 2, last.headers)
        self.assertTrue(verify_signature(new, last.headers, last.body), last.headers)
        self.assertTrue(verify_signature(secret, last.headers, last.body), last.headers)
        # no overlap: the old secret stops signing
        r = request("POST", NAPI + "/abonnement/%s/secret" % self.sub_id(sub), {"overlapSeconds": 0},
                    cred=ENV["NKEY_A"])
        self.assertStatus(r, 201)
        newest = r.json["secret"]
        self.change_case(case["id"], "waiting")  # case.status.changed and case.suspended
        got = rec.wait_messages(about([case["id"]]), 5)
        self.assertEqual(len(got), 5, rec.all())
        for r in got[3:]:
            self.assertTrue(verify_signature(newest, r.headers, r.body), r.headers)
            self.assertFalse(verify_signature(new, r.headers, r.body), r.headers)
            self.assertFalse(verify_signature(secret, r.headers, r.body), r.headers)
