"""Staff sign-in end to end with a real OpenID Connect provider (deploy/idp,
oidc-provider), black-box.

The test starts TWO providers itself (127.0.0.1, ports it picks, data and
logs in the run's work folder, stopped at the end): tenant A's (RS256,
roles in "roles") and tenant B's (ES256, roles in "realm_access.roles" as
Keycloak puts them, and a "tenant" claim naming tenant A in every token),
registers them with `koers-admin idp-set`, and signs in as a browser does
(tests/lib/oidc_login.py: redirects followed, the sign-in form posted, code
+ PKCE S256, state and nonce checked). With the access tokens it calls the
API through the gateway:
  - each demo user (liaison_officer, coordinator, official, process_owner,
    programme_lead, admin, privacy_officer): a representative operation of
    the role answers 2xx, one the role may not call 403;
  - a user whose provider roles map to no Koers role: 403;
  - a tampered token (claims changed, signature kept; signature changed):
    401 problem;
  - B's tokens act in B only: A's category 404, A's data never listed, even
    with a "tenant" claim naming A;
  - A's signing key rotated while Koers runs: sign-in keeps working (the new
    kid is fetched), a token of the old key still verifies;
  - a wrong password is refused; logout (end_session_endpoint with
    id_token_hint) ends the provider's session: a new authorize asks for the
    password again.
Needs node (make deps) and deploy/idp's packages (deploy/idp/install.sh,
run here when missing)."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.parse
import urllib.request

from koers_bb import ENV, KoersCase, admin, remember_secret, request, uniq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import oidc_login  # noqa: E402

ROLES = ["liaison_officer", "coordinator", "official", "process_owner", "programme_lead", "admin",
         "privacy_officer"]
CLIENT = "koers-workplace"
# what each role may call (2xx) and one call it may not make (403); admin
# is admitted by every operation of the specs: its refusal is B's admin on
# A's provider (404, test_second_tenant_...)
ALLOWED = {
    "coordinator": "/casedesk/v1/categories",
    "liaison_officer": "/casedesk/v1/work-list",
    "official": "/casedesk/v1/referrals",
    "process_owner": "/processes/v1/processes",
    "programme_lead": "/programmes/v1/programmes",
    "privacy_officer": "/casedesk/v1/data-subject-requests",
    "admin": "/iam/v1/identity-providers",
}
FORBIDDEN = {
    "coordinator": "/casedesk/v1/data-subject-requests",
    "liaison_officer": "/casedesk/v1/settings",
    "official": "/casedesk/v1/categories",
    "process_owner": "/casedesk/v1/cases",
    "programme_lead": "/processes/v1/processes",
    "privacy_officer": "/casedesk/v1/cases",
}
SERVICE_OF = {"casedesk": "CASEDESK_URL", "processes": "PROCESSES_URL", "programmes": "PROGRAMMES_URL",
              "iam": "IAM_URL"}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def running(path):
    """The service of an API path runs in this black-box run."""
    svc = path.split("/")[1]
    return svc == "casedesk" or bool(ENV.get(SERVICE_OF.get(svc, ""), ""))


class Provider:
    """One local provider process (deploy/idp/server.js)."""

    def __init__(self, work, name, alg, roles_claim, users, audience):
        self.port = free_port()
        self.issuer = "http://127.0.0.1:%d" % self.port
        self.dir = os.path.join(work, "idp-" + name)
        os.makedirs(self.dir, exist_ok=True)
        self.redirect = "http://127.0.0.1:%d/workplace/callback" % free_port()
        self.post_logout = self.redirect.rsplit("/", 1)[0] + "/"
        self.audience = audience
        self.roles_claim = roles_claim
        cfg = {"issuer": self.issuer, "port": self.port, "audience": audience, "data_dir": "data",
               "signing_alg": alg, "roles_claim": roles_claim, "access_token_ttl": 600,
               "clients": [{"client_id": CLIENT, "redirect_uris": [self.redirect],
                            "post_logout_redirect_uris": [self.post_logout]}],
               "users": users}
        self.config = os.path.join(self.dir, "config.json")
        with open(self.config, "w") as f:
            json.dump(cfg, f)
        self.log = open(os.path.join(self.dir, "idp.log"), "ab")
        self.proc = subprocess.Popen(["node", os.path.join(ROOT, "deploy", "idp", "server.js"), "--config",
                                      self.config], stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.jwks()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("provider %s did not start (log %s)" % (name, self.log.name))
                time.sleep(0.1)

    def jwks(self):
        with urllib.request.urlopen(self.issuer + "/jwks", timeout=5) as r:
            return [k["kid"] for k in json.load(r)["keys"]]

    def rotate(self):
        """SIGHUP: a new signing key first, the old one kept; returns the
        new kid once /jwks publishes it (10 s at most)."""
        before = self.jwks()
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            kids = self.jwks()
            if kids[0] not in before:
                return kids
            time.sleep(0.1)
        raise AssertionError("the provider published no new key after SIGHUP")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()

    def sign_in(self, username, password, browser=None):
        b = browser or oidc_login.Browser()
        tokens = b.sign_in(self.issuer, CLIENT, self.redirect, username, password)
        for k in ("access_token", "id_token"):
            remember_secret(tokens.get(k))
        return tokens


def users_for(tag, password, roles_claim_extra=None):
    users = [{"username": r, "password": password, "sub": "oidc-%s-%s" % (tag, r.replace("_", "-")),
              "roles": ["koers-" + r], "name": "%s %s" % (tag.upper(), r), "email": "%s-%s@example.invalid" % (
                  tag, r.replace("_", "-"))} for r in ROLES]
    # provider roles Koers does not map: a user with no Koers role
    users.append({"username": "visitor", "password": password, "sub": "oidc-%s-visitor" % tag,
                  "roles": ["koers-visitor", "wiki-editor"]})
    for u in users:
        u.update(roles_claim_extra or {})
    return users


class OidcSignInTest(KoersCase):
    @classmethod
    def setUpClass(cls):
        subprocess.run(["sh", os.path.join(ROOT, "deploy", "idp", "install.sh")], check=True, timeout=600)
        work = ENV.get("KOERS_BB_WORK") or os.path.join("/tmp", uniq("koers-oidc"))
        cls.password = remember_secret(secrets.token_hex(12))
        cls.providers = []
        cls.a = Provider(work, "a", "RS256", "roles", users_for("a", cls.password), "koers-api-a")
        cls.providers.append(cls.a)
        try:
            cls.b = Provider(work, "b", "ES256", "realm_access.roles",
                             users_for("b", cls.password, {"claims": {"tenant": ENV["TENANT_A"]}}), "koers-api-b")
            cls.providers.append(cls.b)
            role_map = json.dumps({"koers-" + r: r for r in ROLES})
            for p, tenant in ((cls.a, ENV["TENANT_A"]), (cls.b, ENV["TENANT_B"])):
                p.id = admin("idp-set", "--tenant", tenant, "--name", "Provider " + tenant[:8], "--issuer", p.issuer,
                             "--audience", p.audience, "--client-id", CLIENT, "--roles-claim", p.roles_claim,
                             "--role-map", role_map, "--name-claim", "name", "--email-claim", "email",
                             "--redirect-uris", p.redirect, "--post-logout-uris", p.post_logout)
        except BaseException:
            for p in cls.providers:
                p.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        for p in cls.providers:
            try:
                admin("idp-delete", "--id", p.id)
            except (RuntimeError, AttributeError):
                pass
            p.stop()

    def call(self, path, token, method="GET", body=None):
        """The API through the gateway, with a retry while the services
        still learn about a provider registered a moment ago (its NOTIFY)
        or fetch a rotated JWKS (KOERS_OIDC_REFRESH_MIN_S): 10 s at most."""
        deadline = time.monotonic() + 10
        while True:
            r = request(method, path, body, cred=token)
            if r.status not in (401, 503) or time.monotonic() > deadline:
                return r
            time.sleep(0.25)

    # ---- each demo user ----------------------------------------------------
    def test_each_role_allowed_and_refused(self):
        # the liaison officer's work list is that of the officer whose
        # userSub is the token's sub
        sub = "oidc-a-liaison-officer"
        self.make_officer(userSub=sub)
        for role in ROLES:
            with self.subTest(role=role):
                tokens = self.a.sign_in(role, self.password)
                _, claims = oidc_login.decode_jwt(tokens["access_token"])
                self.assertEqual(claims["iss"], self.a.issuer)
                self.assertEqual(claims["aud"], "koers-api-a")
                self.assertEqual(claims["roles"], ["koers-" + role])
                self.assertEqual(claims["sub"], "oidc-a-" + role.replace("_", "-"))
                if running(ALLOWED[role]):
                    r = self.call(ALLOWED[role], tokens["access_token"])
                    self.assertIn(r.status, (200, 201, 204), "%s %s: %r" % (role, ALLOWED[role], r))
                if role in FORBIDDEN and running(FORBIDDEN[role]):
                    r = self.call(FORBIDDEN[role], tokens["access_token"])
                    self.assertProblem(r, 403)

    def test_who_am_i(self):
        """GET /iam/v1/me: the principal the token makes (sub, tenant, mapped
        roles, name and email)."""
        if not ENV.get("IAM_URL"):
            self.skipTest("iam is not built")
        tokens = self.a.sign_in("programme_lead", self.password)
        r = self.call("/iam/v1/me", tokens["access_token"])
        self.assertStatus(r, 200)
        me = r.json
        self.assertEqual(me["sub"], "oidc-a-programme-lead")
        self.assertEqual(me["tenant"], ENV["TENANT_A"])
        self.assertEqual(me["roles"], ["programme_lead"])
        self.assertEqual(me.get("name"), "A programme_lead")
        self.assertEqual(me.get("email"), "a-programme-lead@example.invalid")

    def test_workplace_finds_the_provider_through_koers(self):
        """The browser's start: GET /iam/v1/sign-in/{slug} (public) names the
        tenant's provider; signing in with what it says works."""
        if not ENV.get("IAM_URL"):
            self.skipTest("iam is not built")
        r = request("GET", "/iam/v1/sign-in/aadorp")
        self.assertStatus(r, 200)
        mine = [p for p in r.json["items"] if p["issuer"] == self.a.issuer]
        self.assertEqual(len(mine), 1, repr(r))
        p = mine[0]
        self.assertEqual(p["clientId"], CLIENT)
        self.assertNotIn("roleMap", p)
        self.assertNotIn(self.b.issuer, json.dumps(r.json))
        tokens = oidc_login.Browser().sign_in(p["issuer"], p["clientId"], p["redirectUris"][0], "coordinator",
                                              self.password)
        remember_secret(tokens["access_token"])
        self.assertStatus(self.call("/casedesk/v1/categories", tokens["access_token"]), 200)

    def test_admin_lists_identity_providers(self):
        if not ENV.get("IAM_URL"):
            self.skipTest("iam is not built")
        tokens = self.a.sign_in("admin", self.password)
        r = self.call("/iam/v1/identity-providers", tokens["access_token"])
        self.assertStatus(r, 200)
        issuers = json.dumps(r.json)
        self.assertIn(self.a.issuer, issuers)
        self.assertNotIn(self.b.issuer, issuers)
        # the coordinator may not
        tokens = self.a.sign_in("coordinator", self.password)
        self.assertProblem(self.call("/iam/v1/identity-providers", tokens["access_token"]), 403)

    def test_user_without_mapped_role_is_refused(self):
        tokens = self.a.sign_in("visitor", self.password)
        doc = self.assertProblem(self.call("/casedesk/v1/categories", tokens["access_token"]), 403)
        self.assertIn("role", doc["detail"])

    # ---- forged tokens -----------------------------------------------------
    def test_tampered_token_is_refused(self):
        token = self.a.sign_in("official", self.password)["access_token"]
        self.assertIn(self.call("/casedesk/v1/referrals", token).status, (200,))
        head, payload, sig = token.split(".")
        claims = oidc_login.decode_jwt(token)[1]
        claims["roles"] = ["koers-admin"]
        forged = head + "." + oidc_login.b64url(json.dumps(claims).encode()) + "." + sig
        self.assertProblem(request("GET", "/casedesk/v1/settings", cred=forged), 401)
        flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
        self.assertProblem(request("GET", "/casedesk/v1/referrals", cred=head + "." + payload + "." + flipped), 401)

    # ---- the second tenant -------------------------------------------------
    def test_second_tenant_token_acts_in_its_own_tenant_only(self):
        a_cat = self.make_category()  # tenant A's, by A's HS256 coordinator
        tokens = self.b.sign_in("coordinator", self.password)
        _, claims = oidc_login.decode_jwt(tokens["access_token"])
        self.assertEqual(claims["realm_access"]["roles"], ["koers-coordinator"])
        self.assertEqual(claims["tenant"], ENV["TENANT_A"])  # it claims tenant A: must not matter
        token = tokens["access_token"]
        b_cat = self.ok(self.call("/casedesk/v1/categories", token, "POST", {"name": uniq("B-cat"), "slaDays": 5}),
                        201)
        self.assertProblem(request("GET", "/casedesk/v1/categories/" + a_cat["id"], cred=token), 404)
        listed = json.dumps(self.ok(request("GET", "/casedesk/v1/categories?limit=100", cred=token), 200))
        self.assertNotIn(a_cat["id"], listed)
        self.assertIn(b_cat["id"], listed)
        # and A does not see B's
        self.assertProblem(request("GET", "/casedesk/v1/categories/" + b_cat["id"], cred=ENV["TOKEN_A"]), 404)
        # B's admin in A: A's provider settings are not B's to read
        if ENV.get("IAM_URL"):
            me = self.ok(self.call("/iam/v1/me", token), 200)
            self.assertEqual(me["tenant"], ENV["TENANT_B"])
            b_admin = self.b.sign_in("admin", self.password)["access_token"]
            self.assertProblem(self.call("/iam/v1/identity-providers/" + self.a.id, b_admin), 404)
            self.assertStatus(self.call("/iam/v1/identity-providers/" + self.b.id, b_admin), 200)

    # ---- key rotation while Koers runs -------------------------------------
    def test_key_rotation(self):
        old = self.a.sign_in("coordinator", self.password)["access_token"]
        self.assertStatus(self.call("/casedesk/v1/categories", old), 200)
        old_kid = oidc_login.decode_jwt(old)[0]["kid"]
        kids = self.a.rotate()
        self.assertIn(old_kid, kids[1:], "the old key left the JWKS")
        new = self.a.sign_in("coordinator", self.password)["access_token"]
        self.assertEqual(oidc_login.decode_jwt(new)[0]["kid"], kids[0])
        # an unknown kid: the services fetch the JWKS again (at most once
        # per KOERS_OIDC_REFRESH_MIN_S)
        self.assertStatus(self.call("/casedesk/v1/categories", new), 200)
        self.assertStatus(request("GET", "/casedesk/v1/categories", cred=old), 200)

    # ---- the provider's own behaviour --------------------------------------
    def test_wrong_password_is_refused(self):
        with self.assertRaises(oidc_login.SignInError) as e:
            self.a.sign_in("coordinator", "not-the-password")
        self.assertEqual(e.exception.status, 401)
        with self.assertRaises(oidc_login.SignInError):
            self.a.sign_in("nobody", self.password)

    def test_sign_in_page_is_strict(self):
        b = oidc_login.Browser()
        _, _, _, _, status, headers, body, _ = b.authorize(self.a.issuer, CLIENT, self.a.redirect)
        self.assertEqual(status, 200)
        csp = headers.get("Content-Security-Policy") or ""
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn(b"<script", body.lower())
        self.assertNotIn(b"style=", body.lower())

    def test_pkce_is_required(self):
        conf = oidc_login.Browser.discover(self.a.issuer)
        self.assertEqual(conf["code_challenge_methods_supported"], ["S256"])
        url = conf["authorization_endpoint"] + "?" + urllib.parse.urlencode(
            {"response_type": "code", "client_id": CLIENT, "redirect_uri": self.a.redirect, "scope": "openid",
             "state": "s"})
        status, headers, _, end = oidc_login.Browser().follow(url, stop_at=self.a.redirect)
        self.assertTrue(end.startswith(self.a.redirect), end)
        self.assertIn("error=invalid_request", end)

    def test_logout_ends_the_provider_session(self):
        b = oidc_login.Browser()
        tokens = self.a.sign_in("coordinator", self.password, b)
        # the session lives: a new authorize comes straight back with a code
        _, _, _, _, _, _, _, url = b.authorize(self.a.issuer, CLIENT, self.a.redirect)
        self.assertTrue(url.startswith(self.a.redirect) and "code=" in url, url)
        end = b.sign_out(self.a.issuer, tokens["id_token"], self.a.post_logout)
        self.assertTrue(end.startswith(self.a.post_logout), end)
        # ended: the password is asked again
        _, _, _, _, status, _, body, url = b.authorize(self.a.issuer, CLIENT, self.a.redirect)
        self.assertFalse(url.startswith(self.a.redirect), url)
        self.assertEqual(status, 200)
        self.assertIn(b'type="password"', body)


if __name__ == "__main__":
    unittest.main()
