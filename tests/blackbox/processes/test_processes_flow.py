"""The flow of a process through the gateway: the draft, its steps and
If-Match, publication as numbered versions that never change, a new draft
based on the last version keeping the step keys, both versions readable,
the event; the SVG picture (parsed as XML: every step and lane, names
escaped) and the Mermaid text; bad input of each kind; tenant B, the owner
of another process, an API key."""

import urllib.parse
import xml.etree.ElementTree as ET

from koers_bb import ENV, RedisSubscriber, request, uniq
from .processes_bb import PAPI, ProcessesCase, skip_unless_processes

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")&'</script>"


@skip_unless_processes
class ProcessFlowTest(ProcessesCase):
    def flow(self, pid, tail=""):
        return PAPI + "/processes/%s/flow%s" % (pid, tail)

    def setup_process(self, token=None):
        ta, manager = self.team_with_manager(token)
        tb = self.make_team(token)
        p = self.make_process(manager["id"], token, teamIds=[ta["id"], tb["id"]])
        return p, ta, tb

    def put_steps(self, pid, steps, etag=None, token=None):
        headers = {"If-Match": etag} if etag else None
        return request("PUT", self.flow(pid, "/draft"), {"steps": steps}, cred=token or ENV["PTOKEN_A"],
                       headers=headers)

    def publish(self, pid, note, token=None, etag=None):
        headers = {"If-Match": etag} if etag else None
        return request("POST", self.flow(pid, "/draft/publish"), {"note": note}, cred=token or ENV["PTOKEN_A"],
                       headers=headers)

    def svg(self, pid, query="", token=None):
        r = request("GET", self.flow(pid, ".svg") + query, cred=token or ENV["PTOKEN_A"],
                    headers={"Accept": "image/svg+xml"})
        return r

    @staticmethod
    def svg_text(root):
        return "\n".join(t for t in root.itertext())

    def test_draft_publish_and_versions(self):
        p, ta, tb = self.setup_process()
        pid = p["id"]
        self.assertProblem(request("GET", self.flow(pid), cred=ENV["PTOKEN_A"]), 404)
        self.assertProblem(request("GET", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 404)
        r = request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"])
        self.assertStatus(r, 201)
        self.assertTrue(r.header("location").endswith("/processes/v1/processes/%s/flow/draft" % pid))
        self.assertEqual(r.header("etag"), '"1"')
        self.assertEqual((r.json["state"], r.json["number"], r.json["steps"]), ("draft", None, []))
        self.assertProblem(request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 409)

        steps = [{"name": "Aanvraag ontvangen", "teamId": tb["id"], "inputs": ["aanvraag"],
                  "outputs": ["ontvangstbevestiging"]},
                 {"name": "Beoordelen", "teamId": ta["id"], "role": "vergunningverlener", "normHours": 4},
                 {"name": "Juridisch advies", "role": "jurist"}]
        r = self.put_steps(pid, steps, etag='"1"')
        self.assertStatus(r, 200)
        self.assertEqual(r.header("etag"), '"2"')
        d = r.json
        self.assertEqual([s["name"] for s in d["steps"]], [s["name"] for s in steps])
        self.assertEqual([s["position"] for s in d["steps"]], [1, 2, 3])
        self.assertEqual(d["steps"][0]["teamName"], tb["name"])
        self.assertEqual(d["steps"][1]["normHours"], 4)
        self.assertEqual(d["steps"][2]["teamId"], None)
        self.assertProblem(self.put_steps(pid, steps, etag='"1"'), 412)

        sub = RedisSubscriber("koers.processes.*")
        try:
            self.assertInvalidParam(self.assertProblem(
                request("POST", self.flow(pid, "/draft/publish"), {}, cred=ENV["PTOKEN_A"]), 422), "note")
            self.assertProblem(self.publish(pid, "te oud", etag='"1"'), 412)
            r = self.publish(pid, "Na de werksessie van 4 oktober")
            self.assertStatus(r, 201)
            self.assertTrue(r.header("location").endswith("/flow/versions/1"), r.header("location"))
            v1 = r.json
            self.assertEqual((v1["state"], v1["number"], v1["note"], v1["stepsCount"]),
                             ("published", 1, "Na de werksessie van 4 oktober", 3))
            self.assertTrue(v1["publishedBy"])
            self.assertTrue(v1["publishedAt"])
            ev = sub.collect(lambda e: e["type"] == "process.flow.published" and e["subject"] == pid, 1)
            self.assertEqual(len(ev), 1)
            self.assertEqual(ev[0][2]["data"], {"processId": pid, "versionId": v1["id"], "number": 1, "steps": 3})
        finally:
            sub.close()

        # version 1 never changes: every write is on the draft, and there is none
        self.assertProblem(self.put_steps(pid, steps[:1]), 404)
        self.assertProblem(self.publish(pid, "nog eens"), 404)
        self.assertProblem(request("DELETE", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 404)
        r = request("GET", self.flow(pid), cred=ENV["PTOKEN_A"])
        self.assertEqual(r.json["number"], 1)
        self.assertNotIn("draft", r.json["_links"])
        self.assertEqual(r.json["steps"], v1["steps"])

        # a new draft is based on version 1 and keeps its step keys
        r = request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"])
        self.assertStatus(r, 201)
        d = r.json
        self.assertEqual(d["basedOnNumber"], 1)
        self.assertEqual([s["stepKey"] for s in d["steps"]], [s["stepKey"] for s in v1["steps"]])
        self.assertNotEqual([s["id"] for s in d["steps"]], [s["id"] for s in v1["steps"]])
        self.assertIn("draft", request("GET", self.flow(pid), cred=ENV["PTOKEN_A"]).json["_links"])
        new = [{"stepKey": d["steps"][0]["stepKey"], "name": "Aanvraag digitaal ontvangen", "teamId": tb["id"]},
               {"name": "Volledigheid toetsen", "teamId": tb["id"]},
               {"stepKey": d["steps"][1]["stepKey"], "name": "Beoordelen", "teamId": ta["id"]}]
        r = self.put_steps(pid, new, etag=request("GET", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]).header("etag"))
        self.assertStatus(r, 200)
        self.assertEqual(r.json["steps"][0]["id"], d["steps"][0]["id"])  # a kept key keeps its id
        r = self.publish(pid, "Volledigheid apart getoetst")
        self.assertStatus(r, 201)
        v2 = r.json
        self.assertEqual(v2["number"], 2)
        self.assertEqual(v2["basedOnNumber"], 1)

        # both versions readable, in number order, page by page
        items, pages = self.walk(self.flow(pid, "/versions?limit=1"), ENV["PTOKEN_A"])
        self.assertEqual([(i["number"], i["stepsCount"], i["note"]) for i in items],
                         [(1, 3, "Na de werksessie van 4 oktober"), (2, 3, "Volledigheid apart getoetst")])
        self.assertEqual(pages, 2)
        self.assertNotIn("steps", items[0])
        r = request("GET", self.flow(pid, "/versions/1"), cred=ENV["PKEY_A_READ"])
        self.assertEqual([s["name"] for s in r.json["steps"]], [s["name"] for s in steps])
        r = request("GET", self.flow(pid, "/versions/2"), cred=ENV["PKEY_A_READ"])
        self.assertEqual([s["name"] for s in r.json["steps"]], [s["name"] for s in new])
        self.assertProblem(request("GET", self.flow(pid, "/versions/3"), cred=ENV["PTOKEN_A"]), 404)
        self.assertProblem(request("GET", self.flow(pid, "/versions/nul"), cred=ENV["PTOKEN_A"]), 400)
        self.assertProblem(request("GET", self.flow(pid, "/versions?cursor=bm9wZQ"), cred=ENV["PTOKEN_A"]), 400)

        # the SVG of the latest version: every step and lane, in a valid SVG
        r = self.svg(pid)
        self.assertStatus(r, 200)
        self.assertEqual(r.header("content-type").split(";")[0], "image/svg+xml")
        root = ET.fromstring(r.raw)
        self.assertEqual(root.tag, SVG + "svg")
        for a in ("viewBox", "width", "height"):
            self.assertIn(a, root.attrib)
        self.assertEqual(root.attrib["role"], "img")
        self.assertEqual(root[0].tag, SVG + "title")
        self.assertEqual(root[1].tag, SVG + "desc")
        self.assertIn("version 2", root[0].text)
        text = self.svg_text(root)
        for i, s in enumerate(new):
            self.assertIn("%d. %s" % (i + 1, s["name"]), text)
        for lane in (ta["name"], tb["name"]):
            self.assertIn(lane, text)
        self.assertEqual(len(root.findall(".//%spath[@class='handoff']" % SVG)), 1)
        self.assertEqual(self.svg(pid).raw, r.raw)  # stable
        # version 1: its own steps and lanes, the role lane among them
        root = ET.fromstring(self.svg(pid, "?version=1").raw)
        text = self.svg_text(root)
        for i, s in enumerate(steps):
            self.assertIn("%d. %s" % (i + 1, s["name"]), text)
        self.assertIn("role jurist", text)
        self.assertProblem(self.svg(pid, "?version=9"), 404)
        self.assertProblem(self.svg(pid, "?version=x"), 400)
        self.assertProblem(self.svg(pid, "?version=1&draft=true"), 400)
        self.assertProblem(self.svg(pid, "?draft=true"), 404)
        self.assertProblem(self.svg(pid, "?colour=red"), 400)

        # the Mermaid text of the same flow
        r = request("GET", self.flow(pid, ".mmd"), cred=ENV["PKEY_A_READ"])
        self.assertStatus(r, 200)
        self.assertEqual(r.header("content-type").split(";")[0], "text/vnd.mermaid")
        mmd = r.raw.decode("utf-8")
        self.assertTrue(mmd.startswith("flowchart LR\n"))
        for i, s in enumerate(new):
            self.assertIn('s%d["%d. %s' % (i + 1, i + 1, s["name"]), mmd)
        self.assertIn("s1 --> s2", mmd)
        self.assertIn("s2 -. hand-off .-> s3", mmd)

    def test_bad_input(self):
        p, ta, tb = self.setup_process()
        pid = p["id"]
        self.assertStatus(request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 201)
        # an empty draft is not published
        self.assertInvalidParam(self.assertProblem(self.publish(pid, "leeg"), 422), "steps")
        cases = [
            ([{"name": "Niemand"}], "steps[0].teamId"),
            ([{"name": "x", "teamId": "00000000-0000-4000-8000-000000000000"}], "steps[0].teamId"),
            ([{"name": "x", "teamId": "geen-uuid"}], "steps[0].teamId"),
            ([{"name": "", "role": "r"}], "steps[0].name"),
            ([{"name": "x", "role": "r", "normHours": 0}], "steps[0].normHours"),
            ([{"name": "x", "role": "r", "inputs": [""]}], "steps[0].inputs[0]"),
            ([{"name": "x", "role": "r", "colour": "rood"}], "steps[0].colour"),
            ([{"name": "x", "role": "r", "stepKey": "00000000-0000-4000-8000-000000000001"}], "steps[0].stepKey"),
            ([{"name": "s%d" % i, "role": "r"} for i in range(201)], "steps"),
            ("geen lijst", "steps"),
        ]
        for body, field in cases:
            r = self.put_steps(pid, body)
            self.assertInvalidParam(self.assertProblem(r, 422), field)
        # a stepKey used twice
        d = self.put_steps(pid, [{"name": "a", "role": "r"}]).json
        key = d["steps"][0]["stepKey"]
        r = self.put_steps(pid, [{"name": "a", "role": "r", "stepKey": key}, {"name": "b", "role": "r", "stepKey": key}])
        self.assertInvalidParam(self.assertProblem(r, 422), "steps[1].stepKey")
        # malformed requests
        self.assertProblem(request("PUT", self.flow(pid, "/draft"), raw=b"{nope", cred=ENV["PTOKEN_A"],
                                   headers={"Content-Type": "application/json"}), 400)
        self.assertProblem(request("PUT", self.flow(pid, "/draft"), raw=b"steps", cred=ENV["PTOKEN_A"],
                                   headers={"Content-Type": "text/plain"}), 415)
        self.assertProblem(self.put_steps(pid, [], etag="W/nope"), 400)
        self.assertProblem(request("GET", PAPI + "/processes/geen-uuid/flow", cred=ENV["PTOKEN_A"]), 400)
        self.assertProblem(request("GET", PAPI + "/processes/geen-uuid/flow.svg", cred=ENV["PTOKEN_A"]), 400)
        # the draft's picture, then discarding it
        r = self.svg(pid, "?draft=true")
        self.assertStatus(r, 200)
        self.assertIn("draft", ET.fromstring(r.raw)[0].text)
        self.assertProblem(request("DELETE", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"],
                                   headers={"If-Match": '"1"'}), 412)
        self.assertStatus(request("DELETE", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 204)
        self.assertProblem(request("GET", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 404)
        # a team in a published flow (here one outside the process's teams) and
        # the process cannot be deleted: the version keeps them
        tc = self.make_team()
        self.assertStatus(request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 201)
        self.assertStatus(self.put_steps(pid, [{"name": "a", "teamId": tc["id"]}]), 200)
        self.assertStatus(self.publish(pid, "een"), 201)
        self.assertProblem(request("DELETE", PAPI + "/teams/" + tc["id"], cred=ENV["PTOKEN_A"]), 409)
        self.assertProblem(request("DELETE", PAPI + "/processes/" + pid, cred=ENV["PTOKEN_A"]), 409)

    def test_hostile_names_are_escaped(self):
        m = self.make_staff()
        t = self.make_team(name=HOSTILE + uniq(" "), managerId=m["id"])
        p = self.make_process(m["id"], name="Proces & <co> " + uniq(), teamIds=[t["id"]])
        pid = p["id"]
        self.assertStatus(request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 201)
        names = [HOSTILE, "line\nbreak \u0001 \"quoted\" 'single' ]]> <!-- x -->", "#35; %% `tick`"]
        self.assertStatus(self.put_steps(pid, [{"name": n, "teamId": t["id"], "role": HOSTILE} for n in names]), 200)
        self.assertStatus(self.publish(pid, "vijandig"), 201)
        r = self.svg(pid)
        self.assertStatus(r, 200)
        self.assertNotIn(b"<script", r.raw)
        self.assertNotIn(b"<!--", r.raw)
        root = ET.fromstring(r.raw)  # well-formed despite the names
        text = self.svg_text(root)
        self.assertIn("1. " + HOSTILE, text)
        self.assertIn("3. #35; %% `tick`", text)
        self.assertIn("line break   \"quoted\" 'single' ]]> <!-- x -->", text)  # control characters: spaces
        self.assertIn(t["name"], text)
        self.assertIn(p["name"], root[0].text)
        self.assertEqual([e for e in root.iter() if "script" in e.tag], [])
        mmd = request("GET", self.flow(pid, ".mmd"), cred=ENV["PTOKEN_A"]).raw.decode("utf-8")
        self.assertIn('s1["1. #lt;script#gt;alert(#quot;x#quot;)#amp;\'#lt;/script#gt;', mmd)
        self.assertIn('s3["3. #35;35; %% #96;tick#96;', mmd)
        for line in mmd.splitlines():
            if line.strip().startswith(("s1[", "s2[", "s3[", "subgraph")):
                self.assertEqual(line.count('"'), 2, line)

    def test_who_may(self):
        p, ta, tb = self.setup_process()
        pid = p["id"]
        # tenant B sees no such process anywhere
        for method, tail in (("GET", ""), ("GET", "/versions"), ("GET", "/draft"), ("GET", ".svg"), ("GET", ".mmd"),
                             ("POST", "/draft"), ("DELETE", "/draft")):
            self.assertProblem(request(method, self.flow(pid, tail), cred=ENV["PTOKEN_B"]), 404)
        self.assertProblem(self.put_steps(pid, [{"name": "x", "role": "r"}], token=ENV["PTOKEN_B"]), 404)
        self.assertProblem(self.publish(pid, "x", token=ENV["PTOKEN_B"]), 404)
        # the owner of another process reads but does not steer this one
        for s in self.walk_all("/staff")[0]:
            if s.get("userSub") == "proc-owner-a":
                self.pok(request("PATCH", PAPI + "/staff/" + s["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        t2, mine_owner = self.team_with_manager(userSub="proc-owner-a")
        mine = self.make_process(mine_owner["id"], teamIds=[t2["id"]])
        try:
            owner = ENV["PTOKEN_A_OWNER"]
            self.assertProblem(request("POST", self.flow(pid, "/draft"), cred=owner), 403)
            self.assertStatus(request("POST", self.flow(pid, "/draft"), cred=ENV["PTOKEN_A"]), 201)
            self.assertProblem(self.put_steps(pid, [{"name": "x", "role": "r"}], token=owner), 403)
            self.assertProblem(self.publish(pid, "x", token=owner), 403)
            self.assertProblem(request("DELETE", self.flow(pid, "/draft"), cred=owner), 403)
            self.assertStatus(request("GET", self.flow(pid, "/draft"), cred=owner), 200)
            # ... and steers their own
            r = request("POST", self.flow(mine["id"], "/draft"), cred=owner)
            self.assertStatus(r, 201)
            self.assertStatus(self.put_steps(mine["id"], [{"name": "Eigen stap", "teamId": t2["id"]}], token=owner),
                              200)
            r = self.publish(mine["id"], "van de eigenaar", token=owner)
            self.assertStatus(r, 201)
            self.assertEqual(r.json["publishedBy"], "proc-owner-a")
        finally:
            self.pok(request("PATCH", PAPI + "/staff/" + mine_owner["id"], {"userSub": None}, cred=ENV["PTOKEN_A"]))
        # an API key reads, never writes; no credential is 401
        key = ENV["PKEY_A_READ"]
        self.assertStatus(request("GET", self.flow(mine["id"]), cred=key), 200)
        self.assertStatus(self.svg(mine["id"], token=key), 200)
        self.assertStatus(request("GET", self.flow(mine["id"], "/versions"), cred=key), 200)
        self.assertProblem(request("POST", self.flow(mine["id"], "/draft"), cred=key), 403)
        self.assertProblem(request("GET", self.flow(mine["id"]) + ".svg"), 401)
