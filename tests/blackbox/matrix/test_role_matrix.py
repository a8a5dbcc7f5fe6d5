"""The role matrix, derived from the specs: every operation of every running
service x every kind of caller, checked against the operation's
x-koers-access (who it admits) and its documented responses.

Callers, all made for this test in a tenant of its own (M) so that what
the matrix changes touches no other test's data:
  - one staff JWT per role any operation of the service names (admin too),
  - one API key per scope any operation names (sent as `Authorization:
    Bearer kk_...`),
  - no credential, and the kinds of invalid one: a malformed JWT, a JWT
    with a bad signature, with `alg: none`, an expired one, one of another
    audience, one of another issuer, an unknown key `kk_...`, a revoked
    key, a JWT sent as `X-API-Key`,
  - a credential of another tenant (N) the operation admits, on tenant M's
    resources.
Expected: an admitted caller is never refused by the route table (no 401,
no 403 naming the missing role or scope; a 403 of a rule on the data is
the service's) and gets one of the documented statuses; a valid credential
the operation does not admit gets exactly 403; no or an invalid credential
exactly 401; the other tenant 404 (403 where documented), never a 2xx
with tenant M's ids. Every status must be one of the operation's
documented `responses`. The services are called directly (the gateway's
rate limits would throttle a matrix this size); path ids are real ids of
tenant M where they are cheap to make, random UUIDs elsewhere; bodies are
`{}`. Prints the cell count and the time taken."""

import base64
import concurrent.futures
import hashlib
import hmac
import json
import os
import re
import subprocess
import time
import unittest
import uuid

import koers_bb as bb
from koers_bb import ENV, request, uniq

SERVICES = (("casedesk", "CASEDESK_URL"), ("surveys", "SURVEYS_URL"), ("processes", "PROCESSES_URL"),
            ("programmes", "PROGRAMMES_URL"), ("notifications", "NOTIFICATIONS_URL"), ("iam", "IAM_URL"))
METHODS = ("get", "put", "post", "delete", "patch")
# the details of the route table's own refusals (kc_authorize): a 403 with
# any other detail comes from a rule on the data, in the service
ROUTE_REFUSALS = ("requires one of the roles", "requires the API key scope",
                  "requires one of the API key scopes", "staff tokens may not do this",
                  "API keys may not do this")
WORKERS = 12


def admin_cmd(*args):
    """koers-admin with its standard output and error (the id of a new
    key is only on the error stream)."""
    build = ENV.get("BUILD", "build/asan")
    out = subprocess.run([os.path.join(build, "bin", "koers-admin")] + list(args), capture_output=True,
                         text=True, timeout=60, env=dict(ENV, ASAN_OPTIONS="detect_leaks=1"))
    if out.returncode != 0:
        raise RuntimeError("koers-admin %s failed: %s" % (args[0], out.stderr[-400:]))
    return out.stdout.strip(), out.stderr


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt_claims(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def jwt_sign(claims, secret, alg="HS256"):
    head = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    if alg == "none":
        return head + "." + body + "."
    sig = hmac.new(secret.encode(), (head + "." + body).encode(), hashlib.sha256).digest()
    return head + "." + body + "." + b64url(sig)


def access_of(op):
    acc = op.get("x-koers-access") or {}
    return bool(acc.get("public")), list(acc.get("roles") or []), list(acc.get("scopes") or [])


class RoleMatrix(bb.KoersCase):
    @classmethod
    def setUpClass(cls):
        cls.live = [(svc, ENV[var]) for svc, var in SERVICES if ENV.get(var)]
        if not cls.live:
            raise unittest.SkipTest("no service URL")
        if not ENV.get("KOERS_JWT_SECRET"):
            raise unittest.SkipTest("KOERS_JWT_SECRET is not given: the invalid JWTs cannot be made")
        cls.tenant = admin_cmd("tenant-create", "--name", "Gemeente Matrixdorp", "--slug", uniq("matrix"))[0]
        cls.other = admin_cmd("tenant-create", "--name", "Gemeente Nadorp", "--slug", uniq("nadorp"))[0]
        cls.specs = {}
        for svc, url in cls.live:
            r = request("GET", url + "/%s/v1/openapi.json" % svc)
            assert r.status == 200, (svc, r)
            cls.specs[svc] = r.json
        roles, scopes = set(), set()
        for doc in cls.specs.values():
            for op in cls.operations_of(doc):
                _, rs, ss = access_of(op[3])
                roles.update(rs)
                scopes.update(ss)
        cls.roles = {r: cls.token(cls.tenant, r) for r in sorted(roles)}
        cls.keys = {s: cls.key(cls.tenant, s) for s in sorted(scopes)}
        cls.other_admin = cls.token(cls.other, "admin")
        cls.other_keys = {s: cls.key(cls.other, s) for s in sorted(scopes)}
        cls.invalid = cls.invalid_credentials(sorted(scopes))
        cls.ids = cls.make_resources()

    # ---- credentials -------------------------------------------------------
    @staticmethod
    def token(tenant, role):
        return bb.remember_secret(admin_cmd("token", "--tenant", tenant, "--sub", "matrix-" + role,
                                            "--roles", role, "--ttl", "3600")[0])

    @staticmethod
    def key(tenant, scopes):
        return bb.remember_secret(admin_cmd("apikey-create", "--tenant", tenant, "--name", uniq("matrix"),
                                            "--scopes", scopes)[0])

    @classmethod
    def invalid_credentials(cls, scopes):
        """(name, headers) of each kind of invalid credential."""
        secret = ENV["KOERS_JWT_SECRET"]
        good = cls.roles["admin"]
        claims = jwt_claims(good)
        now = int(time.time())

        def resigned(**changes):
            c = dict(claims)
            c.update(changes)
            return bb.remember_secret(jwt_sign(c, secret))

        # a key revoked before its first use (finding 4 is about keys in use)
        key, err = admin_cmd("apikey-create", "--tenant", cls.tenant, "--name", uniq("revoked"),
                             "--scopes", " ".join(scopes))
        bb.remember_secret(key)
        key_id = re.search(r"API key ([0-9a-f-]{36}) created", err).group(1)
        admin_cmd("apikey-revoke", "--id", key_id)
        head, body, sig = good.split(".")
        bad_sig = sig[:-4] + ("AAAA" if not sig.endswith("AAAA") else "BBBB")
        cls.resigned_admin = resigned()  # the control: the same claims, signed right
        bearer = lambda t: {"Authorization": "Bearer " + t}  # noqa: E731
        return [
            ("no credential", {}),
            ("malformed JWT", bearer("eyJhbGciOi.not-base64!.x")),
            ("JWT with a bad signature", bearer(bb.remember_secret(head + "." + body + "." + bad_sig))),
            ("JWT alg none", bearer(bb.remember_secret(jwt_sign(claims, secret, alg="none")))),
            ("expired JWT", bearer(resigned(iat=now - 7200, nbf=now - 7200, exp=now - 3600))),
            ("JWT of another audience", bearer(resigned(aud="elsewhere"))),
            ("JWT of another issuer", bearer(resigned(iss="elsewhere"))),
            ("unknown API key", bearer("kk_" + b64url(os.urandom(32)))),
            ("revoked API key", bearer(key)),
            ("JWT sent as X-API-Key", {"X-API-Key": good}),
        ]

    # ---- the operations ----------------------------------------------------
    @staticmethod
    def operations_of(doc):
        """(method, base, key, op) of each operation a route serves (the
        server's own endpoints, documented with servers of their own or as
        openapi.json, are not in the matrix)."""
        url = doc["servers"][0]["url"]
        base = re.sub(r"^[a-z]+://[^/]*", "", url).rstrip("/")
        out = []
        for key, item in doc["paths"].items():
            if "servers" in item or key == "/openapi.json":
                continue
            for m in METHODS:
                if m in item:
                    out.append((m.upper(), base, key, item[m]))
        return out

    @classmethod
    def make_resources(cls):
        """Real ids of tenant M by the collection they are under."""
        ids = {}
        tok = cls.roles.get("admin")
        if ENV.get("CASEDESK_URL"):
            c = ENV["CASEDESK_URL"] + "/casedesk/v1"

            def made(path, body):
                r = request("POST", c + path, body, cred=tok)
                assert r.status == 201, (path, r)
                return r.json["id"]
            ids["categories"] = made("/categories", {"name": uniq("Categorie"), "slaDays": 7})
            ids["liaison-officers"] = made("/liaison-officers", {
                "name": uniq("Medewerker"), "email": uniq("mw") + "@gemeente.example", "capacity": 50,
                "categoryIds": [ids["categories"]]})
            ids["routing-rules"] = made("/routing-rules", {
                "name": uniq("Regel"), "position": 5, "officerIds": [ids["liaison-officers"]],
                "keywords": [], "active": True, "categoryId": ids["categories"]})
            ids["cases"] = made("/cases", bb.KoersCase.case_body(ids["categories"]))
        if ENV.get("SURVEYS_URL"):
            r = request("POST", ENV["SURVEYS_URL"] + "/surveys/v1/surveys",
                        {"title": uniq("Matrix"), "kind": "climate_monitor", "audiences": ["citizens"]},
                        cred=tok)
            assert r.status == 201, r
            ids["surveys"] = r.json["id"]
        if ENV.get("IAM_URL"):
            name = uniq("matrix")
            r = request("POST", ENV["IAM_URL"] + "/iam/v1/identity-providers",
                        {"name": name, "issuer": "https://%s.example.nl/realms/staff" % name,
                         "audience": "koers-api", "clientId": "koers-werkplek"}, cred=tok)
            assert r.status == 201, r
            ids["identity-providers"] = r.json["id"]
        return ids

    def path_of(self, base, key, method="GET"):
        """The path with each {param} filled: a real id where the segment
        before it names a collection the test made, else a fitting value.
        Returns (path, real) where real says a real id of M is in it."""
        segs, out, real = key.strip("/").split("/"), [], False
        for i, seg in enumerate(segs):
            m = re.fullmatch(r"\{(\w+)\}", seg)
            if not m:
                out.append(seg)
                continue
            name, before = m.group(1), segs[i - 1] if i > 0 else ""
            if name == "id" and before in self.ids:
                out.append(self.ids[before])
                real = True
            elif name == "token":
                out.append("t" + uuid.uuid4().hex)
            elif name == "file":
                out.append(("requests.json" if method == "POST" else "services.json")
                           if before == "v2" else "x.json")
            elif name == "number":
                out.append("1")
            else:
                out.append(str(uuid.uuid4()))
        return base + "/" + "/".join(out), real

    # ---- one cell ----------------------------------------------------------
    def call(self, url, method, path, headers):
        body = {} if method in ("POST", "PUT", "PATCH") else None
        try:
            return request(method, url + path, body, headers=headers, timeout=30)
        except OSError as e:  # a connection failure is a failed cell, not a crash of the matrix
            return e

    @staticmethod
    def refused_by_route(r):
        if r.status != 403:
            return False
        try:
            doc = r.json
        except ValueError:
            return True
        if isinstance(doc, list):  # Open311's errors: [{code, description}]
            details = [e.get("description", "") for e in doc if isinstance(e, dict)]
        else:
            details = [(doc or {}).get("detail", "")]
        return any(d.startswith(p) for d in details for p in ROUTE_REFUSALS)

    def cell(self, svc, url, method, base, key, op, kind, who, headers):
        """Sends one request; returns None or the failure's description."""
        public, _, _ = access_of(op)
        path, real = self.path_of(base, key, method)
        r = self.call(url, method, path, headers)
        name = "%s %s %s%s as %s" % (svc, method, base, key, who)
        if not isinstance(r, bb.Response):
            return "%s: no answer (%s)" % (name, r)
        documented = op.get("responses", {})
        fault = None
        if kind == "allowed":
            if r.status == 401 or self.refused_by_route(r):
                fault = "refused (%d) though x-koers-access admits it" % r.status
        elif kind == "forbidden":
            if r.status != 403 or not self.refused_by_route(r):
                fault = "got %d, want 403 (x-koers-access does not admit it)" % r.status
        elif kind == "invalid":
            # Open311 answers a refused credential 403, as its standard
            # does (the operation documents it)
            open311 = "/open311/" in key and r.status == 403 and r.raw.startswith(b"[")
            if r.status != 401 and not open311:
                fault = "got %d, want 401" % r.status
        elif kind == "other tenant":
            # a body is checked before the resource is looked up: its 400
            # or 422 tells nothing about tenant M's resource
            fine = (404, 403) + ((400, 422) if method in ("POST", "PUT", "PATCH") else ())
            if 200 <= r.status < 300 and real:
                fault = "got %d on tenant M's resource" % r.status
            elif real and r.status not in fine:
                fault = "got %d, want 404 on tenant M's resource" % r.status
            elif 200 <= r.status < 300 and any(v in r.raw.decode("utf-8", "replace") for v in self.ids.values()):
                fault = "tenant M's ids in the answer"
        if fault is None and str(r.status) not in documented and "default" not in documented:
            fault = "%d is not a documented answer (%s)" % (r.status, ", ".join(sorted(documented)))
        return None if fault is None else "%s: %s: %s" % (name, fault, r.raw[:160])

    def cells_of(self, svc, url):
        """(args of cell) for every operation x caller of svc."""
        out = []
        for method, base, key, op in self.operations_of(self.specs[svc]):
            public, roles, scopes = access_of(op)
            self.assertIn("x-koers-access", op, "%s %s%s" % (method, base, key))
            # public: no credential is asked; one that is sent is ignored,
            # unless the operation names roles or scopes (Open311: the
            # handler authenticates it and admits only those)
            ignored = public and not roles and not scopes
            for role, tok in self.roles.items():
                kind = "allowed" if ignored or role in roles else "forbidden"
                out.append((svc, url, method, base, key, op, kind, "role " + role,
                            {"Authorization": "Bearer " + tok}))
            for scope, k in self.keys.items():
                kind = "allowed" if ignored or scope in scopes else "forbidden"
                out.append((svc, url, method, base, key, op, kind, "key " + scope,
                            {"Authorization": "Bearer " + k}))
            for name, headers in self.invalid:
                kind = "allowed" if ignored or (public and not headers) else "invalid"
                out.append((svc, url, method, base, key, op, kind, name, headers))
            if roles:
                other = {"Authorization": "Bearer " + self.other_admin}
            elif scopes:
                other = {"Authorization": "Bearer " + self.other_keys[scopes[0]]}
            else:
                other = None
            if other is not None:
                out.append((svc, url, method, base, key, op, "other tenant", "tenant N", other))
        return out

    def test_every_operation_admits_exactly_whom_its_spec_says(self):
        # the control: a JWT this test signs is accepted (else the invalid
        # ones would prove nothing)
        svc, url = self.live[0]
        r = request("GET", url + "/%s/v1/events" % svc, headers={"Authorization": "Bearer " + self.resigned_admin})
        self.assertNotIn(r.status, (401, 403), r)
        cells = []
        for svc, url in self.live:
            cells += self.cells_of(svc, url)
        # deletes last: before them every resource is there for the others
        first = [c for c in cells if c[2] != "DELETE"]
        last = [c for c in cells if c[2] == "DELETE"]
        t0 = time.monotonic()
        failures = []
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            for batch in (first, last):
                failures += [f for f in pool.map(lambda c: self.cell(*c), batch) if f]
        took = time.monotonic() - t0
        nops = len({(c[0], c[2], c[4]) for c in cells})
        print("\nrole matrix: %d operations x callers = %d cells in %.1f s, %d failed"
              % (nops, len(cells), took, len(failures)))
        for f in sorted(failures):
            print("  " + f)
        self.assertEqual(failures, [], "%d cells differ from the specs" % len(failures))


if __name__ == "__main__":
    unittest.main()
