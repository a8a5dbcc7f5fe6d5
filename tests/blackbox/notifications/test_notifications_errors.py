"""Bad subscriptions are refused with a problem+json naming the field, and
nothing is stored: a callback URL that is no URL, one on a private or
metadata address outside the allow-list (SSRF), an unknown kanaal, a filter
on a kenmerk the kanaal does not have, a receiver that answers the test
message with 500 or too late; no credentials 401, a read-only key 403."""

from koers_bb import ENV, request, uniq
from notifications.notifications_bb import NAPI, NotificationsCase, skip_unless_notifications


@skip_unless_notifications
class BadSubscriptions(NotificationsCase):
    def body(self, url, **kw):
        b = {"callbackUrl": url, "auth": "Bearer " + uniq("t"), "kanalen": [{"naam": "cases", "filters": {}}]}
        b.update(kw)
        return b

    def refused(self, body, field, status=422, cred=None):
        """POSTs body as tenant A's subscribe key (or cred; "" for none),
        asserts the problem (naming field) and that nothing was stored."""
        before = {s["url"] for s in self.nget("/abonnement")}
        cred = ENV["NKEY_A"] if cred is None else cred
        doc = self.assertProblem(request("POST", NAPI + "/abonnement", body, cred=cred), status)
        if field:
            self.assertInvalidParam(doc, field)
        self.assertEqual({s["url"] for s in self.nget("/abonnement")}, before, "stored anyway")
        return doc

    def test_bad_callback_urls(self):
        for url in ("geen url", "ftp://127.0.0.1/x", "http://", "http://10.0.0.1/hook", "http://169.254.169.254/",
                    "http://192.168.1.10:8080/hook", "http://[fd00::1]/hook", "http://0.0.0.0:9/"):
            with self.subTest(url=url):
                doc = self.refused(self.body(url), "callbackUrl")
                self.assertNotIn("Bearer", str(doc))

    def test_unknown_kanaal_and_bad_filters(self):
        rec = self.receiver()
        self.refused(self.body(rec.url, kanalen=[{"naam": "geen-kanaal", "filters": {}}]), "kanalen[0].naam")
        self.refused(self.body(rec.url, kanalen=[{"naam": "cases", "filters": {}},
                                                 {"naam": "cases", "filters": {"naam": "x"}}]),
                     "kanalen[1].filters.naam")
        self.refused(self.body(rec.url, kanalen=[{"naam": "cases", "filters": {"category": ""}}]),
                     "kanalen[0].filters.category")
        self.refused(self.body(rec.url, kanalen=[{"naam": "cases", "filters": {"category": 5}}]),
                     "kanalen[0].filters.category")
        self.refused(self.body(rec.url, kanalen=[]), "kanalen")
        self.refused(self.body(rec.url, auth=""), "auth")
        b = self.body(rec.url)
        del b["auth"]
        self.refused(b, "auth")
        self.assertEqual(rec.all(), [], "a test message for a refused subscription")
        # not JSON
        r = request("POST", NAPI + "/abonnement", raw=b"{nope", cred=ENV["NKEY_A"],
                    headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)

    def test_a_receiver_that_fails_the_test_message(self):
        rec = self.receiver(test_mode="500")
        doc = self.refused(self.body(rec.url), "callbackUrl")
        reason = next(p["reason"] for p in doc["invalidParams"] if p["name"] == "callbackUrl")
        self.assertIn("500", reason)
        self.assertEqual(len(rec.tests()), 1, rec.all())
        gone = self.receiver(test_mode="410")
        self.refused(self.body(gone.url), "callbackUrl")
        slow = self.receiver(test_mode="slow")
        self.refused(self.body(slow.url), "callbackUrl")
        # nothing listens there
        closed = self.receiver()
        url = closed.url
        closed.close()
        self.refused(self.body(url), "callbackUrl")

    def test_who_may_subscribe(self):
        rec = self.receiver()
        self.refused(self.body(rec.url), None, status=401, cred="")
        self.refused(self.body(rec.url), None, status=403, cred=ENV["NKEY_A_READ"])
        self.assertEqual(rec.all(), [])
        # the read key reads the kanalen; without credentials nothing
        kanalen = self.nget("/kanaal", ENV["NKEY_A_READ"])
        self.assertEqual(sorted(k["naam"] for k in kanalen),
                         ["cases", "processes", "programmes", "referrals", "surveys"])
        self.assertProblem(request("GET", NAPI + "/kanaal"), 401)
        self.assertProblem(request("GET", NAPI + "/abonnement", cred=ENV["NKEY_A_READ"]), 403)
        # staff without integration_admin may not manage subscriptions
        self.assertProblem(request("GET", NAPI + "/abonnement", cred=ENV["TOKEN_A"]), 403)
        # the integration administrator may
        self.assertIsInstance(self.nget("/abonnement", ENV["NTOKEN_A"]), list)
