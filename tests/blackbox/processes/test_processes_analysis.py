"""A whole process analysis through the gateway, as the people of seed 002
do it, each with their own credential: the coordinator sets up the
directory and the process and records the interview it came from; the
process owner starts the analysis, maps the flow and publishes it; a
core-team member raises the bottleneck the interview found; the owner adds
what the core team saw, reads the ranked backlog, sets a KPI (measured off
target), carries out an improvement for the quick win (done: the bottleneck
is solved and leaves the backlog), measures the KPI back on target and
moves the process to monitoring. The flow's picture marks the remaining
bottlenecks."""

import xml.etree.ElementTree as ET

from koers_bb import ENV, request, uniq
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes

OWNER_SUB, CORE_SUB = "proc-owner-a", "proc-core-a"
SVG = "{http://www.w3.org/2000/svg}"


@skip_unless_processes
class WholeAnalysisTest(ProcessesCase):
    def claim(self, sub):
        """The staff member who signs in as sub must be the one this test
        makes: other tests may have given that userSub to someone else."""
        for s in self.walk_all("/staff")[0]:
            if s.get("userSub") == sub:
                self.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))

    def as_owner(self, method, path, body=None, expect=(200, 201), headers=None):
        r = request(method, PAPI + path, body, cred=ENV["PTOKEN_A_OWNER"], headers=headers)
        self.assertIn(r.status, expect, repr(r))
        return r.json

    def test_interview_to_flow_to_backlog_to_improvement_to_kpi_on_target(self):
        # the coordinator: the directory, the process, the interview
        self.claim(OWNER_SUB)
        self.claim(CORE_SUB)
        intake, owner = self.team_with_manager(userSub=OWNER_SUB)
        field = self.make_team()
        core = self.make_staff(teamId=field["id"], userSub=CORE_SUB)
        proc = self.make_process(owner["id"], teamIds=[intake["id"], field["id"]], coreTeamIds=[core["id"]])
        pid = proc["id"]
        interview = self.post("/sessions", {
            "kind": "interview", "date": "2026-10-04", "participantRoles": ["team_manager", "employee"],
            "themes": ["performance_for_citizens", "cooperation"], "insights": ["Dubbel werk bij de intake"],
            "processIds": [pid]})

        # the owner starts the analysis and maps the flow
        self.assertEqual(self.as_owner("POST", "/processes/%s/transitions" % pid,
                                       {"to": "analysing", "reason": "kernteam samengesteld"})["status"],
                         "analysing")
        self.as_owner("POST", "/processes/%s/flow/draft" % pid, expect=(201,))
        self.as_owner("PUT", "/processes/%s/flow/draft" % pid, {"steps": [
            {"name": "Melding ontvangen", "teamId": intake["id"]},
            {"name": "Melding beoordelen", "teamId": intake["id"], "normHours": 4},
            {"name": "Werkorder uitvoeren", "teamId": field["id"]}]}, headers={"If-Match": '"1"'})
        v1 = self.as_owner("POST", "/processes/%s/flow/draft/publish" % pid, {"note": "Na het interview"},
                           expect=(201,))
        self.assertEqual(v1["number"], 1)
        steps = {s["name"]: s["id"] for s in self.as_owner("GET", "/processes/%s/flow" % pid)["steps"]}

        # the core team raises what the interview found; the owner adds two
        found = request("POST", PAPI + "/bottlenecks", {
            "processId": pid, "stepId": steps["Melding beoordelen"], "description": "Dubbele invoer",
            "source": "interview", "sessionId": interview["id"], "impact": 4, "effort": 1,
            "frequency": 20, "frequencyUnit": "week"}, cred=ENV["PTOKEN_A_CORE"])
        self.assertStatus(found, 201)
        found = found.json
        self.assertEqual(found["quadrant"], "quick_win")
        big = self.as_owner("POST", "/bottlenecks", {
            "processId": pid, "stepId": steps["Werkorder uitvoeren"], "description": "Geen planning",
            "source": "staff", "impact": 5, "effort": 5}, expect=(201,))
        small = self.as_owner("POST", "/bottlenecks", {
            "processId": pid, "description": uniq("Formulier onduidelijk"), "source": "staff",
            "impact": 1, "effort": 4}, expect=(201,))
        self.assertEqual((big["quadrant"], small["quadrant"]), ("big_bet", "thankless"))
        backlog = self.as_owner("GET", "/processes/%s/backlog" % pid)["items"]
        self.assertEqual([b["id"] for b in backlog], [found["id"], big["id"], small["id"]])
        self.assertEqual([b["rank"] for b in backlog], [1, 2, 3])
        self.assertEqual(backlog[0]["stepName"], "Melding beoordelen")
        scores = [b["score"] for b in backlog]
        self.assertEqual(scores, sorted(scores, reverse=True))

        # a KPI, measured off target
        kpi = self.as_owner("POST", "/kpis", {"processId": pid, "name": "Doorlooptijd", "unit": "dagen",
                                              "direction": "lower_is_better", "target": 10,
                                              "frequency": "month"}, expect=(201,))
        self.as_owner("POST", "/kpis/%s/measurements" % kpi["id"], {
            "periodStart": "2026-09-01", "periodEnd": "2026-09-30", "value": 14}, expect=(201,))
        self.assertEqual(self.as_owner("GET", "/kpis/" + kpi["id"])["status"], "off_target")

        # the improvement for the quick win, carried out
        self.assertEqual(self.as_owner("POST", "/processes/%s/transitions" % pid, {"to": "improving"})["status"],
                         "improving")
        imp = self.as_owner("POST", "/improvements", {
            "processId": pid, "title": "Eén invoer", "kind": "uniform_working_method",
            "bottleneckIds": [found["id"]], "ownerId": core["id"], "kpiId": kpi["id"], "kpiBefore": 14},
            expect=(201,))
        for to in ("planned", "in_progress", "done"):
            self.assertEqual(self.as_owner("POST", "/improvements/%s/transitions" % imp["id"], {"to": to})["status"],
                             to)
        self.assertEqual(self.as_owner("GET", "/bottlenecks/" + found["id"])["status"], "solved")
        backlog = self.as_owner("GET", "/processes/%s/backlog" % pid)["items"]
        self.assertEqual([b["id"] for b in backlog], [big["id"], small["id"]])

        # the KPI back on target, the process to monitoring
        self.as_owner("POST", "/kpis/%s/measurements" % kpi["id"], {
            "periodStart": "2026-10-01", "periodEnd": "2026-10-31", "value": 8}, expect=(201,))
        k = self.as_owner("GET", "/kpis/" + kpi["id"])
        self.assertEqual((k["status"], k["latest"]["value"]), ("on_target", 8))
        self.assertEqual(self.as_owner("POST", "/processes/%s/transitions" % pid, {"to": "monitoring"})["status"],
                         "monitoring")

        # the picture: every step, and the marker of the open bottleneck at its step
        r = request("GET", PAPI + "/processes/%s/flow.svg" % pid, cred=ENV["PKEY_A_READ"])
        self.assertStatus(r, 200)
        # (a long name is wrapped into lines: tspans of one text)
        text = " ".join(" ".join(t.itertext()) for t in ET.fromstring(r.raw).iter(SVG + "text"))
        text = " ".join(text.split())
        for name in steps:
            self.assertIn(name, text)
        # one marker: the big bet at its step (the solved quick win has none)
        self.assertEqual(text.count("bottleneck, top"), 1, text)
        self.assertIn("1 bottleneck, top %.1f" % big["score"], text)

        # the core team reads but does not steer
        r = request("POST", PAPI + "/processes/%s/transitions" % pid, {"to": "improving"}, cred=ENV["PTOKEN_A_CORE"])
        self.assertProblem(r, 403)
        r = request("PATCH", PAPI + "/bottlenecks/" + big["id"], {"impact": 1}, cred=ENV["PTOKEN_A_CORE"])
        self.assertProblem(r, 403)
