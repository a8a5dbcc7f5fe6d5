"""Tenant isolation: tenant B's key gets 404 on tenant A's subscription,
its deliveries, a replay, a resend and a delivery; B's list holds none of
A's; B's cases reach B's receiver and never A's."""

import uuid

from koers_bb import API, ENV, request, uniq
from notifications.notifications_bb import NAPI, NotificationsCase, about, skip_unless_notifications, wait_for


@skip_unless_notifications
class Isolation(NotificationsCase):
    def test_tenant_b_sees_and_reaches_nothing_of_tenant_a(self):
        cat, _, district = self.routed_setup()
        rec_a = self.receiver()
        sub_a = self.subscribe(rec_a, [{"naam": "cases", "filters": {"category": "*"}}])
        case_a = self.file_case(cat["id"], district=district)
        got = rec_a.wait_messages(about([case_a["id"]]), 2)
        self.assertEqual(len(got), 2, rec_a.all())
        delivered = wait_for(lambda: self.deliveries(sub_a, state="delivered"), 10)
        self.assertTrue(delivered, self.deliveries(sub_a))
        delivery = delivered[0]

        # B's own subscription and case: B's receiver gets it, A's never
        cat_b = self.make_category(token=ENV["TOKEN_B"])
        rec_b = self.receiver()
        sub_b = self.subscribe(rec_b, [{"naam": "cases", "filters": {"category": cat_b["id"]}}], cred=ENV["NKEY_B"])
        case_b = self.file_case(cat_b["id"], key=ENV["KEY_B"], district=uniq("Nergens"))
        got = rec_b.wait_messages(about([case_b["id"]]), 1)
        self.assertEqual(len(got), 1, rec_b.all())
        self.assertEqual(rec_b.messages(about([case_a["id"]])), [])
        self.assertEqual(rec_a.messages(about([case_b["id"]])), [], "B's case reached A's receiver")

        sid = self.sub_id(sub_a)
        B = ENV["NKEY_B"]
        for method, path, body in (
                ("GET", "/abonnement/" + sid, None),
                ("PUT", "/abonnement/" + sid, {"callbackUrl": rec_b.url, "auth": "x",
                                               "kanalen": [{"naam": "cases", "filters": {}}]}),
                ("PATCH", "/abonnement/" + sid, {"status": "disabled"}),
                ("POST", "/abonnement/%s/secret" % sid, {}),
                ("GET", "/abonnement/%s/deliveries" % sid, None),
                ("POST", "/abonnement/%s/replay" % sid, {"afterSeq": 0}),
                ("GET", "/deliveries/" + delivery["id"], None),
                ("POST", "/deliveries/%s/resend" % delivery["id"], None),
                ("DELETE", "/abonnement/" + sid, None)):
            self.assertProblem(request(method, NAPI + path, body, cred=B), 404)
        self.assertNotIn(sub_a["url"], [s["url"] for s in self.nget("/abonnement", B)])
        self.assertIn(sub_b["url"], [s["url"] for s in self.nget("/abonnement", B)])
        self.assertNotIn(sub_b["url"], [s["url"] for s in self.nget("/abonnement")])
        # still A's, unchanged, and nothing sent again
        s = self.subscription(sub_a)
        self.assertEqual((s["status"], s["callbackUrl"]), ("active", rec_a.url))
        self.assertEqual(len(rec_a.messages(about([case_a["id"]]))), 2)
        # an id that is nobody's, and not an id
        self.assertProblem(request("GET", NAPI + "/abonnement/" + str(uuid.uuid4()), cred=ENV["NKEY_A"]), 404)
        self.assertProblem(request("GET", NAPI + "/deliveries/" + str(uuid.uuid4()), cred=ENV["NKEY_A"]), 404)
        self.assertProblem(request("GET", NAPI + "/abonnement/nope", cred=ENV["NKEY_A"]), 400)
        # B's case is B's: A's key does not find it in casedesk either
        self.assertProblem(request("GET", API + "/cases/" + case_b["id"], cred=ENV["KEY_A"]), 404)
