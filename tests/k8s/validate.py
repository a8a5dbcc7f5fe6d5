#!/usr/bin/python3
"""Client-side validation of the Kubernetes manifests in deploy/k8s.

No cluster is needed: `kubectl apply/create --dry-run=client` need the API
server's discovery even with --validate=false, so they cannot run here.
Instead this checks what matters for Koers, with the Python standard library
and PyYAML (Debian's python3-yaml):

  - every document parses; apiVersion/kind known and current; no unknown
    fields in the parts we write (a typo such as `readinesProbe` is caught);
  - Deployments: selectors match the pod labels; containers have requests
    and limits; probes are HTTP GETs on a container port, liveness and
    startup on /healthz, readiness on /readyz for services with a database;
    preStop and a grace period longer than it; restricted pod security;
  - Services select pods and their targetPorts are container ports;
  - HPAs and PDBs target existing Deployments; Ingress backends name
    existing Services and ports, and every service the gateway routes has
    its /<name>/v1 path there; env comes from ConfigMaps/Secrets (and
    keys) that exist; every KOERS_* variable is one the code reads;
  - NetworkPolicies: selectors that select pods, ports the pods have; every
    service pod isolated for ingress; the gateway reaches every upstream it
    names and every service reaches the services its KOERS_*_URL variables
    name (through ingress and egress policies), an egress-isolated pod
    still reaches DNS;
  - values that break a pod: a loopback bind address, a service port
    variable that differs from the container port, an upstream naming no
    Service, a PostgreSQL connection budget over max_connections;
  - Secret templates hold placeholders only.

The documents come from `kubectl kustomize` when the caller passes its
output (--rendered) and are always rendered here too, from the subset of
kustomization.yaml this repository uses; the two must agree.

Exit 0 when clean, 1 with one line per fault otherwise, 2 on bad usage.
"""

import argparse
import glob
import ipaddress
import json
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    print("validate: PyYAML is missing (Debian package python3-yaml)", file=sys.stderr)
    sys.exit(2)

# ---- what is current ---------------------------------------------------------

CURRENT = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Secret": "v1",
    "Service": "v1",
    "ServiceAccount": "v1",
    "Deployment": "apps/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
    "Ingress": "networking.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1",
}
REMOVED = {  # apiVersion -> Kubernetes release that removed it
    "extensions/v1beta1": "1.22",
    "apps/v1beta1": "1.16",
    "apps/v1beta2": "1.16",
    "autoscaling/v2beta1": "1.25",
    "autoscaling/v2beta2": "1.26",
    "autoscaling/v1": None,  # still served, but without behavior/metrics: use v2
    "policy/v1beta1": "1.25",
    "networking.k8s.io/v1beta1": "1.22",
}
CLUSTER_SCOPED = {"Namespace"}

# Allowed keys of the structures we write: an unknown key is a typo that the
# API server would reject (or, worse, silently drop with older clients).
K = lambda s: frozenset(s.split())  # noqa: E731
ALLOWED = {
    "top": K("apiVersion kind metadata spec data stringData binaryData type immutable status"),
    "metadata": K("name namespace labels annotations generateName finalizers ownerReferences"),
    "Deployment.spec": K("replicas selector template strategy minReadySeconds "
                         "revisionHistoryLimit progressDeadlineSeconds paused"),
    "strategy": K("type rollingUpdate"),
    "rollingUpdate": K("maxSurge maxUnavailable"),
    "template": K("metadata spec"),
    "pod": K("containers initContainers volumes securityContext serviceAccountName "
             "automountServiceAccountToken enableServiceLinks terminationGracePeriodSeconds "
             "topologySpreadConstraints affinity nodeSelector tolerations priorityClassName "
             "imagePullSecrets dnsPolicy restartPolicy hostNetwork hostPID hostIPC "
             "shareProcessNamespace runtimeClassName schedulerName"),
    "container": K("name image imagePullPolicy command args workingDir ports env envFrom "
                   "resources livenessProbe readinessProbe startupProbe lifecycle "
                   "securityContext volumeMounts terminationMessagePath "
                   "terminationMessagePolicy stdin tty"),
    "probe": K("httpGet tcpSocket exec grpc initialDelaySeconds periodSeconds timeoutSeconds "
               "successThreshold failureThreshold terminationGracePeriodSeconds"),
    "httpGet": K("path port host scheme httpHeaders"),
    "resources": K("requests limits claims"),
    "containerPort": K("name containerPort protocol hostPort hostIP"),
    "Service.spec": K("type selector ports clusterIP clusterIPs sessionAffinity "
                      "externalTrafficPolicy internalTrafficPolicy ipFamilies ipFamilyPolicy "
                      "publishNotReadyAddresses loadBalancerSourceRanges"),
    "servicePort": K("name port targetPort protocol nodePort appProtocol"),
    "HorizontalPodAutoscaler.spec": K("scaleTargetRef minReplicas maxReplicas metrics behavior"),
    "PodDisruptionBudget.spec": K("selector minAvailable maxUnavailable "
                                  "unhealthyPodEvictionPolicy"),
    "Ingress.spec": K("ingressClassName defaultBackend tls rules"),
    "NetworkPolicy.spec": K("podSelector policyTypes ingress egress"),
    "npRule": K("from to ports"),
    "npPeer": K("podSelector namespaceSelector ipBlock"),
    "npPort": K("protocol port endPort"),
    "labelSelector": K("matchLabels matchExpressions"),
    "csc": K("allowPrivilegeEscalation readOnlyRootFilesystem runAsNonRoot runAsUser "
             "runAsGroup capabilities seccompProfile privileged procMount seLinuxOptions"),
    "psc": K("runAsNonRoot runAsUser runAsGroup fsGroup fsGroupChangePolicy seccompProfile "
             "supplementalGroups sysctls seLinuxOptions"),
}
RESTRICTED_VOLUMES = K("emptyDir configMap secret projected downwardAPI "
                       "persistentVolumeClaim ephemeral csi")
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
ENVNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PLACEHOLDER = "CHANGE-ME"
PG_RESERVED = 3 + 5  # superuser_reserved_connections + room for koers-admin, psql, backups


class Faults:
    def __init__(self):
        self.faults = []
        self.checks = 0

    def check(self, ok, where, msg):
        self.checks += 1
        if not ok:
            self.faults.append("%s: %s" % (where, msg))
        return ok


F = Faults()


def where(doc):
    md = doc.get("metadata") or {}
    return "%s/%s" % (doc.get("kind", "?"), md.get("name", "?"))


def unknown_keys(obj, allowed_key, at):
    if not isinstance(obj, dict):
        F.check(False, at, "must be a mapping")
        return
    extra = sorted(set(obj) - ALLOWED[allowed_key])
    F.check(not extra, at, "unknown field(s) %s" % ", ".join(extra))


# ---- quantities --------------------------------------------------------------

SUFFIX = {"": 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12,
          "Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "Ti": 1024 ** 4}


def quantity(v):
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?", str(v))
    if not m:
        return None
    return float(m.group(1)) * SUFFIX[m.group(2) or ""]


# ---- kustomize subset ----------------------------------------------------------

def load_yaml_docs(path):
    try:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        F.check(False, os.path.basename(path), "does not parse: %s" % str(e).replace("\n", " "))
        return []
    for i, d in enumerate(docs):
        F.check(isinstance(d, dict), "%s#%d" % (os.path.basename(path), i + 1),
                "document is not a mapping")
    return [d for d in docs if isinstance(d, dict)]


def render(kdir):
    """The subset of kustomize used here: resources (files), namespace, images."""
    kpath = os.path.join(kdir, "kustomization.yaml")
    docs = load_yaml_docs(kpath)
    if not F.check(len(docs) == 1, "kustomization.yaml", "must hold exactly one document"):
        return []
    k = docs[0]
    extra = sorted(set(k) - {"apiVersion", "kind", "namespace", "resources", "images"})
    F.check(not extra, "kustomization.yaml",
            "uses %s, which this validator does not model: extend render() first"
            % ", ".join(extra))
    out = []
    for r in k.get("resources") or []:
        p = os.path.join(kdir, r)
        if not F.check(os.path.isfile(p), "kustomization.yaml", "resource %s: no such file" % r):
            continue
        F.check(not r.endswith(".example.yaml"), "kustomization.yaml",
                "%s is a template with placeholders and must not be applied" % r)
        out.extend(load_yaml_docs(p))
    ns = k.get("namespace")
    images = {i.get("name"): i for i in k.get("images") or []}
    for d in out:
        if ns and d.get("kind") not in CLUSTER_SCOPED:
            d.setdefault("metadata", {})["namespace"] = ns
        if d.get("kind") == "Deployment":
            for c in pod_containers(d):
                base, rest = split_image(c.get("image", ""))
                i = images.get(base)
                if i is not None:
                    if i.get("digest"):
                        rest = "@" + str(i["digest"])
                    elif "newTag" in i:
                        rest = ":" + str(i["newTag"])
                    c["image"] = str(i.get("newName", base)) + rest
    return out


def split_image(img):
    """registry/name:tag@digest -> (registry/name, ":tag" or "@digest" or "")."""
    if "@" in img:
        base, digest = img.split("@", 1)
        return base, "@" + digest
    slash = img.rfind("/")
    colon = img.rfind(":")
    if colon > slash:
        return img[:colon], img[colon:]
    return img, ""


def canonical(docs):
    return sorted(json.dumps(d, sort_keys=True) for d in docs)


# ---- helpers ---------------------------------------------------------------------

def pod_spec(dep):
    return (((dep.get("spec") or {}).get("template") or {}).get("spec")) or {}


def pod_labels(dep):
    return ((((dep.get("spec") or {}).get("template") or {}).get("metadata")) or {}).get(
        "labels") or {}


def pod_containers(dep):
    return [c for c in (pod_spec(dep).get("containers") or []) if isinstance(c, dict)]


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def env_prefix_of_service(name):
    return re.sub(r"[^A-Z0-9]", "_", name.upper())


def known_koers_vars(root):
    """Every KOERS_* variable the code reads, so a typo in a ConfigMap fails."""
    names = set()
    pats = ["shared/src/*.c", "shared/include/koers/*.h", "shared/tools/*.c",
            "services/*/src/**/*.c", "deploy/gateway/*", "deploy/docker/**/*"]
    for pat in pats:
        for p in glob.glob(os.path.join(root, pat), recursive=True):
            if os.path.isfile(p):
                with open(p, encoding="utf-8", errors="replace") as f:
                    names.update(re.findall(r"KOERS_[A-Z0-9_]*[A-Z0-9]", f.read()))
    for s in glob.glob(os.path.join(root, "services", "*")):
        if os.path.isdir(s):
            names.add("KOERS_%s_PORT" % env_prefix_of_service(os.path.basename(s)))
    names.discard("KOERS_CONFIG_H")
    return names


# ---- the checks ----------------------------------------------------------------

def check_common(docs, templates):
    seen = {}
    for d in docs + templates:
        w = where(d)
        unknown_keys(d, "top", w)
        kind, api = d.get("kind"), d.get("apiVersion")
        if not F.check(kind in CURRENT, w, "kind %r is not one this deployment knows" % kind):
            continue
        if api != CURRENT[kind]:
            gone = REMOVED.get(api)
            F.check(False, w, "apiVersion %r is not current for %s: use %s%s" % (
                api, kind, CURRENT[kind],
                " (%s was removed in Kubernetes %s)" % (api, gone) if gone else ""))
        md = d.get("metadata")
        if not F.check(isinstance(md, dict) and md.get("name"), w, "metadata.name is missing"):
            continue
        unknown_keys(md, "metadata", w + " metadata")
        F.check(bool(DNS1123.match(str(md["name"]))) and len(str(md["name"])) <= 63, w,
                "metadata.name %r is not a DNS-1123 name" % md["name"])
        if kind not in CLUSTER_SCOPED:
            F.check(bool(md.get("namespace")) or d in templates, w,
                    "no namespace after rendering (kustomization.yaml sets it)")
        key = (kind, md.get("namespace"), md["name"])
        F.check(key not in seen or d in templates, w, "defined twice")
        seen[key] = d
        for lk, lv in (md.get("labels") or {}).items():
            F.check(isinstance(lv, str), w, "label %s must be a string" % lk)
    namespaces = [d["metadata"]["name"] for d in docs if d.get("kind") == "Namespace"]
    for d in docs:
        ns = (d.get("metadata") or {}).get("namespace")
        if ns and namespaces:
            F.check(ns in namespaces, where(d), "namespace %r is not the one created (%s)"
                    % (ns, ", ".join(namespaces)))


def check_probe(c, kind, want_paths, w, ports):
    probe = c.get(kind)
    if not F.check(isinstance(probe, dict), w, "%s is missing" % kind):
        return None
    unknown_keys(probe, "probe", "%s %s" % (w, kind))
    hg = probe.get("httpGet")
    if not F.check(isinstance(hg, dict), w, "%s must be an httpGet" % kind):
        return probe
    unknown_keys(hg, "httpGet", "%s %s.httpGet" % (w, kind))
    F.check(hg.get("path") in want_paths, w, "%s path %r must be %s" % (
        kind, hg.get("path"), " or ".join(want_paths)))
    port = hg.get("port")
    F.check(port in ports, w, "%s port %r is not a port of the container (%s)" % (
        kind, port, ", ".join(str(x) for x in sorted(ports, key=str))))
    for f in ("periodSeconds", "timeoutSeconds", "failureThreshold"):
        v = probe.get(f, 1)
        F.check(isinstance(v, int) and v >= 1, w, "%s.%s must be a positive integer" % (kind, f))
    if kind != "readinessProbe":
        F.check(probe.get("successThreshold", 1) == 1, w, "%s.successThreshold must be 1" % kind)
    return probe


def effective_env(c, configmaps, secrets, w):
    """Name -> value (None when it comes from a Secret) of the container's
    environment; checks every source exists."""
    env = {}
    for ef in c.get("envFrom") or []:
        for ref, store, what in (("configMapRef", configmaps, "ConfigMap"),
                                 ("secretRef", secrets, "Secret")):
            if ref in ef:
                name = (ef[ref] or {}).get("name")
                optional = (ef[ref] or {}).get("optional", False)
                if F.check(name in store or optional, w,
                           "envFrom %s %r does not exist" % (what, name)) and name in store:
                    for k2, v in store[name].items():
                        env[str(ef.get("prefix", "")) + k2] = v if what == "ConfigMap" else None
    names = set()
    for e in c.get("env") or []:
        n = e.get("name", "")
        F.check(bool(ENVNAME.match(n)), w, "env name %r is not valid" % n)
        F.check(n not in names, w, "env %s is set twice" % n)
        names.add(n)
        vf = e.get("valueFrom")
        if vf is None:
            F.check("value" in e, w, "env %s has neither value nor valueFrom" % n)
            env[n] = str(e.get("value", ""))
            continue
        for ref, store, what in (("configMapKeyRef", configmaps, "ConfigMap"),
                                 ("secretKeyRef", secrets, "Secret")):
            if ref in vf:
                r = vf[ref] or {}
                if r.get("optional"):
                    continue
                if F.check(r.get("name") in store, w, "env %s: %s %r does not exist" % (
                        n, what, r.get("name"))):
                    F.check(r.get("key") in store[r["name"]], w, "env %s: %s %r has no key %r"
                            % (n, what, r.get("name"), r.get("key")))
                    env[n] = store[r["name"]].get(r.get("key")) if what == "ConfigMap" else None
    return env


def check_koers_env(c, env, w, known, services, ports):
    for n, v in env.items():
        if n.startswith("KOERS_"):
            F.check(n in known, w, "%s is not a variable Koers reads (typo?)" % n)
    binds = []
    if "KOERS_DATABASE_URL" in env:  # a Koers service: the default is loopback
        binds.append(("KOERS_BIND_ADDR", env.get("KOERS_BIND_ADDR") or "127.0.0.1"))
    if env.get("KOERS_GATEWAY_BIND"):
        binds.append(("KOERS_GATEWAY_BIND", env["KOERS_GATEWAY_BIND"]))
    for n, v in binds:
        try:
            loop = ipaddress.ip_address(v.strip("[]")).is_loopback
        except ValueError:
            loop = v == "localhost"
        F.check(not loop, w, "%s is %s (loopback): nothing outside the pod can reach it%s" % (
            n, v, "" if n in env else " (the default; set it, e.g. 0.0.0.0)"))
    own_port = "KOERS_%s_PORT" % env_prefix_of_service(c.get("name", ""))
    numbers = {p for p in ports if isinstance(p, int)}
    for n in (own_port, "KOERS_PORT"):
        if n in env and env[n] is not None:
            F.check(str(env[n]).isdigit() and int(env[n]) in numbers, w,
                    "%s=%s but the container ports are %s" % (
                        n, env[n], ", ".join(map(str, sorted(numbers)))))
            break
    for n, v in env.items():
        if n.endswith("_UPSTREAM") and v:
            m = re.fullmatch(r"([a-z0-9.-]+):([0-9]+)", v)
            if F.check(bool(m), w, "%s=%r is not host:port" % (n, v)):
                svc = services.get(m.group(1).split(".")[0])
                if F.check(svc is not None, w, "%s names Service %r, which does not exist" % (
                        n, m.group(1))):
                    sports = [p.get("port") for p in (svc.get("spec") or {}).get("ports") or []]
                    F.check(int(m.group(2)) in sports, w, "%s: Service %s has no port %s" % (
                        n, m.group(1), m.group(2)))
    ranges = {"KOERS_HTTP_THREADS": (2, 256), "KOERS_DB_POOL_SIZE": (1, 1024),
              "KOERS_HTTP_TIMEOUT": (1, 3600), "KOERS_MAX_BODY_BYTES": (1024, 67108864),
              "KOERS_OUTBOX_POLL_MS": (10, 60000), "KOERS_HTTP_MAX_CONNECTIONS": (16, 1000000),
              "KOERS_HTTP_REQUEST_DEADLINE_S": (1, 3600),
              "KOERS_HTTP_MAX_CONNECTIONS_PER_ADDRESS": (0, 1000000)}
    for n, (lo, hi) in ranges.items():
        if env.get(n) is not None:
            v = str(env[n])
            F.check(v.isdigit() and lo <= int(v) <= hi, w, "%s=%r is not in %d..%d" % (
                n, v, lo, hi))
    if env.get("KOERS_LOG_LEVEL") is not None:
        F.check(env["KOERS_LOG_LEVEL"] in ("debug", "info", "warn", "error"), w,
                "KOERS_LOG_LEVEL=%r is not debug, info, warn or error" % env["KOERS_LOG_LEVEL"])
    if "KOERS_DATABASE_URL" in env:
        F.check(env.get("KOERS_ENV") == "production", w,
                "KOERS_ENV must be production (refuses the development JWT secret)")
        for n in ("KOERS_DATABASE_URL", "KOERS_REDIS_URL", "KOERS_JWT_SECRET"):
            F.check(n in env and env[n] is None, w, "%s must come from a Secret" % n)


def check_deployments(docs, configmaps, secrets, services, hpas, known):
    deps = {d["metadata"]["name"]: d for d in docs if d.get("kind") == "Deployment"}
    for name, d in deps.items():
        w = where(d)
        spec = d.get("spec") or {}
        unknown_keys(spec, "Deployment.spec", w + " spec")
        unknown_keys(spec.get("strategy") or {}, "strategy", w + " strategy")
        unknown_keys((spec.get("strategy") or {}).get("rollingUpdate") or {}, "rollingUpdate",
                     w + " rollingUpdate")
        unknown_keys(spec.get("template") or {}, "template", w + " template")
        sel = (spec.get("selector") or {}).get("matchLabels") or {}
        labels = pod_labels(d)
        F.check(bool(sel), w, "spec.selector.matchLabels is empty")
        F.check(not (spec.get("selector") or {}).get("matchExpressions"), w,
                "matchExpressions are not checked here: use matchLabels")
        F.check(selects(sel, labels), w, "selector %s does not match the pod labels %s" % (
            sel, labels))
        if name in hpas:
            F.check("replicas" not in spec, w, "sets replicas although HPA %s owns the count "
                    "(every apply would reset it)" % name)
        ps = pod_spec(d)
        unknown_keys(ps, "pod", w + " pod spec")
        psc = ps.get("securityContext") or {}
        unknown_keys(psc, "psc", w + " pod securityContext")
        if ps.get("enableServiceLinks", True) is not False:
            for s in services:
                pref = env_prefix_of_service(s)
                F.check(not pref.startswith("KOERS_"), w,
                        "Service %s would inject %s_PORT=tcp://... into the environment: set "
                        "enableServiceLinks: false" % (s, pref))
        F.check(ps.get("automountServiceAccountToken") is False, w,
                "automountServiceAccountToken should be false (no API access needed)")
        for v in ps.get("volumes") or []:
            kinds = set(v) - {"name"}
            F.check(kinds <= RESTRICTED_VOLUMES, w, "volume %s of type %s is not allowed by "
                    "the restricted pod security standard" % (v.get("name"), ", ".join(kinds)))
        vols = {v.get("name") for v in ps.get("volumes") or []}
        grace = ps.get("terminationGracePeriodSeconds", 30)
        containers = pod_containers(d)
        F.check(bool(containers), w, "has no containers")
        for c in containers:
            cw = "%s container %s" % (w, c.get("name"))
            unknown_keys(c, "container", cw)
            F.check(bool(c.get("image")), cw, "has no image")
            ports = set()
            for p in c.get("ports") or []:
                unknown_keys(p, "containerPort", cw + " port")
                cp = p.get("containerPort")
                F.check(isinstance(cp, int) and 0 < cp < 65536, cw,
                        "containerPort %r is not a port number" % cp)
                ports.add(cp)
                if "name" in p:
                    F.check(bool(LABEL1123.match(str(p["name"]))) and len(p["name"]) <= 15, cw,
                            "port name %r is not a valid IANA_SVC_NAME" % p["name"])
                    F.check(p["name"] not in ports, cw, "port name %s twice" % p["name"])
                    ports.add(p["name"])
            res = c.get("resources") or {}
            unknown_keys(res, "resources", cw + " resources")
            for part in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    v = (res.get(part) or {}).get(r)
                    if F.check(v is not None, cw, "resources.%s.%s is missing" % (part, r)):
                        F.check(quantity(v) is not None, cw,
                                "resources.%s.%s %r is not a quantity" % (part, r, v))
            for r in ("cpu", "memory"):
                rq = quantity((res.get("requests") or {}).get(r, "x"))
                lm = quantity((res.get("limits") or {}).get(r, "x"))
                if rq is not None and lm is not None:
                    F.check(rq <= lm, cw, "%s request is above its limit" % r)
            mem = quantity((res.get("limits") or {}).get("memory", "x"))
            if mem is not None:
                F.check(mem >= 32 * 1024 ** 2, cw, "memory limit under 32Mi is too tight")
            env = effective_env(c, configmaps, secrets, cw)
            uses_db = "KOERS_DATABASE_URL" in env
            check_koers_env(c, env, cw, known, services, ports)
            check_probe(c, "livenessProbe", ["/healthz"], cw, ports)
            rp = check_probe(c, "readinessProbe",
                             ["/readyz"] if uses_db else ["/readyz", "/healthz"], cw, ports)
            sp = check_probe(c, "startupProbe", ["/healthz"], cw, ports)
            if sp and uses_db:
                budget = sp.get("periodSeconds", 10) * sp.get("failureThreshold", 3)
                F.check(budget >= 60, cw, "startupProbe allows only %ss: migrations and the "
                        "30 s wait for the database need at least 60 s" % budget)
            if rp:
                F.check(rp.get("failureThreshold", 3) * rp.get("periodSeconds", 10) <= 30, cw,
                        "readinessProbe takes over 30 s to notice an outage")
            pre = ((c.get("lifecycle") or {}).get("preStop") or {})
            sleep = 0
            cmd = (pre.get("exec") or {}).get("command") or []
            if cmd and os.path.basename(str(cmd[0])) == "sleep" and len(cmd) == 2:
                sleep = int(cmd[1]) if str(cmd[1]).isdigit() else 0
            elif "sleep" in pre:
                sleep = int((pre["sleep"] or {}).get("seconds", 0))
            F.check(sleep >= 3, cw, "lifecycle.preStop should sleep a few seconds so the "
                    "endpoints drop the pod before SIGTERM")
            F.check(grace >= sleep + 15, w, "terminationGracePeriodSeconds %s leaves under "
                    "15 s to drain after the %s s preStop sleep" % (grace, sleep))
            csc = c.get("securityContext") or {}
            unknown_keys(csc, "csc", cw + " securityContext")
            F.check(csc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True, cw,
                    "runAsNonRoot must be true")
            uid = csc.get("runAsUser", psc.get("runAsUser"))
            F.check(uid is None or (isinstance(uid, int) and uid > 0), cw,
                    "runAsUser must be a non-zero number")
            F.check(csc.get("allowPrivilegeEscalation") is False, cw,
                    "allowPrivilegeEscalation must be false")
            F.check(csc.get("readOnlyRootFilesystem") is True, cw,
                    "readOnlyRootFilesystem must be true")
            F.check("ALL" in ((csc.get("capabilities") or {}).get("drop") or []), cw,
                    "capabilities.drop must contain ALL")
            F.check(not csc.get("privileged"), cw, "must not be privileged")
            seccomp = (csc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type")
            F.check(seccomp in ("RuntimeDefault", "Localhost"), cw,
                    "seccompProfile must be RuntimeDefault")
            for m in c.get("volumeMounts") or []:
                F.check(m.get("name") in vols, cw, "volumeMount %s names no volume" %
                        m.get("name"))
    return deps


def check_services(docs, deps):
    for s in [d for d in docs if d.get("kind") == "Service"]:
        w = where(s)
        spec = s.get("spec") or {}
        unknown_keys(spec, "Service.spec", w + " spec")
        sel = spec.get("selector") or {}
        targets = [d for d in deps.values() if selects(sel, pod_labels(d))]
        if not F.check(bool(targets), w, "selector %s matches no Deployment's pods" % sel):
            continue
        names = set()
        for p in spec.get("ports") or []:
            unknown_keys(p, "servicePort", w + " port")
            F.check(isinstance(p.get("port"), int), w, "port %r is not a number" % p.get("port"))
            F.check(p.get("name") not in names, w, "port name %s twice" % p.get("name"))
            names.add(p.get("name"))
            tp = p.get("targetPort", p.get("port"))
            for d in targets:
                cports = set()
                for c in pod_containers(d):
                    for cp in c.get("ports") or []:
                        cports.add(cp.get("containerPort"))
                        cports.add(cp.get("name"))
                F.check(tp in cports, w, "targetPort %r is not a container port of %s" % (
                    tp, where(d)))
        F.check(bool(spec.get("ports")), w, "has no ports")


def check_hpas(docs, deps):
    for h in [d for d in docs if d.get("kind") == "HorizontalPodAutoscaler"]:
        w = where(h)
        spec = h.get("spec") or {}
        unknown_keys(spec, "HorizontalPodAutoscaler.spec", w + " spec")
        ref = spec.get("scaleTargetRef") or {}
        ok = F.check(ref.get("apiVersion") == "apps/v1" and ref.get("kind") == "Deployment", w,
                     "scaleTargetRef must be an apps/v1 Deployment")
        ok = F.check(ref.get("name") in deps, w, "scaleTargetRef names Deployment %r, which "
                     "does not exist" % ref.get("name")) and ok
        lo, hi = spec.get("minReplicas", 1), spec.get("maxReplicas")
        F.check(isinstance(hi, int) and isinstance(lo, int) and 1 <= lo <= hi, w,
                "needs 1 <= minReplicas <= maxReplicas")
        F.check(lo >= 2 if isinstance(lo, int) else False, w,
                "minReplicas under 2 leaves no replica during a node drain")
        metrics = spec.get("metrics") or []
        F.check(bool(metrics), w, "has no metrics")
        for m in metrics:
            r = m.get("resource") or {}
            if m.get("type") == "Resource" and (r.get("target") or {}).get("type") == \
                    "Utilization" and ok:
                for c in pod_containers(deps[ref["name"]]):
                    F.check(r.get("name") in ((c.get("resources") or {}).get("requests") or {}),
                            w, "%s utilisation needs a %s request on container %s" % (
                                r.get("name"), r.get("name"), c.get("name")))


def check_pdbs(docs, deps, hpas):
    for p in [d for d in docs if d.get("kind") == "PodDisruptionBudget"]:
        w = where(p)
        spec = p.get("spec") or {}
        unknown_keys(spec, "PodDisruptionBudget.spec", w + " spec")
        F.check(("minAvailable" in spec) != ("maxUnavailable" in spec), w,
                "needs exactly one of minAvailable and maxUnavailable")
        sel = (spec.get("selector") or {}).get("matchLabels") or {}
        targets = [n for n, d in deps.items() if selects(sel, pod_labels(d))]
        if F.check(bool(targets), w, "selector %s matches no Deployment's pods" % sel):
            for n in targets:
                lo = (hpas.get(n, {}).get("spec") or {}).get("minReplicas")
                ma = spec.get("minAvailable")
                if isinstance(ma, int) and isinstance(lo, int):
                    F.check(ma < lo, w, "minAvailable %d >= minReplicas %d of %s: no node "
                            "could ever be drained" % (ma, lo, n))
                mu = spec.get("maxUnavailable")
                if mu is not None:
                    F.check(mu not in (0, "0%"), w, "maxUnavailable 0 blocks every drain")


def check_ingresses(docs, services):
    for i in [d for d in docs if d.get("kind") == "Ingress"]:
        w = where(i)
        spec = i.get("spec") or {}
        unknown_keys(spec, "Ingress.spec", w + " spec")
        F.check(bool(spec.get("ingressClassName")), w, "ingressClassName is missing")
        backends = []
        if spec.get("defaultBackend"):
            backends.append(("defaultBackend", spec["defaultBackend"]))
        for r in spec.get("rules") or []:
            paths = ((r.get("http") or {}).get("paths")) or []
            F.check(bool(paths), w, "rule for %s has no paths" % r.get("host"))
            for p in paths:
                F.check(str(p.get("path", "")).startswith("/"), w, "path %r must start with /"
                        % p.get("path"))
                F.check(p.get("pathType") in ("Prefix", "Exact", "ImplementationSpecific"), w,
                        "path %s: pathType %r is not Prefix, Exact or ImplementationSpecific" % (
                            p.get("path"), p.get("pathType")))
                backends.append((p.get("path"), p.get("backend") or {}))
        F.check(bool(backends), w, "routes nothing")
        for path, b in backends:
            s = b.get("service") or {}
            svc = services.get(s.get("name"))
            if not F.check(svc is not None, w, "path %s: backend Service %r does not exist" % (
                    path, s.get("name"))):
                continue
            port = s.get("port") or {}
            F.check(("name" in port) != ("number" in port), w,
                    "path %s: backend port needs exactly one of name and number" % path)
            sports = (svc.get("spec") or {}).get("ports") or []
            F.check(any(port.get("name") == sp.get("name") if "name" in port else
                        port.get("number") == sp.get("port") for sp in sports), w,
                    "path %s: Service %s has no port %s" % (
                        path, s.get("name"), port.get("name", port.get("number"))))


def check_ingress_paths(docs, configmaps):
    """Every service the gateway routes (KOERS_<NAME>_UPSTREAM) has its API
    path /<name>/v1 in an Ingress, else it is unreachable from outside."""
    paths = set()
    for i in [d for d in docs if d.get("kind") == "Ingress"]:
        for r in (i.get("spec") or {}).get("rules") or []:
            for p in ((r.get("http") or {}).get("paths")) or []:
                paths.add(str(p.get("path", "")).rstrip("/"))
    if not paths:
        return
    for cm, data in sorted(configmaps.items()):
        for n in sorted(data):
            m = re.fullmatch(r"KOERS_([A-Z0-9_]+)_UPSTREAM", n)
            if m:
                want = "/%s/v1" % m.group(1).lower().replace("_", "-")
                F.check(want in paths, "Ingress", "no path %s although ConfigMap %s routes %s "
                        "through the gateway" % (want, cm, n))


def selector_matches(sel, labels):
    """A LabelSelector (matchLabels, matchExpressions); {} selects all."""
    if not isinstance(sel, dict):
        return False
    if any(labels.get(k) != v for k, v in (sel.get("matchLabels") or {}).items()):
        return False
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
        if op == "In" and labels.get(k) not in vals:
            return False
        if op == "NotIn" and labels.get(k) in vals:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True


def container_ports(dep):
    """(number, name, protocol) of every container port of the pods."""
    out = []
    for c in pod_containers(dep):
        for cp in c.get("ports") or []:
            out.append((cp.get("containerPort"), cp.get("name"), cp.get("protocol", "TCP")))
    return out


def np_port_admits(ports, number, name, protocol="TCP"):
    """Does a rule's ports list (empty: every port) admit this port?"""
    if not ports:
        return True
    for p in ports:
        if p.get("protocol", "TCP") != protocol:
            continue
        want = p.get("port")
        if want is None or want == number or (name is not None and want == name):
            return True
        if isinstance(want, int) and isinstance(p.get("endPort"), int) and \
                isinstance(number, int) and want <= number <= p["endPort"]:
            return True
    return False


def np_peer_admits(peers, labels):
    """Does a rule's from/to list (absent: everyone) admit a pod of this
    namespace with these labels? A peer with a namespaceSelector or an
    ipBlock names pods elsewhere."""
    if not peers:
        return True
    return any(set(p) == {"podSelector"} and selector_matches(p["podSelector"], labels)
               for p in peers)


def plain_env(dep, configmaps):
    """Name -> value of the containers' plain environment (ConfigMaps and
    values; what comes from Secrets is left out)."""
    env = {}
    for c in pod_containers(dep):
        for ef in c.get("envFrom") or []:
            name = (ef.get("configMapRef") or {}).get("name")
            for k2, v in (configmaps.get(name) or {}).items():
                env[str(ef.get("prefix", "")) + k2] = v
        for e in c.get("env") or []:
            if "value" in e:
                env[e.get("name")] = str(e["value"])
    return env


def check_networkpolicies(docs, deps, services, configmaps):
    nps = [d for d in docs if d.get("kind") == "NetworkPolicy"]
    for n in nps:
        w = where(n)
        spec = n.get("spec") or {}
        unknown_keys(spec, "NetworkPolicy.spec", w + " spec")
        sel = spec.get("podSelector")
        F.check(isinstance(sel, dict), w, "needs a podSelector ({} for every pod)")
        unknown_keys(sel or {}, "labelSelector", w + " podSelector")
        selected = [d for d in deps.values() if selector_matches(sel, pod_labels(d))]
        F.check(bool(selected), w, "podSelector %s selects no Deployment's pods" % sel)
        types = spec.get("policyTypes") or []
        F.check(bool(types) and set(types) <= {"Ingress", "Egress"}, w,
                "policyTypes must list Ingress and/or Egress (got %r)" % types)
        for kind, key, peer_key in (("Ingress", "ingress", "from"), ("Egress", "egress", "to")):
            if key in spec:
                F.check(kind in types, w, "has %s rules but policyTypes lacks %s" % (key, kind))
            for r in spec.get(key) or []:
                unknown_keys(r, "npRule", w + " " + key)
                for peer in r.get(peer_key) or []:
                    unknown_keys(peer, "npPeer", w + " " + peer_key)
                    if set(peer) == {"podSelector"}:
                        F.check(any(selector_matches(peer["podSelector"], pod_labels(d))
                                    for d in deps.values()), w,
                                "%s podSelector %s selects no Deployment's pods" % (
                                    peer_key, peer["podSelector"]))
                for port in r.get("ports") or []:
                    unknown_keys(port, "npPort", w + " port")
                    pv = port.get("port")
                    if kind == "Ingress" and pv is not None:
                        F.check(all(any(pv in (num, name) for num, name, _ in container_ports(d))
                                    for d in selected), w,
                                "ingress port %r is not a container port of every pod it selects"
                                % pv)

    def isolated(dep, kind):
        return [n for n in nps if kind in ((n.get("spec") or {}).get("policyTypes") or [])
                and selector_matches((n.get("spec") or {}).get("podSelector"), pod_labels(dep))]

    def reaches(src, dst, number, name):
        ing = isolated(dst, "Ingress")
        ok_in = not ing or any(np_peer_admits(r.get("from"), pod_labels(src)) and
                               np_port_admits(r.get("ports"), number, name)
                               for n in ing for r in n["spec"].get("ingress") or [])
        eg = isolated(src, "Egress")
        ok_out = not eg or any(np_peer_admits(r.get("to"), pod_labels(dst)) and
                               np_port_admits(r.get("ports"), number, name)
                               for n in eg for r in n["spec"].get("egress") or [])
        return ok_in, ok_out

    for name, d in sorted(deps.items()):
        if pod_labels(d).get("app.kubernetes.io/component") == "api":
            F.check(bool(isolated(d, "Ingress")), where(d), "no NetworkPolicy isolates its "
                    "pods for ingress: every pod in the cluster reaches the service's port")
        if isolated(d, "Egress"):
            F.check(any(np_port_admits(r.get("ports"), 53, None, "UDP")
                        for n in isolated(d, "Egress") for r in n["spec"].get("egress") or []),
                    where(d), "is isolated for egress without DNS (UDP 53)")
    # every Service a Deployment names in its environment (host:port of an
    # upstream, http://host:port of a URL) must be reachable from its pods
    for sname, src in sorted(deps.items()):
        for var, val in sorted(plain_env(src, configmaps).items()):
            m = re.fullmatch(r"(?:https?://)?([a-z0-9][-a-z0-9]*)(?::([0-9]+))?(?:/.*)?", val or "")
            if not m or m.group(1) not in services or not (m.group(2) or "://" in val):
                continue
            svc = services[m.group(1)]
            sport = int(m.group(2) or 80)
            sp = next((p for p in (svc.get("spec") or {}).get("ports") or []
                       if p.get("port") == sport), None)
            if sp is None:
                continue  # reported by the upstream and URL checks
            tp = sp.get("targetPort", sp.get("port"))
            for dname, dst in sorted(deps.items()):
                if not selects((svc.get("spec") or {}).get("selector") or {}, pod_labels(dst)):
                    continue
                cp = next(((num, nm) for num, nm, _ in container_ports(dst) if tp in (num, nm)),
                          (tp, None))
                ok_in, ok_out = reaches(src, dst, cp[0], cp[1])
                F.check(ok_in, "NetworkPolicy", "%s cannot reach %s on port %s (%s=%s): no "
                        "ingress policy of %s admits it" % (sname, dname, cp[0], var, val, dname))
                F.check(ok_out, "NetworkPolicy", "%s cannot reach %s on port %s (%s=%s): its "
                        "egress policy does not allow it" % (sname, dname, cp[0], var, val))


def check_templates(templates):
    for t in templates:
        w = where(t)
        F.check(t.get("kind") == "Secret", w, "only Secrets are templates here")
        F.check(not t.get("data"), w, "use stringData with placeholders, not data")
        for k2, v in (t.get("stringData") or {}).items():
            F.check(PLACEHOLDER in str(v), w, "%s must be a placeholder containing %s, never "
                    "a real value" % (k2, PLACEHOLDER))


def check_pg_budget(deps, hpas, configmaps, max_conn):
    total, parts = 0, []
    for n, d in deps.items():
        for c in pod_containers(d):
            env = {}
            for ef in c.get("envFrom") or []:
                env.update(configmaps.get((ef.get("configMapRef") or {}).get("name"), {}))
            for e in c.get("env") or []:  # a container's own value wins over envFrom
                if "value" in e:
                    env[e.get("name")] = str(e["value"])
                elif "configMapKeyRef" in (e.get("valueFrom") or {}):
                    r = e["valueFrom"]["configMapKeyRef"] or {}
                    if r.get("key") in configmaps.get(r.get("name"), {}):
                        env[e.get("name")] = configmaps[r["name"]][r["key"]]
            if not any(e.get("name") == "KOERS_DATABASE_URL" for e in c.get("env") or []) and \
                    "KOERS_DATABASE_URL" not in env:
                continue
            # unset: 2 threads per CPU of the container's limit (rounded up)
            cpu = str(((c.get("resources") or {}).get("limits") or {}).get("cpu", "4"))
            cpus = -(-int(cpu[:-1]) // 1000) if cpu.endswith("m") and cpu[:-1].isdigit() else \
                (int(-(-float(cpu) // 1)) if cpu.replace(".", "", 1).isdigit() else 4)
            pool = str(env.get("KOERS_DB_POOL_SIZE", env.get("KOERS_HTTP_THREADS", 2 * max(cpus, 1))))
            pool = int(pool) if pool.isdigit() else 2 * max(cpus, 1)
            spec = d.get("spec") or {}
            reps = (hpas.get(n, {}).get("spec") or {}).get("maxReplicas", spec.get("replicas", 1))
            surge = ((spec.get("strategy") or {}).get("rollingUpdate") or {}).get("maxSurge", 1)
            surge = surge if isinstance(surge, int) else -(-reps * int(str(surge)[:-1]) // 100)
            # the pool + the outbox relay + the auth listener (revocations)
            conns = (reps + surge) * (pool + 2)
            total += conns
            parts.append("%s: (%d replicas + %d surge) x (pool %d + relay 1 + listener 1) = %d" % (
                n, reps, surge, pool, conns))
    F.check(total <= max_conn - PG_RESERVED, "PostgreSQL connections",
            "%d at most (%s) > max_connections %d - %d reserved; lower maxReplicas or "
            "KOERS_DB_POOL_SIZE, or raise max_connections (KOERS_K8S_PG_MAX_CONNECTIONS)" % (
                total, "; ".join(parts), max_conn, PG_RESERVED))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", required=True, help="the kustomization folder (deploy/k8s)")
    ap.add_argument("--root", required=True, help="the repository (for the KOERS_* names)")
    ap.add_argument("--rendered", help="output of `kubectl kustomize DIR`, to compare")
    ap.add_argument("--pg-max-connections", type=int, default=100)
    a = ap.parse_args()

    ours = render(a.dir)
    docs = ours
    if a.rendered:
        theirs = load_yaml_docs(a.rendered)
        if canonical(theirs) != canonical(ours):
            a_only = {where(d) for d in theirs} ^ {where(d) for d in ours}
            F.check(False, "kustomize", "kubectl kustomize and the validator's rendering "
                    "differ%s" % (" (%s)" % ", ".join(sorted(a_only)) if a_only else
                                  " in content: extend render()"))
        docs = theirs
    templates = []
    for p in sorted(glob.glob(os.path.join(a.dir, "*.example.yaml"))):
        templates.extend(load_yaml_docs(p))
    ns = next((d["metadata"].get("name") for d in docs if d.get("kind") == "Namespace"), None)
    for t in templates:
        t = t.setdefault("metadata", {})
        if ns:
            t.setdefault("namespace", ns)

    check_common(docs, templates)
    check_templates(templates)
    configmaps = {d["metadata"]["name"]: {k: str(v) for k, v in (d.get("data") or {}).items()}
                  for d in docs if d.get("kind") == "ConfigMap" and d.get("metadata")}
    secrets = {d["metadata"]["name"]: dict(d.get("stringData") or {}, **(d.get("data") or {}))
               for d in docs + templates if d.get("kind") == "Secret" and d.get("metadata")}
    services = {d["metadata"]["name"]: d for d in docs
                if d.get("kind") == "Service" and d.get("metadata")}
    hpas = {}
    for h in docs:
        if h.get("kind") == "HorizontalPodAutoscaler":
            hpas[((h.get("spec") or {}).get("scaleTargetRef") or {}).get("name")] = h
    deps = check_deployments(docs, configmaps, secrets, services, hpas, known_koers_vars(a.root))
    check_services(docs, deps)
    check_hpas(docs, deps)
    check_pdbs(docs, deps, hpas)
    check_ingresses(docs, services)
    check_ingress_paths(docs, configmaps)
    check_pg_budget(deps, hpas, configmaps, a.pg_max_connections)
    check_networkpolicies(docs, deps, services, configmaps)
    for kind in ("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
                 "PodDisruptionBudget", "ConfigMap"):
        F.check(any(d.get("kind") == kind for d in docs), "manifests", "no %s at all" % kind)

    kinds = {}
    for d in docs:
        kinds[d.get("kind")] = kinds.get(d.get("kind"), 0) + 1
    print("k8s: %d documents (%s) + %d template(s)" % (
        len(docs), ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items(), key=str)),
        len(templates)))
    for f in F.faults:
        print("FAULT %s" % f)
    print("k8s: %d passed, %d failed" % (F.checks - len(F.faults), len(F.faults)))
    return 1 if F.faults else 0


if __name__ == "__main__":
    sys.exit(main())
