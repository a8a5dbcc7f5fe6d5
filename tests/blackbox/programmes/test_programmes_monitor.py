"""Coaching, lessons and the monitor through the gateway: the coaching log
for a team and for a person (and its rules), lessons of two teams found by
a Dutch full-text search (what the Dutch stemmer really joins), the monitor
of a programme whose proposals, actions and steps were made through the
other parts' endpoints, tenant isolation and bad input."""

import urllib.parse

from koers_bb import ENV, request, uniq
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes


@skip_unless_programmes
class CoachingLessonsMonitor(ProgrammesCase):
    def search(self, q, token=None, **kw):
        query = dict(kw, q=q)
        return request("GET", GAPI + "/lessons/search?" + urllib.parse.urlencode(query),
                       cred=token or ENV["GTOKEN_A"])

    def test_the_coaching_log_for_a_team_and_a_person(self):
        pid = self.make_programme()["id"]
        coach = self.make_person(roleType="external", organisation="IVGI")
        anna = self.make_person(roleType="employee")
        team = self.gpost("/coaching-entries", {
            "programmeId": pid, "heldOn": "2026-09-07", "coachId": coach["id"],
            "team": "Team Vergunningen", "signals": ["Terug naar de regels", "Minder terugbellen"],
            "intervention": "Casus besproken met de kernwaarden ernaast",
            "followUp": "Over twee weken terugkijken", "followUpOn": "2026-09-21"},
            ENV["GTOKEN_A_LEAD"])
        self.assertEqual(team["team"], "Team Vergunningen")
        self.assertIsNone(team["personId"])
        self.assertEqual(team["signals"], ["Terug naar de regels", "Minder terugbellen"])
        self.assertEqual(team["createdBy"], "prog-lead-a")
        person = self.gpost("/coaching-entries", {
            "programmeId": pid, "heldOn": "2026-09-08", "personId": anna["id"],
            "intervention": "Gesprek over eigenaarschap"})
        self.assertEqual((person["personId"], person["team"], person["signals"], person["followUp"]),
                         (anna["id"], None, [], ""))

        # the list filters on the programme, the team and the person
        items, _ = self.walk_all("/coaching-entries?programmeId=" + pid)
        self.assertEqual({i["id"] for i in items}, {team["id"], person["id"]})
        items, _ = self.walk_all("/coaching-entries?personId=" + anna["id"])
        self.assertEqual([i["id"] for i in items], [person["id"]])
        by_team = self.gget("/coaching-entries?team=" + urllib.parse.quote("Team Vergunningen") +
                            "&programmeId=" + pid)["items"]
        self.assertEqual([i["id"] for i in by_team], [team["id"]])
        self.assertEqual(self.gget("/coaching-entries/" + team["id"], ENV["GKEY_A_READ"])["id"], team["id"])

        # a team or a person, not both, not neither
        base = {"programmeId": pid, "heldOn": "2026-09-09", "intervention": "x"}
        for extra in ({}, {"team": "Team A", "personId": anna["id"]}):
            r = request("POST", GAPI + "/coaching-entries", dict(base, **extra), cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 422)
            self.assertEqual({p["name"] for p in r.json["invalidParams"]}, {"team", "personId"})
        # a follow-up before the session, an unknown coach, createdBy sent
        for extra, field in (({"team": "T", "followUpOn": "2026-09-01"}, "followUpOn"),
                             ({"team": "T", "coachId": "00000000-0000-4000-8000-000000000000"}, "coachId"),
                             ({"team": "T", "relapseSignalId": "00000000-0000-4000-8000-000000000000"},
                              "relapseSignalId"),
                             ({"team": "T", "createdBy": "someone"}, "createdBy"),
                             ({"team": "T", "heldOn": "9 september"}, "heldOn")):
            r = request("POST", GAPI + "/coaching-entries", dict(base, **extra), cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 422)
            self.assertIn(field, [p["name"] for p in r.json["invalidParams"]])
        # PATCH: from the team to a person (the team cleared), not both
        r = request("PATCH", GAPI + "/coaching-entries/" + team["id"], {"personId": anna["id"]},
                    cred=ENV["GTOKEN_A"], headers={"If-Match": '"1"'})
        self.assertProblem(r, 422)
        r = request("PATCH", GAPI + "/coaching-entries/" + team["id"], {"personId": anna["id"], "team": None},
                    cred=ENV["GTOKEN_A"], headers={"If-Match": '"1"'})
        self.assertEqual(r.status, 200, repr(r))
        self.assertEqual((r.json["personId"], r.json["team"], r.json["version"]), (anna["id"], None, 2))
        r = request("PATCH", GAPI + "/coaching-entries/" + team["id"], {"programmeId": self.make_programme()["id"]},
                    cred=ENV["GTOKEN_A"])
        self.assertProblem(r, 422)
        # a programme member reads the log but does not write it
        self.gget("/coaching-entries/" + person["id"], ENV["GTOKEN_A_MEMBER"])
        r = request("POST", GAPI + "/coaching-entries", dict(base, team="T"), cred=ENV["GTOKEN_A_MEMBER"])
        self.assertProblem(r, 403)
        # tenant B sees none of it
        self.assertProblem(request("GET", GAPI + "/coaching-entries/" + team["id"], cred=ENV["GTOKEN_B"]), 404)
        self.assertEqual(self.gget("/coaching-entries?programmeId=" + pid, ENV["GTOKEN_B"])["items"], [])
        r = request("DELETE", GAPI + "/coaching-entries/" + person["id"], cred=ENV["GTOKEN_B"])
        self.assertProblem(r, 404)
        self.assertEqual(request("DELETE", GAPI + "/coaching-entries/" + person["id"], cred=ENV["GTOKEN_A"]).status,
                         204)

    def test_lessons_of_two_teams_found_in_dutch(self):
        word = uniq("kw").replace("-", "")  # makes this run's lessons the only ones found
        s = self.checkpoint_setup()
        pid = s["pid"]
        # a working group's member shares a lesson of the programme
        first = self.gpost("/lessons", {
            "programmeId": pid, "team": "Team Burgerzaken", "kind": "lesson",
            "title": "Terugkoppelen aan de burger " + word,
            "body": "Wij koppelen binnen een dag terug; terugkoppelen is een afspraak.",
            "tags": ["dienstverlening"]}, ENV["GTOKEN_A_MEMBER2"])
        self.assertEqual((first["createdBy"], first["kind"]), ("prog-member2-a", "lesson"))
        second = self.gpost("/lessons", {
            "team": "Team Vergunningen", "kind": "norm", "title": "Snelle terugkoppeling " + word,
            "body": "Elke vergadering eindigt met wie wat terugmeldt.", "agreedOn": "2026-09-01"})
        self.gpost("/lessons", {"team": "Team Vergunningen", "kind": "norm",
                                "title": "Vergaderen " + word, "body": "Niet langer dan een uur."})

        # the Dutch stemmer joins terugkoppeling and terugkoppelen (both
        # "terugkoppel"); the lesson that says it three times ranks first
        r = self.search("terugkoppeling " + word)
        self.assertEqual(r.status, 200, repr(r))
        self.assertEqual([i["id"] for i in r.json["items"]], [first["id"], second["id"]])
        self.assertGreater(r.json["items"][0]["rank"], r.json["items"][1]["rank"])
        self.assertEqual(r.json["items"][1]["team"], "Team Vergunningen")
        # ... and a plural and "vergadering"/"vergaderen"
        found = [i["title"] for i in self.search("terugkoppelingen " + word).json["items"]]
        self.assertEqual(len(found), 2)
        found = [i["title"] for i in self.search("vergaderen " + word).json["items"]]
        self.assertEqual(set(found), {"Vergaderen " + word, "Snelle terugkoppeling " + word})
        # it does not split compounds: "koppeling" finds the lesson that says
        # "koppelen", not the one that only says "terugkoppeling"
        self.assertEqual([i["id"] for i in self.search("koppeling " + word).json["items"]], [first["id"]])
        # pages, best first, the same order
        page1 = self.search("terugkoppeling " + word, limit=1)
        self.assertEqual([i["id"] for i in page1.json["items"]], [first["id"]])
        page2 = request("GET", page1.json["_links"]["next"]["href"], cred=ENV["GTOKEN_A"])
        self.assertEqual([i["id"] for i in page2.json["items"]], [second["id"]])
        self.assertNotIn("next", page2.json["_links"])
        # an API key reads the search; tenant B finds none of it
        self.assertEqual(len(self.search("terugkoppeling " + word, ENV["GKEY_A_READ"]).json["items"]), 2)
        self.assertEqual(self.search("terugkoppeling " + word, ENV["GTOKEN_B"]).json["items"], [])

        # the list filters; GET one
        items = self.gget("/lessons?programmeId=" + pid)["items"]
        self.assertEqual([i["id"] for i in items], [first["id"]])
        self.assertEqual(self.gget("/lessons/" + second["id"])["agreedOn"], "2026-09-01")
        self.assertProblem(request("GET", GAPI + "/lessons/" + second["id"], cred=ENV["GTOKEN_B"]), 404)

        # who writes: a member of the programme's groups, not for a lesson
        # without a programme; an employee not at all
        r = request("POST", GAPI + "/lessons", {"team": "T", "kind": "lesson", "title": "x"},
                    cred=ENV["GTOKEN_A_MEMBER2"])
        self.assertProblem(r, 403)
        r = request("PATCH", GAPI + "/lessons/" + first["id"], {"title": "Terugkoppelen " + word},
                    cred=ENV["GTOKEN_A_MEMBER"])  # the project group's chair: a member too
        self.assertEqual(r.status, 200, repr(r))
        r = request("POST", GAPI + "/lessons", {"programmeId": pid, "team": "T", "kind": "lesson", "title": "x"},
                    cred=ENV["GTOKEN_A_EMP1"])
        self.assertProblem(r, 403)

        # bad input: q empty, missing, too long, of no word; a bad cursor; a bad kind
        for query in ("q=", "", "q=" + "a" * 201, "q=%20%3F%21", "q=x&cursor=nonsense", "q=x&limit=0"):
            r = request("GET", GAPI + "/lessons/search?" + query, cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 400)
            self.assertTrue(r.json.get("invalidParams"), repr(r))
        r = request("POST", GAPI + "/lessons", {"team": "T", "kind": "rule", "title": ""}, cred=ENV["GTOKEN_A"])
        self.assertProblem(r, 422)
        self.assertEqual({p["name"] for p in r.json["invalidParams"]}, {"kind", "title"})

    def test_the_monitor_of_a_programme_with_proposals_actions_and_steps(self):
        s = self.checkpoint_setup()
        pid = s["pid"]
        worker = ENV["GTOKEN_A_MEMBER2"]  # in the working group
        # step 1 active, decided (continue) and completed
        step1 = s["steps"][0]["id"]
        self.gpost("/programmes/%s/steps/%s/transitions" % (pid, step1), {"to": "active"}, None, 200)
        self.gpost("/programmes/%s/checkpoints" % pid, {
            "stepId": step1, "question": "Past de aanpak nog?", "decision": "continue",
            "rationale": "Ja", "groupId": s["project"], "presentIds": [s["chair"]]})
        self.gpost("/programmes/%s/steps/%s/transitions" % (pid, step1), {"to": "completed"}, None, 200)
        # proposals: 2 draft, 1 submitted, 2 approved (actions), 1 rejected, 1 returned
        for _ in range(2):
            self.make_proposal(s["block"], worker)
        self.submit_proposal(self.make_proposal(s["block"], worker)["id"], worker)
        actions = []
        for outcome in ("approved", "approved", "rejected", "returned"):
            p = self.make_proposal(s["block"], worker)
            self.submit_proposal(p["id"], worker)
            d = self.decide(p["id"], outcome)
            if d.get("actionId"):
                actions.append(d["actionId"])
        self.assertEqual(len(actions), 2)
        r = request("POST", GAPI + "/actions/%s/transitions" % actions[0], {"to": "in_progress"},
                    cred=ENV["GTOKEN_A"])
        self.assertEqual(r.status, 200, repr(r))

        doc = self.gget("/programmes/%s/monitor" % pid)
        self.assertEqual(doc["programme"]["id"], pid)
        self.assertEqual(doc["programme"]["status"], "running")
        self.assertEqual(doc["proposals"], {"draft": 2, "submitted": 1, "approved": 2, "rejected": 1,
                                            "returned": 1, "split": 0, "merged": 0})
        self.assertEqual(doc["actions"], {"planned": 1, "in_progress": 1, "done": 0, "cancelled": 0})
        approach = self.approach(pid)
        self.assertEqual([ph["id"] for ph in doc["phases"]], [ph["id"] for ph in approach["phases"]])
        self.assertEqual([ph["steps"] for ph in doc["phases"]], [len(ph["steps"]) for ph in approach["phases"]])
        self.assertEqual([ph["completed"] for ph in doc["phases"]], [1] + [0] * (len(approach["phases"]) - 1))
        self.assertEqual(doc["activities"], {"completed": 0, "invited": 0, "attended": 0, "attendanceRate": None})
        self.assertIsNone(doc["manifest"])
        self.assertEqual(doc["goals"], [])
        self.assertEqual(doc["relapseSignals"], 0)
        # the default period: the 90 days up to today
        share = doc["equalPartyShare"]
        self.assertEqual((share["from"], share["to"]), (doc["period"]["from"], doc["period"]["to"]))
        self.assertEqual(share["to"], self.gget("/programmes/%s/monitor?to=%s" % (pid, share["to"]))["period"]["to"])
        # a period given; an API key with programmes:read reads it
        doc = self.gget("/programmes/%s/monitor?from=2026-01-01&to=2026-03-31" % pid, ENV["GKEY_A_READ"])
        self.assertEqual(doc["period"], {"from": "2026-01-01", "to": "2026-03-31"})
        self.assertEqual(doc["proposals"]["approved"], 2)  # the state now, whatever the period

        # tenant isolation, bad input
        self.assertProblem(request("GET", GAPI + "/programmes/%s/monitor" % pid, cred=ENV["GTOKEN_B"]), 404)
        self.assertProblem(request("GET", GAPI + "/programmes/not-an-id/monitor", cred=ENV["GTOKEN_A"]), 400)
        for query in ("from=2026-02-30", "to=yesterday", "from=2026-05-01&to=2026-04-01",
                      "from=2000-01-01&to=2026-01-01", "since=2026-01-01"):
            r = request("GET", GAPI + "/programmes/%s/monitor?%s" % (pid, query), cred=ENV["GTOKEN_A"])
            self.assertProblem(r, 400)
            self.assertTrue(r.json.get("invalidParams"), repr(r))
        # an employee is not a reader of the monitor
        r = request("GET", GAPI + "/programmes/%s/monitor" % pid, cred=ENV["GTOKEN_A_EMP1"])
        self.assertProblem(r, 403)
