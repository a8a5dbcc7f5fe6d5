"""Issue 14: Open311 GeoReport v2 at the edges. Every failure on the
Open311 paths is the standard's list of errors in the path's format (JSON
or XML, schema-valid), with its status codes (400, 403, 404), never a 500
for a client's mistake: a bad or missing api_key, unknown jurisdiction,
service, request or token, bad arguments, and malformed form, multipart
and XML bodies. The query arguments as the standard has them, the
suffix-less forms, the events of a filing, the staff's attribute
definitions."""

import json
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from koers_bb import API, ENV, KoersCase, RedisSubscriber, request, uniq
from casedesk.open311_client import check_json, multipart_body, xsd_validate
from casedesk.test_open311_client import Open311Tenants

BASE = API + "/open311/v2"


def form(fields):
    return urllib.parse.urlencode(fields).encode()


class Open311EdgesTest(Open311Tenants):
    def errors(self, r, status):
        """The standard's error list in the answer's format; its
        descriptions."""
        self.assertEqual(r.status, status, repr(r))
        ctype = r.header("content-type") or ""
        if ctype.startswith("text/xml"):
            xsd_validate(r.raw)
            root = ET.fromstring(r.raw)
            self.assertEqual(root.tag, "errors")
            out = [{"code": int(e.find("code").text), "description": e.find("description").text} for e in root]
        else:
            self.assertTrue(ctype.startswith("application/json"), repr(r))
            out = r.json
            check_json("errors", out)
        for e in out:
            self.assertEqual(e["code"], status)
            self.assertTrue(e["description"])
        return [e["description"] for e in out]

    def post(self, raw, ctype="application/x-www-form-urlencoded", fmt="json", query=""):
        return request("POST", "%s/requests.%s%s" % (BASE, fmt, query), raw=raw, headers={"Content-Type": ctype})

    def get(self, path, **q):
        q.setdefault("jurisdiction_id", self.jur["A"])
        return request("GET", BASE + path + "?" + urllib.parse.urlencode(q))

    def base_fields(self, cat, **kw):
        f = {"api_key": ENV["KEY_A"], "service_code": cat["id"], "description": "Kapotte bank " + uniq(),
             "lat": "52.1", "long": "5.1"}
        f.update(kw)
        return f

    def test_errors_in_both_formats(self):
        cat = self.make_category()
        fields = self.base_fields(cat)
        for fmt in ("json", "xml"):
            nokey = {k: v for k, v in fields.items() if k != "api_key"}
            self.assertIn("api_key", " ".join(self.errors(self.post(form(nokey), fmt=fmt), 403)))
            self.errors(self.post(form(dict(fields, api_key="kk_" + "x" * 43)), fmt=fmt), 403)
            for code in (str(uuid.uuid4()), "lantaarnpaal", ""):
                d = self.errors(self.post(form(dict(fields, service_code=code)), fmt=fmt), 400)
                self.assertTrue(any("service_code" in x for x in d), d)
            for bad, name in (({"email": "geen-adres"}, "email"), ({"lat": "noord"}, "lat"),
                              ({"lat": "95"}, "lat"), ({"long": ""}, "long"), ({"description": ""}, "description"),
                              ({"lat": "", "long": ""}, "lat")):
                d = self.errors(self.post(form(dict(fields, **bad)), fmt=fmt), 400)
                self.assertTrue(any(x.startswith(name) for x in d), (bad, d))
            # not found: service, request, token, jurisdiction
            self.errors(self.get("/services/%s.%s" % (uuid.uuid4(), fmt)), 404)
            self.errors(self.get("/services/nope.%s" % fmt), 404)
            self.errors(self.get("/requests/BV-1999-000001.%s" % fmt), 404)
            self.errors(self.get("/tokens/%s.%s" % ("t" * 43, fmt)), 404)
            self.errors(self.get("/tokens/kort.%s" % fmt), 404)
            self.errors(self.get("/services.%s" % fmt, jurisdiction_id="nergens.example"), 404)
            self.errors(self.get("/nothing.%s" % fmt), 404)
            self.errors(request("GET", BASE + "/services.%s" % fmt), 400)  # no jurisdiction, no key, no default
            # bad arguments
            for q in ({"status": "pending"}, {"start_date": "gisteren"}, {"end_date": "2026-02-30"},
                      {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
                      {"start_date": "2026-03-01", "end_date": "2026-02-01"}):
                self.errors(self.get("/requests.%s" % fmt, **q), 400)
            # a key of tenant B with A's jurisdiction
            self.errors(self.get("/services.%s" % fmt, api_key=ENV["KEY_B"]), 400)
            # a method the path does not take, a path under open311 the service lacks
            self.errors(request("DELETE", BASE + "/requests.%s" % fmt, cred=ENV["KEY_A"]), 405)
            self.errors(request("POST", BASE + "/services.%s" % fmt, raw=form(fields),
                                headers={"Content-Type": "application/x-www-form-urlencoded"}), 405)

    def test_problem_json_when_asked_for(self):
        # a client that asks for RFC 9457 gets it, with the standard's status
        for path in ("/services/nope.json", "/requests/BV-1999-000001.xml"):
            r = request("GET", BASE + path + "?jurisdiction_id=" + self.jur["A"],
                        headers={"Accept": "application/problem+json"})
            self.assertEqual(r.status, 404, repr(r))
            self.assertTrue((r.header("content-type") or "").startswith("application/problem+json"), repr(r))
            self.assertEqual(r.json["status"], 404)
            self.assertTrue(r.json["detail"])
        r = request("POST", BASE + "/requests.json", raw=form({"service_code": "x"}),
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/problem+json"})
        self.assertEqual(r.status, 403, repr(r))
        self.assertEqual(r.json["status"], 403)

    def test_malformed_bodies_are_400(self):
        cat = self.make_category()
        fields = self.base_fields(cat)
        for fmt in ("json", "xml"):
            cases = [
                (form(fields) + b"&email=x%40y.example&email=z%40y.example", "application/x-www-form-urlencoded"),
                (form(fields) + b"&x=%zz", "application/x-www-form-urlencoded"),
                (form(fields) + b"&x=%ff%fe", "application/x-www-form-urlencoded"),
                (b"<request><service_code>x</service_code>", "text/xml"),
                (b"<?xml version='1.0'?><request/>", "application/xml"),
                (b"{not json", "application/json"),
                (b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "multipart/form-data; boundary=b"),
                (b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--\r\n", "multipart/form-data"),
                (b"nothing of the boundary\r\n", "multipart/form-data; boundary=abc"),
                (b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b"),
                (b"", "multipart/form-data; boundary=\"unclosed"),
                (b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\xfe\r\n--b--\r\n",
                 "multipart/form-data; boundary=b"),
            ]
            for raw, ctype in cases:
                self.errors(self.post(raw, ctype, fmt), 400)

    def test_multipart_boundaries(self):
        cat = self.make_category()
        fields = [(k, v) for k, v in self.base_fields(cat).items()]
        for boundary, quote in (("simple", False), ("----=_Part_7_1234.5678", False),
                                ("a=b c?d", True), ("x" * 70, True)):
            raw, ctype = multipart_body(fields, boundary=boundary, quote=quote,
                                        files=[("media", "foto.jpg", b"\xff\xd8\xff\xe0 not text")])
            r = self.post(raw, ctype)
            self.assertEqual(r.status, 201, (boundary, r))
            check_json("service_requests", r.json)

    def test_query_arguments(self):
        cat = self.make_category()
        key = ENV["KEY_A"]
        refs = []
        for i in range(3):
            r = self.post(form(self.base_fields(cat)))
            self.assertStatus(r, 201)
            refs.append(r.json[0]["service_request_id"])
        # close the first
        officer = self.make_officer()
        case = [c for c in self.walk(API + "/cases?categoryId=%s" % cat["id"], ENV["TOKEN_A"])[0]
                if c["reference"] == refs[0]][0]
        request("PUT", API + "/cases/%s/assignment" % case["id"], {"officerId": officer["id"]}, cred=ENV["TOKEN_A"])
        why = "De bank is vervangen door een nieuwe."
        for body in ({"to": "in_progress"}, {"to": "resolved", "outcome": "agreed", "explanation": why}):
            self.assertStatus(request("POST", API + "/cases/%s/transitions" % case["id"], body,
                                      cred=ENV["TOKEN_A"]), 200)

        def ids(**q):
            r = self.get("/requests.json", **q)
            self.assertStatus(r, 200)
            check_json("service_requests", r.json)
            return {x["service_request_id"] for x in r.json}

        code = cat["id"]
        self.assertEqual(ids(service_code=code), set(refs))
        self.assertEqual(ids(service_code=code, status="closed"), {refs[0]})
        self.assertEqual(ids(service_code=code, status="open"), set(refs[1:]))
        self.assertEqual(ids(service_code=code, status="open,closed"), set(refs))
        # several ids override the other filters
        self.assertEqual(ids(service_request_id="%s,%s" % (refs[0], refs[2]), status="open",
                             service_code=str(uuid.uuid4())), {refs[0], refs[2]})
        # unknown parameters (a cache-buster) are ignored
        self.assertEqual(ids(service_code=code, _="1712345678", colour="red"), set(refs))
        # the window: a range in the past has none; the default window has them
        self.assertEqual(ids(service_code=code, start_date="2000-01-01T00:00:00Z",
                             end_date="2000-03-01T00:00:00+01:00"), set())
        self.assertEqual(ids(service_code=code, start_date="2000-01-01"), set())
        self.assertEqual(ids(service_code=code, end_date="2000-01-01"), set())
        closed = self.get("/requests.json", service_request_id=refs[0]).json[0]
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["status_notes"], why)
        # with the key instead of the jurisdiction
        r = request("GET", BASE + "/requests/%s.xml?api_key=%s" % (refs[1], urllib.parse.quote(key)))
        self.assertStatus(r, 200)
        xsd_validate(r.raw)

    def test_suffixless_forms_answer_json(self):
        cat = self.make_category()
        r = request("POST", BASE + "/requests", raw=form(self.base_fields(cat, address_id="BAG-0344200000123456",
                                                                            lat="", long="")),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertStatus(r, 201)
        ref = r.json[0]["service_request_id"]
        self.assertTrue(r.header("location").endswith("/requests/%s.json" % ref))
        for path in ("/services", "/requests", "/requests/" + ref, "/discovery", "/services/" + cat["id"]):
            r = self.get(path)
            self.assertStatus(r, 200)
            self.assertTrue(r.header("content-type").startswith("application/json"), path)
            json.dumps(r.json)
        got = self.get("/requests/" + ref).json[0]
        self.assertIn("BAG-0344200000123456", got["description"])  # address_id as the location
        self.errors(self.get("/requests/" + ref + ".csv"), 404)

    def test_attributes_are_checked(self):
        cat = self.make_category()
        defs = {"attributes": [
            {"code": "SOORT", "datatype": "singlevaluelist", "required": True, "description": "Soort",
             "values": [{"key": "glas", "name": "Glas"}, {"key": "rest", "name": "Rest"}]},
            {"code": "AANTAL", "datatype": "number", "description": "Aantal"},
            {"code": "OPM", "datatype": "string", "description": "Opmerking"}]}
        r = request("PUT", API + "/categories/%s/open311-attributes" % cat["id"], defs, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual([a["code"] for a in r.json["attributes"]], ["SOORT", "AANTAL", "OPM"])
        self.assertEqual(request("GET", API + "/categories/%s/open311-attributes" % cat["id"],
                                 cred=ENV["KEY_A"]).json, r.json)
        f = self.base_fields(cat)
        for bad, name in (({}, "attribute[SOORT]"), ({"attribute[SOORT]": "hout"}, "attribute[SOORT]"),
                          ({"attribute[SOORT]": "glas", "attribute[AANTAL]": "veel"}, "attribute[AANTAL]"),
                          ({"attribute[SOORT]": "glas", "attribute[ONBEKEND]": "x"}, "attribute[ONBEKEND]"),
                          ({"attribute[SOORT]": "glas", "attribute[OPM]": "twee\nregels"}, "attribute[OPM]")):
            for fmt in ("json", "xml"):
                d = self.errors(self.post(form(dict(f, **bad)), fmt=fmt), 400)
                self.assertTrue(any(x.startswith(name) for x in d), (bad, d))
        r = self.post(form(dict(f, **{"attribute[SOORT]": "glas", "attribute[AANTAL]": "3"})))
        self.assertStatus(r, 201)
        # a service without attributes ignores them
        plain = self.make_category()
        r = self.post(form(self.base_fields(plain, **{"attribute[WAT]": "x", "attribute[Y][]": "z"})))
        self.assertStatus(r, 201)
        # definitions are checked too (staff API: problem+json)
        for bad in ({"attributes": [{"code": "a b", "datatype": "string", "description": "x"}]},
                    {"attributes": [{"code": "L", "datatype": "singlevaluelist", "description": "x"}]},
                    {"attributes": [{"code": "N", "datatype": "number", "description": "x",
                                     "values": [{"key": "1", "name": "een"}]}]},
                    {"attributes": [{"code": "D", "datatype": "string", "description": "x"},
                                    {"code": "D", "datatype": "text", "description": "y"}]},
                    {"attributes": [{"code": "T", "datatype": "colour", "description": "x"}]}):
            self.assertProblem(request("PUT", API + "/categories/%s/open311-attributes" % cat["id"], bad,
                                       cred=ENV["TOKEN_A"]), 422)
        self.assertProblem(request("PUT", API + "/categories/%s/open311-attributes" % cat["id"],
                                   {"attributes": []}, cred=ENV["TOKEN_B"]), 404)

    def test_filing_emits_case_received(self):
        cat = self.make_category()
        sub = RedisSubscriber("koers.casedesk.*")
        try:
            r = self.post(form(self.base_fields(cat)))
            self.assertStatus(r, 201)
            ref = r.json[0]["service_request_id"]
            got = sub.collect(lambda env: env.get("type") == "case.received" and ref in json.dumps(env), 1, 10)
            self.assertEqual(len(got), 1)
            for v in ("fatima", "Kapotte"):
                self.assertNotIn(v, got[0][1])
        finally:
            sub.close()
