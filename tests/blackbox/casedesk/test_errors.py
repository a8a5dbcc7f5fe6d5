"""(c) Bad input of each kind, answered with a problem document; every
answer carries API-Version and X-Request-Id."""

import concurrent.futures
import json
import os
import unittest

from koers_bb import API, ENV, KoersCase, request, uniq


class ErrorsTest(KoersCase):
    @classmethod
    def setUpClass(cls):
        t = KoersCase()
        cls.cat, cls.officer, cls.district = t.routed_setup(ENV["TOKEN_A"])

    def post_case(self, raw=None, body=None, ctype="application/json", cred=None):
        cred = ENV["KEY_A"] if cred is None else cred
        headers = {"Content-Type": ctype} if ctype else {}
        if body is not None:
            raw = json.dumps(body).encode()
        return request("POST", API + "/cases", raw=raw, cred=cred, headers=headers)

    def test_malformed_json_400(self):
        doc = self.assertProblem(self.post_case(raw=b'{"categoryId": '), 400)
        self.assertTrue(doc["detail"])
        self.assertProblem(self.post_case(raw=b"[1, 2]"), 400)

    def test_wrong_content_type_415(self):
        body = json.dumps(self.case_body(self.cat["id"])).encode()
        self.assertProblem(self.post_case(raw=body, ctype="text/plain"), 415)
        self.assertProblem(self.post_case(raw=body, ctype=None), 415)

    def test_missing_required_field_422(self):
        body = self.case_body(self.cat["id"])
        del body["description"]
        doc = self.assertProblem(self.post_case(body=body), 422)
        self.assertInvalidParam(doc, "description")

    def test_wrong_type_422(self):
        doc = self.assertProblem(self.post_case(body=self.case_body(self.cat["id"], description=12345)), 422)
        self.assertInvalidParam(doc, "description")
        r = request("POST", API + "/categories", {"name": uniq("c"), "slaDays": "tien"}, cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "slaDays")

    def test_unknown_enum_value_422(self):
        doc = self.assertProblem(self.post_case(body=self.case_body(self.cat["id"], channel="postduif")), 422)
        self.assertInvalidParam(doc, "channel")
        doc = self.assertProblem(self.post_case(body=self.case_body(self.cat["id"], priority="asap")), 422)
        self.assertInvalidParam(doc, "priority")

    def test_string_over_max_length_422(self):
        doc = self.assertProblem(self.post_case(body=self.case_body(self.cat["id"], description="x" * 5001)), 422)
        self.assertInvalidParam(doc, "description")
        body = self.case_body(self.cat["id"])
        body["citizen"]["phone"] = "0" * 41
        self.assertInvalidParam(self.assertProblem(self.post_case(body=body), 422), "phone")

    def test_several_faults_named_together(self):
        body = self.case_body(self.cat["id"], channel="postduif", description="")
        body["bogus"] = 1
        doc = self.assertProblem(self.post_case(body=body), 422)
        for name in ("channel", "description", "bogus"):
            self.assertInvalidParam(doc, name)

    def test_unknown_route_404(self):
        self.assertProblem(request("GET", API + "/nope", cred=ENV["KEY_A"]), 404)
        self.assertProblem(request("GET", API + "/cases/00000000-0000-4000-8000-000000000000",
                                   cred=ENV["KEY_A"]), 404)
        # outside any service: the gateway's own problem document
        self.assertProblem(request("GET", "/nowhere/at/all"), 404, api_version=False)

    def test_wrong_method_405_with_allow(self):
        r = request("DELETE", API + "/cases", cred=ENV["TOKEN_A"])
        self.assertProblem(r, 405)
        allow = [m.strip() for m in (r.header("allow") or "").split(",")]
        self.assertIn("GET", allow, r.header("allow"))
        self.assertIn("POST", allow, r.header("allow"))
        self.assertNotIn("DELETE", allow)

    def test_body_over_the_limit_413(self):
        limit = int(ENV.get("KOERS_MAX_BODY_BYTES", "1048576"))
        if limit < 1024 * 1024:
            # the service's own limit, below the gateway's
            body = self.case_body(self.cat["id"], description="y" * (limit + 10))
            self.assertProblem(self.post_case(body=body), 413)
        # over the gateway's 1 MiB: nginx answers from the Content-Length
        # alone, with a problem document
        r = request("POST", API + "/cases", cred=ENV["KEY_A"], headers={"Content-Type": "application/json"},
                    declared_length=1024 * 1024 + 10)
        self.assertProblem(r, 413, api_version=False)

    def test_no_credentials_401(self):
        r = request("GET", API + "/cases")
        self.assertProblem(r, 401)
        self.assertTrue(r.header("www-authenticate"), "401 without WWW-Authenticate")
        self.assertProblem(self.post_case(body=self.case_body(self.cat["id"]), cred=""), 401)

    def test_bad_credentials_401(self):
        token = ENV["TOKEN_A"]
        head, payload, sig = token.split(".")
        forged = "%s.%s.%s" % (head, payload, ("A" if sig[0] != "A" else "B") + sig[1:])
        self.assertProblem(request("GET", API + "/cases", cred=forged), 401)
        self.assertProblem(request("GET", API + "/cases", cred="not.a.jwt"), 401)
        self.assertProblem(request("GET", API + "/cases", cred="kk_" + "x" * 43), 401)
        self.assertProblem(request("GET", API + "/cases", headers={"X-API-Key": "kk_nope"}), 401)
        if ENV.get("TOKEN_A_EXPIRED"):
            self.assertProblem(request("GET", API + "/cases", cred=ENV["TOKEN_A_EXPIRED"]), 401)

    def test_staff_without_the_role_403(self):
        r = request("POST", API + "/categories", {"name": uniq("c")}, cred=ENV["TOKEN_A_OFFICER"])
        self.assertProblem(r, 403)
        r = request("PUT", API + "/cases/00000000-0000-4000-8000-000000000000/assignment",
                    {"officerId": self.officer["id"]}, cred=ENV["TOKEN_A_OFFICER"])
        self.assertIn(r.status, (403, 404))
        # an API key cannot manage categories either
        self.assertProblem(request("POST", API + "/categories", {"name": uniq("c")}, cred=ENV["KEY_A"]), 403)
        # but the officer may read cases
        self.assertStatus(request("GET", API + "/cases?limit=1", cred=ENV["TOKEN_A_OFFICER"]), 200)

    def test_illegal_transition_409(self):
        case = self.file_case(self.cat["id"], district=self.district)
        self.assertEqual(case["status"], "assigned")
        r = request("POST", API + "/cases/%s/transitions" % case["id"], {"to": "closed"}, cred=ENV["TOKEN_A"])
        doc = self.assertProblem(r, 409)
        self.assertEqual(doc.get("allowedTransitions"), ["in_progress"])
        r = request("POST", API + "/cases/%s/transitions" % case["id"], {"to": "assigned"}, cred=ENV["TOKEN_A"])
        self.assertEqual(self.assertProblem(r, 409).get("allowedTransitions"), ["in_progress"])
        # unknown status is a validation fault, not a conflict
        r = request("POST", API + "/cases/%s/transitions" % case["id"], {"to": "gone"}, cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "to")

    def test_if_match_mismatch_412(self):
        case = self.file_case(self.cat["id"], district=self.district)
        r = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"])
        etag = r.header("etag")
        stale = '"%d"' % (int(etag.strip('W/"')) + 100)
        r = request("POST", API + "/cases/%s/transitions" % case["id"], {"to": "in_progress"},
                    cred=ENV["TOKEN_A"], headers={"If-Match": stale})
        self.assertProblem(r, 412)
        r = request("GET", API + "/cases/" + case["id"], cred=ENV["TOKEN_A"])
        self.assertEqual(r.json["status"], "assigned", "a failed If-Match changed the case")
        r = request("POST", API + "/cases/%s/transitions" % case["id"], {"to": "in_progress"},
                    cred=ENV["TOKEN_A"], headers={"If-Match": etag})
        self.assertStatus(r, 200)

    def test_bad_query_parameter_400(self):
        for query, name in (("limit=abc", "limit"), ("limit=0", "limit"), ("limit=100000", "limit"),
                            ("status=lost", "status"), ("createdFrom=yesterday", "createdFrom"),
                            ("unassigned=maybe", "unassigned"), ("sort=name", "sort"),
                            ("cursor=%%%", "cursor"), ("officerId=42", "officerId"), ("colour=red", "colour")):
            r = request("GET", API + "/cases?" + query, cred=ENV["KEY_A"])
            doc = self.assertProblem(r, 400)
            self.assertInvalidParam(doc, name)

    def test_bad_path_id(self):
        r = request("GET", API + "/cases/not-a-uuid", cred=ENV["KEY_A"])
        self.assertIn(r.status, (400, 404))
        self.assertProblem(r, r.status)

    def test_request_id_echoed_and_present(self):
        rid = "bb-" + os.urandom(6).hex()
        for method, path, cred in (("GET", API + "/cases?limit=1", ENV["KEY_A"]),
                                   ("GET", API + "/cases", None),
                                   ("GET", API + "/nope", ENV["KEY_A"])):
            r = request(method, path, cred=cred, headers={"X-Request-Id": rid})
            self.assertCommonHeaders(r, request_id=rid)
            r = request(method, path, cred=cred)
            self.assertCommonHeaders(r)
        r = request("POST", API + "/cases", self.case_body(self.cat["id"]), cred=ENV["KEY_A"],
                    headers={"X-Request-Id": rid})
        self.assertStatus(r, 201)
        self.assertCommonHeaders(r, request_id=rid)


class ConcurrentDeleteTest(KoersCase):
    """Deletes of one resource racing each other: the first deletes it, the
    others find it gone (404), none is told it is "in use" (409: the role
    matrix saw that once, for a routing rule two roles deleted at once)."""

    def race(self, path, n=8):
        def delete(_):
            return request("DELETE", API + path, cred=ENV["TOKEN_A"])

        with concurrent.futures.ThreadPoolExecutor(n) as pool:
            answers = list(pool.map(delete, range(n)))
        statuses = sorted(r.status for r in answers)
        self.assertEqual(statuses, [204] + [404] * (n - 1), [repr(r) for r in answers])
        r = request("GET", API + path, cred=ENV["TOKEN_A"])
        self.assertProblem(r, 404)

    def test_routing_rule(self):
        for _ in range(5):
            officer = self.make_officer()
            self.race("/routing-rules/" + self.make_rule([officer["id"]])["id"])

    def test_category(self):
        # a category is kept while something refers to it: the referrers
        # are checked in the same statement; an unused one races the same
        for _ in range(5):
            self.race("/categories/" + self.make_category()["id"])


if __name__ == "__main__":
    unittest.main()
