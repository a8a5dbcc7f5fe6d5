#!/usr/bin/python3
"""Proves tests/k8s/validate.sh catches faults: copies deploy/k8s into a
temporary folder, breaks one thing in the copy, runs validate.sh on it and
expects exit 1 with a message naming the fault; the unbroken copy must pass.
Every case runs twice: rendered by kubectl kustomize (when kubectl is
there) and by the validator's own renderer (as without kubectl).

    /usr/bin/python3 tests/k8s/selftest.py
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = os.path.join(ROOT, "deploy", "k8s")
VALIDATE = os.path.join(ROOT, "tests", "k8s", "validate.sh")

# (what, file, old, new, expected message regex)
CASES = [
    ("readiness probe on the wrong path", "casedesk.yaml",
     "path: /readyz", "path: /ready", r"readinessProbe path '/ready' must be /readyz"),
    ("liveness probe on /readyz", "casedesk.yaml",
     "livenessProbe:\n            httpGet:\n              path: /healthz",
     "livenessProbe:\n            httpGet:\n              path: /readyz",
     r"livenessProbe path '/readyz' must be /healthz"),
    ("probe on a port the container lacks", "casedesk.yaml",
     "path: /readyz\n              port: http", "path: /readyz\n              port: 9000",
     r"readinessProbe port 9000 is not a port of the container"),
    ("typo in a field name", "casedesk.yaml",
     "readinessProbe:", "readinesProbe:", r"unknown field\(s\) readinesProbe"),
    ("Service targetPort no container has", "casedesk.yaml",
     "targetPort: http", "targetPort: 8082", r"targetPort 8082 is not a container port"),
    ("pod labels differ from the selector", "casedesk.yaml",
     "    metadata:\n      labels:\n        app.kubernetes.io/name: casedesk\n",
     "    metadata:\n      labels:\n        app.kubernetes.io/name: casedesk-api\n",
     r"selector .* does not match the pod labels"),
    ("removed HPA API version", "casedesk.yaml",
     "apiVersion: autoscaling/v2", "apiVersion: autoscaling/v2beta2",
     r"autoscaling/v2beta2 was removed in Kubernetes 1.26"),
    ("removed PDB API version", "gateway.yaml",
     "apiVersion: policy/v1", "apiVersion: policy/v1beta1",
     r"policy/v1beta1 was removed in Kubernetes 1.25"),
    ("removed Deployment API version", "casedesk.yaml",
     "apiVersion: apps/v1\nkind: Deployment", "apiVersion: extensions/v1beta1\nkind: Deployment",
     r"extensions/v1beta1 was removed in Kubernetes 1.22"),
    ("HPA targets a Deployment that does not exist", "casedesk.yaml",
     "    name: casedesk\n  minReplicas", "    name: casedesks\n  minReplicas",
     r"scaleTargetRef names Deployment 'casedesks', which does not exist"),
    ("PDB selects no pods", "gateway.yaml",
     "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: gateway",
     "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: gatewy",
     r"PodDisruptionBudget/gateway: selector .* matches no Deployment"),
    ("Ingress backend names no Service", "ingress.yaml",
     "name: gateway", "name: gatewy", r"backend Service 'gatewy' does not exist"),
    ("Ingress backend port the Service lacks", "ingress.yaml",
     "name: http", "name: https", r"Service gateway has no port https"),
    ("service bound to loopback", "configmap.yaml",
     'KOERS_BIND_ADDR: "0.0.0.0"', 'KOERS_BIND_ADDR: "127.0.0.1"', r"loopback"),
    ("port variable differs from the container port", "configmap.yaml",
     'KOERS_CASEDESK_PORT: "8081"', 'KOERS_CASEDESK_PORT: "9090"',
     r"KOERS_CASEDESK_PORT=9090 but the container ports are 8081"),
    ("misspelt KOERS_ variable", "configmap.yaml",
     "KOERS_DB_POOL_SIZE:", "KOERS_DB_POOLSIZE:", r"KOERS_DB_POOLSIZE is not a variable"),
    ("value out of range", "configmap.yaml",
     'KOERS_HTTP_TIMEOUT: "15"', 'KOERS_HTTP_TIMEOUT: "0"', r"KOERS_HTTP_TIMEOUT='0' is not in"),
    ("pool too large for max_connections", "configmap.yaml",
     'KOERS_DB_POOL_SIZE: "6"', 'KOERS_DB_POOL_SIZE: "20"', r"PostgreSQL connections: 161"),
    ("a container's own pool size over the budget", "surveys.yaml",
     'name: KOERS_DB_POOL_SIZE\n              value: "3"', 'name: KOERS_DB_POOL_SIZE\n              value: "8"',
     r"PostgreSQL connections: 106 .*surveys: .*pool 8"),
    ("surveys port variable differs from its container port", "configmap.yaml",
     'KOERS_SURVEYS_PORT: "8082"', 'KOERS_SURVEYS_PORT: "8081"',
     r"KOERS_SURVEYS_PORT=8081 but the container ports are 8082"),
    ("gateway upstream names a Service that does not exist", "configmap.yaml",
     "KOERS_SURVEYS_UPSTREAM: surveys:8082", "KOERS_SURVEYS_UPSTREAM: survey:8082",
     r"KOERS_SURVEYS_UPSTREAM names Service 'survey', which does not exist"),
    ("a service's API path missing from the Ingress", "ingress.yaml",
     "          - path: /surveys/v1\n", "          - path: /survey/v1\n",
     r"no path /surveys/v1 although ConfigMap koers-gateway-config routes KOERS_SURVEYS_UPSTREAM"),
    ("misspelt gateway variable", "configmap.yaml",
     "KOERS_GATEWAY_TOKEN_BURST:", "KOERS_GATEWAY_TOKENS_BURST:",
     r"KOERS_GATEWAY_TOKENS_BURST is not a variable"),
    ("gateway upstream on a port the Service lacks", "configmap.yaml",
     "KOERS_CASEDESK_UPSTREAM: casedesk:8081", "KOERS_CASEDESK_UPSTREAM: casedesk:8080",
     r"Service casedesk has no port 8080"),
    ("container without a memory limit", "casedesk.yaml",
     "              memory: 256Mi\n", "", r"resources.limits.memory is missing"),
    ("env from a ConfigMap that does not exist", "casedesk.yaml",
     "name: koers-config", "name: koers-conf", r"envFrom ConfigMap 'koers-conf' does not exist"),
    ("env from a Secret key that does not exist", "casedesk.yaml",
     "key: KOERS_REDIS_URL", "key: KOERS_REDIS", r"has no key 'KOERS_REDIS'"),
    ("writable root filesystem", "gateway.yaml",
     "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
     r"readOnlyRootFilesystem must be true"),
    ("no preStop pause", "casedesk.yaml",
     'command: ["sleep", "10"]', 'command: ["sleep", "0"]', r"preStop should sleep"),
    ("replicas fighting the HPA", "casedesk.yaml",
     "  revisionHistoryLimit: 5", "  replicas: 3\n  revisionHistoryLimit: 5",
     r"sets replicas although HPA casedesk owns the count"),
    ("a real value in the Secret template", "secret.example.yaml",
     "KOERS_JWT_SECRET: CHANGE-ME-to-at-least-32-random-bytes-openssl-rand-hex-32",
     "KOERS_JWT_SECRET: 3f1c9a0e5b7d2f4a6c8e0b1d3f5a7c9e", r"KOERS_JWT_SECRET must be a placeholder"),
    ("the Secret template applied", "kustomization.yaml",
     "  - ingress.yaml\n", "  - ingress.yaml\n  - secret.example.yaml\n",
     r"secret.example.yaml is a template"),
    ("a resource that does not exist", "kustomization.yaml",
     "  - ingress.yaml\n", "  - ingres.yaml\n", r"kustomize .* failed|ingres.yaml: no such file"),
    ("YAML that does not parse", "gateway.yaml",
     "  maxReplicas: 6\n", "  maxReplicas: 6\n metrics: [\n", r"failed|does not parse"),
    ("NetworkPolicies left out", "kustomization.yaml",
     "  - networkpolicy.yaml\n", "", r"no NetworkPolicy isolates its pods"),
    ("a consumer of events not admitted", "networkpolicy.yaml",
     "values: [processes, programmes, notifications]", "values: [programmes, notifications]",
     r"processes cannot reach casedesk on port 8081 \(KOERS_PROCESSES_CASEDESK_URL"),
    ("the gateway not admitted", "networkpolicy.yaml",
     "              app.kubernetes.io/name: gateway\n              app.kubernetes.io/part-of: koers\n        #",
     "              app.kubernetes.io/name: gatewy\n              app.kubernetes.io/part-of: koers\n        #",
     r"gateway cannot reach surveys on port 8082 \(KOERS_SURVEYS_UPSTREAM"),
    ("a policy port the pods lack", "networkpolicy.yaml",
     "          port: http\n---\n# casedesk", "          port: 8080\n---\n# casedesk",
     r"ingress port 8080 is not a container port"),
    ("gateway egress without the services", "networkpolicy.yaml",
     "              app.kubernetes.io/component: api\n      ports:\n        - protocol: TCP\n          port: http\n",
     "              app.kubernetes.io/component: apis\n      ports:\n        - protocol: TCP\n          port: http\n",
     r"gateway cannot reach casedesk .* its egress policy does not allow it"),
    ("gateway egress without DNS", "networkpolicy.yaml",
     "        - protocol: UDP\n          port: 53\n", "", r"isolated for egress without DNS"),
]

def run(kdir, kubectl):
    env = dict(os.environ, KOERS_K8S_INSTALL="0")
    if not kubectl:
        env["KUBECTL"] = "/nonexistent/kubectl"
    p = subprocess.run(["sh", VALIDATE, kdir], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=120)
    return p.returncode, p.stdout


def main():
    have_kubectl = shutil.which(os.environ.get("KUBECTL", "kubectl")) is not None
    modes = [True, False] if have_kubectl else [False]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="koers-k8s-selftest.") as tmp:
        for mode in modes:
            label = "kubectl" if mode else "no kubectl"
            kdir = os.path.join(tmp, "clean")
            shutil.copytree(SRC, kdir)
            rc, out = run(kdir, mode)
            if rc == 0:
                passed += 1
            else:
                failed += 1
                print("FAIL [%s] the unbroken copy does not pass:\n%s" % (label, out))
            shutil.rmtree(kdir)
            for i, (what, fname, old, new, expect) in enumerate(CASES):
                kdir = os.path.join(tmp, "case%02d" % i)
                shutil.copytree(SRC, kdir)
                path = os.path.join(kdir, fname)
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                if old not in text:
                    failed += 1
                    print("FAIL [%s] %s: %r is no longer in %s: update the case" % (
                        label, what, old, fname))
                    continue
                text = text.replace(old, new, 1)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                rc, out = run(kdir, mode)
                if rc == 1 and re.search(expect, out):
                    passed += 1
                    first = next((ln for ln in out.splitlines() if re.search(expect, ln)), "")
                    print("ok   [%s] %s -> %s" % (label, what, first.strip()[:150]))
                else:
                    failed += 1
                    print("FAIL [%s] %s: exit %d, expected /%s/ in:\n%s" % (
                        label, what, rc, expect, out))
                shutil.rmtree(kdir)
    print("k8s-selftest: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
