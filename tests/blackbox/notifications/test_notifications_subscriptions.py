"""The kanaal and abonnement endpoints as a Notificaties API 1.0 client and
a Koers admin use them: the kanalen (plain array, absolute links, ?naam=);
subscribing (the test message reaches the receiver with the auth value,
201 with Location and ETag, auth never answered; the secret once with
signing); the list as a plain array; PUT and PATCH (If-Match honoured,
412 when stale; a new callback gets a test message); disabling by hand and
re-enabling; the secret's rotation; the settings (CR/LF refused); DELETE;
another tenant's id 404; a read key may read kanalen, not abonnementen."""

from koers_bb import ENV, request, uniq
from notifications.notifications_bb import NAPI, NotificationsCase, skip_unless_notifications


@skip_unless_notifications
class Kanalen(NotificationsCase):
    def test_kanalen_as_the_standard_lists_them(self):
        kanalen = self.nget("/kanaal")
        self.assertIsInstance(kanalen, list)
        names = [k["naam"] for k in kanalen]
        for naam in ("cases", "referrals", "surveys", "processes", "programmes"):
            self.assertIn(naam, names)
        for k in kanalen:
            self.assertTrue(k["url"].startswith("http") and k["url"].endswith(NAPI + "/kanaal/" + k["url"].rsplit("/", 1)[-1]))
            self.assertTrue(k["documentatieLink"].startswith("http"), k)
            self.assertIn("eventType", k["filters"])
        cases = self.nget("/kanaal?naam=cases")
        self.assertEqual([k["naam"] for k in cases], ["cases"])
        one = self.nget("/kanaal/" + cases[0]["url"].rsplit("/", 1)[-1])
        self.assertEqual(one, cases[0])
        self.assertEqual(self.nget("/kanaal?naam=geen"), [])
        # a read key reads kanalen, not abonnementen
        self.nget("/kanaal", cred=ENV["NKEY_A_READ"])
        self.assertProblem(request("GET", NAPI + "/abonnement", cred=ENV["NKEY_A_READ"]), 403)
        self.assertProblem(request("GET", NAPI + "/kanaal/00000000-0000-4000-8000-000000000000",
                                   cred=ENV["NKEY_A"]), 404)


@skip_unless_notifications
class Abonnementen(NotificationsCase):
    def test_subscribe_read_change_delete(self):
        rec = self.receiver()
        sub = self.subscribe(rec, kanalen=[{"naam": "cases", "filters": {"district": "noord"}}])
        tests = [m for m in rec.all() if m.kanaal == "test"]
        self.assertEqual(len(tests), 1)
        self.assertEqual(tests[0].headers.get("authorization"), sub["auth"])
        self.assertEqual(list(tests[0].json), ["kanaal", "hoofdObject", "resource", "resourceUrl", "actie",
                                               "aanmaakdatum", "kenmerken"])
        self.assertEqual(sub["status"], "active")
        self.assertIsNone(sub["disabledReason"])
        self.assertNotIn("secret", sub)

        listed = self.nget("/abonnement")
        self.assertIsInstance(listed, list)
        self.assertIn(sub["url"], [s["url"] for s in listed])
        self.assertTrue(all("auth" not in s for s in listed))

        path = NAPI + "/abonnement/" + self.sub_id(sub)
        r = request("GET", path, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        etag = r.header("etag")
        self.assertTrue(etag)
        # a stale If-Match is 412; none is fine (NRC clients send none)
        self.assertProblem(request("PATCH", path, {"kanalen": [{"naam": "cases"}]}, cred=ENV["NKEY_A"],
                                   headers={"If-Match": '"999"'}), 412)
        r = request("PATCH", path, {"kanalen": [{"naam": "cases", "filters": {"status": "*"}}]},
                    cred=ENV["NKEY_A"], headers={"If-Match": etag})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["kanalen"], [{"naam": "cases", "filters": {"status": "*"}}])
        self.assertEqual(len([m for m in rec.all() if m.kanaal == "test"]), 1, "no new test message")

        # a new callback gets the test message first
        rec2 = self.receiver()
        r = request("PUT", path, {"callbackUrl": rec2.url, "auth": "Bearer nieuw", "kanalen": [{"naam": "cases"}]},
                    cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual([m.headers.get("authorization") for m in rec2.all() if m.kanaal == "test"], ["Bearer nieuw"])
        self.assertEqual(r.json["callbackUrl"], rec2.url)

        # disable by hand, enable again
        r = request("PATCH", path, {"status": "disabled"}, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["disabledReason"]), ("disabled", "manual"))
        r = request("PATCH", path, {"status": "active"}, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["disabledReason"], r.json["failingSince"]), ("active", None, None))

        # another tenant's id is 404
        self.assertProblem(request("GET", path, cred=ENV["NKEY_B"]), 404)
        self.assertProblem(request("DELETE", path, cred=ENV["NKEY_B"]), 404)

        self.assertStatus(request("DELETE", path, cred=ENV["NKEY_A"]), 204)
        self.assertProblem(request("GET", path, cred=ENV["NKEY_A"]), 404)

    def test_a_changed_callback_that_fails_the_test_changes_nothing(self):
        rec = self.receiver()
        sub = self.subscribe(rec)
        bad = self.receiver(test_mode="500")
        doc = self.assertProblem(request("PATCH", NAPI + "/abonnement/" + self.sub_id(sub), {"callbackUrl": bad.url},
                                         cred=ENV["NKEY_A"]), 422)
        self.assertInvalidParam(doc, "callbackUrl")
        self.assertIn("500", str(doc))
        self.assertEqual(self.subscription(sub)["callbackUrl"], rec.url)

    def test_signing_secret_shown_once_and_rotated(self):
        rec = self.receiver()
        sub = self.subscribe(rec, signing=True)
        self.assertTrue(sub["secret"].startswith("whsec_"))
        self.assertNotIn("secret", self.subscription(sub))
        test = [m for m in rec.all() if m.kanaal == "test"][0]
        self.assertTrue(test.headers.get("webhook-signature", "").startswith("v1,"))
        path = NAPI + "/abonnement/" + self.sub_id(sub) + "/secret"
        r = request("POST", path, {"overlapSeconds": 3600}, cred=ENV["NKEY_A"])
        self.assertStatus(r, 201)
        self.assertTrue(r.json["secret"].startswith("whsec_"))
        self.assertNotEqual(r.json["secret"], sub["secret"])
        self.assertIsNotNone(r.json["previousValidUntil"])
        doc = self.assertProblem(request("POST", path, {"overlapSeconds": 604801}, cred=ENV["NKEY_A"]), 422)
        self.assertInvalidParam(doc, "overlapSeconds")

    def test_idempotent_subscribe(self):
        rec = self.receiver()
        key = uniq("idem")
        body = {"callbackUrl": rec.url, "auth": "Bearer " + uniq("g"), "kanalen": [{"naam": "cases"}]}
        first = request("POST", NAPI + "/abonnement", body, cred=ENV["NKEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(first, 201)
        self.addCleanup(request, "DELETE", NAPI + "/abonnement/" + self.sub_id(first.json), cred=ENV["NKEY_A"])
        again = request("POST", NAPI + "/abonnement", body, cred=ENV["NKEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(again, 201)
        self.assertEqual(again.json["url"], first.json["url"])
        self.assertEqual(again.header("idempotent-replayed"), "true")


@skip_unless_notifications
class Settings(NotificationsCase):
    def test_alert_email(self):
        r = request("PUT", NAPI + "/settings", {"alertEmail": "beheer@example.nl"}, cred=ENV["NKEY_A"])
        self.assertStatus(r, 200)
        self.assertEqual(self.nget("/settings")["alertEmail"], "beheer@example.nl")
        for bad in ("beheer@example.nl\r\nBcc: x@example.org", "geen adres"):
            doc = self.assertProblem(request("PUT", NAPI + "/settings", {"alertEmail": bad}, cred=ENV["NKEY_A"]), 422)
            self.assertInvalidParam(doc, "alertEmail")
        self.assertEqual(self.nget("/settings")["alertEmail"], "beheer@example.nl")
        self.assertProblem(request("GET", NAPI + "/settings", cred=ENV["NKEY_A_READ"]), 403)
