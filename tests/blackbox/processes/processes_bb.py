"""Helpers of the processes black-box tests (tests/blackbox/processes/test_*.py).

tests/blackbox/run.sh starts the processes service beside casedesk when
build/<flavour>/bin/processes is built and exports, besides koers_bb's:

  PROCESSES_URL      the service directly (empty: not running, the tests skip)
  PROCESSES_VIA_GATEWAY  1: processes runs but only the gateway reaches it (the
                     compose test); the tests run with an empty PROCESSES_URL
  PTOKEN_A           tenant A's coordinator (manages teams, staff, processes)
  PTOKEN_A_OWNER     tenant A's process_owner, JWT sub proc-owner-a
  PTOKEN_A_MANAGER   tenant A's process_manager, JWT sub proc-manager-a
  PTOKEN_A_CORE      tenant A's core_team member, JWT sub proc-core-a (reads;
                     raises bottlenecks on the processes whose core team holds
                     the staff member with that userSub)
  PKEY_A_READ        tenant A's API key with scope processes:read
  PTOKEN_B           tenant B's coordinator
"""

import unittest

from koers_bb import ENV, KoersCase, request, service_ctl, service_restartable, uniq

PAPI = "/processes/v1"


def processes_running():
    reachable = bool(ENV.get("PROCESSES_URL")) or ENV.get("PROCESSES_VIA_GATEWAY") == "1"
    return reachable and bool(ENV.get("PTOKEN_A"))


def skip_unless_processes(cls):
    return unittest.skipUnless(processes_running(), "the processes service is not running (not built)")(cls)


class ProcessesCase(KoersCase):
    """Fixtures through the API (as tenant A's coordinator unless told)."""

    def pok(self, r, *statuses):
        self.assertIn(r.status, statuses or (200, 201), repr(r))
        return r.json

    def post(self, path, body, token=None):
        return self.pok(request("POST", PAPI + path, body, cred=token or ENV["PTOKEN_A"]), 201)

    def make_staff(self, token=None, **kw):
        body = {"name": uniq("Medewerker"), "email": uniq("m") + "@example.org"}
        body.update(kw)
        return self.post("/staff", body, token)

    def make_team(self, token=None, **kw):
        body = {"name": uniq("Team"), "membersCount": 12}
        body.update(kw)
        return self.post("/teams", body, token)

    def team_with_manager(self, token=None, **staff):
        """A team and its manager (a staff member of the team)."""
        m = self.make_staff(token, **staff)
        t = self.make_team(token, managerId=m["id"])
        m = self.pok(request("PATCH", PAPI + "/staff/" + m["id"], {"teamId": t["id"]},
                             cred=token or ENV["PTOKEN_A"]))
        return t, m

    def make_process(self, owner_id, token=None, **kw):
        body = {"name": uniq("Proces"), "ownerId": owner_id, "chain": "Vergunningen",
                "purpose": "Een vergunning binnen de termijn", "serviceDelivered": "Omgevingsvergunning"}
        body.update(kw)
        return self.post("/processes", body, token)

    def move(self, pid, to, token=None, **kw):
        body = {"to": to}
        body.update(kw)
        return request("POST", PAPI + "/processes/%s/transitions" % pid, body,
                       cred=token or ENV["PTOKEN_A"])

    def walk_all(self, path, token=None):
        return self.walk(PAPI + path, token or ENV["PTOKEN_A"])


# ---- citizens' cases (test_processes_citizens.py) ----------------------------

def processes_restartable():
    """The runner lets a test stop and start processes (koers_bb)."""
    return service_restartable()


def processes_ctl(action):
    """Stops or starts the run's processes service (koers_bb.service_ctl)."""
    return service_ctl("processes", action)


def poll(fetch, done, seconds=30.0, every=0.2):
    """Calls fetch() until done(value) or seconds have passed; returns the
    last value."""
    import time
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if done(value) or time.monotonic() >= deadline:
            return value
        time.sleep(every)
