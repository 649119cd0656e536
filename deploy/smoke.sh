#!/usr/bin/env bash
# End-to-end smoke test of the image and docker-compose.yml, as an ops team would run them, against
# the fake UNHCR API (tests/Ingestion.FakeApis: the real release tables of ../shared/data over HTTP,
# added as one more compose service by deploy/compose/smoke.yml):
#
#   build the image (deploy/Dockerfile) and the fake API's → start postgres and the fake API → migrate
#   → start the worker, wait for /health/ready → `ingest unhcr.population unhcr.idmc` → read the figures
#   back as the downstream `reader` login, which must not be able to write → scale to two clustered
#   replicas, each scheduled fire must run once → stop within the grace period with exit code 0
#   (after reporting the image's size and the uid the process runs as) → tear down (always)
#
#   bash deploy/smoke.sh                      on a machine with registry access
#   eval "$(bash deploy/docker-host.sh)"; export SDK_IMAGE RUNTIME_IMAGE; bash deploy/smoke.sh   (without: stand-ins)
#
# Needs: a Docker engine with Compose v2, the .NET SDK (to publish the fake API), ../shared/data.
# Settings (environment):
#   SDK_IMAGE, RUNTIME_IMAGE  base images of deploy/Dockerfile (default: Microsoft's sdk:10.0-noble-aot and
#                             runtime-deps:10.0); the fake API runs on SDK_IMAGE
#   INGESTION_SHARED_DATA     the data folder (default ../shared/data beside the repository)
#   SMOKE_TIMEOUT             seconds to wait for health (default 180)
#   SMOKE_PROJECT             compose project name (default ingestion-smoke); its volumes are deleted
#   INGESTION_HTTP_PORT       host ports of the worker replicas (default 18080-18081: a stack on 8080 is left alone)
# Exit 0 when every step passed, ending with one line saying what held; otherwise 1 with the failed
# step named and the worker's last logs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

timeout="${SMOKE_TIMEOUT:-180}"
project="${SMOKE_PROJECT:-ingestion-smoke}"
export INGESTION_HTTP_PORT="${INGESTION_HTTP_PORT:-18080-18081}"
export INGESTION_SHARED_DATA="${INGESTION_SHARED_DATA:-../shared/data}"
export SDK_IMAGE="${SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0-noble-aot}"
export RUNTIME_IMAGE="${RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/runtime-deps:10.0}"
grace=45 # the worker's stop_grace_period in docker-compose.yml

# The figures of the 2025.12.1 release (shared/data/unhcr-refugees-r/2025.12.1/population.csv).
expected_population_rows=138893
expected_chn_asylum_seekers_2021=118476

failure=""
step() { printf '\n==> %s\n' "$*"; }
die() {
    failure="$*"
    exit 1
}

command -v docker >/dev/null 2>&1 || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info)"
docker compose version >/dev/null 2>&1 || die "'docker compose' (Compose v2) is not installed"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is needed to publish the fake UNHCR API"
[[ -d "${INGESTION_SHARED_DATA}/unhcr-refugees-r" ]] || die "no ${INGESTION_SHARED_DATA}/unhcr-refugees-r (set INGESTION_SHARED_DATA)"
# A project of its own: `down -v` below must never delete the volume of a real stack.
dc=(docker compose --project-name "${project}" --file docker-compose.yml --file deploy/compose/smoke.yml)

publish_dir="$(mktemp -d)"
cleanup() {
    local rc=$?
    if ((rc != 0)); then
        step "worker logs (last 40 lines)"
        "${dc[@]}" logs --no-color --tail=40 worker 2>/dev/null || true
    fi
    step "tearing down (docker compose down -v)"
    "${dc[@]}" down --volumes --remove-orphans >/dev/null 2>&1 || true
    rm -rf "${publish_dir}"
    if ((rc == 0)); then
        printf '\n%s\n' "${summary}"
    else
        # Below the logs, so the reason is the last thing on the screen.
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
as_owner() { psql_as ingestion "${POSTGRES_PASSWORD:-ingestion}" "$1"; }
as_reader() { psql_as reader "${READER_PASSWORD:-reader}" "$1"; }
workers() { "${dc[@]}" ps -q worker; }
wait_ready() { # container
    local deadline=$((SECONDS + timeout))
    until docker exec "$1" bash /usr/local/bin/ingestion-healthcheck /health/ready >/dev/null 2>&1; do
        [[ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" == true ]] || die "worker ${1:0:12} stopped before it was ready"
        ((SECONDS < deadline)) || die "/health/ready of worker ${1:0:12} did not answer 200 within ${timeout}s"
        sleep 2
    done
}

step "building the image (deploy/Dockerfile, SDK_IMAGE=${SDK_IMAGE}, RUNTIME_IMAGE=${RUNTIME_IMAGE})"
"${dc[@]}" build worker || die "the image does not build"

step "building the fake UNHCR API's image (tests/Ingestion.FakeApis)"
dotnet publish tests/Ingestion.FakeApis --configuration Release --output "${publish_dir}" --nologo -v quiet \
    || die "dotnet publish tests/Ingestion.FakeApis failed"
# On the SDK image: the fake API is a framework-dependent ASP.NET Core app, and RUNTIME_IMAGE (runtime-deps)
# has no .NET. The SDK images carry the ASP.NET Core runtime, and building the worker has already pulled it.
docker build -q --build-arg "RUNTIME_IMAGE=${SDK_IMAGE}" -t ingestion-fake-apis:local \
    -f tests/Ingestion.FakeApis/Dockerfile "${publish_dir}" >/dev/null || die "the fake API's image does not build"

step "starting postgres and the fake UNHCR API"
"${dc[@]}" up -d postgres fake-unhcr || die "compose up postgres fake-unhcr failed"
deadline=$((SECONDS + timeout))
until [[ "$(docker inspect -f '{{.State.Health.Status}}' "$("${dc[@]}" ps -q postgres)" 2>/dev/null)" == healthy ]]; do
    ((SECONDS < deadline)) || die "postgres was not healthy within ${timeout}s"
    sleep 2
done
echo "postgres healthy"

step "migrate (one-off, as in an upgrade)"
"${dc[@]}" run --rm -T worker migrate || die "'migrate' failed"

step "starting the worker"
"${dc[@]}" up -d worker || die "compose up worker failed"
wait_ready "$(workers)"
port="$("${dc[@]}" port worker 8080 | head -1)"
curl -fsS -o /dev/null "http://${port}/health/live" || die "/health/live is not reachable from the host at ${port}"
echo "ready; /health/live answers on ${port}"

step "ingest unhcr.population unhcr.idmc"
"${dc[@]}" run --rm -T worker ingest unhcr.population unhcr.idmc || die "'ingest unhcr.population unhcr.idmc' exited $?"

step "reading the figures back as 'reader'"
rows="$(as_reader "SELECT count(*) FROM stats.unhcr_population")" || die "'reader' cannot read stats.unhcr_population"
[[ "${rows}" == "${expected_population_rows}" ]] || die "stats.unhcr_population has ${rows} rows, expected ${expected_population_rows}"
chn="$(as_reader "SELECT sum(asylum_seekers) FROM stats.unhcr_population WHERE origin_iso = 'CHN' AND year = 2021")"
[[ "${chn}" == "${expected_chn_asylum_seekers_2021}" ]] || die "CHN asylum seekers 2021 = ${chn}, expected ${expected_chn_asylum_seekers_2021}"
idmc="$(as_reader "SELECT count(*) FROM stats.unhcr_idmc")"
((idmc > 0)) || die "stats.unhcr_idmc is empty"
echo "stats.unhcr_population ${rows} rows, CHN asylum seekers 2021 ${chn}, stats.unhcr_idmc ${idmc} rows"
metrics="$(curl -fsS "http://${port}/metrics")" || die "/metrics is not reachable from the host at ${port}"
grep -q '^ingestion_seconds_since_last_publish{dataset="unhcr.population"}' <<<"${metrics}" \
    || die "/metrics has no ingestion_seconds_since_last_publish for unhcr.population after its publish"
echo "/metrics reports the publish"

step "'reader' cannot write"
for sql in "CREATE TABLE stats.reader_probe (v int)" "UPDATE ingestion.runs SET error = 'x'" "TRUNCATE ingestion.versions"; do
    if out="$(as_reader "${sql}" 2>&1)"; then
        die "'reader' could run: ${sql}"
    fi
    grep -q 'permission denied' <<<"${out}" || die "'${sql}' as reader failed, but not for lack of permission: ${out}"
done
echo "refused: CREATE in stats, UPDATE ingestion.runs, TRUNCATE ingestion.versions"

step "two clustered replicas (unhcr.countries and unhcr.unrwa scheduled every 20 s)"
"${dc[@]}" up -d --no-recreate --scale worker=2 worker || die "compose up --scale worker=2 failed"
mapfile -t replicas < <(workers)
((${#replicas[@]} == 2)) || die "expected 2 worker containers, found ${#replicas[@]}"
for c in "${replicas[@]}"; do wait_ready "${c}"; done
since="$(as_owner "SELECT now()")"
instances="$(as_owner "SELECT count(*) FROM quartz.qrtz_scheduler_state")"
((instances == 2)) || die "quartz.qrtz_scheduler_state lists ${instances} scheduler instances, expected 2"
echo "2 replicas ready, 2 scheduler instances checked in; watching the schedules for 50 s"
sleep 50
# Fires are 10 s apart across both datasets and start within a second or two, so a 10 s bucket holds one fire.
read -r fires slots bad <<<"$(as_owner "
    SELECT count(*), count(DISTINCT (dataset, floor(extract(epoch FROM started_at) / 10))),
           count(*) FILTER (WHERE status NOT IN ('published', 'unchanged', 'running'))
    FROM ingestion.runs WHERE trigger = 'schedule' AND started_at >= '${since}'" | tr '|' ' ')"
((fires >= 4)) || die "${fires} scheduled runs in 50 s, expected at least 4 (2 datasets every 20 s)"
((fires == slots)) || die "${fires} scheduled runs for ${slots} fires: a trigger fired on both replicas"
((bad == 0)) || die "${bad} scheduled runs failed or were skipped"
echo "${fires} fires, each run once"

step "the image"
size_mb=$(($(docker image inspect -f '{{.Size}}' ingestion:local) / 1000000))
uid="$(docker exec "${replicas[0]}" awk '/^Uid:/ { print $2 }' /proc/1/status)"
[[ "${uid}" == 1654 ]] || die "the worker process runs as uid ${uid}, not 1654"
echo "ingestion:local ${size_mb} MB; the worker process runs as uid ${uid}"

step "stopping the worker replicas (SIGTERM, grace period ${grace} s)"
started=${SECONDS}
"${dc[@]}" stop worker >/dev/null || die "compose stop worker failed"
took=$((SECONDS - started))
((took < grace)) || die "stopping took ${took}s, the grace period is ${grace}s: the workers were killed"
for c in "${replicas[@]}"; do
    code="$(docker inspect -f '{{.State.ExitCode}}' "${c}")"
    [[ "${code}" == 0 ]] || die "worker ${c:0:12} exited ${code}, not 0"
done
echo "both stopped in ${took}s with exit code 0"

summary="smoke: OK: image built (${size_mb} MB, uid ${uid}), ready, ${rows} population rows and CHN 2021 = ${chn} read as reader, reader refused writes, 2 replicas ran ${fires} fires once each, stopped in ${took}s with exit 0"
