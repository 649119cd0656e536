#!/usr/bin/env bash
# End-to-end smoke test of the image and docker-compose.yml, on a machine with a Docker engine
# and access to the UNHCR API (or to a stand-in for it):
#
#   build the image → start postgres → migrate → start the worker → wait for /health/ready → ingest one dataset
#   → check the run and that the downstream `reader` login sees it → tear down (always)
#
#   bash deploy/smoke.sh
#   Ingestion__Sources__Unhcr__BaseAddress=http://host.docker.internal:9000/population/v1/ bash deploy/smoke.sh
#
# Settings (environment):
#   Ingestion__Sources__Unhcr__BaseAddress  the API the worker calls (default: the live UNHCR API)
#   SMOKE_DATASET        dataset to ingest (default unhcr.idmc: small)
#   SMOKE_TIMEOUT        seconds to wait for readiness (default 180)
#   SMOKE_PROJECT        compose project name (default ingestion-smoke); its volumes are deleted
#   INGESTION_HTTP_PORT  host port of the worker (default 18080, so a stack on 8080 is left alone)
# Exit 0 when every step passed; otherwise 1 with the failed step named and the worker's last logs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

dataset="${SMOKE_DATASET:-unhcr.idmc}"
timeout="${SMOKE_TIMEOUT:-180}"
project="${SMOKE_PROJECT:-ingestion-smoke}"
export INGESTION_HTTP_PORT="${INGESTION_HTTP_PORT:-18080}"

failure=""
step() { printf '\n==> %s\n' "$*"; }
die() {
    failure="$*"
    printf '\nsmoke: FAILED: %s\n' "$*" >&2
    exit 1
}

command -v docker >/dev/null 2>&1 || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info)"
if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
else
    die "neither 'docker compose' nor 'docker-compose' is installed"
fi
# A project of its own: `down -v` below must never delete the volume of a real stack.
dc=("${compose[@]}" --project-name "${project}" --file docker-compose.yml)

cleanup() {
    local rc=$?
    if ((rc != 0)); then
        step "worker logs (last 40 lines)"
        "${dc[@]}" logs --no-color --tail=40 worker 2>/dev/null || true
    fi
    step "tearing down (${compose[*]} down -v)"
    "${dc[@]}" down --volumes --remove-orphans >/dev/null 2>&1 || true
    if ((rc == 0)); then
        printf '\nsmoke: OK\n'
    else
        # Again, below the logs, so the reason is the last thing on the screen.
        printf '\nsmoke: FAILED: %s\n' "${failure:-exit code ${rc}}" >&2
    fi
    exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_as() { # user password sql
    "${dc[@]}" exec -T postgres psql --no-psqlrc -v ON_ERROR_STOP=1 -At \
        "postgresql://$1:$2@localhost/ingestion" -c "$3"
}

step "building the image (deploy/Dockerfile)"
"${dc[@]}" build worker || die "the image does not build"

container_of() { "${dc[@]}" ps -q "$1" 2>/dev/null; }

step "starting postgres"
"${dc[@]}" up -d postgres || die "compose up postgres failed"
deadline=$((SECONDS + timeout))
until [[ "$(docker inspect -f '{{.State.Health.Status}}' "$(container_of postgres)" 2>/dev/null)" == healthy ]]; do
    ((SECONDS < deadline)) || die "postgres was not healthy within ${timeout}s"
    sleep 2
done
echo "healthy"

step "migrate (one-off, as in an upgrade)"
"${dc[@]}" run --rm -T worker migrate || die "'migrate' exited $?"

step "starting the worker"
"${dc[@]}" up -d worker || die "compose up worker failed"

step "waiting up to ${timeout}s for /health/ready"
deadline=$((SECONDS + timeout))
until "${dc[@]}" exec -T worker bash /usr/local/bin/ingestion-healthcheck /health/ready >/dev/null 2>&1; do
    if [[ "$(docker inspect -f '{{.State.Running}}' "$(container_of worker)" 2>/dev/null)" != true ]]; then
        die "the worker container stopped before it was ready"
    fi
    ((SECONDS < deadline)) || die "/health/ready did not answer 200 within ${timeout}s"
    sleep 3
done
echo "ready"

if command -v curl >/dev/null 2>&1; then
    step "GET /health/live and /metrics through the published port ${INGESTION_HTTP_PORT}"
    curl -fsS -o /dev/null "http://localhost:${INGESTION_HTTP_PORT}/health/live" || die "/health/live is not reachable from the host"
    curl -fsS -o /dev/null "http://localhost:${INGESTION_HTTP_PORT}/metrics" || die "/metrics is not reachable from the host"
    echo "ok"
fi

step "ingest ${dataset}"
set +e
"${dc[@]}" run --rm -T worker ingest "${dataset}"
rc=$?
set -e
case "${rc}" in
    0) ;;
    1) die "'ingest ${dataset}' exited 1: the run failed (network to the API? see the output above)" ;;
    2) die "'ingest ${dataset}' exited 2: bad usage or configuration" ;;
    *) die "'ingest ${dataset}' exited ${rc}" ;;
esac

step "checking the database"
status="$(psql_as ingestion "${POSTGRES_PASSWORD:-ingestion}" \
    "SELECT status FROM ingestion.runs WHERE dataset = '${dataset}' ORDER BY started_at DESC LIMIT 1")" \
    || die "cannot read ingestion.runs"
[[ "${status}" == published || "${status}" == unchanged ]] || die "the last ${dataset} run is '${status}', not published"
echo "last run: ${status}"
view="stats.$(tr '.' '_' <<<"${dataset}")"
if [[ "${dataset}" == unhcr.countries ]]; then view=stats.countries; fi
rows="$(psql_as reader "${READER_PASSWORD:-reader}" "SELECT count(*) FROM ${view}")" \
    || die "the downstream login 'reader' cannot read ${view}"
((rows > 0)) || die "${view} is empty"
echo "reader sees ${rows} rows in ${view}"
