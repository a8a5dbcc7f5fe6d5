"""koers-admin idp-set, idp-list and idp-delete: the API's rules, insert or
update by issuer, an issuer of another tenant refused, and what the API
then shows."""

import json
import os
import subprocess

from koers_bb import ENV, request, uniq
from .iam_bb import IAPI, IamCase, new_tenant, skip_unless_iam


def run_admin(*args, env=None):
    build = ENV.get("BUILD", "build/asan")
    e = dict(ENV, ASAN_OPTIONS="detect_leaks=1")
    e.update(env or {})
    return subprocess.run([os.path.join(build, "bin", "koers-admin")] + list(args), capture_output=True,
                          text=True, timeout=60, env=e)


@skip_unless_iam
class AdminIdpTest(IamCase):
    @classmethod
    def setUpClass(cls):
        cls.tenant, cls.slug, cls.admin = new_tenant("adm")

    def idp_set(self, issuer, *extra, tenant=None, env=None):
        return run_admin("idp-set", "--tenant", tenant or self.tenant, "--name", "Keycloak", "--issuer", issuer,
                         "--audience", "koers-api", "--client-id", "koers-werkplek", *extra, env=env)

    def test_set_list_update_delete(self):
        issuer = "https://%s.example.nl/realms/staff" % uniq("kc")
        out = self.idp_set(issuer, "--roles-claim", "realm_access.roles",
                           "--role-map", '{"koers-admins": "admin", "g-1": ["official", "employee"]}',
                           "--name-claim", "name", "--email-claim", "email",
                           "--redirect-uris", "https://werkplek.example.nl/cb http://127.0.0.1:5173/cb",
                           "--post-logout-uris", "https://werkplek.example.nl/",
                           "--scopes", "openid profile")
        self.assertEqual(out.returncode, 0, out.stderr)
        pid = out.stdout.strip()
        self.assertEqual(len(pid), 36)
        self.assertIn("registered", out.stderr)
        r = request("GET", IAPI + "/identity-providers/" + pid, cred=self.admin)
        self.assertStatus(r, 200)
        p = r.json
        self.assertEqual((p["issuer"], p["rolesClaim"], p["scopes"], p["nameClaim"]),
                         (issuer, "realm_access.roles", "openid profile", "name"))
        self.assertEqual(p["roleMap"], {"koers-admins": "admin", "g-1": ["official", "employee"]})
        self.assertEqual(p["redirectUris"], ["https://werkplek.example.nl/cb", "http://127.0.0.1:5173/cb"])

        # the same issuer again: an update of that provider; what is not given is kept
        out = self.idp_set(issuer, "--role-map", '{"koers-coordinators": "coordinator"}')
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), pid)
        self.assertIn("changed", out.stderr)
        r = request("GET", IAPI + "/identity-providers/" + pid, cred=self.admin)
        self.assertEqual(r.json["roleMap"], {"koers-coordinators": "coordinator"})
        self.assertEqual(r.json["redirectUris"], p["redirectUris"])
        self.assertEqual(r.json["scopes"], "openid profile")
        self.assertEqual(r.header("etag"), '"2"')

        out = run_admin("idp-list", "--tenant", self.tenant)
        self.assertEqual(out.returncode, 0, out.stderr)
        rows = [json.loads(line) for line in out.stdout.splitlines()]
        mine = [x for x in rows if x["id"] == pid]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["issuer"], issuer)
        self.assertEqual(mine[0]["clientId"], "koers-werkplek")
        self.assertEqual(mine[0]["roleMap"], {"koers-coordinators": "coordinator"})

        out = run_admin("idp-delete", "--id", pid)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertProblem(request("GET", IAPI + "/identity-providers/" + pid, cred=self.admin), 404)
        out = run_admin("idp-delete", "--id", pid)
        self.assertEqual(out.returncode, 1)
        self.assertIn("not found", out.stderr)

    def test_the_api_rules(self):
        for extra, named in ((["--role-map", '{"g": "superuser"}'], "roleMap.g"),
                             (["--role-map", "not json"], "--role-map"),
                             (["--redirect-uris", "https://a.example.nl/#x"], "redirectUris[0]"),
                             (["--roles-claim", "a..b"], "rolesClaim"),
                             (["--scopes", "profile"], "scopes")):
            with self.subTest(extra=extra):
                out = self.idp_set("https://%s.example.nl" % uniq("bad"), *extra)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn(named, out.stderr)
                self.assertEqual(out.stdout, "")
        out = self.idp_set("http://login.example.nl/realms/x")
        self.assertEqual(out.returncode, 2)
        self.assertIn("issuer", out.stderr)
        loop = "http://127.0.0.1:1/%s" % uniq("loop")
        out = self.idp_set(loop, env={"KOERS_OIDC_ALLOW_HTTP": "0"})
        self.assertEqual(out.returncode, 2, "http on a loopback host needs KOERS_OIDC_ALLOW_HTTP=1")
        self.assertIn("KOERS_OIDC_ALLOW_HTTP", out.stderr)
        out = self.idp_set(loop, env={"KOERS_OIDC_ALLOW_HTTP": "1"})
        self.assertEqual(out.returncode, 0, out.stderr)
        out = run_admin("idp-set", "--tenant", self.tenant, "--name", "x")
        self.assertEqual(out.returncode, 2)
        self.assertIn("--issuer", out.stderr)

    def test_an_issuer_of_another_tenant_is_refused(self):
        other, _, other_admin = new_tenant("adm")
        issuer = "https://%s.example.nl" % uniq("taken")
        out = self.idp_set(issuer, tenant=other)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.idp_set(issuer)
        self.assertEqual(out.returncode, 1)
        self.assertIn("another tenant", out.stderr)
        self.assertNotIn(other, out.stderr)
        r = request("GET", IAPI + "/identity-providers?issuer=" + issuer, cred=other_admin)
        self.assertEqual(r.json["items"][0]["name"], "Keycloak")
        out = self.idp_set(issuer, tenant="00000000-0000-4000-8000-000000000000")
        self.assertEqual(out.returncode, 1)
