"""Tenant isolation of the processes service: tenant B's coordinator gets
404 for each of tenant A's resources (read, change, delete, move), cannot
refer to them, and sees none of them in lists or coverage."""

import uuid

from koers_bb import ENV, request
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes


@skip_unless_processes
class ProcessesIsolationTest(ProcessesCase):
    @classmethod
    def setUpClass(cls):
        t = ProcessesCase()
        cls.team, cls.manager = t.team_with_manager()
        cls.process = t.make_process(cls.manager["id"], teamIds=[cls.team["id"]], selectedAt="2023-02-01")
        cls.session = t.post("/sessions", {"kind": "working_session", "date": "2023-03-01",
                                           "processIds": [cls.process["id"]]})

    def test_b_gets_404_for_each_resource_of_a(self):
        b = ENV["PTOKEN_B"]
        for kind, obj, patch in (("teams", self.team, {"name": "B"}), ("staff", self.manager, {"name": "B"}),
                                 ("processes", self.process, {"name": "B"}),
                                 ("sessions", self.session, {"title": "B"})):
            path = PAPI + "/%s/%s" % (kind, obj["id"])
            with self.subTest(kind=kind):
                self.assertProblem(request("GET", path, cred=b), 404)
                self.assertProblem(request("PATCH", path, patch, cred=b), 404)
                self.assertProblem(request("DELETE", path, cred=b), 404)
                self.assertStatus(request("GET", path, cred=ENV["PTOKEN_A"]), 200)
        self.assertProblem(self.move(self.process["id"], "analysing", token=b), 404)
        self.assertEqual(request("GET", PAPI + "/processes/" + self.process["id"], cred=ENV["PTOKEN_A"]).json["status"],
                         "selected")

    def test_b_lists_none_of_a(self):
        b = ENV["PTOKEN_B"]
        for kind, obj in (("teams", self.team), ("staff", self.manager), ("processes", self.process),
                          ("sessions", self.session)):
            with self.subTest(kind=kind):
                ids = {x["id"] for x in self.walk(PAPI + "/" + kind, b)[0]}
                self.assertNotIn(obj["id"], ids)
        r = request("GET", PAPI + "/processes?ownerId=" + self.manager["id"], cred=b)
        self.assertEqual(r.json["items"], [])
        doc = request("GET", PAPI + "/coverage?year=2023", cred=b).json
        self.assertNotIn(self.manager["id"], {o["staffId"] for o in doc["owners"]})
        self.assertNotIn(self.manager["id"], {o["staffId"] for o in doc["teamManagersWithoutProcess"]})

    def test_b_cannot_refer_to_a(self):
        b = ENV["PTOKEN_B"]
        t_b, m_b = self.team_with_manager(token=b)
        for path, body, field in (
                ("/teams", {"name": "B", "managerId": self.manager["id"]}, "managerId"),
                ("/staff", {"name": "B", "email": "b@example.org", "teamId": self.team["id"]}, "teamId"),
                ("/processes", {"name": "B", "ownerId": self.manager["id"]}, "ownerId"),
                ("/processes", {"name": "B", "ownerId": m_b["id"], "teamIds": [self.team["id"]]}, "teamIds"),
                ("/processes", {"name": "B", "ownerId": m_b["id"], "coreTeamIds": [self.manager["id"]]}, "coreTeamIds"),
                ("/sessions", {"kind": "interview", "date": "2023-01-01", "processIds": [self.process["id"]]},
                 "processIds")):
            with self.subTest(path=path, field=field):
                r = request("POST", PAPI + path, body, cred=b)
                self.assertInvalidParam(self.assertProblem(r, 422), field)
        # B's settings are B's
        self.pok(request("PUT", PAPI + "/settings", {"coverageTarget": 7}, cred=b))
        self.assertNotEqual(request("GET", PAPI + "/settings", cred=ENV["PTOKEN_A"]).json["coverageTarget"], 7)
        self.pok(request("PUT", PAPI + "/settings", {"coverageTarget": None}, cred=b))

    def test_b_s_writes_cannot_name_a_s_rows_nor_unknown_ids(self):
        """(finding 8) every reference of B's creates and changes, named with
        A's id or a random one: 422 naming the field, nothing stored."""
        b = ENV["PTOKEN_B"]
        t_b, m_b = self.team_with_manager(token=b)
        p_b = self.make_process(m_b["id"], token=b, teamIds=[t_b["id"]])
        a_proc, a_team, a_staff = self.process["id"], self.team["id"], self.manager["id"]
        cases = [
            ("POST", "/bottlenecks", lambda i: {"processId": i, "description": "x", "source": "staff",
                                                "impact": 1, "effort": 1}, "processId", a_proc),
            ("POST", "/bottlenecks", lambda i: {"processId": p_b["id"], "description": "x", "source": "staff",
                                                "impact": 1, "effort": 1, "sessionId": i}, "sessionId",
             self.session["id"]),
            ("POST", "/kpis", lambda i: {"processId": i, "name": "x", "unit": "dagen",
                                         "direction": "lower_is_better", "target": 1, "frequency": "month"},
             "processId", a_proc),
            ("POST", "/category-mappings", lambda i: {"categoryId": str(uuid.uuid4()), "processId": i},
             "processId", a_proc),
            ("PATCH", "/processes/" + p_b["id"], lambda i: {"teamIds": [t_b["id"], i]}, "teamIds", a_team),
            ("PATCH", "/processes/" + p_b["id"], lambda i: {"managerId": i}, "managerId", a_staff),
            ("PATCH", "/processes/" + p_b["id"], lambda i: {"coreTeamIds": [i]}, "coreTeamIds", a_staff),
            ("PATCH", "/teams/" + t_b["id"], lambda i: {"managerId": i}, "managerId", a_staff),
            ("PATCH", "/staff/" + m_b["id"], lambda i: {"teamId": i}, "teamId", a_team),
        ]
        for method, path, body, field, a_id in cases:
            for bad in (a_id, str(uuid.uuid4())):
                with self.subTest(op="%s %s" % (method, path), field=field, theirs=bad == a_id):
                    r = request(method, PAPI + path, body(bad), cred=b)
                    self.assertInvalidParam(self.assertProblem(r, 422), field)
        got = request("GET", PAPI + "/processes/" + p_b["id"], cred=b).json
        self.assertEqual((got["teamIds"], got.get("coreTeamIds") or []), ([t_b["id"]], []))
        self.assertEqual(request("GET", PAPI + "/bottlenecks?processId=" + p_b["id"], cred=b).json["items"], [])
