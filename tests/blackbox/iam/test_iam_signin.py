"""The public sign-in answer: a tenant's enabled providers as a browser
needs them (no credentials), never a role map or a claim; unknown and
deactivated tenants 404; and tenant isolation of the admin's API."""

from koers_bb import ENV, admin, request
from .iam_bb import IAPI, IamCase, new_tenant, provider_body, skip_unless_iam

SIGN_IN_MEMBERS = {"id", "name", "issuer", "discoveryUrl", "clientId", "scopes", "redirectUris",
                   "postLogoutRedirectUris"}


@skip_unless_iam
class SignInTest(IamCase):
    @classmethod
    def setUpClass(cls):
        cls.tenant, cls.slug, cls.admin = new_tenant("signin")
        t = IamCase()
        cls.on = t.create_provider(token=cls.admin)
        cls.with_discovery = t.create_provider(
            token=cls.admin, issuer="https://%s.example.nl/realms/staff/" % cls.slug,
            discoveryUrl="https://%s.example.nl/discovery" % cls.slug, scopes="openid email")
        cls.off = t.create_provider(token=cls.admin, enabled=False)

    def test_enabled_providers_without_credentials(self):
        r = request("GET", IAPI + "/sign-in/" + self.slug)
        self.assertStatus(r, 200)
        self.assertCommonHeaders(r)
        doc = r.json
        self.assertEqual(doc["tenant"], self.slug)
        self.assertEqual([p["id"] for p in doc["items"]], [self.on["id"], self.with_discovery["id"]],
                         "the enabled providers, oldest first; the disabled one left out")
        for p in doc["items"]:
            self.assertEqual(set(p), SIGN_IN_MEMBERS, "no role map, no claim names")
        first = doc["items"][0]
        self.assertEqual(first["discoveryUrl"], self.on["issuer"] + "/.well-known/openid-configuration")
        for k in ("name", "issuer", "clientId", "scopes", "redirectUris", "postLogoutRedirectUris"):
            self.assertEqual(first[k], self.on[k], k)
        self.assertEqual(doc["items"][1]["discoveryUrl"], self.with_discovery["discoveryUrl"])
        self.assertEqual(doc["items"][1]["scopes"], "openid email")
        for secret_ish in ("roleMap", "rolesClaim", "koers-coordinators", "audience"):
            self.assertNotIn(secret_ish, r.raw.decode())

    def test_enabling_and_disabling_changes_the_answer(self):
        _, slug, token = new_tenant("signin")
        p = self.create_provider(token=token, enabled=False)
        r = request("GET", IAPI + "/sign-in/" + slug)
        self.assertStatus(r, 200)
        self.assertEqual(r.json["items"], [], "a tenant without an enabled provider: an empty list")
        self.assertStatus(request("PATCH", IAPI + "/identity-providers/" + p["id"], {"enabled": True},
                                  cred=token), 200)
        r = request("GET", IAPI + "/sign-in/" + slug)
        self.assertEqual([x["id"] for x in r.json["items"]], [p["id"]])

    def test_unknown_and_deactivated_tenants_are_404(self):
        for slug in ("no-such-tenant-x1", "A", "a/b", "x" * 70):
            with self.subTest(slug=slug):
                self.assertProblem(request("GET", IAPI + "/sign-in/" + slug), 404)
        tid, slug, token = new_tenant("signin")
        self.create_provider(token=token)
        self.assertStatus(request("GET", IAPI + "/sign-in/" + slug), 200)
        admin("tenant-deactivate", "--id", tid)
        try:
            self.assertProblem(request("GET", IAPI + "/sign-in/" + slug), 404)
        finally:
            admin("tenant-activate", "--id", tid)
        self.assertStatus(request("GET", IAPI + "/sign-in/" + slug), 200)

    def test_query_parameters_are_refused(self):
        self.assertProblem(request("GET", IAPI + "/sign-in/%s?x=1" % self.slug), 400)


@skip_unless_iam
class TenantIsolationTest(IamCase):
    def test_another_tenants_provider_is_404(self):
        p = self.create_provider(token=ENV["TOKEN_A_ADMIN"])
        b = ENV["TOKEN_B_ADMIN"]
        for method, body in (("GET", None), ("PATCH", {"name": "Overgenomen"}),
                             ("PUT", provider_body(issuer=p["issuer"])), ("DELETE", None)):
            with self.subTest(method=method):
                r = request(method, IAPI + "/identity-providers/" + p["id"], body, cred=b)
                self.assertProblem(r, 404)
        r = request("GET", IAPI + "/identity-providers", cred=b)
        self.assertNotIn(p["id"], [x["id"] for x in r.json["items"]])
        r = request("GET", IAPI + "/identity-providers?issuer=" + p["issuer"], cred=b)
        self.assertEqual(r.json["items"], [])
        r = request("GET", IAPI + "/identity-providers/" + p["id"], cred=ENV["TOKEN_A_ADMIN"])
        self.assertEqual(r.json, p, "A's provider unchanged")

    def test_only_admin_and_only_staff(self):
        p = self.create_provider(token=ENV["TOKEN_A_ADMIN"])
        # a coordinator of the same tenant: 403
        for method, path in (("GET", "/identity-providers"), ("GET", "/identity-providers/" + p["id"]),
                             ("DELETE", "/identity-providers/" + p["id"])):
            with self.subTest(method=method, path=path):
                self.assertProblem(request(method, IAPI + path, cred=ENV["TOKEN_A"]), 403)
                self.assertProblem(request(method, IAPI + path, cred=ENV["KEY_A"]), 403)
                self.assertProblem(request(method, IAPI + path), 401)
        self.assertProblem(request("POST", IAPI + "/identity-providers", provider_body(), cred=ENV["TOKEN_A"]), 403)
