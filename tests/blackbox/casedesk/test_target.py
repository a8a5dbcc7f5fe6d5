"""(T) The request target as sent: a '%' without two hex digits, or an
escape that does not decode to UTF-8 text without control characters, is a
400 problem naming the path segment or query parameter, on every route and
on paths no route has. Ulfius used to leave such a parameter out without a
word: GET /cases/%ff%fe/referrals answered every referral of the tenant,
?officialId=%ff, ?groupBy=%ff, ?from=%ff, ?format=%ff were ignored."""

import unittest

from koers_bb import API, CASEDESK, ENV, KoersCase, request

SURVEYS = ENV.get("SURVEYS_URL", "")


class UndecodableTargetTest(KoersCase):
    def assertNamed(self, r, detail_start, param):
        doc = self.assertProblem(r, 400)
        self.assertTrue(doc["detail"].startswith(detail_start), doc["detail"])
        self.assertIn("percent-encoded UTF-8", doc["detail"])
        self.assertInvalidParam(doc, param)
        return doc

    def both(self, path, cred, detail_start, param):
        """Through the gateway (as the issue's client did) and straight at
        the service: the same 400."""
        for base in (None, CASEDESK):
            with self.subTest(path=path, direct=base is not None):
                self.assertNamed(request("GET", path, cred=cred, base=base), detail_start, param)

    def test_undecodable_path_segment_is_not_a_missing_id(self):
        self.both(API + "/cases/%ff%fe/referrals", ENV["TOKEN_A"], "the path segment 4 ", "id")
        self.both(API + "/cases/%C3%28", ENV["TOKEN_A"], "the path segment 4 ", "id")
        self.both(API + "/tracking/%ff", None, "the path segment 4 ", "token")

    def test_undecodable_query_value_is_not_an_ignored_filter(self):
        self.both(API + "/referrals?officialId=%ff", ENV["TOKEN_A"], "the query parameter officialId ",
                  "officialId")
        self.both(API + "/statistics?groupBy=%ff", ENV["TOKEN_A"], "the query parameter groupBy ", "groupBy")
        self.both(API + "/statistics?from=%ff&to=2026-01-31", ENV["TOKEN_A"], "the query parameter from ",
                  "from")
        self.both(API + "/cases?limit=5&status=%E2%82", ENV["TOKEN_A"], "the query parameter status ",
                  "status")
        self.both(API + "/cases?%ff=1", ENV["TOKEN_A"], "the name of query parameter 1 ", "query parameter 1")

    @unittest.skipUnless(SURVEYS, "surveys is not running")
    def test_surveys_export_format(self):
        path = "/surveys/v1/surveys/00000000-0000-4000-8000-000000000000/export?format=%ff"
        for base in (None, SURVEYS):
            with self.subTest(direct=base is not None):
                self.assertNamed(request("GET", path, cred=ENV["STOKEN_A"], base=base),
                                 "the query parameter format ", "format")

    @unittest.skipUnless(CASEDESK, "CASEDESK_URL not set: no direct access to the service")
    def test_nul_control_and_bare_percent_at_the_service(self):
        # the gateway may refuse these itself; the service must as well
        for path, start, param in (
                (API + "/categories/%", "the path segment 4 ", "id"),
                (API + "/categories/%00", "the path segment 4 ", "id"),
                (API + "/cases?status=open%00", "the query parameter status ", "status"),
                (API + "/cases?status=%0Aopen", "the query parameter status ", "status"),
                (API + "/cases?status=%", "the query parameter status ", "status")):
            with self.subTest(path=path):
                self.assertNamed(request("GET", path, cred=ENV["TOKEN_A"], base=CASEDESK), start, param)

    def test_unmatched_path_with_undecodable_segment(self):
        doc = self.assertNamed(request("GET", API + "/nothing/%ff/x", cred=ENV["TOKEN_A"], base=CASEDESK),
                               "the path segment 4 ", "path segment 4")
        self.assertNotIn("no resource", doc["detail"])

    def test_well_encoded_targets_still_work(self):
        r = request("GET", API + "/cases?limit=5&district=Noord%20Oost", cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        r = request("GET", API + "/cases?limit=5&district=Caf%C3%A9+Oost", cred=ENV["TOKEN_A"], base=CASEDESK)
        self.assertStatus(r, 200)


if __name__ == "__main__":
    unittest.main()
