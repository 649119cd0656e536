"""Consistency checks of the deployment files; run by deploy/check.sh, which passes the output of
`docker-compose config` (the compose file as Compose itself understands it).

Exits 1 with one line on stderr at the first failure; prints nothing on success.
"""
import fnmatch
import glob
import http.server
import json
import os
import re
import subprocess
import sys
import threading

import yaml

LIVE, READY = "/health/live", "/health/ready"
DEFAULT_PORT = 8080  # the contract's default for Ingestion__Host__Port
METRICS = {
    "ingestion_runs_total",
    "ingestion_run_duration_seconds",
    "ingestion_rows_read_total",
    "ingestion_http_retries_total",
    "ingestion_seconds_since_last_publish",
    "ingestion_last_publish_timestamp_seconds",
    "ingestion_dataset_enabled",
    "ingestion_build_info",
}


class CheckFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def load_all(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise CheckFailed(f"{path} does not parse{where}: {problem}")


def allowed_keys():
    path = "deploy/config-keys.txt"
    keys = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                require(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", line), f"{path}: not an environment key: {line!r}")
                keys.add(line)
    require(keys, f"{path} lists no keys")
    return keys


def check_keys(where, keys, allowed):
    for key in keys:
        require(key in allowed, f"{where}: env key {key} is not in deploy/config-keys.txt")


def timespan_seconds(value, where):
    """A .NET TimeSpan in the form [d.]hh:mm:ss[.fff]."""
    m = re.fullmatch(r"(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)", str(value).strip())
    require(m, f"{where}: not a TimeSpan (d.hh:mm:ss): {value!r}")
    days, hours, minutes, seconds = m.groups()
    return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def compose_duration_seconds(value, where):
    """A Compose duration such as 45s, 1m30s or 1h."""
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", str(value))
    require(parts and "".join(n + u for n, u in parts) == str(value), f"{where}: not a duration: {value!r}")
    scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000001}
    return sum(float(n) * scale[u] for n, u in parts)


def port_of(env, where):
    value = env.get("Ingestion__Host__Port", DEFAULT_PORT)
    require(re.fullmatch(r"\d+", str(value)), f"{where}: Ingestion__Host__Port is not a port: {value!r}")
    return int(value)


# --- Dockerfile -------------------------------------------------------------------------------

def check_dockerfile():
    path = "deploy/Dockerfile"
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\\\n", " ", f.read())  # join continuation lines
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]

    def instructions(name):
        return [line[len(name):].strip() for line in lines if line.upper().startswith(name + " ")]

    for arg in ("SDK_IMAGE", "RUNTIME_IMAGE"):
        require(any(a.startswith(arg + "=") for a in instructions("ARG")), f"{path}: no ARG {arg}=<image>")
    copies = " ".join(instructions("COPY"))
    for csproj in sorted(glob.glob("src/*/*.csproj")):
        require(csproj in copies.split(), f"{path}: {csproj} is not copied before restore")

    users = instructions("USER")
    require(users, f"{path}: no USER: the image would run as root")
    require(users[-1].split(":")[0] not in ("root", "0"), f"{path}: the final USER is root")

    exposed = " ".join(instructions("EXPOSE")).split()
    require(str(DEFAULT_PORT) in [p.split("/")[0] for p in exposed], f"{path}: EXPOSE {DEFAULT_PORT} is missing")

    healthchecks = instructions("HEALTHCHECK")
    require(len(healthchecks) == 1, f"{path}: expected one HEALTHCHECK, found {len(healthchecks)}")
    require(LIVE in healthchecks[0], f"{path}: HEALTHCHECK does not probe {LIVE}")
    script = "deploy/docker/healthcheck.sh"
    copied_to = [c.split()[-1] for c in instructions("COPY") if script in c.split()]
    require(copied_to, f"{path}: {script} is not copied into the image")
    require(copied_to[0] in healthchecks[0], f"{path}: HEALTHCHECK does not run {copied_to[0]}, where {script} is copied")
    with open(script, encoding="utf-8") as f:
        fallback = re.search(r"Ingestion__Host__Port:-(\d+)", f.read())
    require(fallback and int(fallback.group(1)) == DEFAULT_PORT,
            f"{script}: must fall back to port {DEFAULT_PORT} when Ingestion__Host__Port is unset")

    sources = [word for c in instructions("COPY") if not c.startswith("--from")
               for word in c.split()[:-1] if not word.startswith("--")]
    check_dockerignore(sources)

    entry = instructions("ENTRYPOINT")
    require(entry, f"{path}: no ENTRYPOINT")
    try:
        argv = json.loads(entry[-1])
    except ValueError:
        argv = None
    # Exec form: in shell form /bin/sh is PID 1 and the worker never sees the SIGTERM of a stop.
    require(isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv),
            f"{path}: ENTRYPOINT is not in exec form (a JSON array of strings)")
    # The worker is a Native AOT executable on runtime-deps: the image has no `dotnet` to run a dll with.
    require(argv[0].rsplit("/", 1)[-1] == "ingestion",
            f"{path}: ENTRYPOINT starts {argv[0]!r}, not the native `ingestion` executable")
    require(instructions("CMD") and '"run"' in instructions("CMD")[-1], f"{path}: the default CMD is not [\"run\"]")


def check_dockerignore(sources):
    """Every COPY source of the Dockerfile must reach the builder through .dockerignore's allow-list
    (Docker's rule: the last pattern matching the path or one of its parents decides)."""
    with open(".dockerignore", encoding="utf-8") as f:
        rules = [(line.startswith("!"), line.lstrip("!").strip("/"))
                 for line in (raw.strip() for raw in f) if line and not line.startswith("#")]

    def excluded(path):
        parts = path.strip("/").split("/")
        verdict = False
        for negated, pattern in rules:
            if any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts) + 1)):
                verdict = not negated
        return verdict

    for source in sources:
        paths = glob.glob(source.rstrip("/")) or [source]
        for path in paths:
            require(os.path.exists(path), f"deploy/Dockerfile: COPY source {source} does not exist")
            # The path itself: build output below a copied folder (bin/, obj/) is meant to stay out.
            require(not excluded(path), f".dockerignore keeps {path} out of the build, but deploy/Dockerfile copies it")


def check_probe_script():
    """Runs the HEALTHCHECK script against a local HTTP server: 200 passes; 503 and no listener fail."""
    script = "deploy/docker/healthcheck.sh"

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"Healthy" if self.path == LIVE else b"Unhealthy"
            self.send_response(200 if self.path == LIVE else 503)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def probe(path, on_port):
        env = {**os.environ, "Ingestion__Host__Port": str(on_port)}
        try:
            return subprocess.run(["bash", script, path], env=env, capture_output=True, timeout=20).returncode
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"{script}: still running after 20 s (GET {path})")

    try:
        require(probe(LIVE, port) == 0, f"{script}: fails against a server answering 200 on {LIVE}")
        require(probe(READY, port) != 0, f"{script}: passes against a server answering 503 on {READY}")
    finally:
        server.shutdown()
        server.server_close()
    require(probe(LIVE, port) != 0, f"{script}: passes when nothing listens on the port")


# --- docker-compose.yml -----------------------------------------------------------------------

def check_compose(rendered_path, allowed):
    require("version" not in load_all("docker-compose.yml")[0],
            "docker-compose.yml: drop the obsolete `version:` key")
    services = load_all(rendered_path)[0].get("services", {})
    workers = {name: s for name, s in services.items()
               if str((s.get("build") or {}).get("dockerfile", "")).endswith("deploy/Dockerfile")}
    require(workers, "docker-compose.yml: no service is built from deploy/Dockerfile")
    for name, service in workers.items():
        where = f"docker-compose.yml: service {name}"
        env = service.get("environment") or {}
        check_keys(where, env, allowed)
        require(env.get("ConnectionStrings__Ingestion"), f"{where}: ConnectionStrings__Ingestion is not set")
        port = port_of(env, where)
        targets = []
        for p in service.get("ports") or []:
            if isinstance(p, dict):
                targets.append(int(p.get("target")))
            else:
                targets.append(int(str(p).split(":")[-1].split("/")[0]))
        require(port in targets, f"{where}: port {port} (Ingestion__Host__Port) is not published")
        depends = service.get("depends_on") or {}
        require(isinstance(depends, dict) and any(d.get("condition") == "service_healthy" for d in depends.values()),
                f"{where}: does not wait for a healthy database (depends_on condition: service_healthy)")
        shutdown = timespan_seconds(env.get("Ingestion__Host__ShutdownTimeout", "00:00:30"), where)
        grace = compose_duration_seconds(service.get("stop_grace_period", "10s"), where)
        require(grace > shutdown, f"{where}: stop_grace_period {grace:g}s is not above the {shutdown:g}s shutdown timeout")


# --- deploy/k8s -------------------------------------------------------------------------------

def container_port(container, port, where):
    """Resolves a probe or Service port (number or name) against the container's ports."""
    for p in container.get("ports") or []:
        if port in (p.get("name"), p.get("containerPort")):
            return p.get("containerPort")
    raise CheckFailed(f"{where}: port {port!r} is not a port of container {container.get('name')}")


def check_probe(container, kind, expected_path, port, where, required=True):
    probe = container.get(kind)
    if probe is None:
        require(not required, f"{where}: no {kind}")
        return
    http = probe.get("httpGet")
    require(http, f"{where}: {kind} is not an httpGet probe")
    require(http.get("path") == expected_path, f"{where}: {kind} path is {http.get('path')!r}, not {expected_path}")
    actual = container_port(container, http.get("port"), f"{where}: {kind}")
    require(actual == port, f"{where}: {kind} port {actual} is not Ingestion__Host__Port {port}")


def pod_spec_checks(spec, config_env, configmaps, secrets, allowed, where):
    containers = spec.get("containers") or []
    require(containers, f"{where}: no containers")
    for c in containers:
        cw = f"{where}: container {c.get('name')}"
        require(c.get("image") == "ingestion",
                f"{cw}: image must be `ingestion` (set by kustomization.yaml, or the sed of the Job templates)")
        check_keys(cw, [e.get("name") for e in c.get("env") or []], allowed)
        for source in c.get("envFrom") or []:
            if "configMapRef" in source:
                name = source["configMapRef"].get("name")
                require(name in configmaps, f"{cw}: envFrom ConfigMap {name!r} is not defined in deploy/k8s")
            if "secretRef" in source:
                name = source["secretRef"].get("name")
                require(name in secrets, f"{cw}: envFrom Secret {name!r} has no example in deploy/k8s")
        security = c.get("securityContext") or {}
        require(security.get("readOnlyRootFilesystem") is True, f"{cw}: readOnlyRootFilesystem is not true")
        mounts = [m.get("mountPath") for m in c.get("volumeMounts") or []]
        require("/tmp" in mounts, f"{cw}: no writable /tmp (emptyDir) under a read-only root filesystem")
        resources = c.get("resources") or {}
        require(resources.get("requests") and resources.get("limits"), f"{cw}: resources requests/limits are missing")
    pod_security = spec.get("securityContext") or {}
    require(pod_security.get("runAsNonRoot") is True, f"{where}: runAsNonRoot is not true")
    require(pod_security.get("runAsUser", 1654) != 0, f"{where}: runAsUser is 0")
    shutdown = timespan_seconds(config_env.get("Ingestion__Host__ShutdownTimeout", "00:00:30"), where)
    grace = spec.get("terminationGracePeriodSeconds", 30)
    return containers, shutdown, grace


def check_k8s(allowed):
    docs = {}
    for path in sorted(glob.glob("deploy/k8s/*.yaml")):
        for doc in load_all(path):
            require(isinstance(doc, dict) and doc.get("kind"), f"{path}: a document without `kind`")
            docs.setdefault(doc["kind"], []).append((path, doc))

    kustomization = docs.get("Kustomization", [(None, None)])[0][1]
    require(kustomization, "deploy/k8s: no kustomization.yaml")
    for resource in kustomization.get("resources") or []:
        require(os.path.exists(os.path.join("deploy/k8s", resource)), f"deploy/k8s/kustomization.yaml: {resource} does not exist")
    require(any(i.get("name") == "ingestion" for i in kustomization.get("images") or []),
            "deploy/k8s/kustomization.yaml: no `images:` entry for `ingestion`")

    configmaps = {d["metadata"]["name"]: d.get("data") or {} for _, d in docs.get("ConfigMap", [])}
    secrets = {d["metadata"]["name"]: {**(d.get("data") or {}), **(d.get("stringData") or {})}
               for _, d in docs.get("Secret", [])}
    require(configmaps, "deploy/k8s: no ConfigMap")
    for path, d in docs.get("ConfigMap", []) + docs.get("Secret", []):
        check_keys(f"{path}", {**(d.get("data") or {}), **(d.get("stringData") or {})}, allowed)
    config_env = {k: v for cm in configmaps.values() for k, v in cm.items()}
    port = port_of(config_env, "deploy/k8s ConfigMap")

    deployments = docs.get("Deployment", [])
    require(len(deployments) == 1, f"deploy/k8s: expected one Deployment, found {len(deployments)}")
    path, deployment = deployments[0]
    where = f"{path}"
    spec = deployment["spec"]["template"]["spec"]
    containers, shutdown, grace = pod_spec_checks(spec, config_env, configmaps, secrets, allowed, where)
    require(grace > shutdown, f"{where}: terminationGracePeriodSeconds {grace} is not above the {shutdown:g}s shutdown timeout")
    worker = containers[0]
    check_probe(worker, "livenessProbe", LIVE, port, where)
    check_probe(worker, "readinessProbe", READY, port, where)
    check_probe(worker, "startupProbe", LIVE, port, where, required=False)
    annotations = deployment["spec"]["template"].get("metadata", {}).get("annotations") or {}
    if "prometheus.io/port" in annotations:
        require(str(annotations["prometheus.io/port"]) == str(port), f"{where}: prometheus.io/port is not {port}")

    replicas = deployment["spec"].get("replicas", 1)
    clustered = str(config_env.get("Ingestion__Scheduler__Clustered",
                                   config_env.get("DOTNET_ENVIRONMENT") != "Development")).lower()
    require(replicas < 2 or clustered == "true",
            f"{where}: {replicas} replicas need Ingestion__Scheduler__Clustered=true, or triggers fire on each")
    pod_labels = deployment["spec"]["template"]["metadata"].get("labels") or {}

    for path, service in docs.get("Service", []):
        selector = service["spec"].get("selector") or {}
        require(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
                f"{path}: the selector does not match the Deployment's pods")
        for p in service["spec"].get("ports") or []:
            target = container_port(worker, p.get("targetPort", p.get("port")), f"{path}")
            require(target == port, f"{path}: targetPort resolves to {target}, not Ingestion__Host__Port {port}")
    require(docs.get("Service"), "deploy/k8s: no Service for metrics")

    pdbs = docs.get("PodDisruptionBudget", [])
    require(pdbs, "deploy/k8s: no PodDisruptionBudget")
    for path, pdb in pdbs:
        selector = pdb["spec"].get("selector", {}).get("matchLabels") or {}
        require(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
                f"{path}: the selector does not match the Deployment's pods")

    jobs = docs.get("Job", [])
    require({a for _, j in jobs for c in j["spec"]["template"]["spec"]["containers"] for a in c.get("args", [])[:1]}
            >= {"migrate", "backfill"}, "deploy/k8s: expected Job templates for migrate and backfill")
    for path, job in jobs:
        job_spec = job["spec"]["template"]["spec"]
        pod_spec_checks(job_spec, config_env, configmaps, secrets, allowed, path)
        job_labels = job["spec"]["template"]["metadata"].get("labels") or {}
        deployment_selector = deployment["spec"]["selector"]["matchLabels"]
        require(not all(job_labels.get(k) == v for k, v in deployment_selector.items()),
                f"{path}: the Job's pods match the Deployment's selector (and its PDB and Service)")


# --- Prometheus rules -------------------------------------------------------------------------

def check_alerts():
    for path in sorted(glob.glob("deploy/prometheus/*.yml")):
        for doc in load_all(path):
            for group in doc.get("groups") or []:
                for rule in group.get("rules") or []:
                    for name in re.findall(r"\bingestion_[a-z_]+", rule.get("expr", "")):
                        base = re.sub(r"_(bucket|sum|count)$", "", name)
                        require(base in METRICS, f"{path}: {rule.get('alert')}: {name} is not a metric the worker exports")


def main():
    allowed = allowed_keys()
    check_dockerfile()
    check_probe_script()
    check_compose(sys.argv[1], allowed)
    check_k8s(allowed)
    check_alerts()


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as e:
        print(f"deploy/check.sh: {e}", file=sys.stderr)
        sys.exit(1)
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as e:
        print(f"deploy/check.sh: unexpected structure in the deployment files: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
