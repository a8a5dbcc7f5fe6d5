"""(b) Tenant isolation: tenant B never sees nor changes tenant A's cases."""

import unittest

from koers_bb import API, ENV, KoersCase, request


class TenantIsolationTest(KoersCase):
    @classmethod
    def setUpClass(cls):
        t = KoersCase()
        cls.cat, cls.officer, cls.district = t.routed_setup(ENV["TOKEN_A"])
        r = request("POST", API + "/cases", t.case_body(cls.cat["id"], district=cls.district), cred=ENV["KEY_A"])
        assert r.status == 201, r
        cls.case = r.json

    def test_b_key_gets_404_for_a_case(self):
        r = request("GET", API + "/cases/" + self.case["id"], cred=ENV["KEY_B"])
        self.assertProblem(r, 404)
        r = request("GET", API + "/cases/" + self.case["id"], cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        r = request("GET", API + "/cases/%s/timeline" % self.case["id"], cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        # A itself does see it
        r = request("GET", API + "/cases/" + self.case["id"], cred=ENV["KEY_A"])
        self.assertStatus(r, 200)

    def test_b_lists_do_not_show_a_case(self):
        for query in ("", "?q=" + self.case["reference"], "?district=" + self.district,
                      "?categoryId=" + self.cat["id"], "?officerId=" + self.officer["id"]):
            items, _ = self.walk(API + "/cases" + query, ENV["TOKEN_B"])
            self.assertNotIn(self.case["id"], [c["id"] for c in items], query)
        items, _ = self.walk(API + "/cases?q=" + self.case["reference"], ENV["TOKEN_A"])
        self.assertIn(self.case["id"], [c["id"] for c in items])
        # nor A's categories, officers, rules
        for path, obj in (("/categories", self.cat), ("/liaison-officers", self.officer)):
            items, _ = self.walk(API + path, ENV["TOKEN_B"])
            self.assertNotIn(obj["id"], [x["id"] for x in items])
            r = request("GET", API + path + "/" + obj["id"], cred=ENV["TOKEN_B"])
            self.assertProblem(r, 404)

    def test_b_cannot_change_a_case(self):
        r = request("POST", API + "/cases/%s/transitions" % self.case["id"], {"to": "in_progress"},
                    cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        officer_b = self.make_officer(ENV["TOKEN_B"])
        r = request("PUT", API + "/cases/%s/assignment" % self.case["id"], {"officerId": officer_b["id"]},
                    cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        r = request("GET", API + "/cases/" + self.case["id"], cred=ENV["TOKEN_A"])
        self.assertEqual(r.json["status"], "assigned")
        self.assertEqual(r.json["officerId"], self.officer["id"])

    def test_b_cannot_use_a_category_or_officer(self):
        # A's category is unknown to B: filing with it is refused
        r = request("POST", API + "/cases", self.case_body(self.cat["id"]), cred=ENV["KEY_B"])
        self.assertIn(r.status, (404, 422), repr(r))
        self.assertProblem(r, r.status)
        # A's officer cannot be put in B's rule
        r = request("POST", API + "/routing-rules",
                    {"name": "leen", "position": 1, "officerIds": [self.officer["id"]]}, cred=ENV["TOKEN_B"])
        self.assertIn(r.status, (404, 422), repr(r))


if __name__ == "__main__":
    unittest.main()
