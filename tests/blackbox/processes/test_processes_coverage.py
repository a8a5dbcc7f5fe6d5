"""Coverage per year through the gateway: the figures the service computes
are checked against the same arithmetic done here over the tenant's teams
and processes (read through the API), and against the cases built here;
the tenant's target comes from the settings."""

from koers_bb import ENV, request
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes

YEAR = 2003  # only the processes of this test are selected in or before it


@skip_unless_processes
class CoverageTest(ProcessesCase):
    def expected(self, year):
        teams, _ = self.walk_all("/teams")
        processes, _ = self.walk_all("/processes")
        managers = {t["managerId"] for t in teams if t["managerId"]}

        def counted(p):
            day = p["selectedAt"] or p["createdAt"][:10]
            # none of these is archived (the test archives none)
            return day <= "%d-12-31" % year

        year_processes = [p for p in processes if counted(p)]
        owners = {p["ownerId"] for p in year_processes}
        covered = managers & owners
        return {"teamManagers": len(managers), "covered": len(covered), "owners": owners,
                "without": managers - owners,
                "unmanaged": {p["id"] for p in year_processes if p["managerId"] is None}}

    def test_coverage_arithmetic(self):
        tok = ENV["PTOKEN_A"]
        t1, m1 = self.team_with_manager()
        t2, m2 = self.team_with_manager()
        t3, m3 = self.team_with_manager()
        member = self.make_staff(teamId=t1["id"])
        # m1 owns two processes of YEAR (one without a manager), m2 one from YEAR + 1, m3 none
        p1 = self.make_process(m1["id"], teamIds=[t1["id"]], managerId=member["id"], selectedAt="%d-03-01" % YEAR)
        p2 = self.make_process(m1["id"], teamIds=[t1["id"]], selectedAt="%d-12-31" % YEAR)
        p3 = self.make_process(m2["id"], teamIds=[t2["id"]], selectedAt="%d-01-01" % (YEAR + 1))
        self.pok(request("PUT", PAPI + "/settings", {"coverageTarget": None}, cred=tok))
        try:
            r = request("GET", PAPI + "/coverage?year=%d" % YEAR, cred=tok)
            self.assertStatus(r, 200)
            self.assertCommonHeaders(r)
            doc = r.json
            exp = self.expected(YEAR)
            self.assertEqual(doc["year"], YEAR)
            self.assertEqual(doc["teamManagers"], exp["teamManagers"])
            self.assertEqual(doc["teamManagersWithProcess"], exp["covered"])
            self.assertAlmostEqual(doc["share"], round(exp["covered"] / exp["teamManagers"], 3), places=3)
            self.assertEqual(doc["target"], {"teamManagers": exp["teamManagers"], "allTeamManagers": True,
                                             "remaining": exp["teamManagers"] - exp["covered"], "met": False})
            self.assertEqual({o["staffId"] for o in doc["owners"]}, exp["owners"])
            mine = [o for o in doc["owners"] if o["staffId"] == m1["id"]][0]
            self.assertTrue(mine["teamManager"])
            self.assertEqual([p["id"] for p in mine["processes"]], [p1["id"], p2["id"]])
            self.assertEqual({w["staffId"] for w in doc["teamManagersWithoutProcess"]}, exp["without"])
            self.assertIn(m2["id"], exp["without"])  # p3 is of the next year
            self.assertIn(m3["id"], exp["without"])
            self.assertEqual([w["teamIds"] for w in doc["teamManagersWithoutProcess"] if w["staffId"] == m3["id"]],
                             [[t3["id"]]])
            self.assertEqual({p["id"] for p in doc["processesWithoutManager"]}, exp["unmanaged"])
            self.assertIn(p2["id"], exp["unmanaged"])
            self.assertNotIn(p1["id"], exp["unmanaged"])

            # the next year m2 is covered too
            doc2 = request("GET", PAPI + "/coverage?year=%d" % (YEAR + 1), cred=tok).json
            exp2 = self.expected(YEAR + 1)
            self.assertEqual(doc2["teamManagersWithProcess"], exp2["covered"])
            self.assertEqual(doc2["teamManagersWithProcess"], doc["teamManagersWithProcess"] + 1)
            self.assertIn(p3["id"], {p["id"] for o in doc2["owners"] for p in o["processes"]})

            # a target the tenant sets
            target = exp["covered"] + 1
            r = request("PUT", PAPI + "/settings", {"coverageTarget": target}, cred=tok)
            self.assertEqual(r.json["coverageTarget"], target)
            self.assertEqual(request("GET", PAPI + "/settings", cred=ENV["PKEY_A_READ"]).json["coverageTarget"],
                             target)
            doc = request("GET", PAPI + "/coverage?year=%d" % YEAR, cred=ENV["PTOKEN_A_OWNER"]).json
            self.assertEqual(doc["target"], {"teamManagers": target, "allTeamManagers": False, "remaining": 1,
                                             "met": False})
            doc = request("GET", PAPI + "/coverage?year=%d" % (YEAR + 1), cred=ENV["PKEY_A_READ"]).json
            self.assertEqual(doc["target"]["remaining"], 0)
            self.assertTrue(doc["target"]["met"])
            # an archived process no longer counts for a later year
            self.assertStatus(self.move(p3["id"], "archived"), 200)
            doc = request("GET", PAPI + "/coverage?year=2100", cred=tok).json
            self.assertNotIn(p3["id"], {p["id"] for o in doc["owners"] for p in o["processes"]})
            # ... but still for the years it was worked on
            doc = request("GET", PAPI + "/coverage?year=%d" % (YEAR + 1), cred=tok).json
            self.assertIn(p3["id"], {p["id"] for o in doc["owners"] for p in o["processes"]})
        finally:
            self.pok(request("PUT", PAPI + "/settings", {"coverageTarget": None}, cred=tok))

    def test_coverage_and_settings_input(self):
        tok = ENV["PTOKEN_A"]
        for q in ("", "?year=", "?year=abc", "?year=1999", "?year=2101", "?year=2023&x=1", "?year=20233"):
            with self.subTest(q=q):
                self.assertProblem(request("GET", PAPI + "/coverage" + q, cred=tok), 400)
        for body in ({}, {"coverageTarget": -1}, {"coverageTarget": "15"}, {"coverageTarget": 1.5},
                     {"coverageTarget": 15, "extra": 1}):
            with self.subTest(body=body):
                self.assertProblem(request("PUT", PAPI + "/settings", body, cred=tok), 422)
        self.assertProblem(request("PUT", PAPI + "/settings", raw=b"{", cred=tok,
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(request("PUT", PAPI + "/settings", raw=b"[]", cred=tok,
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(request("PUT", PAPI + "/settings", raw=b"coverageTarget=1", cred=tok,
                                   headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)
        # only coordinators and admins change the settings
        for cred in (ENV["PTOKEN_A_OWNER"], ENV["PKEY_A_READ"]):
            self.assertProblem(request("PUT", PAPI + "/settings", {"coverageTarget": 3}, cred=cred), 403)
        self.assertProblem(request("GET", PAPI + "/coverage?year=2023"), 401)
