"""The culture part of `make demo` (deploy/local/demo.sh), after the
Berkelland programme: core values from the tenant's catalogue turned into
example behaviour in a workshop; the manifest through two consultation
rounds (employees' views, some anonymous; a statement revised because of
them) to adoption; a small cohort with buddies proposed by Koers and a
check-in; a behavioural goal measured by two waves of a pulse survey in
the surveys service. Prints what a programme board would look at.
Skipped parts say why; a second run shows what exists."""

import datetime
import os
import sys
import time

from demo_http import TOKEN, Client

G, S = "/programmes/v1", "/surveys/v1"
http = Client()
call, must, find = http.call, http.must, http.find
EMP = (os.environ.get("EMP_TOKENS") or "").split()
NAME = "Berkelland outdoor service: keep what is good, improve what is needed"
today = datetime.date.today()


def poll(fetch, done, seconds=20.0):
    deadline = time.monotonic() + seconds
    while True:
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


prog = find(G + "/programmes", "name", NAME)
if prog is None or len(EMP) < 4:
    print("\nculture work: no Berkelland programme or no employee tokens in run/demo.env (run 'make up'): skipped")
    sys.exit(0)
gid = prog["id"]
print("\n---- programmes: the culture work of \"%s\" ----" % NAME)
if must("GET", "%s/programmes/%s/manifests" % (G, gid))["items"]:
    for m in must("GET", "%s/programmes/%s/manifests" % (G, gid))["items"]:
        print("manifest %d \"%s\": %s (from an earlier 'make demo'; make down CLEAN=1 walks it afresh)"
              % (m["number"], m["title"], m["status"]))
    sys.exit(0)

# ---- core values from the catalogue (the surveys service's, copied by its events) ----
catalogue = poll(lambda: must("GET", G + "/value-catalogue?limit=100")["items"],
                 lambda items: {"Betrouwbaar", "Verbindend"} <= {v["name"] for v in items})
by_name = {v["name"]: v for v in catalogue}
if not {"Betrouwbaar", "Verbindend"} <= set(by_name):
    print("culture work: the core values of the surveys part did not reach the catalogue copy: skipped")
    sys.exit(0)
values = {}
for n in ("Betrouwbaar", "Verbindend"):
    values[n] = must("POST", "%s/programmes/%s/values" % (G, gid),
                     {"valueId": by_name[n]["valueId"], "source": "catalogue"}, expect=(201,))
print("core values from the catalogue: %s" % ", ".join(values))

# ---- a workshop turns them into example behaviour ----
groups = {g["kind"]: g for g in must("GET", "%s/groups?programmeId=%s&limit=100" % (G, gid))["items"]}
workshop = must("POST", G + "/activities", {
    "programmeId": gid, "kind": "workshop", "title": "Leadership and culture renewal",
    "startsAt": "%sT09:00:00Z" % today.isoformat(), "endsAt": "%sT12:00:00Z" % today.isoformat(),
    "place": "Gemeentehuis Borculo", "capacity": 20}, expect=(201,))
behaviour = {}
for n, text in (("Betrouwbaar", "I call a resident back the same day."),
                ("Verbindend", "I ask the outdoor team before I decide about their street.")):
    behaviour[n] = must("POST", G + "/example-behaviours", {
        "programmeValueId": values[n]["id"], "statement": text, "workshopId": workshop["id"],
        "groupId": groups["project"]["id"]}, expect=(201,))
    print("example behaviour for %s (workshop, project group): \"%s\"" % (n, text))

# ---- the manifest: consultation in two rounds, a statement revised, adopted ----
people = {}
for i, (name, dept) in enumerate((("Noor Bakker", "Buitendienst"), ("Daan Smit", "Buitendienst"),
                                  ("Eva Jansen", "Klantcontact"), ("Sem de Wit", "Klantcontact")), 1):
    people[i] = find(G + "/people", "userSub", "demo-emp%d" % i) or must("POST", G + "/people", {
        "name": name, "roleType": "employee", "organisation": dept, "userSub": "demo-emp%d" % i}, expect=(201,))
man = must("POST", "%s/programmes/%s/manifests" % (G, gid),
           {"title": "Manifest cultuurvernieuwing buitendienst"}, expect=(201,))
stmts = [must("POST", "%s/manifests/%s/statements" % (G, man["id"]),
              {"programmeValueId": values[n]["id"], "exampleBehaviourId": behaviour[n]["id"]}, expect=(201,))
         for n in ("Betrouwbaar", "Verbindend")]
must("POST", "%s/manifests/%s/transitions" % (G, man["id"]), {"to": "consultation"})
print("manifest %d: %d statements, in consultation" % (man["number"], len(stmts)))

# who says what: (employee or None for the demo coordinator, department, anonymous)
voices = [(1, "Buitendienst", False), (2, "Buitendienst", True), (3, "Klantcontact", True),
          (4, "Klantcontact", False), (None, "Beleid", True)]


def consult(round_no, stances):
    rnd = must("POST", "%s/manifests/%s/rounds" % (G, man["id"]), {}, expect=(201,))
    for (who, dept, anon), per_stmt in zip(voices, stances):
        for st, (stance, reason) in zip(stmts, per_stmt):
            body = {"stance": stance, "department": dept, "anonymous": anon}
            if reason:
                body["reason"] = reason
            must("PUT", "%s/consultation-rounds/%s/statements/%s/view" % (G, rnd["id"], st["id"]), body,
                 cred=EMP[who - 1] if who else TOKEN, expect=(200, 201))
    return rnd


ok, remark = ("support", None), ("support_with_remark", "Only when the planning allows it")
obj = ("object", "The same day is not realistic in the storm season")
r1 = consult(1, [[ok, ok], [obj, ok], [obj, remark], [remark, ok], [ok, ok]])
comments = must("GET", "%s/manifests/%s/comments?round=1" % (G, man["id"]))["items"]
about_first = [c for c in comments if c["statementId"] == stmts[0]["id"] and c["stance"] == "object"]
must("PATCH", "%s/manifest-statements/%s" % (G, stmts[0]["id"]), {
    "text": "I call a resident back the same working day, or say when I will.",
    "reason": "Two objections in round 1: the same day is not always realistic",
    "viewIds": [c["viewId"] for c in about_first]})
must("POST", "%s/consultation-rounds/%s/close" % (G, r1["id"]))
r2 = consult(2, [[ok, ok], [ok, ok], [remark, ok], [ok, ok], [ok, remark]])
must("POST", "%s/consultation-rounds/%s/close" % (G, r2["id"]))
for rnd in (1, 2):
    sup = must("GET", "%s/manifests/%s/support?round=%d" % (G, man["id"], rnd))
    shown = ["%s" % ("withheld" if f.get("withheld") else "%.0f%% support (%d views)" % (
        100 * f["supportShare"], f["views"])) for f in sup["items"]]
    print("round %d support per statement (minimum group %d): %s" % (rnd, sup["minGroupSize"], "; ".join(shown)))
dep = must("GET", "%s/manifests/%s/support?round=2&by=department" % (G, man["id"]))["items"]
print("round 2 per department: %s" % ", ".join(sorted({"%s %s" % (f.get("department"), "withheld" if f.get(
    "withheld") else "shown") for f in dep})))
revs = must("GET", "%s/manifest-statements/%s/revisions" % (G, stmts[0]["id"]))["items"]
print("statement 1 has %d revisions; the last because of %d view(s): \"%s\"" % (
    len(revs), len(revs[-1].get("viewIds") or []), revs[-1]["text"]))
must("POST", "%s/manifests/%s/transitions" % (G, man["id"]), {"to": "adopted"})
print("manifest %d adopted" % man["number"])

# ---- a small cohort, buddies proposed by Koers, a check-in ----
cohort = must("POST", G + "/cohorts", {"programmeId": gid, "name": "Expedition cohort 1"}, expect=(201,))
for i, p in people.items():
    must("PUT", "%s/cohorts/%s/members/%s" % (G, cohort["id"], p["id"]), {"changeAgent": i == 1},
         expect=(200, 201))
proposal = must("POST", "%s/cohorts/%s/buddy-pairs/proposal" % (G, cohort["id"]), {}, expect=(200, 201))
must("POST", "%s/cohorts/%s/buddy-pairs/proposal/accept" % (G, cohort["id"]), {"pairs": proposal["pairs"]},
     expect=(200, 201))
names = {p["id"]: "%s (%s)" % (p["name"], p["organisation"]) for p in people.values()}
print("buddies proposed across departments: %s" % "; ".join(
    " + ".join(names.get(x, x) for x in pair) for pair in proposal["pairs"]))
pairs = must("GET", "%s/cohorts/%s/buddy-pairs" % (G, cohort["id"]))["items"]
first = next(p for p in pairs if people[1]["id"] in p["personIds"])
must("POST", "%s/buddy-pairs/%s/checkins" % (G, first["id"]),
     {"heldOn": today.isoformat(), "note": "We called each other's residents back; one missed."},
     cred=EMP[0], expect=(201,))
print("a check-in by Noor Bakker (only the pair and the programme lead read it)")

# ---- a behavioural goal measured by two waves of a pulse survey ----
st, _ = call("GET", S + "/openapi.json", cred=None)
if st != 200:
    print("surveys not running: the goal's waves are skipped")
    sys.exit(0)


def run_wave(sid, scores):
    q = must("GET", "%s/surveys/%s" % (S, sid))["questions"][0]
    must("POST", "%s/surveys/%s/open" % (S, sid))
    tokens = must("POST", "%s/surveys/%s/invitations" % (S, sid), {"audience": "employees", "count": len(scores)},
                  expect=(201,))["tokens"]
    for tok, v in zip(tokens, scores):
        must("POST", S + "/responses", {"token": tok, "answers": [{"questionId": q["id"], "value": v}]},
             cred=None, expect=(201,))
    must("POST", "%s/surveys/%s/close" % (S, sid))


wave1 = must("POST", S + "/surveys", {"title": "Pulse: pride in our work", "kind": "pulse",
                                      "audiences": ["employees"]}, expect=(201,))
must("POST", "%s/surveys/%s/questions" % (S, wave1["id"]), {
    "code": "trots", "type": "likert5", "text": "I am proud of the work of our municipality."}, expect=(201,))
goal = must("POST", G + "/goals", {"programmeId": gid, "name": "Be proud of the work", "theme": "pride",
                                   "programmeValueId": values["Verbindend"]["id"]}, expect=(201,))
must("POST", G + "/indicators", {"goalId": goal["id"], "kind": "pulse_question",
                                 "params": {"seriesId": wave1["id"], "questionCode": "trots"},
                                 "target": 3.8, "direction": "at_least", "relapseMargin": 0.2}, expect=(201,))
run_wave(wave1["id"], [4, 4, 5, 4, 3, 4])
wave2 = must("POST", "%s/surveys/%s/waves" % (S, wave1["id"]), {}, expect=(201,))
run_wave(wave2["id"], [3, 4, 3, 4, 3, 3])
trend = poll(lambda: must("GET", "%s/goals/%s/trend" % (G, goal["id"])),
             lambda t: len(t["indicators"][0]["values"]) >= 2)
ind = trend["indicators"][0]
print("goal \"%s\" (pulse question trots, target >= %s): %s -> %s" % (
    goal["name"], ind["target"], ", ".join("%s %.2f" % (v["period"], v["value"]) for v in ind["values"]),
    "on track" if ind["onTrack"] else "OFF TRACK"))
for sig in must("GET", "%s/programmes/%s/relapse-signals" % (G, gid))["items"]:
    print("  signal %s in %s: %.2f (reference %.2f)" % (sig["kind"], sig["period"], sig["value"], sig["reference"]))
mon = must("GET", "%s/programmes/%s/monitor" % (G, gid))
print("monitor: proposals %s; manifest %s; goals on track %d of %d" % (
    ", ".join("%s %d" % kv for kv in sorted(mon["proposals"].items()) if kv[1]),
    (mon.get("manifest") or {}).get("status"),
    sum(1 for g in mon["goals"] for i in g["indicators"] if i.get("onTrack")),
    sum(len(g["indicators"]) for g in mon["goals"])))
