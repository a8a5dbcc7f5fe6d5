"""Issue 14: a GeoReport v2 client that knows only the published standard
(open311_client.py) files, lists and reads requests for two tenants,
through the gateway: XML and JSON, form-encoded and multipart, no api_key
on GET, no contact details on POST, a service with attributes, tokens and
discovery. Every answer validates against the GeoReport v2 schemas; the
citizen's details never show; each tenant sees only its own."""

import urllib.parse

from koers_bb import API, ENV, GATEWAY, KoersCase, request, uniq
from casedesk.open311_client import GeoReportClient, Open311Error

BASE = GATEWAY + API + "/open311/v2"
SECRET = {"first_name": "Fatima", "last_name": "El Amrani", "email": "fatima.elamrani@voorbeeld.example",
          "phone": "+31 6 98765432"}
ATTRIBUTES = [
    {"code": "DIEPTE", "datatype": "number", "required": True, "description": "Hoe diep is het gat (cm)?",
     "order": 2},
    {"code": "SOORT", "datatype": "multivaluelist", "description": "Welke bakken?", "order": 1,
     "values": [{"key": "glas", "name": "Glasbak"}, {"key": "papier", "name": "Papierbak & karton"}]},
    {"code": "WANNEER", "datatype": "datetime", "description": "Sinds wanneer?", "order": 3},
    {"code": "UITLEG", "datatype": "text", "variable": False, "description": "Foto's kunt u later sturen.",
     "order": 4},
]


def set_open311(token, jurisdiction, public=True):
    """Puts a tenant's Open311 settings (the rest of its settings kept)."""
    doc = request("GET", API + "/settings", cred=token).json
    body = {k: v for k, v in doc.items() if k not in ("version", "updatedAt")}
    body.update(open311JurisdictionId=jurisdiction, open311PublicReads=public)
    r = request("PUT", API + "/settings", body, cred=token)
    assert r.status == 200, r
    return r.json


class Open311Tenants(KoersCase):
    """Both tenants get a jurisdiction of their own for the class."""

    @classmethod
    def setUpClass(cls):
        cls.jur = {"A": uniq("a") + ".gemeente.example", "B": uniq("b") + ".gemeente.example"}
        set_open311(ENV["TOKEN_A"], cls.jur["A"])
        set_open311(ENV["TOKEN_B"], cls.jur["B"])

    def client(self, tenant, fmt="xml", key=None):
        return GeoReportClient(BASE, self.jur[tenant], key, fmt)


class Open311ClientTest(Open311Tenants):
    def file_and_follow(self, tenant, fmt, multipart):
        token = ENV["TOKEN_" + tenant]
        cat = self.make_category(token=token)
        holes = self.make_category(token=token, name=uniq("Gat in de weg"))
        r = request("PUT", API + "/categories/%s/open311-attributes" % holes["id"], {"attributes": ATTRIBUTES},
                    cred=token)
        self.assertStatus(r, 200)
        reader = self.client(tenant, fmt)                          # no api_key on GET
        writer = self.client(tenant, fmt, key=ENV["KEY_" + tenant])

        # discovery, services, their definitions
        disc = reader.discovery()
        self.assertEqual(disc["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2")
        self.assertTrue(disc["endpoints"][0]["url"].endswith("/open311/v2"))
        services = {s["service_code"]: s for s in reader.services()}
        self.assertFalse(services[cat["id"]]["metadata"])
        self.assertTrue(services[holes["id"]]["metadata"])
        self.assertEqual(services[holes["id"]]["service_name"], holes["name"])
        self.assertEqual(reader.service_definition(cat["id"])["attributes"], [])
        attrs = reader.service_definition(holes["id"])["attributes"]
        self.assertEqual([a["code"] for a in attrs], ["SOORT", "DIEPTE", "WANNEER", "UITLEG"])
        self.assertEqual([a["order"] for a in attrs], [1, 2, 3, 4])
        self.assertEqual(attrs[0]["values"], [{"key": "glas", "name": "Glasbak"},
                                              {"key": "papier", "name": "Papierbak & karton"}])
        self.assertTrue(attrs[1]["required"])
        self.assertFalse(attrs[3]["variable"])

        # an anonymous report: no e-mail, no name, no phone
        text = "Lantaarnpaal <brandt> niet & knippert " + uniq()
        made = writer.post_request({"service_code": cat["id"], "description": text, "lat": "52.0907",
                                    "long": "5.1214", "address_string": "Domplein 9, Utrecht"},
                                   multipart=multipart)
        self.assertEqual(len(made), 1)
        self.assertNotIn("account_id", made[0])
        ref, tok = made[0]["service_request_id"], made[0]["token"]
        self.assertTrue(ref and tok)
        # with the citizen and the attributes
        made2 = writer.post_request(dict(SECRET, service_code=holes["id"], description="Gat in het fietspad",
                                         address_string="Neude 1"),
                                    attributes={"DIEPTE": "12.5", "SOORT": ["glas", "papier"],
                                                "WANNEER": "2026-03-01T08:15:00+01:00"},
                                    multipart=multipart)
        ref2 = made2[0]["service_request_id"]

        # read back, without a key
        got = reader.request(ref)
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0]["service_request_id"], ref)
        self.assertEqual(got[0]["status"], "open")
        self.assertEqual(got[0]["service_code"], cat["id"])
        self.assertEqual(got[0]["description"], text)
        self.assertEqual(got[0]["address"], "Domplein 9, Utrecht")
        self.assertAlmostEqual(float(got[0]["lat"]), 52.0907, places=6)
        self.assertEqual(reader.token(tok), [{"service_request_id": ref, "token": tok}])
        listed = reader.requests(service_code="%s,%s" % (cat["id"], holes["id"]))
        self.assertEqual({x["service_request_id"] for x in listed}, {ref, ref2})
        for raw in (writer.last[2], reader.last[2]):
            for v in SECRET.values():
                self.assertNotIn(v.encode(), raw)
        raw = request("GET", BASE.replace(GATEWAY, "") + "/requests.%s?jurisdiction_id=%s&service_request_id=%s"
                      % (fmt, self.jur[tenant], ref2)).raw
        for v in SECRET.values():
            self.assertNotIn(v.encode(), raw)

        # staff see the case: the attributes, the citizen, no contact on the anonymous one
        cases, _ = self.walk(API + "/cases?categoryId=%s" % holes["id"], token)
        case2 = [c for c in cases if c["reference"] == ref2][0]
        self.assertEqual(case2["open311Attributes"], {"DIEPTE": "12.5", "SOORT": ["glas", "papier"],
                                                      "WANNEER": "2026-03-01T08:15:00+01:00"})
        self.assertEqual(case2["citizen"]["email"], SECRET["email"])
        self.assertEqual(case2["channel"], "app")
        cases, _ = self.walk(API + "/cases?categoryId=%s" % cat["id"], token)
        case1 = [c for c in cases if c["reference"] == ref][0]
        self.assertFalse((case1["citizen"] or {}).get("email"))
        self.assertIsNone(case1["open311Attributes"])
        return ref, tok, cat["id"]

    def test_xml_form_and_json_multipart_for_two_tenants(self):
        ref_a, tok_a, cat_a = self.file_and_follow("A", "xml", multipart=False)
        ref_b, tok_b, cat_b = self.file_and_follow("B", "json", multipart=True)
        # each tenant sees only its own (references count per tenant: the
        # same reference may name another case there, never this one)
        for tenant, ref, tok, code in (("A", ref_b, tok_b, cat_b), ("B", ref_a, tok_a, cat_a)):
            for fmt in ("xml", "json"):
                c = self.client(tenant, fmt)
                try:
                    self.assertNotEqual(c.request(ref)[0]["service_code"], code)
                except Open311Error as e:
                    self.assertEqual(e.status, 404)
                with self.assertRaises(Open311Error) as e:
                    c.token(tok)
                self.assertEqual(e.exception.status, 404)
                self.assertEqual(c.requests(service_code=code), [])
                with self.assertRaises(Open311Error) as e:
                    c.service_definition(code)
                self.assertEqual(e.exception.status, 404)

    def test_xml_multipart_and_json_form(self):
        self.file_and_follow("A", "xml", multipart=True)
        self.file_and_follow("A", "json", multipart=False)

    def test_public_reads_switched_off(self):
        set_open311(ENV["TOKEN_B"], self.jur["B"], public=False)
        try:
            for fmt in ("xml", "json"):
                with self.assertRaises(Open311Error) as e:
                    self.client("B", fmt).services()
                self.assertEqual(e.exception.status, 403)
                self.assertTrue(e.exception.errors[0]["description"])
            # with a key that may read, the reads go on
            r = request("GET", API + "/open311/v2/services.json?api_key=" + urllib.parse.quote(ENV["KEY_B"]))
            self.assertStatus(r, 200)
            # tenant A is not affected
            self.client("A", "xml").services()
        finally:
            set_open311(ENV["TOKEN_B"], self.jur["B"], public=True)
