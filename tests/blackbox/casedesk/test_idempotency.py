"""(d) Idempotency-Key: the same POST twice files one case."""

import unittest

from koers_bb import API, ENV, KoersCase, request, uniq


class IdempotencyTest(KoersCase):
    def test_same_post_twice_one_case(self):
        cat, officer, district = self.routed_setup()
        marker = uniq("idem")
        body = self.case_body(cat["id"], district=district, description="Kapotte lantaarnpaal " + marker)
        key = uniq("key")
        r1 = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(r1, 201)
        r2 = request("POST", API + "/cases", body, cred=ENV["KEY_A"], headers={"Idempotency-Key": key})
        self.assertStatus(r2, 201)
        self.assertEqual(r1.json["id"], r2.json["id"])
        self.assertEqual(r1.json, r2.json)
        items, _ = self.walk(API + "/cases?q=" + marker, ENV["TOKEN_A"])
        self.assertEqual([c["id"] for c in items], [r1.json["id"]])
        # the officer got it once
        r = request("GET", API + "/liaison-officers/" + officer["id"], cred=ENV["TOKEN_A"])
        self.assertEqual(r.json["openCases"], 1)

        # the same key with another body is refused, and files nothing
        other = dict(body, description="Iets anders " + marker)
        r3 = request("POST", API + "/cases", other, cred=ENV["KEY_A"], headers={"Idempotency-Key": key})
        self.assertIn(r3.status, (409, 422), repr(r3))
        self.assertProblem(r3, r3.status)
        items, _ = self.walk(API + "/cases?q=" + marker, ENV["TOKEN_A"])
        self.assertEqual(len(items), 1)

        # another tenant may use the same key independently
        cat_b = self.make_category(ENV["TOKEN_B"])
        r4 = request("POST", API + "/cases", self.case_body(cat_b["id"], description="B " + marker),
                     cred=ENV["KEY_B"], headers={"Idempotency-Key": key})
        self.assertStatus(r4, 201)
        self.assertNotEqual(r4.json["id"], r1.json["id"])

    def test_without_key_two_cases(self):
        cat = self.make_category()
        marker = uniq("noidem")
        body = self.case_body(cat["id"], description="Scheve paal " + marker)
        ids = set()
        for _ in range(2):
            r = request("POST", API + "/cases", body, cred=ENV["KEY_A"])
            self.assertStatus(r, 201)
            ids.add(r.json["id"])
        self.assertEqual(len(ids), 2)


if __name__ == "__main__":
    unittest.main()
