#!/bin/sh
# `make demo`: with the stack of `make up` (run/demo.env), through the
# gateway: sets up 2 categories, 3 liaison officers and 2 routing rules
# (reused on a second run), files 5 cases and prints where each landed;
# one matches no rule and waits in the triage queue.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${KOERS_RUN_DIR:-$root/run}
[ -s "$RUN/demo.env" ] || { echo "demo: no $RUN/demo.env: run 'make up' first" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$RUN/demo.env"
set +a
curl -s -o /dev/null "$KOERS_GATEWAY_URL/healthz" || { echo "demo: the gateway at $KOERS_GATEWAY_URL does not answer: run 'make up'" >&2; exit 1; }

exec /usr/bin/python3 - <<'PY'
import json, os, sys, urllib.error, urllib.request

BASE = os.environ["KOERS_GATEWAY_URL"] + "/casedesk/v1"
KEY, TOKEN = os.environ["KEY"], os.environ["TOKEN"]


def call(method, path, body=None, cred=TOKEN):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + cred)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            doc = json.loads(raw)
        except ValueError:
            doc = raw.decode(errors="replace")
        return e.code, doc


def must(method, path, body=None, cred=TOKEN, expect=(200, 201)):
    st, doc = call(method, path, body, cred)
    if st not in expect:
        sys.exit("demo: %s %s -> %s %s" % (method, path, st, json.dumps(doc)))
    return doc


def all_items(path):
    items, url = [], path + ("&" if "?" in path else "?") + "limit=100"
    for _ in range(50):
        doc = must("GET", url)
        items += doc.get("items", [])
        nxt = doc.get("_links", {}).get("next")
        if not nxt:
            break
        href = nxt["href"]
        url = href[href.index("/casedesk/v1") + len("/casedesk/v1"):]
    return items


def ensure(path, key, value, body):
    for item in all_items(path):
        if item.get(key) == value:
            return item
    return must("POST", path, body)


cat_street = ensure("/categories", "name", "Openbare ruimte", {"name": "Openbare ruimte", "slaDays": 10})
cat_waste = ensure("/categories", "name", "Afval", {"name": "Afval", "slaDays": 5})
anna = ensure("/liaison-officers", "email", "anna.de.vries@demodorp.example",
              {"name": "Anna de Vries", "email": "anna.de.vries@demodorp.example",
               "categoryIds": [cat_street["id"]], "districts": ["Centrum"], "capacity": 20})
bram = ensure("/liaison-officers", "email", "bram.jansen@demodorp.example",
              {"name": "Bram Jansen", "email": "bram.jansen@demodorp.example",
               "categoryIds": [cat_street["id"]], "districts": ["Centrum"], "capacity": 20})
carla = ensure("/liaison-officers", "email", "carla.bakker@demodorp.example",
               {"name": "Carla Bakker", "email": "carla.bakker@demodorp.example",
                "categoryIds": [cat_waste["id"]], "districts": [], "capacity": 20})
ensure("/routing-rules", "name", "Openbare ruimte Centrum",
       {"name": "Openbare ruimte Centrum", "position": 10, "categoryId": cat_street["id"],
        "district": "Centrum", "keywords": [], "officerIds": [anna["id"], bram["id"]], "active": True})
ensure("/routing-rules", "name", "Afval en containers",
       {"name": "Afval en containers", "position": 20, "categoryId": None, "district": None,
        "keywords": ["afval", "container", "grofvuil"], "officerIds": [carla["id"]], "active": True})
officers = {o["id"]: o["name"] for o in (anna, bram, carla)}

cases = [
    (cat_street, "Centrum", "Losliggende stoeptegel voor het stadhuis"),
    (cat_street, "Centrum", "Bankje in het park is beklad"),
    (cat_waste, "Noord", "Ondergrondse container zit vol"),
    (cat_street, "Zuid", "Grofvuil naast de speeltuin"),
    (cat_street, "Noord", "Lantaarnpaal brandt niet"),
]
print("%-16s %-10s %-18s %-10s %s" % ("reference", "status", "officer", "district", "description"))
for cat, district, text in cases:
    case = must("POST", "/cases", {
        "categoryId": cat["id"], "description": text, "district": district,
        "channel": "web", "citizen": {"name": "Demo Inwoner", "email": "inwoner@demodorp.example"},
    }, cred=KEY, expect=(201,))
    officer = officers.get(case.get("officerId"), "- (triage queue)" if not case.get("officerId") else case["officerId"])
    print("%-16s %-10s %-18s %-10s %s" % (case["reference"], case["status"], officer, district, text))

triage = must("GET", "/cases?unassigned=true&limit=100")["items"]
print("\ntriage queue (GET /cases?unassigned=true): %d case(s): %s"
      % (len(triage), ", ".join(c["reference"] for c in triage[:10])))
PY
