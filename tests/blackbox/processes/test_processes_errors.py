"""Bad input of each kind to the processes service: every answer is a
problem+json with the right status, never a 500."""

from koers_bb import ENV, request
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes

NIL = "00000000-0000-4000-8000-000000000000"


@skip_unless_processes
class ProcessesErrorsTest(ProcessesCase):
    @classmethod
    def setUpClass(cls):
        t = ProcessesCase()
        cls.team, cls.manager = t.team_with_manager()
        cls.process = t.make_process(cls.manager["id"], teamIds=[cls.team["id"]])

    def test_bad_ids(self):
        for path in ("/teams/x", "/staff/1", "/processes/not-a-uuid", "/sessions/%27%3B", "/processes/x/transitions"):
            with self.subTest(path=path):
                m = "POST" if path.endswith("transitions") else "GET"
                self.assertProblem(request(m, PAPI + path, {"to": "analysing"} if m == "POST" else None,
                                           cred=ENV["PTOKEN_A"]), 400)
        for path in ("/teams/", "/staff/", "/processes/", "/sessions/"):
            self.assertProblem(request("GET", PAPI + path + NIL, cred=ENV["PTOKEN_A"]), 404)
        self.assertProblem(self.move(NIL, "analysing"), 404)

    def test_bad_bodies(self):
        tok = ENV["PTOKEN_A"]
        cases = (
            ("/teams", {}, "name"),
            ("/teams", {"name": ""}, "name"),
            ("/teams", {"name": "x" * 201}, "name"),
            ("/teams", {"name": "T", "membersCount": -1}, "membersCount"),
            ("/teams", {"name": "T", "membersCount": "12"}, "membersCount"),
            ("/teams", {"name": "T", "managerId": "abc"}, "managerId"),
            ("/teams", {"name": "T", "colour": "blue"}, "colour"),
            ("/staff", {"name": "S"}, "email"),
            ("/staff", {"name": "S", "email": "geen-mail"}, "email"),
            ("/staff", {"name": "S", "email": "s@example.org", "userSub": ""}, "userSub"),
            ("/processes", {"name": "P"}, "ownerId"),
            ("/processes", {"name": "P", "ownerId": NIL}, "ownerId"),
            ("/processes", {"name": "P", "ownerId": self.manager["id"], "teamIds": "t"}, "teamIds"),
            ("/processes", {"name": "P", "ownerId": self.manager["id"], "teamIds": ["x"]}, "teamIds[0]"),
            ("/processes", {"name": "P", "ownerId": self.manager["id"], "selectedAt": "2023-02-30"}, "selectedAt"),
            ("/processes", {"name": "P", "ownerId": self.manager["id"], "selectedAt": "15-01-2023"}, "selectedAt"),
            ("/processes", {"name": "P", "ownerId": self.manager["id"], "coreTeamIds": [NIL]}, "coreTeamIds"),
            ("/sessions", {"kind": "meeting", "date": "2023-01-01"}, "kind"),
            ("/sessions", {"kind": "interview"}, "date"),
            ("/sessions", {"kind": "interview", "date": "2023-01-01", "participantRoles": ["mayor"]},
             "participantRoles[0]"),
            ("/sessions", {"kind": "interview", "date": "2023-01-01", "insights": [""]}, "insights[0]"),
        )
        for path, body, field in cases:
            with self.subTest(path=path, body=body):
                r = request("POST", PAPI + path, body, cred=tok)
                self.assertInvalidParam(self.assertProblem(r, 422), field)
        for body, field in (({}, "to"), ({"to": "done"}, "to"), ({"to": 3}, "to"),
                            ({"to": "analysing", "reason": ""}, "reason"), ({"to": "analysing", "x": 1}, "x")):
            with self.subTest(body=body):
                r = request("POST", PAPI + "/processes/%s/transitions" % self.process["id"], body, cred=tok)
                self.assertInvalidParam(self.assertProblem(r, 422), field)

    def test_bad_transport(self):
        tok = ENV["PTOKEN_A"]
        for path in ("/teams", "/processes", "/processes/%s/transitions" % self.process["id"]):
            with self.subTest(path=path):
                self.assertProblem(request("POST", PAPI + path, raw=b'{"name": ', cred=tok,
                                           headers={"Content-Type": "application/json"}), 400)
                self.assertProblem(request("POST", PAPI + path, raw=b'"x"', cred=tok,
                                           headers={"Content-Type": "application/json"}), 400)
                self.assertProblem(request("POST", PAPI + path, raw=b"name=x", cred=tok,
                                           headers={"Content-Type": "text/plain"}), 415)
        big = {"name": "T", "purpose": "x" * (int(ENV.get("KOERS_MAX_BODY_BYTES", "65536")) + 10)}
        self.assertProblem(request("POST", PAPI + "/processes", big, cred=tok), 413)
        self.assertProblem(request("GET", PAPI + "/teams?limit=0", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/teams?limit=101", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/teams?cursor=%%%%", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/teams?colour=blue", cred=tok), 400)
        self.assertProblem(request("GET", PAPI + "/processes?ownerId=x", cred=tok), 400)
        self.assertProblem(request("PATCH", PAPI + "/teams/" + self.team["id"], {"name": "T"}, cred=tok,
                                   headers={"If-Match": "soon"}), 400)
        self.assertProblem(request("GET", PAPI + "/nothing", cred=tok), 404)
        self.assertProblem(request("PUT", PAPI + "/teams", {"name": "T"}, cred=tok), 405)
        # a forged token
        self.assertProblem(request("GET", PAPI + "/teams", cred="eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), 401)
