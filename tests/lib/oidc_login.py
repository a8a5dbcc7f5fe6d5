#!/usr/bin/env python3
"""Signs in at an OpenID Connect provider the way the browser workplace does
(authorization code + PKCE S256, state and nonce checked) with a scripted
browser: an HTTP client with its own cookie jar that follows the redirects
and fills in the provider's sign-in form. Python 3 standard library only.

As a command, against the provider `make up` started (its settings in
run/idp/login.json; the demo users' password in run/idp/users.env):

    python3 tests/lib/oidc_login.py --user coordinator         access token
    python3 tests/lib/oidc_login.py --user admin --json        all tokens
    TOKEN=$(python3 tests/lib/oidc_login.py --user official)

As a module (the black-box tests):

    b = Browser()
    tokens = b.sign_in(issuer, client_id, redirect_uri, "coordinator", pw)
    b.sign_out(tokens["id_token"], post_logout_uri)
"""

import base64
import hashlib
import html.parser
import http.cookiejar
import json
import os
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request

MAX_REDIRECTS = 12
TIMEOUT = 15


class SignInError(Exception):
    """The flow did not end with tokens; `status` and `body` say where."""

    def __init__(self, msg, status=None, body=b""):
        super().__init__(msg)
        self.status = status
        self.body = body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _Forms(html.parser.HTMLParser):
    """The forms of a page: [{action, method, id, fields{name: value}}]."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                               "id": a.get("id"), "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


def forms_of(body):
    p = _Forms()
    p.feed(body.decode("utf-8", "replace"))
    return p.forms


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_jwt(token):
    """The header and payload of a JWT, unverified (for reading claims)."""
    parts = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (json.loads(base64.urlsafe_b64decode(pad(parts[0]))),
            json.loads(base64.urlsafe_b64decode(pad(parts[1]))))


class Browser:
    """One browser: its cookies (the provider's session) are its own."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.last_status = None
        self.last_body = b""

    def fetch(self, url, form=None):
        """GET (or POST `form`, a dict) without following redirects; returns
        (status, headers, body)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(url, data=data, headers={"Accept": "text/html,application/json"})
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=TIMEOUT) as r:
                out = (r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            out = (e.code, e.headers, e.read())
        self.last_status, self.last_body = out[0], out[2]
        return out

    def follow(self, url, form=None, stop_at=None):
        """Follows redirects from a GET of `url` (or a POST of `form`) until a
        page answers or a Location starts with `stop_at` (the client's
        redirect URI, where nothing needs to listen); returns (status,
        headers, body, url) — url is the stop URL when stopped there."""
        for _ in range(MAX_REDIRECTS):
            status, headers, body = self.fetch(url, form)
            form = None
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                url = urllib.parse.urljoin(url, headers["Location"])
                if stop_at and url.startswith(stop_at):
                    return status, headers, body, url
                continue
            return status, headers, body, url
        raise SignInError("too many redirects", status, body)

    @staticmethod
    def discover(issuer, discovery_url=None):
        url = discovery_url or issuer + "/.well-known/openid-configuration"
        with urllib.request.urlopen(url, timeout=TIMEOUT) as r:
            doc = json.load(r)
        if doc.get("issuer") != issuer:
            raise SignInError("discovery names issuer %r, not %r" % (doc.get("issuer"), issuer))
        return doc

    def authorize(self, issuer, client_id, redirect_uri, scope="openid profile email", resource=None):
        """Starts the flow: returns (state, verifier, nonce, status, headers,
        body, url) after following the provider's redirects (a sign-in page,
        or the redirect URI when the provider's session is still alive)."""
        conf = self.discover(issuer)
        verifier = b64url(secrets.token_bytes(32))
        challenge = b64url(hashlib.sha256(verifier.encode()).digest())
        state, nonce = b64url(secrets.token_bytes(16)), b64url(secrets.token_bytes(16))
        q = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": scope,
             "state": state, "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256"}
        if resource:
            q["resource"] = resource
        url = conf["authorization_endpoint"] + "?" + urllib.parse.urlencode(q)
        status, headers, body, url = self.follow(url, stop_at=redirect_uri)
        return conf, state, verifier, nonce, status, headers, body, url

    def submit_login(self, page_url, body, username, password, redirect_uri):
        """Posts the sign-in form found in `body`; returns what follow() does."""
        login = [f for f in forms_of(body) if "password" in f["fields"] or f["method"] == "post"]
        if not login:
            raise SignInError("no sign-in form on the page", self.last_status, body)
        f = login[0]
        fields = dict(f["fields"], username=username, password=password)
        return self.follow(urllib.parse.urljoin(page_url, f["action"]), form=fields, stop_at=redirect_uri)

    def redeem(self, conf, client_id, redirect_uri, url, state, verifier):
        """Checks the state on the redirect `url` and trades its code (with the
        PKCE verifier) for tokens at the token endpoint."""
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        if q.get("error"):
            raise SignInError("the provider answered %s" % q["error"][0])
        if q.get("state", [""])[0] != state:
            raise SignInError("state mismatch on the redirect")
        if conf.get("issuer") and q.get("iss") and q["iss"][0] != conf["issuer"]:
            raise SignInError("iss mismatch on the redirect")
        form = {"grant_type": "authorization_code", "code": q["code"][0], "redirect_uri": redirect_uri,
                "client_id": client_id, "code_verifier": verifier}
        status, _, body = self.fetch(conf["token_endpoint"], form)
        if status != 200:
            raise SignInError("token endpoint answered %d" % status, status, body)
        return json.loads(body)

    def sign_in(self, issuer, client_id, redirect_uri, username, password, scope="openid profile email"):
        """The whole flow for one user; returns the token response (access_token,
        id_token, expires_in, ...). Raises SignInError when refused."""
        conf, state, verifier, nonce, status, headers, body, url = self.authorize(
            issuer, client_id, redirect_uri, scope)
        if not url.startswith(redirect_uri):
            if status != 200:
                raise SignInError("authorization answered %d" % status, status, body)
            status, headers, body, url = self.submit_login(url, body, username, password, redirect_uri)
            if not url.startswith(redirect_uri):
                raise SignInError("sign-in refused (%d)" % status, status, body)
        tokens = self.redeem(conf, client_id, redirect_uri, url, state, verifier)
        if "id_token" in tokens and decode_jwt(tokens["id_token"])[1].get("nonce") != nonce:
            raise SignInError("nonce mismatch in the ID token")
        return tokens

    def sign_out(self, issuer, id_token, post_logout_redirect_uri):
        """RP-initiated logout at the end_session_endpoint with id_token_hint,
        confirming on the provider's page; returns the URL it ended at."""
        conf = self.discover(issuer)
        q = {"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri}
        url = conf["end_session_endpoint"] + "?" + urllib.parse.urlencode(q)
        status, _, body, url = self.follow(url, stop_at=post_logout_redirect_uri)
        if url.startswith(post_logout_redirect_uri):
            return url
        forms = [f for f in forms_of(body) if f["id"] == "op.logoutForm"]
        if status != 200 or not forms:
            raise SignInError("no sign-out confirmation (%d)" % status, status, body)
        fields = dict(forms[0]["fields"], logout="yes")
        status, _, body, url = self.follow(urllib.parse.urljoin(url, forms[0]["action"]), form=fields,
                                           stop_at=post_logout_redirect_uri)
        if not url.startswith(post_logout_redirect_uri):
            raise SignInError("sign-out did not return to the client (%d)" % status, status, body)
        return url


def main(argv):
    import argparse
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    run = os.environ.get("KOERS_RUN_DIR") or os.path.join(root, "run")
    ap = argparse.ArgumentParser(description="Sign in at the local provider (make up) and print an access token.")
    ap.add_argument("--user", required=True, help="a demo user (coordinator, admin, official, ...)")
    ap.add_argument("--password", help="default: the demo password of run/idp/users.env")
    ap.add_argument("--login", default=os.path.join(run, "idp", "login.json"),
                    help="issuer, client_id, redirect_uri (default: run/idp/login.json)")
    ap.add_argument("--json", action="store_true", help="print the whole token response")
    a = ap.parse_args(argv)
    with open(a.login) as f:
        login = json.load(f)
    password = a.password
    if not password:
        with open(os.path.join(os.path.dirname(a.login), "users.env")) as f:
            for line in f:
                k, _, v = line.strip().partition("=")
                if k == "KOERS_IDP_DEMO_PASSWORD":
                    password = v
    try:
        tokens = Browser().sign_in(login["issuer"], login["client_id"], login["redirect_uri"], a.user, password)
    except SignInError as e:
        print("oidc_login: %s" % e, file=sys.stderr)
        return 1
    print(json.dumps(tokens, indent=2) if a.json else tokens["access_token"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
