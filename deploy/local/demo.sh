#!/bin/sh
# `make demo`: with the stack of `make up` (run/demo.env), through the
# gateway: sets up 2 categories, 3 liaison officers and 2 routing rules
# (reused on a second run), files 5 cases and prints where each landed;
# one matches no rule and waits in the triage queue. Then a small climate
# monitor (when surveys runs): core values, a survey for citizens and
# employees with a Likert, an NPS and a value-selection question, opened,
# invitation tokens for both audiences, 6 answers each (with the tokens
# alone, as respondents would), closed; prints the results and the gap
# analysis. Then process-oriented working (when processes runs): a process
# with its owner, manager and core team, its flow published, bottlenecks in
# all four quadrants, an improvement carried out (its bottleneck solved), a
# KPI off and back on target, a casedesk category mapped to it, cases
# filed and closed in the casedesk (one naming a step as root cause);
# prints the ranked backlog, the citizens' figures the processes service
# learned from the casedesk's events, and the coverage of the year. Then a
# change programme (when programmes runs): Berkelland's outdoor service
# from the shipped approach `three-phases` (facilitated by Cyber), its
# people, steering, project and working group, a building block of phase 2
# for the working group; running; phase 1 walked step by step, each step
# completed only after the project group's checkpoint ("continue", then
# "adjust": a step added, another re-dated, approach version 2); one
# proposal approved (an action, traced back) and one returned with a
# reason; prints the approach versions and the timeline. Then its culture
# work (deploy/local/demo_culture.py): core values into example behaviour,
# the manifest through two consultation rounds to adoption, a cohort with
# buddies, a goal measured by two waves of a pulse survey. Last,
# notifications (when it runs; deploy/local/demo_notifications.py): a small
# local receiver subscribed to the kanaal cases with signing on gets the
# standard messages of a case filed and taken into progress; one signature
# verified; the subscription deleted again.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
RUN=${KOERS_RUN_DIR:-$root/run}
[ -s "$RUN/demo.env" ] || { echo "demo: no $RUN/demo.env: run 'make up' first" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
. "$RUN/demo.env"
set +a
# the HTTP helpers of the Python parts below (demo_http.py)
PYTHONPATH=$root/deploy/local
export PYTHONPATH
curl -s -o /dev/null "$KOERS_GATEWAY_URL/healthz" || { echo "demo: the gateway at $KOERS_GATEWAY_URL does not answer: run 'make up'" >&2; exit 1; }

/usr/bin/python3 - <<'PY'
import json, os, sys

from demo_http import KEY, TOKEN, Client

http = Client("/casedesk/v1")
call, must, ensure = http.call, http.must, http.ensure


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
http.base = "/surveys/v1"
surveys_up = call("GET", "/openapi.json", cred=None)[0] == 200
if not surveys_up:
    print("\nsurveys: not running behind the gateway (build it and run 'make up'): skipped")
    sys.exit(0)  # the processes part below runs on its own

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

/usr/bin/python3 - <<'PY'
import datetime, json, os, sys, time

from demo_http import KEY, TOKEN, Client

http = Client()
call, must, find, ensure = http.call, http.must, http.find, http.ensure


st, _ = call("GET", "/processes/v1/openapi.json", cred=None)
if st != 200:
    print("\nprocesses: not running behind the gateway (build it and run 'make up'): skipped")
    sys.exit(0)
P, C = "/processes/v1", "/casedesk/v1"



print("\n---- processes: Melding openbare ruimte ----")
staff = {}
for name, sub in (("Petra Smit", "demo-petra"), ("Karim El Amrani", "demo-karim"),
                  ("Ellen Visser", "demo-ellen"), ("Joost Mulder", "demo-joost")):
    staff[name] = ensure(P + "/staff", "userSub", sub,
                         {"name": name, "email": sub + "@demodorp.example", "userSub": sub})
teams = {}
for team, manager in (("Buitendienst", "Petra Smit"), ("Klantcontact", "Karim El Amrani"),
                      ("Vergunningen", "Ellen Visser")):
    teams[team] = ensure(P + "/teams", "name", team,
                         {"name": team, "managerId": staff[manager]["id"], "membersCount": 12})
must("PATCH", P + "/staff/" + staff["Joost Mulder"]["id"], {"teamId": teams["Buitendienst"]["id"]})
must("PATCH", P + "/staff/" + staff["Karim El Amrani"]["id"], {"teamId": teams["Klantcontact"]["id"]})
name = "Melding openbare ruimte afhandelen"
proc = find(P + "/processes", "name", name)
fresh = proc is None
if fresh:
    proc = must("POST", P + "/processes", {
        "name": name, "chain": "Openbare ruimte", "purpose": "Een melding binnen de termijn opgelost, de melder op de hoogte",
        "serviceDelivered": "Een veilige en schone openbare ruimte", "ownerId": staff["Petra Smit"]["id"],
        "managerId": staff["Joost Mulder"]["id"], "teamIds": [teams["Buitendienst"]["id"], teams["Klantcontact"]["id"]],
        "coreTeamIds": [staff["Karim El Amrani"]["id"]], "selectedBy": "directie en teammanagers",
        "selectedAt": "%d-01-15" % datetime.date.today().year}, expect=(201,))
pid = proc["id"]
steps = None
if fresh:
    must("POST", "%s/processes/%s/transitions" % (P, pid), {"to": "analysing", "reason": "kernteam samengesteld"})
    must("POST", "%s/processes/%s/flow/draft" % (P, pid), expect=(201,))
    must("PUT", "%s/processes/%s/flow/draft" % (P, pid), {"steps": [
        {"name": "Melding ontvangen", "teamId": teams["Klantcontact"]["id"], "inputs": ["melding"], "normHours": 1},
        {"name": "Melding beoordelen", "teamId": teams["Klantcontact"]["id"], "outputs": ["werkorder"], "normHours": 4},
        {"name": "Werkorder uitvoeren", "teamId": teams["Buitendienst"]["id"], "normHours": 16},
        {"name": "Melder informeren", "teamId": teams["Klantcontact"]["id"], "outputs": ["terugkoppeling"]}]},
        headers={"If-Match": '"1"'})
    must("POST", "%s/processes/%s/flow/draft/publish" % (P, pid),
         {"note": "Na de werksessie met het kernteam"}, expect=(201,))
flow = must("GET", "%s/processes/%s/flow" % (P, pid))
steps = {s["name"]: s for s in flow["steps"]}
print("flow version %d: %s" % (flow["number"], " -> ".join(
    "%s [%s]" % (s["name"], s.get("teamName") or s.get("role")) for s in flow["steps"])))

if fresh:
    made = {}
    for label, step, impact, effort, freq in (
            ("Meldingen worden twee keer ingevoerd", "Melding ontvangen", 4, 1, (10, "week")),
            ("Geen vaste planning voor de buitendienst", "Werkorder uitvoeren", 5, 5, (20, "month")),
            ("Standaardbrief is onduidelijk", "Melder informeren", 2, 2, (3, "month")),
            ("Oud registratiesysteem traag", "Melding beoordelen", 2, 4, None),
            ("Melder wordt niet teruggebeld", "Melder informeren", 4, 2, (15, "week"))):
        body = {"processId": pid, "stepId": steps[step]["id"], "description": label, "source": "staff",
                "impact": impact, "effort": effort, "raisedBy": "kernteam"}
        if freq:
            body.update({"frequency": freq[0], "frequencyUnit": freq[1]})
        made[label] = must("POST", P + "/bottlenecks", body, expect=(201,))
    quick = made["Meldingen worden twee keer ingevoerd"]
    kpi = must("POST", P + "/kpis", {"processId": pid, "name": "Doorlooptijd meldingen", "unit": "dagen",
                                    "direction": "lower_is_better", "target": 5, "frequency": "month"}, expect=(201,))
    imp = must("POST", P + "/improvements", {
        "processId": pid, "title": "Eén invoer van meldingen bij Klantcontact", "kind": "uniform_working_method",
        "bottleneckIds": [quick["id"]], "ownerId": staff["Karim El Amrani"]["id"], "kpiId": kpi["id"],
        "kpiBefore": 7.5}, expect=(201,))
    today = datetime.date.today()
    m1_end = today.replace(day=1) - datetime.timedelta(days=1)
    m2_end = m1_end.replace(day=1) - datetime.timedelta(days=1)
    must("POST", "%s/kpis/%s/measurements" % (P, kpi["id"]), {
        "periodStart": m2_end.replace(day=1).isoformat(), "periodEnd": m2_end.isoformat(), "value": 7.5,
        "source": "zaaksysteem"}, expect=(201,))
    for to in ("planned", "in_progress", "done"):
        must("POST", "%s/improvements/%s/transitions" % (P, imp["id"]), {"to": to})
    must("PATCH", "%s/improvements/%s" % (P, imp["id"]), {"kpiAfter": 4.2, "result": "Dubbele invoer verdwenen"})
    must("POST", "%s/kpis/%s/measurements" % (P, kpi["id"]), {
        "periodStart": m1_end.replace(day=1).isoformat(), "periodEnd": m1_end.isoformat(), "value": 4.2,
        "source": "zaaksysteem"}, expect=(201,))
    solved = must("GET", P + "/bottlenecks/" + quick["id"])
    print("improvement done: \"%s\" solved \"%s\" (%s)" % (imp["title"], quick["description"], solved["status"]))
kpi = find(P + "/kpis?processId=" + pid, "name", "Doorlooptijd meldingen")
if kpi:
    print("KPI %s: latest %s %s (target %s, %s): %s" % (kpi["name"], kpi["latest"]["value"] if kpi.get("latest") else "-",
          kpi["unit"], kpi["target"], kpi["direction"], kpi["status"]))

# the citizens' side: the casedesk category "Openbare ruimte" feeds the process
cat = None
url = C + "/categories?limit=100"
for item in must("GET", url)["items"]:
    if item["name"] == "Openbare ruimte":
        cat = item
if cat is not None:
    if find(P + "/category-mappings", "categoryId", cat["id"]) is None:
        must("POST", P + "/category-mappings", {"categoryId": cat["id"], "processId": pid}, expect=(201,))
    before = must("GET", "%s/processes/%s/citizen-figures" % (P, pid))["cases"]
    closed = 0
    for i, text in enumerate(("Stoeptegel los bij de bibliotheek", "Afvalbak vol op het plein",
                              "Boomwortel duwt de stoep omhoog")):
        case = must("POST", C + "/cases", {"categoryId": cat["id"], "description": text, "district": "Centrum",
                                          "channel": "web", "citizen": {"name": "Demo Inwoner",
                                                                        "email": "inwoner@demodorp.example"}},
                    cred=KEY, expect=(201,))
        if not case.get("officerId"):
            continue
        must("POST", "%s/cases/%s/transitions" % (C, case["id"]), {"to": "in_progress"})
        body = {"to": "resolved", "outcome": "agreed", "explanation": "Opgelost door de buitendienst."}
        if i < 2:  # the liaison officer names the step where it went wrong
            body["rootCause"] = {"processId": pid, "stepId": steps["Werkorder uitvoeren"]["id"]}
        must("POST", "%s/cases/%s/transitions" % (C, case["id"]), body)
        must("POST", "%s/cases/%s/transitions" % (C, case["id"]), {"to": "closed"})
        closed += 1
    fig = None
    for _ in range(60):  # the processes service learns it from the casedesk's events
        fig = must("GET", "%s/processes/%s/citizen-figures" % (P, pid))
        if fig["cases"] >= before + closed:
            break
        time.sleep(0.5)
    print("citizens' figures (last 12 months, from the casedesk's events): %d closed cases, lead time median %s"
          " / p90 %s days, SLA breaches %s, reopened %s, equal party %s" % (
              fig["cases"], fig["leadTimeDays"]["median"], fig["leadTimeDays"]["p90"], fig.get("slaBreaches"),
              fig.get("reopenShare"), fig.get("equalPartyShare")))
    for rc in must("GET", "%s/processes/%s/root-causes" % (P, pid))["items"][:3]:
        print("root-cause proposal (%s): \"%s\", %d case(s), %s days over the SLA" % (
            rc["status"], rc["description"], rc["caseCount"], rc["caseDaysOver"]))

print("\nranked backlog (GET /processes/v1/backlog?status=proposed,open)")
print("%4s %6s %-10s %-9s %-24s %s" % ("rank", "score", "quadrant", "status", "step", "bottleneck"))
for b in must("GET", P + "/backlog?status=proposed,open&limit=10")["items"]:
    print("%4d %6.1f %-10s %-9s %-24s %s" % (b["rank"], b["score"], b["quadrant"], b["status"],
                                             (b.get("stepName") or "-")[:24], b["description"]))
year = datetime.date.today().year
cov = must("GET", "%s/coverage?year=%d" % (P, year), cred=KEY)
print("\ncoverage %d: %d of %d team managers own a process (share %.3f); without one: %s" % (
    year, cov["teamManagersWithProcess"], cov["teamManagers"], cov["share"],
    ", ".join(m.get("name", "?") for m in cov["teamManagersWithoutProcess"]) or "-"))
PY

# ---- programmes: the Berkelland approach through phase 1 ------------------------
if [ -z "${PROGRAMMES_URL:-}" ]; then
    echo
    echo "programmes: not started by 'make up' (no PROGRAMMES_URL in $RUN/demo.env): skipped"
else
/usr/bin/python3 - <<'PY'
import datetime, json, os, sys, uuid

from demo_http import TOKEN, Client

G = "/programmes/v1"
http = Client()
call, must, find = http.call, http.must, http.find


st, _ = call("GET", G + "/openapi.json")
if st != 200:
    print("\nprogrammes: not reachable behind the gateway (%s): skipped" % st)
    sys.exit(0)

today = datetime.date.today()


def day(n):
    return (today + datetime.timedelta(days=n)).isoformat()


NAME = "Berkelland outdoor service: keep what is good, improve what is needed"
print("\n---- programmes: %s ----" % NAME)
prog = find(G + "/programmes", "name", NAME)
fresh = prog is None
if not fresh:
    print("programme %s exists (%s) from an earlier 'make demo': its approach versions and timeline"
          " (make down CLEAN=1 walks it afresh)" % (prog["id"], prog["status"]))
else:
    # the people: staff of the municipality and the outside facilitator
    people = {}
    for who, name, role_type, org in (
            ("lead", "Marieke Hendriks", "manager", "Gemeente Berkelland"),
            ("chair", "Gerrit Wolters", "manager", "Buitendienst"),
            ("sanne", "Sanne Kok", "employee", "Buitendienst"),
            ("henk", "Henk ter Horst", "employee", "Buitendienst"),
            ("ruud", "Ruud Bosman", "employee", "Buitendienst"),
            ("fatima", "Fatima Yilmaz", "policy_officer", "Beleid openbare ruimte"),
            ("council", "Jan Oosterveld", "council_member", "Gemeenteraad"),
            ("cyber", "Lotte de Boer", "external", "Cyber")):
        email = name.lower().replace(" ", ".") + ("@cyber.example" if who == "cyber" else "@berkelland.example")
        people[who] = find(G + "/people", "email", email) or must(
            "POST", G + "/people", {"name": name, "email": email, "roleType": role_type, "organisation": org},
            expect=(201,))
    print("people: %s" % ", ".join("%s (%s)" % (p["name"], p["roleType"]) for p in people.values()))

    tpl = find(G + "/approach-templates", "key", "three-phases")
    if tpl is None:
        sys.exit("demo: the shipped approach template three-phases is missing")
    prog = must("POST", G + "/programmes", {
        "name": NAME, "question": "How do we get to a future-proof outdoor service?",
        "vision": "A robust outdoor service that organises itself and works with the community.",
        "organisationUnits": ["Berkelland"], "facilitator": "Cyber", "startsOn": day(0), "endsOn": day(270),
        "templateId": tpl["id"]}, expect=(201,), headers={"Idempotency-Key": str(uuid.uuid4())})
    gid = prog["id"]
    print("programme %s (%s) from template \"%s\", facilitated by %s; approach version %s" % (
        gid, prog["status"], tpl["name"], prog["facilitator"], prog["approachVersion"]))

    # governance: a steering group, a project group and one working group
    groups = {}
    for kind, name, subject, members in (
            ("steering", "Steering group", None,
             [("lead", "chair"), ("chair", "member"), ("council", "advisor")]),
            ("project", "Project group", None,
             [("chair", "chair"), ("lead", "member"), ("fatima", "secretary"), ("sanne", "member"),
              ("cyber", "facilitator")]),
            ("working", "Working group planning and feedback", "How the outdoor teams plan their work and "
             "tell residents what was done", [("henk", "chair"), ("sanne", "member"), ("ruud", "member"),
                                             ("fatima", "advisor")])):
        body = {"programmeId": gid, "kind": kind, "name": name}
        if subject:
            body["subject"] = subject
        g = must("POST", G + "/groups", body, expect=(201,))
        for who, role in members:
            must("PUT", "%s/groups/%s/members/%s" % (G, g["id"], people[who]["id"]), {"role": role}, expect=(200, 201))
        g = must("GET", "%s/groups/%s" % (G, g["id"]))
        groups[kind] = g
        print("%-36s %d members, mix %s" % (g["name"] + ":", g["membersCount"],
              ", ".join("%s %s" % (k, v) for k, v in sorted((g.get("mix") or {}).items()))))
    mine = must("GET", "%s/people/%s/groups" % (G, people["sanne"]["id"]))["items"]
    print("Sanne Kok's groups: %s" % ", ".join("%s (%s)" % (x["name"], x["role"]) for x in mine))

    def approach():
        doc = must("GET", "%s/programmes/%s/approach" % (G, gid))
        return doc, sorted(doc["phases"], key=lambda ph: ph["position"])

    _, phases = approach()
    phase1, phase2 = phases[0], phases[1]
    p2steps = sorted(phase2["steps"], key=lambda s: s["position"])
    block_step = p2steps[1 if len(p2steps) > 1 else 0]  # "Work out the building blocks"
    block = must("POST", G + "/building-blocks", {
        "programmeId": gid, "stepId": block_step["id"],
        "workingGroupId": groups["working"]["id"], "title": "Fixed planning and feedback to residents",
        "description": "The outdoor teams plan a week ahead and every reporter hears what was done.",
        "dueOn": day(120)}, expect=(201,))
    print("building block \"%s\" (phase 2, %s) given to the %s, due %s" % (
        block["title"], block_step["name"], groups["working"]["name"], block["dueOn"]))

    must("POST", "%s/programmes/%s/transitions" % (G, gid),
         {"to": "running", "reason": "the steering group gave the go-ahead"})
    print("programme: draft -> %s" % must("GET", "%s/programmes/%s" % (G, gid))["status"])

    present = [people[w]["id"] for w in ("chair", "lead", "fatima", "sanne", "cyber")]
    QUESTION = "Does the planned approach still fit what we know now?"

    def walk_step(step, decision, rationale, insights, changes=None, active=False):
        """starts the step (unless active), records its checkpoint, completes it"""
        if not active:
            must("POST", "%s/programmes/%s/steps/%s/transitions" % (G, gid, step["id"]), {"to": "active"})
        body = {"stepId": step["id"], "question": QUESTION, "insights": insights, "decision": decision,
                "rationale": rationale, "groupId": groups["project"]["id"], "presentIds": present}
        if changes:
            body["changes"] = changes
        cp = must("POST", "%s/programmes/%s/checkpoints" % (G, gid), body, expect=(201,))
        must("POST", "%s/programmes/%s/steps/%s/transitions" % (G, gid, step["id"]), {"to": "completed"})
        print("step \"%s\": checkpoint %s by the project group (%d present) -> approach version %s; completed" % (
            step["name"], cp["decision"], len(cp.get("presentIds") or []), cp["approachVersion"]))
        return cp

    p1steps = sorted(phase1["steps"], key=lambda s: s["position"])
    first, second = p1steps[0], p1steps[1]
    must("POST", "%s/programmes/%s/steps/%s/transitions" % (G, gid, first["id"]), {"to": "active"})
    st, doc = call("POST", "%s/programmes/%s/steps/%s/transitions" % (G, gid, first["id"]), {"to": "completed"})
    print("completing \"%s\" before its checkpoint: %s %s" % (
        first["name"], st, doc.get("detail", "") if isinstance(doc, dict) else doc))
    walk_step(first, "continue", "The kick-off went as planned; the course can be worked out as intended.",
              ["steering and project group are in place", "the outdoor teams want to be heard first"],
              active=True)

    # the course shows the teams were not heard yet: adjust the approach
    redated = p2steps[0]
    walk_step(second, "adjust",
              "The course rests on the office's view; the outdoor teams see the work differently. "
              "We first visit them, and the working groups start two weeks later.",
              ["the planning problems show up in the field, not in the reports",
               "the teams' own ideas are missing from the course"],
              [{"op": "add_step", "phaseId": phase1["id"], "name": "Site visits with the outdoor teams",
                "description": "Project group members join each outdoor team for a morning.",
                "kind": "work", "startsOn": day(7), "dueOn": day(21)},
               {"op": "redate_step", "stepId": redated["id"], "startsOn": day(28), "dueOn": day(49)}])
    _, phases = approach()
    added = [s for s in phases[0]["steps"] if s["name"] == "Site visits with the outdoor teams"]
    if added:
        walk_step(added[0], "continue", "The visits confirmed the adjusted course.",
                  ["teams plan day by day", "residents rarely hear back"])
        _, phases = approach()
    print("\napproach now (GET /programmes/{id}/approach):")
    for ph in phases:
        print("  %d %s: %s" % (ph["position"], ph["name"], "; ".join(
            "%s [%s%s]" % (s["name"], s["status"],
                           ", %s..%s" % (s["startsOn"], s["dueOn"]) if s.get("startsOn") or s.get("dueOn") else "")
            for s in sorted(ph["steps"], key=lambda s: s["position"]))))

    # the working group's improvement proposals; the project group decides
    decided = []
    for title, text, effect, cost, effort, outcome, reason in (
            ("A weekly planning board per outdoor team",
             "Each team plans the coming week on Friday, with the reports that came in.",
             "Fewer trips back and forth; reporters get a date.", 2500, "small", "approved", None),
            ("A new app for reporting issues",
             "Replace the reporting form with an app of our own.",
             "More reports with photos.", 60000, "large", "returned",
             "First show what the current form misses; come back with the smallest change that works.")):
        prop = must("POST", G + "/proposals", {
            "buildingBlockId": block["id"], "title": title, "proposal": text,
            "reasoning": "Came up in the site visits.", "expectedEffect": effect,
            "costEuros": cost, "effort": effort}, expect=(201,))
        must("POST", "%s/proposals/%s/transitions" % (G, prop["id"]), {"to": "submitted"})
        body = {"outcome": outcome, "presentIds": present}
        if reason:
            body["reason"] = reason
        else:
            body["action"] = {"title": "Introduce the weekly planning board", "ownerId": people["henk"]["id"],
                              "dueOn": day(60)}
        dec = must("POST", "%s/proposals/%s/decisions" % (G, prop["id"]), body, expect=(201,))
        decided.append((prop, outcome, reason, dec.get("actionId")))
    print()
    for prop, outcome, reason, action_id in decided:
        if action_id:
            act = must("GET", "%s/actions/%s" % (G, action_id))
            print("proposal \"%s\": %s by the project group -> action \"%s\" (%s, owner Henk ter Horst, due %s)"
                  % (prop["title"], outcome, act["title"], act["status"], act.get("dueOn")))
            tr = must("GET", "%s/actions/%s/trace" % (G, action_id))
            print("  trace: action <- decision %s <- proposal \"%s\" <- building block \"%s\" <- %s" % (
                (tr.get("decision") or {}).get("outcome"), (tr.get("proposal") or {}).get("title"),
                (tr.get("buildingBlock") or {}).get("title"), (tr.get("workingGroup") or {}).get("name")))
        else:
            print("proposal \"%s\": %s: %s" % (prop["title"], outcome, reason))
    prog = must("GET", "%s/programmes/%s" % (G, gid))

pid = prog["id"]
print("\napproach versions (GET /programmes/{id}/approach/versions)")
for v in must("GET", "%s/programmes/%s/approach/versions" % (G, pid))["items"]:
    print("  v%d %s%s: %s%s" % (v["number"], v["createdAt"][:16].replace("T", " "),
          " (checkpoint)" if v.get("checkpointId") else "", v["reason"],
          " [changes: %s]" % ", ".join(c.get("op", "?") for c in v["changes"]) if v.get("changes") else ""))

names = {}
for ph in must("GET", "%s/programmes/%s/approach" % (G, pid))["phases"]:
    for s in ph["steps"]:
        names[s["id"]] = s["name"]
print("\ntimeline (GET /programmes/{id}/timeline)")
for it in must("GET", "%s/programmes/%s/timeline" % (G, pid))["items"]:
    k = it["kind"]
    if k == "status_changed":
        what = "programme %s -> %s%s" % (it.get("from"), it.get("to"),
                                         " (%s)" % it["reason"] if it.get("reason") else "")
    elif k in ("step_started", "step_completed"):
        what = "%s \"%s\"" % (k.replace("_", " "), it.get("name") or names.get(it.get("stepId"), "?"))
    elif k == "checkpoint_decided":
        what = "checkpoint on \"%s\": %s (approach version %s)" % (
            names.get(it.get("stepId"), "?"), it.get("decision"), it.get("approachVersion"))
    elif k == "approach_version":
        what = "approach version %s: %s" % (it.get("number"), it.get("reason"))
    else:
        what = k
    print("  %s  %s" % (str(it.get("at", ""))[:19].replace("T", " "), what))
PY

# ---- the culture work of the programme (deploy/local/demo_culture.py) --------
/usr/bin/python3 "$root/deploy/local/demo_culture.py"
fi

# ---- notifications: a local receiver is told about cases (demo_notifications.py)
if [ -z "${NOTIFICATIONS_URL:-}" ]; then
    echo
    echo "notifications: not started by 'make up' (no NOTIFICATIONS_URL in $RUN/demo.env): skipped"
else
    /usr/bin/python3 "$root/deploy/local/demo_notifications.py"
fi
