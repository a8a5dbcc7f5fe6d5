"""The HTTP helpers of `make demo` (deploy/local/demo.sh): JSON calls through
the gateway with the demo's credentials, standard library only."""

import json
import os
import sys
import urllib.error
import urllib.request

GW = os.environ["KOERS_GATEWAY_URL"]
KEY, TOKEN = os.environ["KEY"], os.environ["TOKEN"]


class Client:
    """Calls to GW + base + path, as `cred` (default the demo token)."""

    def __init__(self, base=""):
        self.base = base

    def call(self, method, path, body=None, cred=TOKEN, headers=None):
        """(status, JSON answer or text); never raises for an HTTP status."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(GW + self.base + path, data=data, method=method)
        if cred:
            req.add_header("Authorization", "Bearer " + cred)
        req.add_header("Accept", "application/json")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode(errors="replace")

    def must(self, method, path, body=None, cred=TOKEN, expect=(200, 201), headers=None):
        """The answer, or the demo stops naming the call and its answer."""
        st, doc = self.call(method, path, body, cred, headers)
        if st not in expect:
            sys.exit("demo: %s %s%s -> %s %s" % (method, self.base, path, st, json.dumps(doc)))
        return doc

    def find(self, path, key, value):
        """The first item of the list at path (every page) whose key is value, or None."""
        url = path + ("&" if "?" in path else "?") + "limit=100"
        prefix = self.base + path.split("?")[0]
        for _ in range(50):
            doc = self.must("GET", url)
            for item in doc["items"]:
                if item.get(key) == value:
                    return item
            nxt = doc.get("_links", {}).get("next")
            if not nxt:
                return None
            href = nxt["href"]
            url = href[href.index(prefix) + len(self.base):]
        return None

    def ensure(self, path, key, value, body):
        """The item of path whose key is value, created with body when there is none."""
        return self.find(path, key, value) or self.must("POST", path, body, expect=(201,))
