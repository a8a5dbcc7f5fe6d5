"""(E) Open311 GeoReport v2 under /casedesk/v1/open311/v2/: an Open311
client lists the services, files a request form-encoded with its api_key,
reads it back by id and in filtered lists; the answers never hold the
citizen; faults are problem+json."""

import re
import urllib.parse
import uuid

from koers_bb import API, ENV, KoersCase, request, uniq

BASE = API + "/open311/v2"
REFERENCE = re.compile(r"^BV-\d{4}-\d{6}$")
CITIZEN = {"first_name": "Fatima", "last_name": "El Amrani", "email": "fatima.elamrani@voorbeeld.example",
           "phone": "+31 6 98765432"}


def form(fields):
    return urllib.parse.urlencode(fields).encode()


class Open311Test(KoersCase):
    def post_form(self, fields, headers=None, query=""):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return request("POST", BASE + "/requests.json" + query, raw=form(fields), headers=h)

    def get(self, path, key=None):
        sep = "&" if "?" in path else "?"
        return request("GET", BASE + path + (sep + "api_key=" + urllib.parse.quote(key) if key else ""))

    def assertNoCitizen(self, r):
        text = r.raw.decode()
        for v in CITIZEN.values():
            self.assertNotIn(v, text, "citizen data in the answer: %s" % text)

    def test_client_flow(self):
        cat = self.make_category()
        key = ENV["KEY_A"]

        # discovery
        r = self.get("/services.json", key)
        self.assertStatus(r, 200)
        mine = [s for s in r.json if s["service_code"] == cat["id"]]
        self.assertEqual(mine, [{"service_code": cat["id"], "service_name": cat["name"], "description": cat["name"],
                                 "metadata": False, "type": "realtime", "keywords": "", "group": ""}])
        r = self.get("/services/%s.json" % cat["id"], key)
        self.assertStatus(r, 200)
        self.assertEqual(r.json, {"service_code": cat["id"], "attributes": []})

        # a request, form-encoded, api_key in the form
        fields = {"api_key": key, "service_code": cat["id"], "description": "Lantaarnpaal brandt niet " + uniq(),
                  "lat": "52.0907", "long": "5.1214", "address_string": "Domplein 9, Utrecht",
                  "device_id": "toestel-1", "media_url": "https://voorbeeld.example/foto.jpg"}
        fields.update(CITIZEN)
        r = self.post_form(fields)
        self.assertStatus(r, 201)
        self.assertNoCitizen(r)
        self.assertEqual(len(r.json), 1)
        made = r.json[0]
        self.assertEqual(set(made), {"service_request_id", "service_notice", "account_id", "token"})
        ref = made["service_request_id"]
        self.assertRegex(ref, REFERENCE)
        self.assertIsNone(made["account_id"])
        self.assertTrue(made["token"])
        self.assertTrue((r.header("location") or "").endswith(BASE + "/requests/%s.json" % ref))

        # by id
        r = self.get("/requests/%s.json" % ref, key)
        self.assertStatus(r, 200)
        self.assertNoCitizen(r)
        self.assertEqual(len(r.json), 1)
        got = r.json[0]
        self.assertEqual(got["service_request_id"], ref)
        self.assertEqual(got["status"], "open")
        self.assertEqual(got["service_code"], cat["id"])
        self.assertEqual(got["service_name"], cat["name"])
        self.assertEqual(got["description"], fields["description"])
        self.assertEqual(got["address"], "Domplein 9, Utrecht")
        self.assertAlmostEqual(got["lat"], 52.0907, places=6)
        self.assertAlmostEqual(got["long"], 5.1214, places=6)
        for k in ("requested_datetime", "updated_datetime", "expected_datetime"):
            self.assertRegex(got[k], r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")

        # the case behind it: channel app, the citizen from the form
        cases, _ = self.walk(API + "/cases?categoryId=%s" % cat["id"], ENV["TOKEN_A"])
        case = [c for c in cases if c["reference"] == ref][0]
        self.assertEqual(case["channel"], "app")
        self.assertEqual(case["citizen"]["name"], "Fatima El Amrani")
        self.assertEqual(case["citizen"]["email"], CITIZEN["email"])
        self.assertEqual(case["citizen"]["phone"], CITIZEN["phone"])

        # JSON, the key in X-API-Key, address only
        r = request("POST", BASE + "/requests.json",
                    {"service_code": cat["id"], "description": "Zwerfvuil", "address_string": "Neude 1",
                     "email": CITIZEN["email"]}, headers={"X-API-Key": key})
        self.assertStatus(r, 201)
        ref2 = r.json[0]["service_request_id"]

        # form-encoded with the api_key in the query string
        r = self.post_form({"service_code": cat["id"], "description": "Scheve paal", "lat": "52.1", "long": "5.1",
                            "phone": CITIZEN["phone"]}, query="?api_key=" + urllib.parse.quote(key))
        self.assertStatus(r, 201)
        ref3 = r.json[0]["service_request_id"]

        # lists with filters
        r = self.get("/requests.json?service_code=%s" % cat["id"], key)
        self.assertStatus(r, 200)
        self.assertNoCitizen(r)
        self.assertEqual({x["service_request_id"] for x in r.json}, {ref, ref2, ref3})
        r = self.get("/requests.json?service_code=%s&status=closed" % cat["id"], key)
        self.assertEqual(r.json, [])
        r = self.get("/requests.json?service_request_id=%s,%s" % (ref, ref2), key)
        self.assertEqual(sorted(x["service_request_id"] for x in r.json), sorted([ref, ref2]))
        r = self.get("/requests.json?service_code=%s&start_date=2000-01-01T00:00:00Z&end_date=2000-12-31T00:00:00Z"
                     % cat["id"], key)
        self.assertEqual(r.json, [])
        # the usual Authorization header works as well
        r = request("GET", BASE + "/requests/%s.json" % ref2, cred=key)
        self.assertStatus(r, 200)
        self.assertEqual(r.json[0]["status"], "open")

        # closed once resolved, with the explanation as status notes
        officer = self.make_officer()
        cid = case["id"]
        request("PUT", API + "/cases/%s/assignment" % cid, {"officerId": officer["id"]}, cred=ENV["TOKEN_A"])
        why = "De lamp is vervangen door een nieuwe LED-armatuur."
        for body in ({"to": "in_progress"}, {"to": "resolved", "outcome": "agreed", "explanation": why}):
            self.assertStatus(request("POST", API + "/cases/%s/transitions" % cid, body, cred=ENV["TOKEN_A"]), 200)
        r = self.get("/requests.json?service_code=%s&status=closed" % cat["id"], key)
        self.assertEqual([x["service_request_id"] for x in r.json], [ref])
        self.assertEqual(r.json[0]["status_notes"], why)

        # another tenant does not see it
        self.assertProblem(self.get("/requests/%s.json" % ref, ENV["KEY_B"]), 404)

    def test_faults(self):
        cat = self.make_category()
        key = ENV["KEY_A"]
        base = {"api_key": key, "service_code": cat["id"], "description": "Kapotte bank", "lat": "52.1",
                "long": "5.1", "email": CITIZEN["email"]}
        # no key at all: 401; a wrong one: 401
        doc = self.assertProblem(self.post_form({k: v for k, v in base.items() if k != "api_key"}), 401)
        self.assertProblem(self.post_form(dict(base, api_key="kk_" + "x" * 43)), 401)
        self.assertProblem(self.get("/services.json"), 401)
        self.assertProblem(self.get("/requests.json"), 401)
        self.assertTrue(doc["detail"])
        # the service code: unknown and malformed
        for code in (str(uuid.uuid4()), "lantaarnpaal", ""):
            doc = self.assertProblem(self.post_form(dict(base, service_code=code)), 422)
            self.assertInvalidParam(doc, "service_code")
        # the other fields, named as Open311 names them
        for fields, name in (({"email": ""}, "email"), ({"lat": "noord"}, "lat"), ({"long": ""}, "long"),
                             ({"lat": "", "long": ""}, "lat"), ({"description": ""}, "description"),
                             ({"email": "geen-adres"}, "email"), ({"lat": "95"}, "lat"),
                             ({"colour": "red"}, "colour")):
            doc = self.assertProblem(self.post_form(dict(base, **fields)), 422)
            self.assertInvalidParam(doc, name)
        # no coordinates: the address joins the description; together too long
        # names the address (the description alone is within its limit)
        no_coords = {k: v for k, v in base.items() if k not in ("lat", "long")}
        doc = self.assertProblem(self.post_form(dict(no_coords, description="d" * 4995,
                                                     address_string="Dorpsstraat 1")), 422)
        self.assertInvalidParam(doc, "address_string")
        r = self.post_form(dict(no_coords, description="d" * 4900, address_string="Dorpsstraat 1"))
        self.assertEqual(r.status, 201, r)
        # a form field twice, a broken escape: 400
        raw = form(base) + b"&email=x%40y.example"
        doc = self.assertProblem(request("POST", BASE + "/requests.json", raw=raw,
                                         headers={"Content-Type": "application/x-www-form-urlencoded"}), 400)
        self.assertInvalidParam(doc, "email")
        self.assertProblem(request("POST", BASE + "/requests.json", raw=form(base) + b"&x=%zz",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}), 400)
        self.assertProblem(request("POST", BASE + "/requests.json", raw=b"<xml/>",
                                   headers={"Content-Type": "text/xml"}), 415)
        # paths: another suffix, unknown ids, bad filters
        self.assertProblem(self.get("/services/%s.xml" % cat["id"], key), 404)
        self.assertProblem(self.get("/services/%s" % cat["id"], key), 404)
        self.assertProblem(self.get("/services/%s.json" % uuid.uuid4(), key), 404)
        self.assertProblem(self.get("/services/nope.json", key), 404)
        self.assertProblem(self.get("/requests/BV-1999-000001.json", key), 404)
        self.assertProblem(self.get("/requests.xml", key), 404)
        for q, name in (("status=pending", "status"), ("service_code=abc", "service_code"),
                        ("start_date=gisteren", "start_date"), ("colour=red", "colour")):
            doc = self.assertProblem(self.get("/requests.json?" + q, key), 400)
            self.assertInvalidParam(doc, name)
        self.assertProblem(request("DELETE", BASE + "/requests.json", cred=key), 405)
