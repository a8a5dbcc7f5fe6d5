"""(e) Cursor pagination: limit=2 and the next links walk every case once."""

import unittest
import urllib.parse

from koers_bb import API, ENV, KoersCase, request, uniq


class PaginationTest(KoersCase):
    def test_walk_all_cases_exactly_once(self):
        cat = self.make_category()
        district = uniq("Pagina")
        created = [self.file_case(cat["id"], district=district)["id"] for _ in range(5)]

        for sort in ("", "&sort=-createdAt", "&sort=createdAt"):
            items, pages = self.walk(API + "/cases?limit=2&district=%s%s" % (district, sort), ENV["TOKEN_A"])
            ids = [c["id"] for c in items]
            self.assertEqual(len(ids), len(set(ids)), "a case came twice: %r" % ids)
            self.assertEqual(sorted(ids), sorted(created))
            self.assertEqual(pages, 3)
            stamps = [c["createdAt"] for c in items]
            if sort == "&sort=createdAt":
                self.assertEqual(stamps, sorted(stamps))
                self.assertEqual(ids, created)
            else:
                self.assertEqual(stamps, sorted(stamps, reverse=True))
                self.assertEqual(ids, created[::-1])

    def test_created_range_includes_its_own_bounds(self):
        cat = self.make_category()
        district = uniq("Bereik")
        case = self.file_case(cat["id"], district=district)
        at = urllib.parse.quote(case["createdAt"])
        items, _ = self.walk(
            API + "/cases?district=%s&createdFrom=%s&createdTo=%s" % (district, at, at), ENV["TOKEN_A"]
        )
        self.assertEqual([c["id"] for c in items], [case["id"]])

    def test_links(self):
        cat = self.make_category()
        district = uniq("Links")
        for _ in range(3):
            self.file_case(cat["id"], district=district)
        r = request("GET", API + "/cases?limit=2&district=" + district, cred=ENV["KEY_A"])
        self.assertStatus(r, 200)
        links = r.json["_links"]
        self.assertIn(API + "/cases", links["self"]["href"])
        nxt = urllib.parse.urlsplit(links["next"]["href"])
        q = urllib.parse.parse_qs(nxt.query)
        self.assertEqual(q.get("limit"), ["2"])
        self.assertEqual(q.get("district"), [district], "next link lost the filter")
        self.assertTrue(q.get("cursor"))
        r = request("GET", nxt.path + "?" + nxt.query, cred=ENV["KEY_A"])
        self.assertEqual(len(r.json["items"]), 1)
        self.assertNotIn("next", r.json["_links"])

    def test_other_lists_paginate(self):
        marker = uniq("Lijst")
        made = [self.make_category(name="%s-%d" % (marker, i))["id"] for i in range(3)]
        items, pages = self.walk(API + "/categories?limit=2", ENV["TOKEN_A"])
        ids = [c["id"] for c in items]
        self.assertEqual(len(ids), len(set(ids)))
        for m in made:
            self.assertIn(m, ids)
        self.assertGreaterEqual(pages, 2)


if __name__ == "__main__":
    unittest.main()
