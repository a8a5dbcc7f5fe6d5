"""The gateway serves the workplace (issue 18), black-box: a private gateway
of the run (the same template, render.sh and log filter) whose web root is
a folder this test writes (an index.html with an import map, a module, a
style sheet, and a packages folder holding more than the page refers to).

  - /, /workplace/, /workplace/<anything> and /volg answer index.html;
    /workplace is sent on to /workplace/;
  - the security headers on the workplace's pages: a Content-Security-
    Policy whose script-src is 'self' and the sha256 of the import map
    (computed here the way a browser does), connect-src and form-action
    with the providers' origins of KOERS_WEB_CONNECT_SRC, frame-ancestors
    'none', base-uri 'none'; nosniff, no-referrer, a Permissions-Policy;
    on scripts and style sheets only nosniff and no-referrer (the rest
    governs documents);
  - under /vendor/ exactly the package files the page refers to: another
    file of the same folder, a package.json, the packages' folder itself,
    the web root's own package.json, lock and install script: 404 problems;
  - gzip for scripts and styles, ETag revalidation (304), no-cache;
  - the APIs' answers carry none of the browser headers (as before), an
    unknown path is still a problem document;
  - the access log holds no token put after /volg (path or query) and no
    authorization code or state of the sign-in's return;
  - render.sh refuses a KOERS_WEB_CONNECT_SRC that is not a list of
    origins (a quote or a semicolon would widen the policy)."""

import base64
import gzip
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import time
import unittest

from koers_bb import ENV, remember_secret, request

from .gateway_bb import PrivateGateway

IMPORT_MAP = """
  {
    "imports": {
      "preact": "/vendor/preact/dist/preact.mjs",
      "htm": "/vendor/htm/dist/htm.module.js"
    }
  }
"""
INDEX = """<!doctype html>
<html class="voorbeeld-theme" lang="nl">
<head>
<meta charset="utf-8">
<title>Koers</title>
<link rel="stylesheet" href="/vendor/@utrecht/component-library-css/dist/index.css">
<link rel="stylesheet" href="/styles/workplace.css">
<script type="importmap">%s</script>
<script type="module" src="/app/main.js"></script>
</head>
<body><main id="app"></main></body>
</html>
""" % IMPORT_MAP
PROVIDERS = "http://127.0.0.1:9400 https://login.example.nl"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def csp_directives(value):
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@unittest.skipUnless(ENV.get("KOERS_BB_WORK"), "needs the black-box runner's work folder")
class GatewayWebTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = ENV["KOERS_BB_WORK"]
        cls.web = os.path.join(work, "web-root")
        shutil.rmtree(cls.web, ignore_errors=True)
        w = cls.web
        write(os.path.join(w, "index.html"), INDEX)
        write(os.path.join(w, "app", "main.js"), "import { h } from 'preact';\n" + "// module\n" * 200)
        write(os.path.join(w, "styles", "workplace.css"), "main { margin: 0 }\n" * 100)
        write(os.path.join(w, "package.json"), '{"name": "koers-workplace"}\n')
        write(os.path.join(w, "package-lock.json"), '{}\n')
        write(os.path.join(w, "install.sh"), 'echo install\n')
        nm = os.path.join(w, "node_modules")
        cls.preact = "export const h = () => null;\n" * 100
        write(os.path.join(nm, "preact", "dist", "preact.mjs"), cls.preact)
        write(os.path.join(nm, "preact", "dist", "preact.umd.js"), "not referred to\n")
        write(os.path.join(nm, "preact", "package.json"), '{"name": "preact"}\n')
        write(os.path.join(nm, "htm", "dist", "htm.module.js"), "export default 1;\n")
        write(os.path.join(nm, "@utrecht", "component-library-css", "dist", "index.css"), ".utrecht-x{}\n" * 100)
        write(os.path.join(nm, ".package-lock.json"), '{}\n')
        upstream = ENV.get("CASEDESK_URL", "http://127.0.0.1:8081").split("//", 1)[1]
        cls.gw = PrivateGateway("gateway-web", [upstream],
                                {"KOERS_WEB_ROOT": w, "KOERS_WEB_CONNECT_SRC": PROVIDERS})
        cls.base = cls.gw.url

    @classmethod
    def tearDownClass(cls):
        cls.gw.stop()

    def get(self, path, headers=None, method="GET"):
        return request(method, path, base=self.base, headers=headers)

    def test_pages_answer_index_html(self):
        for path in ("/", "/workplace/", "/workplace/callback", "/workplace/cases/0b8e/timeline", "/volg"):
            with self.subTest(path=path):
                r = self.get(path, {"Accept": "text/html"})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("content-type"), "text/html; charset=utf-8")
                self.assertEqual(r.raw.decode("utf-8"), INDEX)
                self.assertEqual(r.header("cache-control"), "no-cache")
        r = self.get("/workplace")
        self.assertEqual(r.status, 301, r)
        self.assertEqual(r.header("location"), "/workplace/")

    def test_security_headers(self):
        want = "'sha256-%s'" % base64.b64encode(hashlib.sha256(IMPORT_MAP.encode("utf-8")).digest()).decode()
        for path in ("/", "/workplace/x", "/volg"):
            with self.subTest(path=path):
                r = self.get(path)
                self.assertEqual(r.status, 200, r)
                csp = csp_directives(r.header("content-security-policy") or "")
                self.assertEqual(csp.get("default-src"), ["'self'"])
                self.assertEqual(csp.get("script-src"), ["'self'", want])
                self.assertEqual(csp.get("style-src"), ["'self'"])
                self.assertEqual(csp.get("img-src"), ["'self'", "data:"])
                self.assertEqual(csp.get("connect-src"), ["'self'"] + PROVIDERS.split())
                self.assertEqual(csp.get("form-action"), ["'self'"] + PROVIDERS.split())
                self.assertEqual(csp.get("frame-ancestors"), ["'none'"])
                self.assertEqual(csp.get("base-uri"), ["'none'"])
                self.assertEqual(csp.get("object-src"), ["'none'"])
                self.assertNotIn("unsafe", r.header("content-security-policy"))
                self.assertEqual(r.header("x-content-type-options"), "nosniff")
                self.assertEqual(r.header("referrer-policy"), "no-referrer")
                self.assertIn("camera=()", r.header("permissions-policy") or "")
                self.assertEqual(r.header("x-frame-options"), "DENY")
                self.assertEqual(r.header("cross-origin-opener-policy"), "same-origin")
        # scripts and style sheets: the headers that govern a document are
        # left out (browsers ignore them there; they were most of each
        # answer's bytes), nosniff and the referrer policy stay
        for path in ("/app/main.js", "/vendor/preact/dist/preact.mjs", "/styles/workplace.css"):
            with self.subTest(path=path):
                r = self.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("x-content-type-options"), "nosniff")
                self.assertEqual(r.header("referrer-policy"), "no-referrer")
                for h in ("content-security-policy", "permissions-policy", "x-frame-options",
                          "cross-origin-opener-policy"):
                    self.assertIsNone(r.header(h), "%s on %s: %r" % (h, path, r.headers))

    def test_vendor_serves_only_what_the_page_refers_to(self):
        for path, ctype in (("/vendor/preact/dist/preact.mjs", "text/javascript"),
                            ("/vendor/htm/dist/htm.module.js", "text/javascript"),
                            ("/vendor/@utrecht/component-library-css/dist/index.css", "text/css"),
                            ("/app/main.js", "text/javascript"), ("/styles/workplace.css", "text/css")):
            with self.subTest(path=path):
                r = self.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("content-type"), ctype + "; charset=utf-8")
        for path in ("/vendor/preact/dist/preact.umd.js", "/vendor/preact/package.json", "/vendor/preact/dist/",
                     "/vendor/preact/", "/vendor/", "/vendor/.package-lock.json", "/node_modules/preact/dist/preact.mjs",
                     "/vendor/preact/dist/preact.mjs/", "/package.json", "/package-lock.json", "/install.sh",
                     "/index.html", "/app/", "/styles/", "/app/../package.json", "/vendor/../package.json",
                     "/app/main.js.map", "/nowhere"):
            with self.subTest(path=path):
                r = self.get(path)
                self.assertEqual(r.status, 404, r)
                self.assertEqual(r.header("content-type"), "application/problem+json", r)
        r = self.get("/", method="POST")
        self.assertEqual(r.status, 405, r)
        self.assertEqual(r.header("content-type"), "application/problem+json", r)

    def test_gzip_and_revalidation(self):
        r = self.get("/vendor/preact/dist/preact.mjs", {"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-encoding"), "gzip")
        self.assertEqual(gzip.decompress(r.raw).decode("utf-8"), self.preact)
        self.assertIn("Accept-Encoding", r.header("vary") or "")
        etag = r.header("etag")
        self.assertTrue(etag, r)
        r = self.get("/vendor/preact/dist/preact.mjs", {"If-None-Match": etag.replace("W/", "")})
        self.assertEqual(r.status, 304, r)
        r = self.get("/styles/workplace.css", {"Accept-Encoding": "gzip"})
        self.assertEqual(r.header("content-encoding"), "gzip")

    def test_apis_keep_their_answers(self):
        r = self.get("/casedesk/v1/categories")
        self.assertEqual(r.status, 401, r)
        for h in ("content-security-policy", "x-frame-options", "referrer-policy", "cache-control"):
            self.assertIsNone(r.header(h), "%s on an API answer: %r" % (h, r.headers))

    def test_access_log_holds_no_token(self):
        token = remember_secret(secrets.token_urlsafe(18))
        code = remember_secret(secrets.token_urlsafe(24))
        state = remember_secret(secrets.token_urlsafe(12))
        for path in ("/volg/" + token, "/volg?" + token, "/volg?t=" + token,
                     "/workplace/callback?code=%s&state=%s&iss=x" % (code, state),
                     "/workplace/?state=" + state):
            self.get(path)
        log = os.path.join(self.gw.dir, "access.log")
        deadline = time.monotonic() + 5
        text = ""
        while time.monotonic() < deadline:  # the access log is flushed every second
            with open(log, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if text.count("/workplace/") >= 2 and text.count("/volg") >= 3:
                break
            time.sleep(0.2)
        self.assertGreaterEqual(text.count("/volg-"), 3, text[-2000:])
        self.assertIn("/workplace/callback?- ", text)
        for s in (token, code, state):
            self.assertNotIn(s, text)

    def test_render_refuses_a_policy_that_is_no_origin_list(self):
        root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
        for bad in ("'unsafe-inline'", "https://a.example; script-src *", "*", "https://a.example/path"):
            with self.subTest(value=bad):
                out = subprocess.run(["sh", os.path.join(root, "deploy", "gateway", "render.sh")],
                                     env=dict(ENV, KOERS_WEB_ROOT=self.web, KOERS_WEB_CONNECT_SRC=bad),
                                     capture_output=True, text=True, timeout=30)
                self.assertNotEqual(out.returncode, 0, out.stdout[-300:])
                self.assertIn("KOERS_WEB_CONNECT_SRC", out.stderr)
        out = subprocess.run(["sh", os.path.join(root, "deploy", "gateway", "render.sh")],
                             env=dict(ENV, KOERS_WEB_ROOT=self.web, KOERS_WEB_CONNECT_SRC=PROVIDERS),
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(re.search(r"alias \S+/node_modules/\$1;", out.stdout))


if __name__ == "__main__":
    unittest.main()
