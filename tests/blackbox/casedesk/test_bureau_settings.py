"""Issue 3 (A): the tenant's settings, its calendar of days off, and the
categories' SLA terms (firstContactDays, slaUnit, processOwnerId)."""

import datetime
import uuid

from koers_bb import API, ENV, KoersCase, request, uniq

DEFAULTS = {
    "goodFriday": False,
    "liberationDay": "lustrum",
    "closingDays": [],
    "slaWarningHours": 24,
    "referralAcknowledgeDays": 1,
    "referralAnswerDays": 5,
    "referralReminderHours": 8,
    "escalationLadder": ["team_manager", "process_owner"],
    "escalationIntervalDays": 2,
    "reopenSatisfactionMax": 2,
    "reopenOnNotEqual": True,
    "retentionDays": 730,
}

HOLIDAYS_2026 = [
    {"date": "2026-01-01", "name": "New Year's Day"},
    {"date": "2026-04-06", "name": "Easter Monday"},
    {"date": "2026-04-27", "name": "King's Day"},
    {"date": "2026-05-14", "name": "Ascension Day"},
    {"date": "2026-05-25", "name": "Whit Monday"},
    {"date": "2026-12-25", "name": "Christmas Day"},
    {"date": "2026-12-26", "name": "Boxing Day"},
]


def settings_body(doc):
    """The writable members of a settings document."""
    return {k: doc[k] for k in DEFAULTS}


class SettingsTest(KoersCase):
    @classmethod
    def setUpClass(cls):
        # the tests change tenant A's (and B's) settings; other test files
        # share the tenants, so the settings found are put back afterwards
        cls.saved = {}
        for tok in ("TOKEN_A", "TOKEN_B"):
            r = request("GET", API + "/settings", cred=ENV[tok])
            assert r.status == 200, r
            cls.saved[tok] = settings_body(r.json)

    @classmethod
    def tearDownClass(cls):
        for tok, body in cls.saved.items():
            r = request("PUT", API + "/settings", body, cred=ENV[tok])
            assert r.status == 200, r

    def put(self, body, token=None, headers=None):
        return request("PUT", API + "/settings", body, cred=token or ENV["TOKEN_A"], headers=headers)

    def get(self, token=None):
        r = request("GET", API + "/settings", cred=token or ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        return r

    # ---- settings ------------------------------------------------------------
    def test_empty_document_gives_the_defaults(self):
        self.ok(self.put(dict(DEFAULTS, goodFriday=True, retentionDays=100)))
        r = self.put({})
        self.assertStatus(r, 200)
        doc = r.json
        self.assertEqual(settings_body(doc), DEFAULTS)
        self.assertIsInstance(doc["version"], int)
        self.assertTrue(doc["updatedAt"].endswith("Z"), doc)
        self.assertEqual(r.header("etag"), '"%d"' % doc["version"])
        self.assertCommonHeaders(r)
        # absent members take their defaults, not the values stored before
        self.ok(self.put({"goodFriday": True, "retentionDays": 100}))
        doc = self.ok(self.put({"slaWarningHours": 48}))
        self.assertEqual(settings_body(doc), dict(DEFAULTS, slaWarningHours=48))

    def test_full_document_round_trip(self):
        body = {
            "goodFriday": True,
            "liberationDay": "every_year",
            "closingDays": ["2026-12-31", "2026-12-24", "2026-12-31", "2027-01-02"],
            "slaWarningHours": 720,
            "referralAcknowledgeDays": 60,
            "referralAnswerDays": 120,
            "referralReminderHours": 1,
            "escalationLadder": ["process_owner"],
            "escalationIntervalDays": 60,
            "reopenSatisfactionMax": 0,
            "reopenOnNotEqual": False,
            "retentionDays": 3650,
        }
        before = self.get().json["version"]
        r = self.put(body)
        self.assertStatus(r, 200)
        doc = r.json
        # closing days come back in order, each once
        self.assertEqual(doc["closingDays"], ["2026-12-24", "2026-12-31", "2027-01-02"])
        self.assertEqual(settings_body(doc), dict(body, closingDays=doc["closingDays"]))
        self.assertEqual(doc["version"], before + 1)
        g = self.get()
        self.assertEqual(g.json, doc)
        self.assertEqual(g.header("etag"), '"%d"' % doc["version"])
        # an empty ladder: no escalation above the addressee
        doc = self.ok(self.put(dict(body, escalationLadder=[])))
        self.assertEqual(doc["escalationLadder"], [])
        doc = self.ok(self.put(dict(body, escalationLadder=["process_owner", "team_manager"])))
        self.assertEqual(doc["escalationLadder"], ["process_owner", "team_manager"])
        # a document read can be sent back as it is (version, updatedAt ignored)
        back = self.get().json
        doc = self.ok(self.put(back))
        self.assertEqual(settings_body(doc), settings_body(back))
        self.assertEqual(doc["version"], back["version"] + 1)

    def test_if_match(self):
        cur = self.get().json
        v = cur["version"]
        r = self.put(dict(DEFAULTS, slaWarningHours=10), headers={"If-Match": '"%d"' % (v + 7)})
        doc = self.assertProblem(r, 412)
        self.assertEqual(self.get().json["version"], v)  # nothing written
        r = self.put(dict(DEFAULTS, slaWarningHours=10), headers={"If-Match": '"%d"' % v})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["version"], v + 1)
        self.assertEqual(r.json["slaWarningHours"], 10)
        self.assertEqual(r.header("etag"), '"%d"' % (v + 1))
        # the same If-Match again is stale now
        r = self.put(dict(DEFAULTS, slaWarningHours=11), headers={"If-Match": '"%d"' % v})
        self.assertProblem(r, 412)
        self.assertEqual(self.get().json["slaWarningHours"], 10)
        r = self.put(DEFAULTS, headers={"If-Match": "not-a-version"})
        self.assertProblem(r, 400)
        self.assertTrue(doc["detail"])

    def test_validation_names_each_member(self):
        before = self.get().json
        cases = [
            ({"slaWarningHours": 0}, "slaWarningHours"),
            ({"slaWarningHours": 721}, "slaWarningHours"),
            ({"referralAcknowledgeDays": 61}, "referralAcknowledgeDays"),
            ({"referralAnswerDays": 0}, "referralAnswerDays"),
            ({"referralAnswerDays": 121}, "referralAnswerDays"),
            ({"referralReminderHours": 721}, "referralReminderHours"),
            ({"escalationIntervalDays": 0}, "escalationIntervalDays"),
            ({"reopenSatisfactionMax": 6}, "reopenSatisfactionMax"),
            ({"reopenSatisfactionMax": -1}, "reopenSatisfactionMax"),
            ({"retentionDays": 29}, "retentionDays"),
            ({"retentionDays": 3651}, "retentionDays"),
            ({"liberationDay": "sometimes"}, "liberationDay"),
            ({"goodFriday": "yes"}, "goodFriday"),
            ({"reopenOnNotEqual": None}, "reopenOnNotEqual"),
            ({"slaWarningHours": "24"}, "slaWarningHours"),
            ({"closingDays": ["2026-02-30"]}, "closingDays[0]"),
            ({"closingDays": ["2026-12-24", "24-12-2026"]}, "closingDays[1]"),
            ({"closingDays": "2026-12-24"}, "closingDays"),
            ({"closingDays": ["2026-01-01"] * 367}, "closingDays"),
            ({"escalationLadder": ["ceo"]}, "escalationLadder[0]"),
            ({"escalationLadder": ["team_manager", "team_manager"]}, "escalationLadder[1]"),
            ({"escalationLadder": ["team_manager", "process_owner", "team_manager"]},
             "escalationLadder"),
            ({"holidays": []}, "holidays"),
        ]
        for body, name in cases:
            r = self.put(body)
            doc = self.assertProblem(r, 422)
            self.assertInvalidParam(doc, name)
        # several faults at once are all named
        doc = self.assertProblem(self.put({"slaWarningHours": 0, "retentionDays": 1}), 422)
        self.assertInvalidParam(doc, "slaWarningHours")
        self.assertInvalidParam(doc, "retentionDays")
        # not a JSON object, not JSON
        self.assertProblem(self.put([1, 2]), 400)
        r = request("PUT", API + "/settings", raw=b"{nope", cred=ENV["TOKEN_A"],
                    headers={"Content-Type": "application/json"})
        self.assertProblem(r, 400)
        r = request("PUT", API + "/settings", raw=b"{}", cred=ENV["TOKEN_A"],
                    headers={"Content-Type": "text/plain"})
        self.assertProblem(r, 415)
        # 366 closing days are fine
        first = datetime.date(2027, 1, 1)
        many = [(first + datetime.timedelta(days=i)).isoformat() for i in range(366)]
        after = self.ok(self.put({"closingDays": many}))
        self.assertEqual(len(after["closingDays"]), 366)
        self.assertEqual(after["version"], before["version"] + 1)  # the failures wrote nothing

    def test_only_coordinators(self):
        for cred in (ENV["TOKEN_A_OFFICER"], ENV["KEY_A"], ENV["TOKEN_A_OFFICIAL"]):
            self.assertProblem(request("GET", API + "/settings", cred=cred), 403)
            self.assertProblem(self.put(DEFAULTS, token=cred), 403)
        self.assertProblem(request("GET", API + "/settings"), 401)
        self.assertProblem(request("PUT", API + "/settings", DEFAULTS), 401)
        # admin may
        self.assertStatus(request("GET", API + "/settings", cred=ENV["TOKEN_A_ADMIN"]), 200)

    def test_tenants_have_their_own_settings(self):
        self.ok(self.put(dict(DEFAULTS, retentionDays=31, closingDays=["2026-06-01"])))
        doc_b = self.ok(self.put(dict(DEFAULTS, retentionDays=3000), token=ENV["TOKEN_B"]))
        self.assertEqual(doc_b["retentionDays"], 3000)
        self.assertEqual(self.get().json["retentionDays"], 31)
        self.assertEqual(self.get(ENV["TOKEN_B"]).json["closingDays"], [])
        r = request("GET", API + "/calendar?from=2026-06-01&to=2026-06-01", cred=ENV["TOKEN_B"])
        self.assertEqual(self.ok(r)["items"], [])
        r = request("GET", API + "/calendar?from=2026-06-01&to=2026-06-01", cred=ENV["TOKEN_A"])
        self.assertEqual(self.ok(r)["items"], [{"date": "2026-06-01", "name": "closing day"}])

    # ---- calendar ------------------------------------------------------------
    def calendar(self, query, cred=None):
        return request("GET", API + "/calendar" + query, cred=cred or ENV["TOKEN_A"])

    def test_calendar_2026(self):
        self.ok(self.put(DEFAULTS))
        r = self.calendar("?from=2026-01-01&to=2026-12-31")
        doc = self.ok(r)
        self.assertEqual(doc["from"], "2026-01-01")
        self.assertEqual(doc["to"], "2026-12-31")
        self.assertEqual(doc["items"], HOLIDAYS_2026)
        # Good Friday when chosen, Liberation Day every year, a closing day
        self.ok(self.put(dict(DEFAULTS, goodFriday=True, liberationDay="every_year",
                              closingDays=["2026-12-24", "2027-01-04"])))
        doc = self.ok(self.calendar("?from=2026-01-01&to=2026-12-31"))
        want = sorted(HOLIDAYS_2026 + [
            {"date": "2026-04-03", "name": "Good Friday"},
            {"date": "2026-05-05", "name": "Liberation Day"},
            {"date": "2026-12-24", "name": "closing day"},
        ], key=lambda d: d["date"])
        self.assertEqual(doc["items"], want)
        # a narrow range, both ends included
        doc = self.ok(self.calendar("?from=2026-12-24&to=2026-12-25"))
        self.assertEqual([d["date"] for d in doc["items"]], ["2026-12-24", "2026-12-25"])
        # lustrum: 2025 and 2030 yes, 2026 no; never: none
        self.ok(self.put(dict(DEFAULTS, liberationDay="lustrum")))
        for year, has in ((2025, True), (2026, False), (2030, True)):
            doc = self.ok(self.calendar("?from=%d-05-05&to=%d-05-05" % (year, year)))
            self.assertEqual(len(doc["items"]) == 1, has, (year, doc))
        self.ok(self.put(dict(DEFAULTS, liberationDay="never")))
        self.assertEqual(self.ok(self.calendar("?from=2025-05-05&to=2025-05-05"))["items"], [])
        # King's Day on a Sunday moves to the Saturday
        doc = self.ok(self.calendar("?from=2025-04-20&to=2025-04-30"))
        self.assertEqual(doc["items"], [{"date": "2025-04-21", "name": "Easter Monday"},
                                        {"date": "2025-04-26", "name": "King's Day"}])

    def test_calendar_range_rules(self):
        self.ok(self.put(DEFAULTS))
        doc = self.ok(self.calendar(""))
        # the current year (in Amsterdam, UTC+1 or +2) by default
        now = datetime.datetime.now(datetime.timezone.utc)
        years = {(now + datetime.timedelta(hours=h)).year for h in (1, 2)}
        self.assertIn((doc["from"], doc["to"]), [("%d-01-01" % y, "%d-12-31" % y) for y in years])
        self.assertTrue(any(d["name"] == "Christmas Day" for d in doc["items"]))
        doc = self.ok(self.calendar("?from=2027-03-01"))  # to: the end of from's year
        self.assertEqual(doc["to"], "2027-12-31")
        self.assertEqual(doc["items"][0], {"date": "2027-03-29", "name": "Easter Monday"})
        # three years at most: 2026-01-01 .. 2028-12-31 is 1096 days
        doc = self.ok(self.calendar("?from=2026-01-01&to=2028-12-31"))
        self.assertEqual(doc["items"][-1], {"date": "2028-12-26", "name": "Boxing Day"})
        for query, name in (("?from=2026-01-01&to=2029-01-01", "to"),
                            ("?from=2026-02-01&to=2026-01-31", "to"),
                            ("?from=2026-13-01&to=2026-12-31", "from"),
                            ("?from=2026-01-01&to=tomorrow", "to"),
                            ("?from=2026-01-01&until=2026-02-01", "until")):
            doc = self.assertProblem(self.calendar(query), 400)
            self.assertInvalidParam(doc, name)

    def test_calendar_readers(self):
        for cred in (ENV["TOKEN_A_OFFICER"], ENV["KEY_A"], ENV["TOKEN_A_ADMIN"]):
            self.assertStatus(self.calendar("?from=2026-01-01&to=2026-01-31", cred), 200)
        self.assertProblem(self.calendar("?from=2026-01-01&to=2026-01-31",
                                         ENV["TOKEN_A_OFFICIAL"]), 403)
        self.assertProblem(request("GET", API + "/calendar"), 401)


class CategorySlaTest(KoersCase):
    def make_official(self, token):
        r = request("POST", API + "/officials",
                    {"name": uniq("Ambtenaar"), "email": uniq("amb") + "@gemeente.example"},
                    cred=token)
        self.assertStatus(r, 201)
        return r.json

    def test_defaults(self):
        cat = self.make_category()
        self.assertEqual(cat["firstContactDays"], 2)
        self.assertEqual(cat["slaUnit"], "working_days")
        self.assertIsNone(cat["processOwnerId"])
        self.assertEqual(cat["slaDays"], 7)
        got = self.ok(request("GET", API + "/categories/" + cat["id"], cred=ENV["TOKEN_A"]))
        self.assertEqual(got, cat)
        items, _ = self.walk(API + "/categories", ENV["TOKEN_A"])
        listed = [c for c in items if c["id"] == cat["id"]]
        self.assertEqual(listed, [cat])

    def test_terms_set_and_changed(self):
        cat = self.make_category(firstContactDays=365, slaUnit="calendar_days", slaDays=30)
        self.assertEqual((cat["firstContactDays"], cat["slaUnit"], cat["slaDays"]),
                         (365, "calendar_days", 30))
        r = request("PATCH", API + "/categories/" + cat["id"],
                    {"firstContactDays": 1, "slaUnit": "working_days"}, cred=ENV["TOKEN_A"])
        doc = self.ok(r)
        self.assertEqual((doc["firstContactDays"], doc["slaUnit"], doc["slaDays"]),
                         (1, "working_days", 30))
        self.assertEqual(doc["name"], cat["name"])
        # a PATCH of another member leaves the terms
        doc = self.ok(request("PATCH", API + "/categories/" + cat["id"], {"name": uniq("Nieuw")},
                              cred=ENV["TOKEN_A"]))
        self.assertEqual((doc["firstContactDays"], doc["slaUnit"]), (1, "working_days"))

    def test_validation(self):
        cat = self.make_category()
        for body, name in (({"firstContactDays": 0}, "firstContactDays"),
                           ({"firstContactDays": 366}, "firstContactDays"),
                           ({"firstContactDays": "2"}, "firstContactDays"),
                           ({"slaUnit": "hours"}, "slaUnit"),
                           ({"slaUnit": None}, "slaUnit"),
                           ({"processOwnerId": "not-a-uuid"}, "processOwnerId"),
                           ({"processOwnerId": str(uuid.uuid4())}, "processOwnerId")):
            r = request("POST", API + "/categories", dict({"name": uniq("C")}, **body),
                        cred=ENV["TOKEN_A"])
            self.assertInvalidParam(self.assertProblem(r, 422), name)
            r = request("PATCH", API + "/categories/" + cat["id"], body, cred=ENV["TOKEN_A"])
            self.assertInvalidParam(self.assertProblem(r, 422), name)
        got = self.ok(request("GET", API + "/categories/" + cat["id"], cred=ENV["TOKEN_A"]))
        self.assertEqual(got, cat)

    def test_process_owner(self):
        owner = self.make_official(ENV["TOKEN_A"])
        cat = self.make_category(processOwnerId=owner["id"])
        self.assertEqual(cat["processOwnerId"], owner["id"])
        other = self.make_official(ENV["TOKEN_A"])
        doc = self.ok(request("PATCH", API + "/categories/" + cat["id"],
                              {"processOwnerId": other["id"]}, cred=ENV["TOKEN_A"]))
        self.assertEqual(doc["processOwnerId"], other["id"])
        doc = self.ok(request("PATCH", API + "/categories/" + cat["id"], {"processOwnerId": None},
                              cred=ENV["TOKEN_A"]))
        self.assertIsNone(doc["processOwnerId"])
        # another tenant's official is unknown here
        official_b = self.make_official(ENV["TOKEN_B"])
        r = request("PATCH", API + "/categories/" + cat["id"], {"processOwnerId": official_b["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "processOwnerId")
        r = request("POST", API + "/categories", {"name": uniq("C"), "processOwnerId": official_b["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "processOwnerId")
        # an official no longer active cannot become one
        r = request("PATCH", API + "/officials/" + other["id"], {"active": False}, cred=ENV["TOKEN_A"])
        self.assertStatus(r, 200)
        r = request("PATCH", API + "/categories/" + cat["id"], {"processOwnerId": other["id"]},
                    cred=ENV["TOKEN_A"])
        self.assertInvalidParam(self.assertProblem(r, 422), "processOwnerId")

    def test_tenant_isolation(self):
        cat = self.make_category()
        r = request("PATCH", API + "/categories/" + cat["id"], {"firstContactDays": 5},
                    cred=ENV["TOKEN_B"])
        self.assertProblem(r, 404)
        got = self.ok(request("GET", API + "/categories/" + cat["id"], cred=ENV["TOKEN_A"]))
        self.assertEqual(got["firstContactDays"], 2)
