#!/usr/bin/env bash
# Static checks of the deployment files, for CI: no Docker engine needed.
#
#   bash deploy/check.sh        prints one `ok` line, or one line saying what is wrong and exits 1
#
# - docker-compose.yml validates with docker-compose (Debian 12's 1.29, installed with apt if missing, or
#   Compose v2 where deploy/docker-host.sh installed it)
# - every YAML file under deploy/ parses
# - probe paths and ports (Kubernetes probes, Service, Dockerfile HEALTHCHECK/EXPOSE, compose ports)
#   are /health/live, /health/ready and Ingestion__Host__Port; the HEALTHCHECK script, run against a
#   local HTTP server, passes on 200 and fails on 503 or a closed port
# - every env key in compose's worker and in the k8s ConfigMap/Secret/containers is listed in
#   deploy/config-keys.txt; grace periods exceed the shutdown timeout; 2 replicas are clustered;
#   every src/*/*.csproj is copied by the Dockerfile and let in by .dockerignore; its ENTRYPOINT runs
#   the native `ingestion` executable in exec form; alert rules use only the metrics the worker exports
# - when installed (not required): `kubectl kustomize` builds deploy/k8s, `promtool` checks the rules
# Idempotent; a second run installs nothing and takes a few seconds.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() {
    echo "deploy/check.sh: $*" >&2
    exit 1
}

apt_updated=""
apt_install() {
    [[ "$(id -u)" == 0 ]] || fail "$* is missing and installing it needs root (apt-get install -y $*)"
    if [[ -z "${apt_updated}" ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed"
        apt_updated=1
    fi
    # --no-install-recommends: docker-compose would otherwise pull in the whole Docker engine.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
        || fail "apt-get install $* failed"
}

one_line() { tr -s '\n\t ' ' ' | sed -e 's/^ //' -e 's/ $//' | cut -c1-300; }

# 1. The compose file, as Compose itself reads it.
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
command -v docker-compose >/dev/null 2>&1 || fail "docker-compose is not on PATH after installing it"

rendered="$(mktemp)"
trap 'rm -f "${rendered}"' EXIT
compose=(docker-compose -f docker-compose.yml)
if ! errors="$("${compose[@]}" config -q 2>&1)"; then
    fail "docker-compose.yml is invalid: $(one_line <<<"${errors}")"
fi
"${compose[@]}" config >"${rendered}" 2>/dev/null || fail "docker-compose config failed"

# 2. A Python with PyYAML: Debian's docker-compose depends on python3-yaml, so /usr/bin/python3 has it.
python=""
for candidate in /usr/bin/python3 python3; do
    if "${candidate}" -c 'import yaml' >/dev/null 2>&1; then
        python="${candidate}"
        break
    fi
done
if [[ -z "${python}" ]]; then
    apt_install python3-yaml
    /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1 || fail "python3 cannot import yaml after installing python3-yaml"
    python=/usr/bin/python3
fi

# 3. Shell syntax of the scripts shipped here.
for script in deploy/*.sh deploy/docker/*.sh deploy/compose/initdb/*.sh deploy/standins/*.sh; do
    bash -n "${script}" 2>/dev/null || fail "${script} has a syntax error (bash -n ${script})"
done

# 4. Everything else: see deploy/check.py.
"${python}" deploy/check.py "${rendered}"

# 5. When kubectl happens to be installed, the kustomization must also build.
if command -v kubectl >/dev/null 2>&1; then
    if ! errors="$(kubectl kustomize deploy/k8s 2>&1 >/dev/null)"; then
        fail "kubectl kustomize deploy/k8s failed: $(one_line <<<"${errors}")"
    fi
fi

# 6. Likewise promtool for the alert rules' PromQL.
if command -v promtool >/dev/null 2>&1; then
    if ! errors="$(promtool check rules deploy/prometheus/alerts.yml 2>&1)"; then
        fail "promtool check rules deploy/prometheus/alerts.yml failed: $(one_line <<<"${errors}")"
    fi
fi

echo "deploy/check.sh: ok (compose, Dockerfile, k8s, config keys, probes, alert rules)"
