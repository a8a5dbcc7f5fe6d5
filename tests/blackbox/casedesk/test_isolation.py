"""(b) Tenant isolation: tenant B never sees nor changes tenant A's cases."""

import unittest
import uuid

from koers_bb import API, ENV, KoersCase, request, uniq


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


class StoredReferencesStayInTheTenant(KoersCase):
    """(finding 8) Every id a write stores must name a row of the caller's
    tenant: tenant B's staff naming tenant A's rows (or ids that exist
    nowhere) in any reference field get 422 naming the field and the ids,
    the same answer for A's id as for a random one, and nothing is
    stored."""

    @classmethod
    def setUpClass(cls):
        t = KoersCase()
        cls.cat, cls.officer, _ = t.routed_setup(ENV["TOKEN_A"])
        r = request("POST", API + "/departments", {"name": uniq("Afdeling A")}, cred=ENV["TOKEN_A"])
        assert r.status == 201, r
        cls.dept = r.json
        r = request("POST", API + "/officials", {"name": uniq("Ambtenaar A"), "email": uniq("a") + "@a.example"},
                    cred=ENV["TOKEN_A"])
        assert r.status == 201, r
        cls.official = r.json
        # B's own rows to change and to file against
        cls.cat_b, cls.officer_b, cls.district_b = t.routed_setup(ENV["TOKEN_B"])
        r = request("POST", API + "/cases", t.case_body(cls.cat_b["id"], district=cls.district_b),
                    cred=ENV["KEY_B"])
        assert r.status == 201, r
        cls.case_b = r.json

    def refused(self, method, path, body, field, bad_id, cred=None):
        """The write is a 422 naming field whose detail names bad_id; returns
        the detail with the id replaced (to compare A's answer with a random
        id's)."""
        r = request(method, API + path, body, cred=cred or ENV["TOKEN_B"])
        doc = self.assertProblem(r, 422)
        self.assertInvalidParam(doc, field)
        return doc["detail"].replace(bad_id, "<id>")

    def both(self, method, path, make_body, field, a_id, cred=None):
        """A's id and a random one are refused alike."""
        random_id = str(uuid.uuid4())
        as_a = self.refused(method, path, make_body(a_id), field, a_id, cred)
        as_random = self.refused(method, path, make_body(random_id), field, random_id, cred)
        self.assertEqual(as_a, as_random, "another tenant's id is told apart from an unknown one")

    def test_liaison_officer_category_ids(self):
        a_cat = self.cat["id"]
        name = uniq("Leen")
        r = request("POST", API + "/liaison-officers",
                    {"name": name, "email": uniq("l") + "@b.example", "categoryIds": [self.cat_b["id"], a_cat]},
                    cred=ENV["TOKEN_B"])
        doc = self.assertProblem(r, 422)
        self.assertInvalidParam(doc, "categoryIds")
        self.assertIn(a_cat, doc["detail"])
        self.assertNotIn(self.cat_b["id"], doc["detail"], "B's own category is not unknown")
        self.assertIn(a_cat, " ".join(p["reason"] for p in doc["invalidParams"]))
        self.both("POST", "/liaison-officers",
                  lambda i: {"name": name, "email": uniq("l") + "@b.example", "categoryIds": [i]},
                  "categoryIds", a_cat)
        items, _ = self.walk(API + "/liaison-officers", ENV["TOKEN_B"])
        self.assertNotIn(name, [o["name"] for o in items], "a refused officer was stored")
        # PATCH of B's own officer
        self.both("PATCH", "/liaison-officers/" + self.officer_b["id"], lambda i: {"categoryIds": [i]},
                  "categoryIds", a_cat)
        r = request("GET", API + "/liaison-officers/" + self.officer_b["id"], cred=ENV["TOKEN_B"])
        self.assertEqual(self.ok(r)["categoryIds"], [self.cat_b["id"]])

    def test_routing_rule_category_and_officers(self):
        officers = [self.officer_b["id"]]
        self.both("POST", "/routing-rules",
                  lambda i: {"name": uniq("r"), "position": 9, "officerIds": officers, "categoryId": i},
                  "categoryId", self.cat["id"])
        self.both("POST", "/routing-rules",
                  lambda i: {"name": uniq("r"), "position": 9, "officerIds": [i]}, "officerIds",
                  self.officer["id"])
        rule = self.make_rule(officers, ENV["TOKEN_B"], categoryId=self.cat_b["id"])
        self.both("PATCH", "/routing-rules/" + rule["id"], lambda i: {"categoryId": i}, "categoryId",
                  self.cat["id"])
        self.both("PATCH", "/routing-rules/" + rule["id"], lambda i: {"officerIds": [i]}, "officerIds",
                  self.officer["id"])
        r = request("GET", API + "/routing-rules/" + rule["id"], cred=ENV["TOKEN_B"])
        got = self.ok(r)
        self.assertEqual((got["categoryId"], got["officerIds"]), (self.cat_b["id"], officers))

    def test_directory_references(self):
        self.both("POST", "/officials",
                  lambda i: {"name": uniq("o"), "email": uniq("o") + "@b.example", "departmentId": i},
                  "departmentId", self.dept["id"])
        self.both("POST", "/departments", lambda i: {"name": uniq("d"), "teamManagerId": i}, "teamManagerId",
                  self.official["id"])
        self.both("POST", "/categories", lambda i: {"name": uniq("c"), "slaDays": 5, "processOwnerId": i},
                  "processOwnerId", self.official["id"])
        self.both("PATCH", "/categories/" + self.cat_b["id"], lambda i: {"processOwnerId": i},
                  "processOwnerId", self.official["id"])

    def test_case_references(self):
        # filing with A's category (B's key), assigning to A's officer,
        # referring to A's official or department
        r = request("POST", API + "/cases", self.case_body(self.cat["id"]), cred=ENV["KEY_B"])
        self.assertInvalidParam(self.assertProblem(r, 422), "categoryId")
        r = request("POST", API + "/cases", self.case_body(str(uuid.uuid4())), cred=ENV["KEY_B"])
        self.assertInvalidParam(self.assertProblem(r, 422), "categoryId")
        case = "/cases/%s" % self.case_b["id"]
        for bad in (self.officer["id"], str(uuid.uuid4())):
            r = request("PUT", API + case + "/assignment", {"officerId": bad}, cred=ENV["TOKEN_B"])
            self.assertInvalidParam(self.assertProblem(r, 422), "officerId")
        for field, a_id in (("officialId", self.official["id"]), ("departmentId", self.dept["id"])):
            for bad in (a_id, str(uuid.uuid4())):
                r = request("POST", API + case + "/referrals", {field: bad, "question": "Wat is de status?"},
                            cred=ENV["TOKEN_B"])
                self.assertInvalidParam(self.assertProblem(r, 422), field)
        r = request("GET", API + case, cred=ENV["TOKEN_B"])
        self.assertEqual(self.ok(r)["officerId"], self.officer_b["id"])
        items, _ = self.walk(API + case + "/referrals", ENV["TOKEN_B"])
        self.assertEqual(items, [])


if __name__ == "__main__":
    unittest.main()
