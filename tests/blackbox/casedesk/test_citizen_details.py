"""(finding 9) The citizen's personal details by least privilege: an API key
receives the citizen's name, e-mail, phone and address only with the scope
cases:citizen (besides cases:read / cases:write); without it the case has no
"citizen" member and the details appear in no answer the key can read.
Staff see them as before. Answers holding personal data or a token are
never cached (Cache-Control: no-store)."""

import unittest
import urllib.parse

from koers_bb import API, ENV, KoersCase, remember_secret, request, uniq


class CitizenDetailsNeedTheirScope(KoersCase):
    @classmethod
    def setUpClass(cls):
        t = KoersCase()
        cls.cat, cls.officer, cls.district = t.routed_setup(ENV["TOKEN_A"])
        tag = uniq("burger")
        cls.details = {"name": "Jet %s" % tag, "email": "%s@burger.example" % tag,
                       "phone": "+31 6 %s" % tag[-8:], "address": "Laan %s 1, 1234 AB Voorbeeld" % tag}

    def body(self):
        return self.case_body(self.cat["id"], district=self.district, citizen=dict(self.details))

    def assertNoStore(self, r):
        self.assertIn("no-store", (r.header("cache-control") or ""), "no Cache-Control: no-store: %r" % r)

    def assertNoDetails(self, r, what):
        text = r.raw.decode("utf-8", "replace")
        for k, v in self.details.items():
            self.assertNotIn(v, text, "%s shows the citizen's %s" % (what, k))

    def file(self, key, body=None, **headers):
        r = request("POST", API + "/cases", body or self.body(), cred=key, headers=headers)
        self.assertStatus(r, 201)
        remember_secret(r.json["trackingToken"])
        return r

    def test_a_key_without_the_scope_sees_no_details_anywhere(self):
        key = ENV["KEY_A_NOCITIZEN"]
        idem, body = uniq("idem"), self.body()
        r = self.file(key, body, **{"Idempotency-Key": idem})
        filed = r.json
        self.assertNotIn("citizen", filed)
        self.assertTrue(filed["trackingToken"], "the portal that filed it keeps the tracking token")
        self.assertNoDetails(r, "the 201 of POST /cases")
        self.assertNoStore(r)
        # the replay of the same Idempotency-Key answers alike
        r = request("POST", API + "/cases", body, cred=key, headers={"Idempotency-Key": idem})
        self.assertStatus(r, 201)
        self.assertNotIn("citizen", r.json)
        self.assertNoDetails(r, "the replayed 201")
        self.assertNoStore(r)
        cid, ref = filed["id"], filed["reference"]
        for k in (key, ENV["KEY_A_READ_NOCITIZEN"]):
            r = request("GET", API + "/cases/" + cid, cred=k)
            self.assertStatus(r, 200)
            self.assertNotIn("citizen", r.json)
            self.assertNoDetails(r, "GET /cases/{id}")
            self.assertNoStore(r)
            r = request("GET", API + "/cases?q=" + ref, cred=k)
            self.assertStatus(r, 200)
            self.assertEqual([c["id"] for c in r.json["items"]], [cid])
            self.assertNotIn("citizen", r.json["items"][0])
            self.assertNoDetails(r, "GET /cases")
            self.assertNoStore(r)
            # every other answer a cases:read key gets
            for path in ("/cases/%s/timeline" % cid, "/cases/%s/lead-times" % cid, "/events?limit=100",
                         "/open311/v2/requests/%s.json?api_key=%s" % (ref, urllib.parse.quote(k)),
                         "/open311/v2/requests.json?api_key=%s&service_request_id=%s" % (urllib.parse.quote(k),
                                                                                         ref)):
                r = request("GET", API + path, cred=k)
                self.assertStatus(r, 200)
                self.assertNoDetails(r, path.split("?")[0])

    def test_a_key_with_the_scope_sees_them_and_no_cache_keeps_them(self):
        key = ENV["KEY_A"]
        r = self.file(key)
        self.assertEqual(r.json["citizen"], self.details)
        self.assertNoStore(r)
        cid, ref = r.json["id"], r.json["reference"]
        r = request("GET", API + "/cases/" + cid, cred=key)
        self.assertEqual(self.ok(r)["citizen"], self.details)
        self.assertNoStore(r)
        r = request("GET", API + "/cases?q=" + ref, cred=key)
        self.assertEqual(self.ok(r)["items"][0]["citizen"], self.details)
        self.assertNoStore(r)

    def test_staff_see_them_as_before(self):
        r = self.file(ENV["KEY_A_NOCITIZEN"])
        cid = r.json["id"]
        for token in (ENV["TOKEN_A"], ENV["TOKEN_A_OFFICER"], ENV["TOKEN_A_ADMIN"]):
            r = request("GET", API + "/cases/" + cid, cred=token)
            self.assertEqual(self.ok(r)["citizen"], self.details)
            self.assertNoStore(r)
        # a coordinator's filing answers the details too
        r = self.file(ENV["TOKEN_A"])
        self.assertEqual(r.json["citizen"], self.details)
        self.assertNoStore(r)
        # a change answered by the case (the assignment) is not cached either
        r = request("PUT", API + "/cases/%s/assignment" % cid, {"officerId": self.officer["id"]}, cred=ENV["TOKEN_A"])
        self.assertEqual(self.ok(r)["citizen"], self.details)
        self.assertNoStore(r)

    def test_tokens_are_not_cached(self):
        # the referral's one-time link and the Open311 filing's token
        r = self.file(ENV["TOKEN_A"])
        cid = r.json["id"]
        r = request("POST", API + "/cases/%s/transitions" % cid, {"to": "in_progress"}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        dept = self.ok(request("POST", API + "/departments", {"name": uniq("Afdeling")}, cred=ENV["TOKEN_A"]))
        r = request("POST", API + "/cases/%s/referrals" % cid, {"departmentId": dept["id"], "question": "Wanneer?"},
                    cred=ENV["TOKEN_A"])
        self.assertStatus(r, 201)
        remember_secret(((r.json.get("responseLink") or {}).get("token")))
        self.assertNoStore(r)


if __name__ == "__main__":
    unittest.main()
