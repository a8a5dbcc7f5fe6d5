"""Helpers of the programmes black-box tests (tests/blackbox/programmes/test_*.py).

tests/blackbox/run.sh starts the programmes service beside the others when
build/<flavour>/bin/programmes is built and exports, besides koers_bb's:

  PROGRAMMES_URL     the service directly (empty: not running, the tests skip)
  PROGRAMMES_VIA_GATEWAY  1: programmes runs but only the gateway reaches it
                     (the compose test); the tests run with an empty PROGRAMMES_URL
  GTOKEN_A           tenant A's coordinator (manages everything)
  GTOKEN_A_LEAD      tenant A's programme_lead, JWT sub prog-lead-a
  GTOKEN_A_MEMBER    tenant A's programme_member, JWT sub prog-member-a (what
                     they may do follows from the groups that hold the person
                     with that userSub)
  GTOKEN_A_MEMBER2   another programme_member of tenant A, sub prog-member2-a
  GKEY_A_READ        tenant A's API key with scope programmes:read
  GTOKEN_B           tenant B's coordinator
  GTOKEN_A_EMP1..3   tenant A's employees (role employee, subs prog-emp1-a ..
                     prog-emp3-a): consultation views, activities, buddies
The surveys and processes tokens (STOKEN_A, PTOKEN_A, ...) are koers_bb's
and processes_bb's.
"""

import time
import unittest
import urllib.parse

from koers_bb import ENV, KoersCase, request, uniq

GAPI = "/programmes/v1"


def programmes_running():
    reachable = bool(ENV.get("PROGRAMMES_URL")) or ENV.get("PROGRAMMES_VIA_GATEWAY") == "1"
    return reachable and bool(ENV.get("GTOKEN_A"))


def skip_unless_programmes(cls):
    return unittest.skipUnless(programmes_running(),
                               "the programmes service is not running (not built)")(cls)


class ProgrammesCase(KoersCase):
    """Fixtures through the API (as tenant A's coordinator unless told)."""

    def gok(self, r, *statuses):
        self.assertIn(r.status, statuses or (200, 201), repr(r))
        return r.json

    def gpost(self, path, body, token=None, status=201):
        return self.gok(request("POST", GAPI + path, body, cred=token or ENV["GTOKEN_A"]), status)

    def gget(self, path, token=None):
        return self.gok(request("GET", GAPI + path, cred=token or ENV["GTOKEN_A"]), 200)

    def walk_all(self, path, token=None):
        return self.walk(GAPI + path, token or ENV["GTOKEN_A"])

    # ---- fixtures: programmes and approach ----
    def template_id(self, key, token=None):
        """The id of the shipped approach template with this key."""
        items = self.gget("/approach-templates", token)["items"]
        return next(t["id"] for t in items if t.get("key") == key)

    def make_programme(self, template_key="three-phases", token=None, **kw):
        """A new draft programme of tenant A (or token's tenant) copied from
        the shipped template template_key (kw: other members, e.g. phases=
        with template_key=None for its own approach)."""
        body = {"name": uniq("programma")}
        if template_key is not None and "phases" not in kw:
            body["templateId"] = self.template_id(template_key, token)
        body.update(kw)
        return self.gpost("/programmes", body, token)

    def approach(self, pid, token=None):
        """The programme's approach: {programmeId, version, phases: [...]}."""
        return self.gget("/programmes/%s/approach" % pid, token)

    def move(self, pid, to, token=None, headers=None, **kw):
        """POST /programmes/{pid}/transitions {to, **kw} (e.g. reason=); the
        raw answer, for the caller to check."""
        body = dict(kw, to=to)
        return request("POST", GAPI + "/programmes/%s/transitions" % pid, body, cred=token or ENV["GTOKEN_A"],
                       headers=headers)

    # ---- fixtures: governance ----
    def make_person(self, token=None, **kw):
        """A person (POST /people), an employee unless kw says otherwise. The
        test tokens' subjects (prog-member-a, ...) are shared by every test of
        a run and unique per tenant: with the userSub of a person who exists
        already, that person is returned, changed to kw."""
        cred = token or ENV["GTOKEN_A"]
        if kw.get("userSub"):
            r = request("GET", GAPI + "/people?userSub=" + urllib.parse.quote(kw["userSub"]), cred=cred)
            found = self.gok(r, 200)["items"]
            if found:
                return self.gok(request("PATCH", GAPI + "/people/" + found[0]["id"], kw, cred=cred), 200)
        body = {"name": uniq("Persoon"), "roleType": "employee"}
        body.update(kw)
        return self.gpost("/people", body, token)

    def make_group(self, programme_id, kind="working", token=None, **kw):
        """A group of the programme (POST /groups)."""
        body = {"programmeId": programme_id, "kind": kind, "name": uniq("Groep")}
        body.update(kw)
        return self.gpost("/groups", body, token)

    def add_member(self, group_id, person_id, role="member", token=None):
        """PUT /groups/{id}/members/{personId}: the member (201 added, 200 changed)."""
        r = request("PUT", GAPI + "/groups/%s/members/%s" % (group_id, person_id), {"role": role},
                    cred=token or ENV["GTOKEN_A"])
        return self.gok(r, 200, 201)

    def make_building_block(self, programme_id, token=None, **kw):
        """A building block of the programme (POST /building-blocks)."""
        body = {"programmeId": programme_id, "title": uniq("Ontwikkelpunt")}
        body.update(kw)
        return self.gpost("/building-blocks", body, token)
    # ---- fixtures: proposals and actions ----
    def make_proposal(self, building_block_id, token=None, **kw):
        """A draft proposal for the building block (as its working group's
        member when token is theirs)."""
        body = {"buildingBlockId": building_block_id, "title": uniq("Verbeterpunt")}
        body.update(kw)
        return self.gpost("/proposals", body, token)

    def submit_proposal(self, proposal_id, token=None):
        """Submits the proposal to the project group; the proposal after."""
        return self.gpost("/proposals/%s/transitions" % proposal_id, {"to": "submitted"}, token, 200)

    def decide(self, proposal_id, outcome, token=None, **kw):
        """The project group's decision (approved needs no reason; the
        others get one unless given); the decision with its actionId."""
        body = {"outcome": outcome}
        if outcome != "approved":
            body["reason"] = "Besproken in de projectgroep"
        body.update(kw)
        return self.gpost("/proposals/%s/decisions" % proposal_id, body, token)

    # ---- fixtures: values and behaviour ----
    # ---- fixtures: manifest ----
    def make_programme_value(self, programme_id, token=None, wait_s=20):
        """A core value of the programme from the tenant's catalogue: a new
        core value in the surveys service (STOKEN_A), which reaches the
        programmes catalogue copy through its events, then POST
        /programmes/{id}/values {valueId, source: catalogue} (the values
        part), retried while the copy has not arrived (422). Skips the test
        while that endpoint is not in this build (404)."""
        doc = request("GET", GAPI + "/openapi.json", cred=ENV["GTOKEN_A"]).json or {}
        if "/programmes/{id}/values" not in doc.get("paths", {}):
            raise unittest.SkipTest("POST /programmes/{id}/values (the values part) is not in this build")
        r = request("POST", "/surveys/v1/core-values", {"name": uniq("Waarde")}, cred=ENV["STOKEN_A"])
        value = self.gok(r, 201)
        deadline = time.time() + wait_s
        while True:
            r = request("POST", GAPI + "/programmes/%s/values" % programme_id,
                        {"valueId": value["id"], "source": "catalogue"}, cred=token or ENV["GTOKEN_A"])
            if r.status != 422 or time.time() > deadline:
                return self.gok(r, 201)
            time.sleep(0.3)

    def make_manifest(self, programme_id, token=None, **kw):
        """A draft manifest of the programme (POST /programmes/{id}/manifests)."""
        body = {"title": uniq("Manifest")}
        body.update(kw)
        return self.gpost("/programmes/%s/manifests" % programme_id, body, token)

    def give_view(self, round_id, statement_id, token, stance="support", department="Burgerzaken",
                  anonymous=True, reason=None):
        """PUT .../view as the holder of token; the raw answer."""
        body = {"stance": stance, "department": department, "anonymous": anonymous}
        if reason is not None:
            body["reason"] = reason
        return request("PUT", GAPI + "/consultation-rounds/%s/statements/%s/view" % (round_id, statement_id),
                       body, cred=token)
    # ---- fixtures: activities and buddies ----
    def make_activity(self, programme_id, kind="group_session", token=None, **kw):
        """An activity of the programme (POST /activities), planned."""
        body = {"programmeId": programme_id, "kind": kind, "title": uniq("Activiteit")}
        body.update(kw)
        return self.gpost("/activities", body, token)

    def employee(self, n, organisation):
        """The person of the test employee n (1..3, sub prog-emp<n>-a) in
        that department: (person, token)."""
        person = self.make_person(name=uniq("emp%d" % n), userSub="prog-emp%d-a" % n,
                                  organisation=organisation)
        return person, ENV["GTOKEN_A_EMP%d" % n]

    # ---- fixtures: goals ----
    # ---- fixtures: coaching, lessons, monitor ----
    # ---- fixtures: checkpoints ----
    def checkpoint_setup(self):
        """A running three-phases programme with a project group (chair: a
        person with userSub prog-member-a), a steering group, a working group
        (prog-member2-a) and a building block of its fourth step. Uses the
        programmes and governance parts' endpoints. Returns a dict: pid,
        approach, steps (flat, in order), project, steering, working, chair,
        worker, outsider (person ids), block."""
        prog = self.make_programme(template_key="three-phases")
        pid = prog["id"]
        self.move(pid, "running")
        chair = self.make_person(name=uniq("chair"), roleType="manager", userSub="prog-member-a")
        worker = self.make_person(name=uniq("worker"), roleType="employee", userSub="prog-member2-a")
        outsider = self.gpost("/people", {"name": uniq("council"), "roleType": "council_member"})
        groups = {}
        for kind in ("project", "steering", "working"):
            groups[kind] = self.gpost("/groups", {"programmeId": pid, "kind": kind,
                                                  "name": uniq(kind)})["id"]
        self.gok(request("PUT", GAPI + "/groups/%s/members/%s" % (groups["project"], chair["id"]),
                         {"role": "chair"}, cred=ENV["GTOKEN_A"]), 200, 201)
        self.gok(request("PUT", GAPI + "/groups/%s/members/%s" % (groups["working"], worker["id"]),
                         {"role": "member"}, cred=ENV["GTOKEN_A"]), 200, 201)
        approach = self.approach(pid)
        steps = [st for ph in approach["phases"] for st in ph["steps"]]
        block = self.gpost("/building-blocks", {"programmeId": pid, "stepId": steps[3]["id"],
                                                "workingGroupId": groups["working"],
                                                "title": uniq("block")})
        return {"pid": pid, "approach": approach, "steps": steps, "project": groups["project"],
                "steering": groups["steering"], "working": groups["working"],
                "chair": chair["id"], "worker": worker["id"], "outsider": outsider["id"],
                "block": block["id"]}


_ = uniq  # re-exported for the tests
