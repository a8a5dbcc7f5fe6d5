"""The tenant's identity providers: create, read, list, PUT, PATCH, DELETE
with ETag/If-Match and Idempotency-Key; each rule of a registration
answered 422 naming the field; an issuer registered twice (in any tenant)
409 without naming the tenant; events with ids and the issuer only."""

import uuid

from koers_bb import ENV, request, uniq
from .iam_bb import IAPI, IamCase, new_tenant, provider_body, skip_unless_iam

MEMBERS = {"id", "name", "issuer", "discoveryUrl", "audience", "clientId", "scopes", "rolesClaim", "roleMap",
           "nameClaim", "emailClaim", "redirectUris", "postLogoutRedirectUris", "enabled", "createdAt",
           "updatedAt"}


@skip_unless_iam
class IdentityProviderCrudTest(IamCase):
    @classmethod
    def setUpClass(cls):
        cls.tenant, cls.slug, cls.admin = new_tenant()

    def test_create_get_list_patch_put_delete(self):
        body = provider_body()
        r = request("POST", IAPI + "/identity-providers", body, cred=self.admin)
        self.assertStatus(r, 201)
        self.assertCommonHeaders(r)
        p = r.json
        self.assertEqual(set(p), MEMBERS)
        self.assertEqual(r.header("etag"), '"1"')
        self.assertTrue(r.header("location").endswith(IAPI + "/identity-providers/" + p["id"]), r.header("location"))
        for k in ("name", "issuer", "audience", "clientId", "rolesClaim", "roleMap", "nameClaim", "emailClaim",
                  "redirectUris", "postLogoutRedirectUris"):
            self.assertEqual(p[k], body[k], k)
        # the table's defaults
        self.assertEqual(p["scopes"], "openid profile email")
        self.assertIsNone(p["discoveryUrl"])
        self.assertIs(p["enabled"], True)

        r = request("GET", IAPI + "/identity-providers/" + p["id"], cred=self.admin)
        self.assertStatus(r, 200)
        self.assertEqual(r.json, p)
        self.assertEqual(r.header("etag"), '"1"')

        r = request("GET", IAPI + "/identity-providers", cred=self.admin)
        self.assertStatus(r, 200)
        self.assertIn(p["id"], [x["id"] for x in r.json["items"]])
        self.assertIn("self", r.json["_links"])

        # PATCH with a stale If-Match: 412; with the right one: changed
        r = request("PATCH", IAPI + "/identity-providers/" + p["id"], {"enabled": False}, cred=self.admin,
                    headers={"If-Match": '"7"'})
        self.assertProblem(r, 412)
        r = request("PATCH", IAPI + "/identity-providers/" + p["id"],
                    {"enabled": False, "roleMap": {"koers-admins": "admin"}}, cred=self.admin,
                    headers={"If-Match": '"1"'})
        self.assertStatus(r, 200)
        self.assertEqual(r.header("etag"), '"2"')
        self.assertIs(r.json["enabled"], False)
        self.assertEqual(r.json["roleMap"], {"koers-admins": "admin"})
        self.assertEqual(r.json["redirectUris"], body["redirectUris"], "PATCH keeps what it does not name")

        # PUT: the whole registration; what it leaves out takes its default again
        put = {"name": "Vervangen", "issuer": p["issuer"], "audience": "api://koers", "clientId": "werkplek-2",
               "scopes": "openid email"}
        r = request("PUT", IAPI + "/identity-providers/" + p["id"], put, cred=self.admin,
                    headers={"If-Match": '"2"'})
        self.assertStatus(r, 200)
        q = r.json
        self.assertEqual(r.header("etag"), '"3"')
        self.assertEqual((q["name"], q["audience"], q["clientId"], q["scopes"]),
                         ("Vervangen", "api://koers", "werkplek-2", "openid email"))
        self.assertEqual(q["roleMap"], {})
        self.assertEqual(q["redirectUris"], [])
        self.assertEqual(q["rolesClaim"], "roles")
        self.assertIsNone(q["nameClaim"])
        self.assertIs(q["enabled"], True)
        # PUT without a required member: 422 naming it
        r = request("PUT", IAPI + "/identity-providers/" + p["id"], {"name": "x"}, cred=self.admin)
        doc = self.assertProblem(r, 422)
        for m in ("issuer", "audience", "clientId"):
            self.assertInvalidParam(doc, m)

        r = request("DELETE", IAPI + "/identity-providers/" + p["id"], cred=self.admin)
        self.assertStatus(r, 204)
        r = request("GET", IAPI + "/identity-providers/" + p["id"], cred=self.admin)
        self.assertProblem(r, 404)
        r = request("DELETE", IAPI + "/identity-providers/" + p["id"], cred=self.admin)
        self.assertProblem(r, 404)

    def test_idempotency_key_replays_the_first_answer(self):
        body = provider_body()
        key = str(uuid.uuid4())
        r1 = request("POST", IAPI + "/identity-providers", body, cred=self.admin, headers={"Idempotency-Key": key})
        self.assertStatus(r1, 201)
        r2 = request("POST", IAPI + "/identity-providers", body, cred=self.admin, headers={"Idempotency-Key": key})
        self.assertStatus(r2, 201)
        self.assertEqual(r2.json["id"], r1.json["id"])
        self.assertEqual(r2.header("idempotent-replayed"), "true")

    def test_list_pages_and_filters(self):
        tid, slug, admin = new_tenant()
        ids = [self.create_provider(token=admin)["id"] for _ in range(3)]
        off = self.create_provider(token=admin, enabled=False)["id"]
        r = request("GET", IAPI + "/identity-providers?limit=2", cred=admin)
        self.assertStatus(r, 200)
        self.assertEqual([x["id"] for x in r.json["items"]], ids[:2])
        nxt = r.json["_links"]["next"]["href"]
        r = request("GET", nxt, cred=admin)
        self.assertEqual([x["id"] for x in r.json["items"]], ids[2:] + [off])
        self.assertNotIn("next", r.json["_links"])
        r = request("GET", IAPI + "/identity-providers?enabled=false", cred=admin)
        self.assertEqual([x["id"] for x in r.json["items"]], [off])
        r = request("GET", IAPI + "/identity-providers?limit=0", cred=admin)
        doc = self.assertProblem(r, 400)
        self.assertInvalidParam(doc, "limit")


@skip_unless_iam
class IdentityProviderRulesTest(IamCase):
    """Every rule the types cannot say, each named in invalidParams."""

    @classmethod
    def setUpClass(cls):
        cls.tenant, cls.slug, cls.admin = new_tenant()

    def refused(self, field, **kw):
        r = request("POST", IAPI + "/identity-providers", provider_body(**kw), cred=self.admin)
        doc = self.assertProblem(r, 422)
        self.assertInvalidParam(doc, field)
        return doc

    def test_urls(self):
        for issuer in ("http://login.example.nl/realms/x",       # http on a host that is not loopback
                       "login.example.nl/realms/x",              # not absolute
                       "https://user:pw@login.example.nl/x",     # userinfo
                       "https://login.example.nl/x#frag",        # fragment
                       "https://login.example.nl/x?tenant=1",    # an issuer has no query
                       "ftp://login.example.nl/x",
                       "https:///nohost",
                       "https://login.example.nl/a b"):
            with self.subTest(issuer=issuer):
                self.refused("issuer", issuer=issuer)
        self.refused("discoveryUrl", discoveryUrl="http://idp.example.nl/.well-known/openid-configuration")
        self.refused("discoveryUrl", discoveryUrl="https://idp.example.nl/.well-known/openid-configuration#x")
        # http on a loopback host: the black-box run sets KOERS_OIDC_ALLOW_HTTP=1
        port = 40000 + uuid.uuid4().int % 20000
        p = self.create_provider(token=self.admin, issuer="http://127.0.0.1:%d/%s" % (port, uniq("oidc")))
        self.assertTrue(p["issuer"].startswith("http://127.0.0.1:"))

    def test_redirect_uris(self):
        self.refused("redirectUris[1]", redirectUris=["https://ok.example.nl/cb", "http://werkplek.example.nl/cb"])
        self.refused("redirectUris[0]", redirectUris=["https://werkplek.example.nl/cb#x"])
        self.refused("postLogoutRedirectUris[0]", postLogoutRedirectUris=["/relative"])
        self.refused("redirectUris[1]", redirectUris=["https://a.example.nl/cb", "https://a.example.nl/cb"])
        self.refused("redirectUris", redirectUris=["https://a.example.nl/cb%d" % i for i in range(21)])
        # http on a loopback host is a redirect URI a development client may use
        p = self.create_provider(token=self.admin, redirectUris=["http://127.0.0.1:5173/signed-in",
                                                                 "http://localhost:5173/signed-in"])
        self.assertEqual(len(p["redirectUris"]), 2)
        ok = self.create_provider(token=self.admin, redirectUris=["https://a.example.nl/cb%d" % i for i in range(20)])
        self.assertEqual(len(ok["redirectUris"]), 20)

    def test_role_map(self):
        doc = self.refused("roleMap.g-9", roleMap={"g-1": "coordinator", "g-9": "superuser"})
        reasons = [p["reason"] for p in doc["invalidParams"] if p["name"] == "roleMap.g-9"]
        self.assertIn("superuser", reasons[0], "the unknown role is named")
        self.assertEqual([p["name"] for p in doc["invalidParams"]], ["roleMap.g-9"], "only the bad entry")
        self.refused("roleMap.g-2", roleMap={"g-2": ["official", "root"]})
        self.refused("roleMap.g-3", roleMap={"g-3": []})
        self.refused("roleMap.g-4", roleMap={"g-4": 7})
        self.refused("roleMap", roleMap=["coordinator"])
        every = {"g-%d" % i: r for i, r in enumerate(
            ["admin", "coordinator", "liaison_officer", "official", "process_owner", "process_manager",
             "programme_lead", "programme_member", "core_team", "survey_manager", "integration_admin",
             "employee", "privacy_officer"])}
        p = self.create_provider(token=self.admin, roleMap=every)
        self.assertEqual(p["roleMap"], every)

    def test_claims_and_scopes(self):
        self.refused("rolesClaim", rolesClaim="realm_access..roles")
        self.refused("rolesClaim", rolesClaim="roles[0]")
        self.refused("nameClaim", nameClaim="given name")
        self.refused("scopes", scopes="profile email")
        self.refused("scopes", scopes="openid  email")
        p = self.create_provider(token=self.admin, rolesClaim="resource_access.koers-werkplek.roles",
                                 scopes="openid profile email offline_access")
        self.assertEqual(p["rolesClaim"], "resource_access.koers-werkplek.roles")

    def test_every_fault_at_once_and_types(self):
        r = request("POST", IAPI + "/identity-providers",
                    provider_body(issuer="http://x.example.nl", redirectUris=["https://a.example.nl/#f"],
                                  roleMap={"g": "nobody"}), cred=self.admin)
        doc = self.assertProblem(r, 422)
        for f in ("issuer", "redirectUris[0]", "roleMap.g"):
            self.assertInvalidParam(doc, f)
        r = request("POST", IAPI + "/identity-providers", {"name": "x"}, cred=self.admin)
        doc = self.assertProblem(r, 422)
        for f in ("issuer", "audience", "clientId"):
            self.assertInvalidParam(doc, f)
        r = request("POST", IAPI + "/identity-providers", provider_body(tenant="x"), cred=self.admin)
        self.assertInvalidParam(self.assertProblem(r, 422), "tenant")

    def test_patch_checks_what_it_changes(self):
        p = self.create_provider(token=self.admin)
        r = request("PATCH", IAPI + "/identity-providers/" + p["id"], {"roleMap": {"g": "god"}}, cred=self.admin)
        self.assertInvalidParam(self.assertProblem(r, 422), "roleMap.g")
        r = request("PATCH", IAPI + "/identity-providers/" + p["id"], {"issuer": "https://a.example.nl/#x"},
                    cred=self.admin)
        self.assertInvalidParam(self.assertProblem(r, 422), "issuer")
        r = request("GET", IAPI + "/identity-providers/" + p["id"], cred=self.admin)
        self.assertEqual(r.json, p, "a refused change changes nothing")


@skip_unless_iam
class IdentityProviderIssuerTest(IamCase):
    def test_an_issuer_belongs_to_one_tenant(self):
        _, _, admin_x = new_tenant()
        _, _, admin_y = new_tenant()
        p = self.create_provider(token=admin_x)
        for token in (admin_x, admin_y):
            with self.subTest(same_tenant=token is admin_x):
                r = request("POST", IAPI + "/identity-providers", provider_body(issuer=p["issuer"]), cred=token)
                doc = self.assertProblem(r, 409)
                self.assertInvalidParam(doc, "issuer")
                self.assertNotIn(ENV["TENANT_A"], r.raw.decode())
                self.assertNotIn("tenant", doc["detail"].lower())
        # another provider of Y taking it by PATCH: 409 too
        q = self.create_provider(token=admin_y)
        r = request("PATCH", IAPI + "/identity-providers/" + q["id"], {"issuer": p["issuer"]}, cred=admin_y)
        self.assertProblem(r, 409)
        # once X removed it, Y may register it
        self.assertStatus(request("DELETE", IAPI + "/identity-providers/" + p["id"], cred=admin_x), 204)
        r = request("POST", IAPI + "/identity-providers", provider_body(issuer=p["issuer"]), cred=admin_y)
        self.assertStatus(r, 201)


@skip_unless_iam
class IdentityProviderEventsTest(IamCase):
    def test_events_carry_the_id_and_the_issuer_only(self):
        tid, _, admin = new_tenant()
        p = self.create_provider(token=admin)
        self.assertStatus(request("PATCH", IAPI + "/identity-providers/" + p["id"], {"name": "Nieuw"},
                                  cred=admin), 200)
        self.assertStatus(request("DELETE", IAPI + "/identity-providers/" + p["id"], cred=admin), 204)
        import time
        deadline = time.time() + 10
        items = []
        while time.time() < deadline:
            r = request("GET", IAPI + "/events", cred=admin)
            self.assertStatus(r, 200)
            items = r.json["items"]
            if len(items) >= 3:
                break
            time.sleep(0.2)
        self.assertEqual([e["type"] for e in items], ["identity_provider.created", "identity_provider.updated",
                                                      "identity_provider.deleted"])
        for e in items:
            self.assertEqual(e["subject"], p["id"])
            self.assertEqual(e["data"], {"id": p["id"], "issuer": p["issuer"]})
