#!/bin/sh
# `make demo`: with the stack of `make up` (run/demo.env), through the
# gateway: sets up 2 categories, 3 liaison officers and 2 routing rules
# (reused on a second run), files 5 cases and prints where each landed;
# one matches no rule and waits in the triage queue. Then a small climate
# monitor (when surveys runs): core values, a survey for citizens and
# employees with a Likert, an NPS and a value-selection question, opened,
# invitation tokens for both audiences, 6 answers each (with the tokens
# alone, as respondents would), closed; prints the results and the gap
# analysis.
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
    if cred:
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

# ---- surveys: a small climate monitor ----------------------------------------
BASE = os.environ["KOERS_GATEWAY_URL"] + "/surveys/v1"
try:
    with urllib.request.urlopen(BASE + "/openapi.json", timeout=5) as r:
        surveys_up = r.status == 200
except (urllib.error.URLError, OSError):
    surveys_up = False
if not surveys_up:
    print("\nsurveys: not running behind the gateway (build it and run 'make up'): skipped")
    sys.exit(0)

values = {}
existing = {}
url = "/core-values?limit=100"
for _ in range(50):
    doc = must("GET", url)
    existing.update({v["name"]: v for v in doc["items"]})
    nxt = doc.get("_links", {}).get("next")
    if not nxt:
        break
    url = nxt["href"][nxt["href"].index("/surveys/v1") + len("/surveys/v1"):]
for name, text in (("Betrouwbaar", "We doen wat we zeggen."), ("Open", "We delen wat we weten."),
                   ("Dienstbaar", "De inwoner staat voorop."), ("Verbindend", "We werken samen, ook buiten het stadhuis."),
                   ("Moedig", "We durven te kiezen.")):
    values[name] = existing.get(name) or must("POST", "/core-values", {"name": name, "description": text})
names = list(values)

survey = must("POST", "/surveys", {"title": "Klimaatmonitor Demodorp", "kind": "climate_monitor",
                                   "audiences": ["citizens", "employees"]}, expect=(201,))
sid = survey["id"]
q_trust = must("POST", "/surveys/%s/questions" % sid, {
    "code": "vertrouwen", "type": "likert5", "text": "Ik heb vertrouwen in de gemeente.",
    "options": {"labels": ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]}}, expect=(201,))
q_nps = must("POST", "/surveys/%s/questions" % sid, {
    "code": "aanbevelen", "type": "nps", "text": "Hoe waarschijnlijk is het dat u de gemeente aanbeveelt?"}, expect=(201,))
q_values = must("POST", "/surveys/%s/questions" % sid, {
    "code": "waarden", "type": "value_selection", "text": "Welke twee waarden passen het best bij de gemeente?",
    "options": {"pick": 2}}, expect=(201,))
must("POST", "/surveys/%s/open" % sid)

# (trust, nps, two values) per respondent
answers = {
    "citizens": [(4, 8, "Betrouwbaar", "Dienstbaar"), (3, 6, "Betrouwbaar", "Open"), (2, 4, "Dienstbaar", "Open"),
                 (4, 9, "Betrouwbaar", "Verbindend"), (3, 7, "Dienstbaar", "Betrouwbaar"), (5, 10, "Open", "Dienstbaar")],
    "employees": [(4, 9, "Verbindend", "Moedig"), (5, 10, "Open", "Verbindend"), (4, 8, "Moedig", "Betrouwbaar"),
                  (3, 7, "Verbindend", "Open"), (4, 9, "Moedig", "Verbindend"), (4, 6, "Verbindend", "Dienstbaar")],
}
for audience, rows in answers.items():
    tokens = must("POST", "/surveys/%s/invitations" % sid, {"audience": audience, "count": len(rows)},
                  expect=(201,))["tokens"]
    for token, (trust, nps, v1, v2) in zip(tokens, rows):
        # a respondent has only the token: no API key, no staff token
        must("POST", "/responses", {"token": token, "answers": [
            {"questionId": q_trust["id"], "value": trust},
            {"questionId": q_nps["id"], "value": nps},
            {"questionId": q_values["id"], "valueIds": [values[v1]["id"], values[v2]["id"]]}]},
            cred=None, expect=(201,))
must("POST", "/surveys/%s/close" % sid)
print("\nsurvey %s \"%s\": 6 citizens and 6 employees answered with invitation tokens; closed"
      % (sid, survey["title"]))

res = must("GET", "/surveys/%s/results" % sid)
rows = res.get("results", res.get("items", []))
print("\n%-12s %-10s %3s  %s" % ("question", "audience", "n", "result"))
for r in rows:
    if r.get("withheld"):
        shown = "withheld: " + r.get("reason", "")
    elif r["type"] == "nps":
        shown = "NPS %+.0f (mean %.1f)" % (r["nps"], r["mean"])
    elif r["type"] == "value_selection":
        top = sorted(r.get("values", []), key=lambda v: -v["count"])[:3]
        shown = ", ".join("%s %d" % (v["name"], v["count"]) for v in top)
    else:
        shown = "mean %.2f, sd %.2f" % (r["mean"], r["sd"])
    print("%-12s %-10s %3d  %s" % (r["code"], r["audience"], r["n"], shown))

gap = must("GET", "/surveys/%s/gap?audienceA=citizens&audienceB=employees" % sid)
print("\ngap analysis: citizens vs employees (GET /surveys/{id}/gap), largest difference first")
print("%-7s %-12s %9s %9s %9s" % ("kind", "item", "citizens", "employees", "a - b"))
for it in gap["items"]:
    if it.get("withheld"):
        continue
    unit = "%" if it["kind"] == "value" else ""
    print("%-7s %-12s %8.1f%1s %8.1f%1s %+9.1f" % (it["kind"], it.get("name") or it.get("code"),
          it["a"]["score"], unit, it["b"]["score"], unit, it["difference"]))
PY
