"""Revocation at once (issue 15, finding 4): a revoked API key, and the API
keys and staff tokens of a deactivated tenant, are refused by every replica
as soon as the change commits, although each replica had them cached; a
reactivated tenant's credentials work again; a cached key costs no database
query (the replicas' koers_auth_db_lookups_total stays put).

Both casedesk replicas are asked directly (CASEDESK_URL, CASEDESK2_URL), not
through the gateway, so that each one's own cache is what is tested.

"At once" is "as soon as PostgreSQL's announcement of the commit has reached
the replica": koers-admin returns after the commit, and the announcement
reaches a replica about a millisecond later (integration test
test_auth_revocation: median 0.3 ms, max 25 ms on a 2-core machine under a
load of 27). So the first answer after koers-admin returned is what we
expect, and a replica that still says 200 is asked again, every 5 ms, for at
most SETTLE_MS = 100 ms: four times the slowest delivery measured, and 300
times shorter than the 30 s a revoked key used to keep working."""

import re
import time
import unittest

from koers_bb import API, ENV, KoersCase, admin, remember_secret, request, uniq

SETTLE_MS = 100
STEP_S = 0.005
LOOKUPS = re.compile(r'^koers_auth_db_lookups_total\{kind="api_key"\} (\S+)$', re.M)


def replicas():
    return [u for u in (ENV.get("CASEDESK_URL"), ENV.get("CASEDESK2_URL")) if u]


def lookups(base):
    """The replica's count of API key lookups in the database."""
    r = request("GET", "/metrics", base=base)
    m = LOOKUPS.search(r.raw.decode())
    return float(m.group(1)) if m else 0.0


class RevocationTest(KoersCase):
    def setUp(self):
        if len(replicas()) < 2:
            self.skipTest("CASEDESK_URL and CASEDESK2_URL are needed: two replicas, directly")

    def get(self, base, cred):
        return request("GET", API + "/cases?limit=1", cred=cred, base=base)

    def settles(self, base, cred, want):
        """The status `want` from the replica, asked at once and then every
        STEP_S for at most SETTLE_MS; returns (last answer, attempts)."""
        deadline = time.monotonic() + SETTLE_MS / 1000.0
        attempts = 0
        while True:
            r = self.get(base, cred)
            attempts += 1
            if r.status == want or time.monotonic() >= deadline:
                return r, attempts
            time.sleep(STEP_S)

    def assertRefusedEverywhere(self, cred):
        """401 problem+json from every replica, within SETTLE_MS; the answer
        never holds the credential. Returns the problem documents."""
        docs = []
        for base in replicas():
            r, attempts = self.settles(base, cred, 401)
            docs.append(self.assertProblem(r, 401))
            self.assertNotIn(cred, r.raw.decode())
            if attempts > 1:
                print("\n  %s refused at attempt %d" % (base, attempts))
        return docs

    def cache_everywhere(self, *creds):
        for base in replicas():
            for cred in creds:
                for _ in range(2):
                    self.assertStatus(self.get(base, cred), 200)

    def key_of(self, tenant, name):
        """The id of the tenant's key called name (koers-admin apikey-list)."""
        for line in admin("apikey-list", "--tenant", tenant).splitlines():
            fields = line.split("\t")
            if fields[1] == name:
                return fields[0]
        self.fail("no key %s in apikey-list" % name)

    def test_revoked_key_refused_at_once_by_both_replicas(self):
        name = uniq("revoke")
        key = remember_secret(admin("apikey-create", "--tenant", ENV["TENANT_A"], "--name", name,
                                    "--scopes", "cases:read"))
        key_id = self.key_of(ENV["TENANT_A"], name)
        self.cache_everywhere(key)
        # the hot path: a cached key asks no database, on either replica
        before = [lookups(b) for b in replicas()]
        for base in replicas():
            for _ in range(20):
                self.assertStatus(self.get(base, key), 200)
        self.assertEqual([lookups(b) for b in replicas()], before)

        admin("apikey-revoke", "--id", key_id)
        for doc in self.assertRefusedEverywhere(key):
            self.assertEqual(doc["detail"], "invalid API key")
        # and for good; the tenant's other key is untouched
        for base in replicas():
            self.assertProblem(self.get(base, key), 401)
            self.assertStatus(self.get(base, ENV["KEY_A"]), 200)

    def test_deactivated_tenant_refused_at_once_and_reactivated(self):
        slug = uniq("off")
        tenant = admin("tenant-create", "--name", "Gemeente " + slug, "--slug", slug)
        key = remember_secret(admin("apikey-create", "--tenant", tenant, "--name", "portaal",
                                    "--scopes", "cases:read"))
        token = remember_secret(admin("token", "--tenant", tenant, "--sub", "coordinator-off",
                                      "--roles", "coordinator", "--ttl", "600"))
        self.cache_everywhere(key, token)

        admin("tenant-deactivate", "--id", tenant)
        for doc in self.assertRefusedEverywhere(key):
            # a key says no more than a revoked one would
            self.assertEqual(doc["detail"], "invalid API key")
        for doc in self.assertRefusedEverywhere(token):
            self.assertEqual(doc["detail"], "the token's tenant is deactivated")
        # other tenants are untouched
        for base in replicas():
            self.assertStatus(self.get(base, ENV["KEY_A"]), 200)
            self.assertStatus(self.get(base, ENV["TOKEN_B"]), 200)
        # deactivating twice is harmless
        admin("tenant-deactivate", "--id", tenant)

        admin("tenant-activate", "--id", tenant)
        for base in replicas():
            for cred in (key, token):
                r, _ = self.settles(base, cred, 200)
                self.assertStatus(r, 200)

    def test_admin_refuses_unknown_ids(self):
        missing = "00000000-0000-4000-8000-000000000000"
        for cmd in ("tenant-deactivate", "tenant-activate"):
            with self.assertRaises(RuntimeError) as e:
                admin(cmd, "--id", missing)
            self.assertIn("no tenant with id " + missing, str(e.exception))
        with self.assertRaises(RuntimeError):
            admin("tenant-deactivate", "--id", "not-a-uuid")


if __name__ == "__main__":
    unittest.main()
