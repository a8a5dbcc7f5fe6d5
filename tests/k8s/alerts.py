#!/usr/bin/python3
"""Checks the Prometheus alerting rules of deploy/prometheus (no Prometheus
needed; promtool, when installed, checks them as well):

  - the file parses; `groups` with unique names, each with rules;
  - every rule is an alert with an expr, a `for` duration, a severity
    label (critical, warning or info) and a summary annotation, and no
    unknown key (a typo such as `anotations` is caught);
  - expr has balanced brackets, and every koers_* metric it names is one
    the services export (the `# TYPE` lines of shared/src/*.c; a
    histogram's _bucket, _sum and _count too);
  - the alerts readiness relies on are there: Redis down for 2 minutes,
    the outbox backlog (its age or its growth), readiness failing.

With --selftest it first proves, on broken copies of the rules held in
memory, that each of these faults is reported.

    /usr/bin/python3 tests/k8s/alerts.py [--selftest] [FILE]

Exit 0 when clean, 1 with one line per fault otherwise.
"""

import copy
import glob
import os
import re
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT = os.path.join(ROOT, "deploy", "prometheus", "koers-alerts.yml")
RULE_KEYS = {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}
SEVERITIES = {"critical", "warning", "info"}
DURATION = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
# metric -> what an alert on it is for (readiness relies on these alerts)
REQUIRED = [
    ("koers_redis_up", "Redis down", "2m"),
    ("koers_outbox_", "the outbox backlog", None),
    ("koers_ready", "readiness failing", None),
]


def exported_metrics():
    """The metrics the services export: those rendered with a "# TYPE"
    line, and the named gauges and counters of koers/metrics.h (a string
    literal that is a whole metric name)."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, "shared", "src", "*.c")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for name, kind in re.findall(r"# TYPE (koers_[a-z0-9_]+) (\w+)", text):
            names.add(name)
            if kind == "histogram":
                names.update(name + s for s in ("_bucket", "_sum", "_count"))
        names.update(re.findall(r'"(koers_[a-z0-9_]+)"', text))
    return names


def seconds(d):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    return sum(int(n) * units[u] for n, u in re.findall(r"([0-9]+)(ms|s|m|h|d|w|y)", d))


def balanced(expr):
    pairs, stack, quote = {")": "(", "]": "[", "}": "{"}, [], None
    for c in expr:
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            stack.append(c)
        elif c in ")]}":
            if not stack or stack.pop() != pairs[c]:
                return False
    return not stack and quote is None


def check(doc, metrics):
    faults = []
    if not isinstance(doc, dict) or set(doc) != {"groups"} or not isinstance(doc["groups"], list):
        return ["the file must hold `groups:` and nothing else"]
    seen_groups, alerts = set(), []
    for g in doc["groups"]:
        name = g.get("name") if isinstance(g, dict) else None
        if not name:
            faults.append("a group without a name")
            continue
        if name in seen_groups:
            faults.append("group %s twice" % name)
        seen_groups.add(name)
        if not isinstance(g.get("rules"), list) or not g["rules"]:
            faults.append("group %s has no rules" % name)
            continue
        for r in g["rules"]:
            a = r.get("alert", "?") if isinstance(r, dict) else "?"
            where = "%s/%s" % (name, a)
            if not isinstance(r, dict):
                faults.append("%s: not a mapping" % where)
                continue
            for k in sorted(set(r) - RULE_KEYS):
                faults.append("%s: unknown key %s" % (where, k))
            if "alert" not in r:
                faults.append("%s: not an alert (recording rules are not used here)" % where)
            expr = r.get("expr")
            if not isinstance(expr, str) or not expr.strip():
                faults.append("%s: no expr" % where)
                expr = ""
            if not balanced(expr):
                faults.append("%s: unbalanced brackets in expr" % where)
            for m in re.findall(r"\bkoers_[a-z0-9_]+", expr):
                if m not in metrics:
                    faults.append("%s: %s is not a metric the services export" % (where, m))
            if not DURATION.match(str(r.get("for", ""))):
                faults.append("%s: `for` must be a duration such as 2m" % where)
            sev = (r.get("labels") or {}).get("severity")
            if sev not in SEVERITIES:
                faults.append("%s: severity must be one of %s" % (where, ", ".join(sorted(SEVERITIES))))
            if not (r.get("annotations") or {}).get("summary"):
                faults.append("%s: no summary annotation" % where)
            alerts.append((expr, str(r.get("for", ""))))
    for metric, what, at_most in REQUIRED:
        hits = [f for e, f in alerts if metric in e]
        if not hits:
            faults.append("no alert for %s (%s...)" % (what, metric))
        elif at_most and not any(DURATION.match(f) and seconds(f) <= seconds(at_most) for f in hits):
            faults.append("the alert for %s waits longer than %s" % (what, at_most))
    return faults


def selftest(doc, metrics):
    """Each break must be reported; returns the breaks that were not."""
    def rule(d, alert):
        return next(r for g in d["groups"] for r in g["rules"] if r.get("alert") == alert)

    def unknown_metric(d):
        rule(d, "KoersRedisDown")["expr"] = "koers_redis_upp == 0"

    def bad_for(d):
        rule(d, "KoersNotReady")["for"] = "two minutes"

    def no_severity(d):
        del rule(d, "KoersOutboxBacklogOld")["labels"]["severity"]

    def typo_key(d):
        r = rule(d, "KoersNotReady")
        r["anotations"] = r.pop("annotations")

    def unbalanced(d):
        rule(d, "KoersNotReady")["expr"] = "min by (service (koers_ready) == 0"

    def redis_alert_gone(d):
        for g in d["groups"]:
            g["rules"] = [r for r in g["rules"] if "koers_redis_up" not in r.get("expr", "")]

    def redis_alert_late(d):
        rule(d, "KoersRedisDown")["for"] = "10m"

    missed = []
    for brk in (unknown_metric, bad_for, no_severity, typo_key, unbalanced, redis_alert_gone,
                redis_alert_late):
        d = copy.deepcopy(doc)
        brk(d)
        if not check(d, metrics):
            missed.append(brk.__name__)
    return missed


def main(argv):
    args = [a for a in argv if a != "--selftest"]
    path = args[0] if args else DEFAULT
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    metrics = exported_metrics()
    if "--selftest" in argv:
        missed = selftest(doc, metrics)
        if missed:
            print("alerts: self-test: not caught: %s" % ", ".join(missed), file=sys.stderr)
            return 1
    faults = check(doc, metrics)
    promtool = shutil.which("promtool")
    if promtool and not faults:
        p = subprocess.run([promtool, "check", "rules", path], capture_output=True, text=True)
        if p.returncode != 0:
            faults.append("promtool: " + (p.stdout + p.stderr).strip().replace("\n", "; "))
    for fault in faults:
        print("alerts: %s: %s" % (os.path.relpath(path, ROOT), fault), file=sys.stderr)
    if faults:
        return 1
    n = sum(len(g["rules"]) for g in doc["groups"])
    print("alerts: %s: %d alerts ok%s" % (os.path.relpath(path, ROOT), n,
                                         " (promtool too)" if promtool else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
