"""Activities and buddies through the gateway: an intervision session and
an e-learning theme with invitations, registrations (a full session is
409), attendance, progress and the completion event's counts; a cohort of
six from three departments with two change agents, Koers' proposed pairs
accepted (all across departments), a repeated pair refused, check-ins seen
by the pair and refused (404) to a third employee; tenant isolation and
bad input."""

import time
import unittest

from koers_bb import ENV, request, uniq
from programmes.programmes_bb import GAPI, ProgrammesCase, skip_unless_programmes

NO_SUCH = "00000000-0000-4000-8000-00000000abcd"


def call(method, path, body=None, token=None, headers=None):
    return request(method, GAPI + path, body, cred=token or ENV["GTOKEN_A"], headers=headers)


class ActivitiesCase(ProgrammesCase):
    def find_event(self, type_, subject, tries=40):
        """The event of this type and subject in the events replay (the
        relay publishes it shortly after the commit)."""
        for _ in range(tries):
            items, _pages = self.walk(GAPI + "/events?after=0&limit=1000", ENV["EKEY_A"], limit_pages=500)
            found = [e for e in items if e["type"] == type_ and e["subject"] == subject]
            if found:
                return found[-1]
            time.sleep(0.25)
        self.fail("no %s event for %s" % (type_, subject))
        return None


@skip_unless_programmes
class ActivitiesTest(ActivitiesCase):
    def test_an_intervision_session_fills_up_and_completes_with_its_attendance(self):
        pid = self.make_programme()["id"]
        steps = [st for ph in self.approach(pid)["phases"] for st in ph["steps"]]
        e1, t1 = self.employee(1, "Burgerzaken")
        e2, t2 = self.employee(2, "Sociaal domein")
        _e3, t3 = self.employee(3, "Ruimte")
        coach = self.make_person(roleType="external", organisation="Bureau Verbinding")
        act = self.make_activity(pid, "intervision", stepId=steps[1]["id"], capacity=2,
                                 facilitatorId=coach["id"], place="Raadzaal",
                                 startsAt="2027-03-01T09:00:00Z", endsAt="2027-03-01T12:00:00+01:00",
                                 materials=[{"title": "Werkboek", "url": "https://leren.example/werkboek"}],
                                 token=ENV["GTOKEN_A_LEAD"])
        self.assertEqual((act["status"], act["capacity"], act["online"], act["materials"][0]["url"]),
                         ("planned", 2, False, "https://leren.example/werkboek"))
        aid = act["id"]
        # employees read activities; the lead invites two of them
        self.assertEqual(self.gget("/activities/" + aid, t3)["title"], act["title"])
        for person in (e1, e2):
            r = call("PUT", "/activities/%s/participants/%s" % (aid, person["id"]), {})
            self.assertEqual((r.status, r.json["invited"], r.json["registeredAt"]), (201, True, None))
        # registrations: two places, the third is refused
        r = call("POST", "/activities/%s/registration" % aid, token=t1)
        self.assertEqual((r.status, r.json["personId"], r.json["invited"]), (201, e1["id"], True))
        self.assertStatus(call("POST", "/activities/%s/registration" % aid, token=t1), 200)
        self.assertStatus(call("POST", "/activities/%s/registration" % aid, token=t2), 201)
        doc = self.assertProblem(call("POST", "/activities/%s/registration" % aid, token=t3), 409)
        self.assertIn("full", doc["detail"])
        # the capacity cannot drop below those registered
        self.assertProblem(call("PATCH", "/activities/" + aid, {"capacity": 1}), 409)
        # withdrawn, a place frees up; taken again
        self.assertStatus(call("DELETE", "/activities/%s/registration" % aid, token=t2), 204)
        self.assertProblem(call("DELETE", "/activities/%s/registration" % aid, token=t2), 404)
        self.assertStatus(call("POST", "/activities/%s/registration" % aid, token=t2), 201)
        # attendance by the lead; an intervision has no progress
        self.gok(call("PUT", "/activities/%s/participants/%s" % (aid, e1["id"]), {"attended": True}), 200)
        self.gok(call("PUT", "/activities/%s/participants/%s" % (aid, e2["id"]), {"attended": False}), 200)
        doc = self.assertProblem(call("PUT", "/activities/%s/participants/%s" % (aid, e1["id"]),
                                      {"progress": "done"}), 422)
        self.assertInvalidParam(doc, "progress")
        fig = self.gget("/activities/%s/attendance" % aid, ENV["GKEY_A_READ"])
        self.assertEqual((fig["invited"], fig["registered"], fig["attended"], fig["rate"], fig["progress"]),
                         (2, 2, 1, 0.5, None))
        parts = self.gget("/activities/%s/participants" % aid)["items"]
        self.assertEqual(sorted(p["personId"] for p in parts), sorted([e1["id"], e2["id"]]))
        # completed: the event carries the counts; then it no longer changes
        r = call("POST", "/activities/%s/transitions" % aid, {"to": "completed"}, token=ENV["GTOKEN_A_LEAD"])
        self.assertEqual((r.status, r.json["status"], r.header("etag")), (200, "completed", '"2"'))
        self.assertTrue(r.json["completedAt"])
        ev = self.find_event("activity.completed", aid)
        self.assertEqual(ev["data"], {"id": aid, "programmeId": pid, "kind": "intervision",
                                      "invited": 2, "registered": 2, "attended": 1})
        doc = self.assertProblem(call("POST", "/activities/%s/transitions" % aid, {"to": "cancelled"}), 409)
        self.assertEqual(doc["allowedTransitions"], [])
        self.assertProblem(call("POST", "/activities/%s/registration" % aid, token=t3), 409)
        self.assertProblem(call("PATCH", "/activities/" + aid, {"title": "Later"}), 409)
        self.assertProblem(call("DELETE", "/activities/" + aid), 409)

    def test_an_e_learning_theme_keeps_each_ones_progress(self):
        pid = self.make_programme()["id"]
        e1, t1 = self.employee(1, "Burgerzaken")
        e2, _t2 = self.employee(2, "Sociaal domein")
        e3, t3 = self.employee(3, "Ruimte")
        act = self.make_activity(pid, "e_learning", online=True, title="Thema: de faciliterende rol")
        aid = act["id"]
        for person in (e1, e2):
            part = self.gok(call("PUT", "/activities/%s/participants/%s" % (aid, person["id"]), {}), 201)
            self.assertEqual(part["progress"], "not_started")
        # the employee keeps their own progress; the lead may set it too
        r = call("PUT", "/activities/%s/progress" % aid, {"progress": "in_progress"}, token=t1)
        self.assertEqual((r.status, r.json["personId"], r.json["progress"]), (200, e1["id"], "in_progress"))
        self.gok(call("PUT", "/activities/%s/participants/%s" % (aid, e2["id"]), {"progress": "done"}), 200)
        # not a participant yet: register first
        self.assertProblem(call("PUT", "/activities/%s/progress" % aid, {"progress": "done"}, token=t3), 409)
        self.assertStatus(call("POST", "/activities/%s/registration" % aid, token=t3), 201)
        self.gok(call("PUT", "/activities/%s/progress" % aid, {"progress": "done"}, token=t3), 200)
        doc = self.assertProblem(call("PUT", "/activities/%s/progress" % aid, {"progress": "half"}, token=t1), 422)
        self.assertInvalidParam(doc, "progress")
        fig = self.gget("/activities/%s/attendance" % aid)
        self.assertEqual((fig["invited"], fig["registered"], fig["progress"]),
                         (2, 1, {"notStarted": 0, "inProgress": 1, "done": 2}))
        self.assertEqual(self.gget("/activities/%s/participants" % aid)["items"][0]["personId"] in
                         (e1["id"], e2["id"], e3["id"]), True)
        # cancelled: the event says so, and nothing more is kept
        r = call("POST", "/activities/%s/transitions" % aid, {"to": "cancelled"})
        self.assertEqual(r.json["status"], "cancelled")
        ev = self.find_event("activity.status.changed", aid)
        self.assertEqual((ev["data"]["from"], ev["data"]["to"], ev["data"]["programmeId"]),
                         ("planned", "cancelled", pid))
        self.assertProblem(call("PUT", "/activities/%s/progress" % aid, {"progress": "done"}, token=t1), 409)
        listed = self.gget("/activities?programmeId=%s&status=cancelled" % pid)["items"]
        self.assertEqual([a["id"] for a in listed], [aid])

    def test_only_leads_plan_and_employees_register_as_persons(self):
        pid = self.make_programme()["id"]
        self.assertProblem(call("POST", "/activities", {"programmeId": pid, "kind": "webinar", "title": "x"},
                                token=ENV["GTOKEN_A_EMP1"]), 403)
        self.assertProblem(call("POST", "/activities", {"programmeId": pid, "kind": "webinar", "title": "x"},
                                token=ENV["GTOKEN_A_MEMBER"]), 403)
        aid = self.make_activity(pid, "webinar")["id"]
        self.assertProblem(call("PUT", "/activities/%s/participants/%s" % (aid, NO_SUCH), {},
                                token=ENV["GTOKEN_A_EMP1"]), 403)
        # an API key reads but does not register
        self.assertProblem(call("POST", "/activities/%s/registration" % aid, token=ENV["GKEY_A_READ"]), 403)

    def test_bad_input(self):
        pid = self.make_programme()["id"]
        other_step = [st for ph in self.approach(self.make_programme()["id"])["phases"] for st in ph["steps"]][0]
        cases = [
            ({"kind": "lecture"}, "kind"),
            ({"capacity": 0}, "capacity"),
            ({"materials": [{"title": "Film", "url": "ftp://leren.example/film"}]}, "materials[0].url"),
            ({"materials": [{"title": "", "url": "https://leren.example"}]}, "materials[0].title"),
            ({"materials": [{"title": "a", "url": "https://x.example", "kind": "pdf"}]}, "materials[0].kind"),
            ({"stepId": other_step["id"]}, "stepId"),
            ({"facilitatorId": NO_SUCH}, "facilitatorId"),
            ({"startsAt": "2027-03-02T10:00:00Z", "endsAt": "2027-03-01T10:00:00Z"}, "endsAt"),
            ({"status": "completed"}, "status"),
        ]
        for extra, field in cases:
            body = {"programmeId": pid, "kind": "workshop", "title": "Werkplaats"}
            body.update(extra)
            doc = self.assertProblem(call("POST", "/activities", body), 422)
            self.assertInvalidParam(doc, field)
        aid = self.make_activity(pid)["id"]
        doc = self.assertProblem(call("PATCH", "/activities/" + aid, {"programmeId": NO_SUCH}), 422)
        self.assertInvalidParam(doc, "programmeId")
        doc = self.assertProblem(call("PATCH", "/activities/" + aid, {"endsAt": "1999-01-01T00:00:00Z",
                                                                      "startsAt": "2027-01-01T00:00:00Z"}), 422)
        self.assertInvalidParam(doc, "endsAt")
        doc = self.assertProblem(call("POST", "/activities/%s/transitions" % aid, {"to": "done"}), 422)
        self.assertInvalidParam(doc, "to")
        self.assertProblem(call("GET", "/activities/not-a-uuid/attendance"), 400)
        self.assertProblem(call("PUT", "/activities/%s/participants/not-a-uuid" % aid, {}), 400)
        self.assertProblem(call("PUT", "/activities/%s/participants/%s" % (aid, NO_SUCH), {}), 404)
        doc = self.assertProblem(call("PUT", "/activities/%s/participants/%s" % (aid, NO_SUCH),
                                      {"invited": "yes"}), 422)
        self.assertInvalidParam(doc, "invited")
        self.assertProblem(call("GET", "/activities/%s/attendance" % NO_SUCH), 404)


@skip_unless_programmes
class BuddiesTest(ActivitiesCase):
    def cohort_of_six(self):
        """A cohort of six from three departments (the three test employees
        and three colleagues), two of them change agents."""
        pid = self.make_programme()["id"]
        e1, t1 = self.employee(1, "Burgerzaken")
        e2, t2 = self.employee(2, "Sociaal domein")
        e3, t3 = self.employee(3, "Ruimte")
        others = [self.make_person(organisation=dept) for dept in ("Burgerzaken", "Sociaal domein", "Ruimte")]
        cohort = self.gpost("/cohorts", {"programmeId": pid, "name": uniq("Versnellers")}, ENV["GTOKEN_A_LEAD"])
        for person in [e1, e2, e3] + others:
            agent = person["id"] in (e1["id"], others[1]["id"])
            r = call("PUT", "/cohorts/%s/members/%s" % (cohort["id"], person["id"]), {"changeAgent": agent})
            self.assertEqual((r.status, r.json["changeAgent"]), (201, agent))
        return {"pid": pid, "cohort": cohort["id"], "tokens": {e1["id"]: t1, e2["id"]: t2, e3["id"]: t3},
                "dept": {p["id"]: p["organisation"] for p in [e1, e2, e3] + others},
                "emps": [e1["id"], e2["id"], e3["id"]]}

    def test_a_cohort_of_six_gets_buddies_across_departments(self):
        c = self.cohort_of_six()
        cid = c["cohort"]
        got = self.gget("/cohorts/" + cid)
        self.assertEqual((got["membersCount"], got["changeAgentsCount"]), (6, 2))
        members = self.gget("/cohorts/%s/members" % cid)["items"]
        self.assertEqual(sum(1 for m in members if m["changeAgent"]), 2)
        # the proposal: three pairs, each across departments, the same twice
        prop = self.gpost("/cohorts/%s/buddy-pairs/proposal" % cid, None, status=200)
        self.assertEqual(self.gpost("/cohorts/%s/buddy-pairs/proposal" % cid, None, status=200), prop)
        self.assertEqual((len(prop["pairs"]), prop["unpaired"]), (3, []))
        for a, b in prop["pairs"]:
            self.assertNotEqual(c["dept"][a], c["dept"][b])
        accepted = self.gpost("/cohorts/%s/buddy-pairs/proposal/accept" % cid, {"pairs": prop["pairs"]})
        self.assertEqual(len(accepted["items"]), 3)
        self.assertTrue(all(p["formedBy"] == "proposal" and p["status"] == "active" for p in accepted["items"]))
        # nobody left to pair; accepting again is refused
        prop2 = self.gpost("/cohorts/%s/buddy-pairs/proposal" % cid, None, status=200)
        self.assertEqual((prop2["pairs"], prop2["unpaired"]), ([], []))
        self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs/proposal/accept" % cid,
                                {"pairs": prop["pairs"][:1]}), 409)
        # a pair ended is never formed again in the cohort, by hand or proposal
        first = accepted["items"][0]
        ended = self.gpost("/buddy-pairs/%s/end" % first["id"], None, status=200)
        self.assertEqual(ended["status"], "ended")
        self.assertProblem(call("POST", "/buddy-pairs/%s/end" % first["id"]), 409)
        doc = self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid,
                                      {"personIds": list(reversed(first["personIds"]))}), 409)
        self.assertIn("before", doc["detail"])
        prop3 = self.gpost("/cohorts/%s/buddy-pairs/proposal" % cid, None, status=200)
        self.assertEqual((prop3["pairs"], sorted(prop3["unpaired"])), ([], sorted(first["personIds"])))
        pairs = self.gget("/cohorts/%s/buddy-pairs" % cid)["items"]
        self.assertEqual(sorted(p["status"] for p in pairs), ["active", "active", "ended"])
        # a member in an active pair stays until the pair ends
        active = [p for p in pairs if p["status"] == "active"][0]
        self.assertProblem(call("DELETE", "/cohorts/%s/members/%s" % (cid, active["personIds"][0])), 409)
        self.assertStatus(call("DELETE", "/cohorts/%s/members/%s" % (cid, first["personIds"][0])), 204)
        self.assertProblem(call("DELETE", "/cohorts/" + cid), 409)

    def test_check_ins_are_for_the_pair_and_the_leads(self):
        c = self.cohort_of_six()
        cid = c["cohort"]
        prop = self.gpost("/cohorts/%s/buddy-pairs/proposal" % cid, None, status=200)
        items = self.gpost("/cohorts/%s/buddy-pairs/proposal/accept" % cid, {"pairs": prop["pairs"]})["items"]
        me = c["emps"][0]
        pair = next(p for p in items if me in p["personIds"])
        buddy = next(x for x in pair["personIds"] if x != me)
        third = next(x for x in c["emps"] if x not in pair["personIds"])
        path = "/buddy-pairs/%s/checkins" % pair["id"]
        note = "We spraken over terugbellen op dezelfde dag"
        r = call("POST", path, {"heldOn": "2027-04-01", "note": note}, token=c["tokens"][me])
        self.assertEqual((r.status, r.json["note"], r.json["heldOn"]), (201, note, "2027-04-01"))
        if buddy in c["tokens"]:
            seen = self.gget(path, c["tokens"][buddy])["items"]
            self.assertEqual([x["note"] for x in seen], [note])
            self.gok(call("POST", path, {"heldOn": "2027-04-15"}, token=c["tokens"][buddy]), 201)
        self.assertEqual(self.gget(path, ENV["GTOKEN_A_LEAD"])["items"][0]["note"], note)
        # a third employee, a programme member and another tenant learn nothing
        for token in (c["tokens"][third], ENV["GTOKEN_A_MEMBER"], ENV["GTOKEN_B"]):
            doc = self.assertProblem(call("GET", path, token=token), 404)
            self.assertNotIn(note, str(doc))
            self.assertProblem(call("POST", path, {"heldOn": "2027-04-02", "note": "x"}, token=token), 404)
        # bad input from the pair
        doc = self.assertProblem(call("POST", path, {"heldOn": "1 april"}, token=c["tokens"][me]), 422)
        self.assertInvalidParam(doc, "heldOn")
        # an ended pair takes no more check-ins, its history stays
        self.gpost("/buddy-pairs/%s/end" % pair["id"], None, status=200)
        self.assertProblem(call("POST", path, {"heldOn": "2027-05-01"}, token=c["tokens"][me]), 409)
        self.assertTrue(self.gget(path, c["tokens"][me])["items"])

    def test_pairs_by_hand_and_bad_input(self):
        c = self.cohort_of_six()
        cid = c["cohort"]
        a, b, _ = c["emps"]
        outsider = self.make_person()
        doc = self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid, {"personIds": [a, outsider["id"]]}),
                                 422)
        self.assertInvalidParam(doc, "personIds[1]")
        doc = self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid, {"personIds": [a, a]}), 422)
        self.assertInvalidParam(doc, "personIds[1]")
        doc = self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid, {"personIds": [a]}), 422)
        self.assertInvalidParam(doc, "personIds")
        pair = self.gpost("/cohorts/%s/buddy-pairs" % cid, {"personIds": [a, b]})
        self.assertEqual((pair["formedBy"], sorted(pair["personIds"])), ("hand", sorted([a, b])))
        # a already has a buddy
        self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid, {"personIds": [a, c["emps"][2]]}), 409)
        doc = self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs/proposal/accept" % cid,
                                      {"pairs": [[c["emps"][2], outsider["id"]], [c["emps"][2], NO_SUCH]]}), 422)
        self.assertInvalidParam(doc, "pairs[1][0]")
        self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs/proposal/accept" % cid, {"pairs": []}), 422)
        self.assertProblem(call("POST", "/cohorts/%s/buddy-pairs" % cid, {"personIds": [a, b]},
                                token=ENV["GTOKEN_A_EMP1"]), 403)
        self.assertProblem(call("PUT", "/cohorts/%s/members/%s" % (cid, a), {"changeAgent": "ja"}), 422)
        self.assertProblem(call("PUT", "/cohorts/%s/members/%s" % (cid, NO_SUCH), {}), 404)
        self.assertProblem(call("GET", "/cohorts/not-a-uuid/members"), 400)
        doc = self.assertProblem(call("PATCH", "/cohorts/" + cid, {"programmeId": NO_SUCH}), 422)
        self.assertInvalidParam(doc, "programmeId")


@skip_unless_programmes
class IsolationTest(ActivitiesCase):
    def test_tenant_b_sees_nothing_of_tenant_a(self):
        pid = self.make_programme()["id"]
        e1, t1 = self.employee(1, "Burgerzaken")
        aid = self.make_activity(pid, "workshop")["id"]
        cohort = self.gpost("/cohorts", {"programmeId": pid, "name": uniq("Cohort")})
        cid = cohort["id"]
        e2, _ = self.employee(2, "Ruimte")
        for person in (e1, e2):
            self.gok(call("PUT", "/cohorts/%s/members/%s" % (cid, person["id"]), {}), 201)
        pair = self.gpost("/cohorts/%s/buddy-pairs" % cid, {"personIds": [e1["id"], e2["id"]]})
        self.gok(call("POST", "/buddy-pairs/%s/checkins" % pair["id"], {"heldOn": "2027-01-01"}, token=t1), 201)
        B = ENV["GTOKEN_B"]
        for method, path, body in [
            ("GET", "/activities/" + aid, None),
            ("PATCH", "/activities/" + aid, {"title": "B"}),
            ("DELETE", "/activities/" + aid, None),
            ("POST", "/activities/%s/transitions" % aid, {"to": "completed"}),
            ("GET", "/activities/%s/participants" % aid, None),
            ("PUT", "/activities/%s/participants/%s" % (aid, e1["id"]), {}),
            ("POST", "/activities/%s/registration" % aid, None),
            ("GET", "/activities/%s/attendance" % aid, None),
            ("GET", "/cohorts/" + cid, None),
            ("GET", "/cohorts/%s/members" % cid, None),
            ("PUT", "/cohorts/%s/members/%s" % (cid, e1["id"]), {}),
            ("GET", "/cohorts/%s/buddy-pairs" % cid, None),
            ("POST", "/cohorts/%s/buddy-pairs/proposal" % cid, None),
            ("POST", "/buddy-pairs/%s/end" % pair["id"], None),
            ("GET", "/buddy-pairs/%s/checkins" % pair["id"], None),
        ]:
            self.assertProblem(call(method, path, body, token=B), 404)
        self.assertEqual(self.gget("/activities?programmeId=" + pid, B)["items"], [])
        self.assertEqual(self.gget("/cohorts?programmeId=" + pid, B)["items"], [])
        # tenant B cannot plan an activity in A's programme
        doc = self.assertProblem(call("POST", "/activities", {"programmeId": pid, "kind": "webinar", "title": "B"},
                                      token=B), 422)
        self.assertInvalidParam(doc, "programmeId")


if __name__ == "__main__":
    unittest.main()
