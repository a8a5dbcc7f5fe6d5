"""Brainstorm sessions: ideas and candidate values are collected, tagged and
voted on; a candidate value is promoted into the core-value catalogue once,
and the promotion is published as brainstorm.value.promoted."""

from koers_bb import ENV, RedisSubscriber, request, uniq
from .surveys_bb import SAPI, SurveysCase, skip_unless_surveys


@skip_unless_surveys
class BrainstormTest(SurveysCase):
    def session(self):
        r = request("POST", SAPI + "/brainstorm-sessions",
                    {"title": uniq("Sessie"), "heldOn": "2026-11-20", "groupName": "Werkgroep Klant",
                     "facilitator": "Fatima El Amrani"}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        self.assertEqual(r.json["heldOn"], "2026-11-20")
        return r.json

    def add(self, sid, kind, text, tags=()):
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items" % sid,
                    {"kind": kind, "text": text, "tags": list(tags)}, cred=ENV["STOKEN_A"])
        self.assertStatus(r, 201)
        return r.json

    def test_collect_vote_promote(self):
        s = self.session()
        idea = self.add(s["id"], "idea", "Spreekuur in de wijk", ["bereikbaarheid"])
        name = uniq("Gelijkwaardig")
        value = self.add(s["id"], "value", name, ["houding", "burger"])
        self.assertEqual(value["tags"], ["houding", "burger"])
        for expected in (1, 2):
            r = request("POST", SAPI + "/brainstorm-sessions/%s/items/%s/votes" % (s["id"], value["id"]),
                        cred=ENV["STOKEN_A"])
            self.assertIn(r.status, (200, 201), repr(r))
            self.assertEqual(r.json["votes"], expected)

        r = request("GET", SAPI + "/brainstorm-sessions/" + s["id"], cred=ENV["STOKEN_A"])
        self.assertStatus(r, 200)
        self.assertEqual({i["id"] for i in r.json["items"]}, {idea["id"], value["id"]})

        sub = RedisSubscriber("koers.surveys.*")
        try:
            r = request("POST", SAPI + "/brainstorm-sessions/%s/items/%s/promote" % (s["id"], value["id"]),
                        cred=ENV["STOKEN_A"])
            self.assertStatus(r, 201)
            self.assertTrue(r.json["coreValueId"])
            got = sub.collect(lambda e: e["type"] == "brainstorm.value.promoted"
                              and e["tenant"] == ENV["TENANT_A"], 1)
        finally:
            sub.close()
        self.assertEqual(len(got), 1, "no brainstorm.value.promoted event")
        self.assertEqual(got[0][0], "koers.surveys.brainstorm.value.promoted")

        values = request("GET", SAPI + "/core-values?limit=100", cred=ENV["STOKEN_A"])
        self.assertStatus(values, 200)
        self.assertIn(name, [v["name"] for v in values.json["items"]])

        # once only; ideas are not values
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items/%s/promote" % (s["id"], value["id"]),
                    cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items/%s/promote" % (s["id"], idea["id"]),
                    cred=ENV["STOKEN_A"])
        self.assertProblem(r, 409)

    def test_bad_item_and_other_tenant(self):
        s = self.session()
        r = request("POST", SAPI + "/brainstorm-sessions/%s/items" % s["id"],
                    {"kind": "wish", "text": ""}, cred=ENV["STOKEN_A"])
        self.assertProblem(r, 422)
        names = {p["name"] for p in r.json.get("invalidParams", [])}
        self.assertTrue({"kind", "text"} <= names, names)
        r = request("GET", SAPI + "/brainstorm-sessions/" + s["id"], cred=ENV["STOKEN_B"])
        self.assertProblem(r, 404)
