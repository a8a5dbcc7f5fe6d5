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
The surveys and processes tokens (STOKEN_A, PTOKEN_A, ...) are koers_bb's
and processes_bb's.
"""

import unittest

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
    # ---- fixtures: governance ----
    # ---- fixtures: proposals and actions ----
    def make_proposal(self, building_block_id, token=None, **kw):
        """A draft proposal for the building block (as its working group's
        member when token is theirs)."""
        body = {"buildingBlockId": building_block_id, "title": uniq("Verbeterpunt")}
        body.update(kw)
        return self.gpost("/proposals", body, token)

    def submit(self, proposal_id, token=None):
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

    # ---- fixtures: checkpoints ----


_ = uniq  # re-exported for the tests
