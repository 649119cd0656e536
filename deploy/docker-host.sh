#!/usr/bin/env bash
# Prepares this machine for the Docker-based tests and deploy/smoke.sh. Idempotent; a second run
# changes nothing and takes a few seconds.
#
#   bash deploy/docker-host.sh      one line on stderr saying what it used; on stdout, KEY=value lines
#                                   for the caller to export (see "Output" below)
#
# 1. A Docker engine with API >= 1.44 (what Testcontainers 4 needs): the one that answers on DOCKER_HOST
#    or /var/run/docker.sock; else dockerd is started (ports published on 127.0.0.1 unless
#    DOCKER_PUBLISH_IP says otherwise); when dockerd is missing or too old, Debian 13's docker.io,
#    docker-compose and docker-buildx are installed beside Debian 12's containerd, runc, tini and
#    iptables (only those three packages come from Debian 13: their dependencies are all in Debian 12).
# 2. Images: postgres:15-alpine (the tests), postgres:15 (compose), the Native AOT .NET SDK and the
#    runtime-deps image (deploy/Dockerfile). When Docker Hub / MCR answer they are pulled; when they
#    cannot be pulled, stand-ins are built from Debian's packages (clang among them, for the native
#    link) and this machine's .NET SDK and NuGet packages (deploy/standins/). Stand-ins carry a label
#    with a hash of their inputs and are rebuilt only when those change; stand-in tags this script no
#    longer builds are removed.
#
# Output (stdout): SDK_IMAGE, RUNTIME_IMAGE, INGESTION_TEST_POSTGRES_IMAGE, TESTCONTAINERS_HOST_OVERRIDE
# (for a local engine) and, with stand-ins, TESTCONTAINERS_RYUK_DISABLED=true (Ryuk's image cannot be
# pulled; the fixture removes its container itself).
# Exit 1 with one line naming what failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
standins=deploy/standins

fail() {
    echo "docker-host: $*" >&2
    exit 1
}
log() { [[ -z "${DOCKER_HOST_VERBOSE:-}" ]] || echo "docker-host: $*" >&2; }

min_api=1.44
api_at_least() { # version → exit 0 when >= min_api
    [[ "$(printf '%s\n%s\n' "${min_api}" "$1" | sort -V | head -1)" == "${min_api}" ]]
}
engine_api() { docker version --format '{{.Server.APIVersion}}' 2>/dev/null || true; }

# --- 1. the engine --------------------------------------------------------------------------------

install_engine() {
    [[ "$(id -u)" == 0 ]] || fail "no usable Docker engine, and installing one needs root"
    log "installing containerd, runc, tini, iptables (Debian 12) and docker.io, docker-compose, docker-buildx (Debian 13)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed"
    apt-get install -y -qq --no-install-recommends containerd runc tini iptables debootstrap >/dev/null 2>&1 \
        || fail "apt-get install containerd runc tini iptables debootstrap failed"

    # A sources list of its own, so only these three packages come from Debian 13: adding trixie to
    # apt's sources would upgrade libc and half the system.
    local tmp
    tmp="$(mktemp -d)"
    mkdir -p "${tmp}/lists/partial" "${tmp}/debs"
    echo "deb http://deb.debian.org/debian trixie main" >"${tmp}/sources.list"
    local opts=(-o "Dir::Etc::SourceList=${tmp}/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=${tmp}/lists" -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || fail "apt-get update of Debian 13 (trixie) failed"
    (cd "${tmp}/debs" && apt-get "${opts[@]}" download docker.io docker-compose docker-buildx >/dev/null 2>&1) \
        || fail "downloading docker.io, docker-compose, docker-buildx from Debian 13 failed"
    # Without systemd the maintainer scripts cannot start a service; the engine is started below.
    dpkg -i "${tmp}"/debs/*.deb >/dev/null 2>&1 || fail "dpkg -i docker.io docker-compose docker-buildx failed"
    rm -rf "${tmp}"
}

start_engine() {
    local ip="${DOCKER_PUBLISH_IP:-127.0.0.1}"
    log "starting dockerd (ports published on ${ip})"
    mkdir -p /var/log
    # setsid: the engine outlives this script (and the CI step that called it), like a service would.
    local listen=()
    [[ -z "${DOCKER_HOST:-}" ]] || listen=(--host "${DOCKER_HOST}")
    setsid dockerd --ip="${ip}" "${listen[@]}" >>/var/log/dockerd.log 2>&1 </dev/null &
    local deadline=$((SECONDS + 60))
    until docker version >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "dockerd did not answer within 60 s (see /var/log/dockerd.log)"
        sleep 0.5
    done
}

engine_used=""
api="$(engine_api)"
if [[ -n "${api}" ]] && api_at_least "${api}"; then
    engine_used="running engine (API ${api})"
else
    [[ -z "${api}" ]] || fail "the running Docker engine speaks API ${api}, ${min_api} is needed: stop it or upgrade it"
    [[ "${DOCKER_HOST:-unix://}" == unix://* ]] || fail "no Docker engine answers at DOCKER_HOST=${DOCKER_HOST}"
    installed=""
    dockerd_version="$(dockerd --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+' | head -1 || true)"
    # docker.io 25+ speaks API 1.44+.
    if [[ -z "${dockerd_version}" ]] || [[ "$(printf '%s\n25.0\n' "${dockerd_version}" | sort -V | head -1)" != 25.0 ]]; then
        install_engine
        installed="installed, "
    fi
    start_engine
    api="$(engine_api)"
    api_at_least "${api}" || fail "dockerd answers with API ${api}, ${min_api} is needed"
    engine_used="dockerd $(dockerd --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1) (${installed}started, API ${api})"
fi
docker compose version >/dev/null 2>&1 || fail "'docker compose' (Compose v2) is missing: install docker-compose 2 or the compose plugin"

# --- 2. images --------------------------------------------------------------------------------------

sdk_image=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
runtime_image=mcr.microsoft.com/dotnet/runtime-deps:10.0
postgres_images=(postgres:15-alpine postgres:15)

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
# Present, or pulled now. A stand-in tagged with an upstream name (postgres) is not the upstream image.
upstream_available() {
    if have_image "$1"; then
        [[ -z "$(docker image inspect -f '{{index .Config.Labels "ingestion.standin.inputs"}}' "$1" 2>/dev/null)" ]]
    else
        timeout 120 docker pull -q "$1" >/dev/null 2>&1
    fi
}

standin_label() { docker image inspect -f '{{index .Config.Labels "ingestion.standin.inputs"}}' "$1" 2>/dev/null || true; }
inputs_hash() { sha256sum | cut -c1-16; }

# build_standin <tag> <inputs-hash> <command...>: runs the command (which builds <tag>) unless an image
# with that tag and hash exists. The command gets the label to set as $label.
rebuilt=()
build_standin() {
    local tag="$1" hash="$2"
    shift 2
    [[ "$(standin_label "${tag}")" == "${hash}" ]] && return 0
    log "building stand-in ${tag}"
    label="ingestion.standin.inputs=${hash}" "$@" || fail "building the stand-in ${tag} failed"
    rebuilt+=("${tag}")
}

base_image=ingestion-standin/debian:bookworm
base_packages=ca-certificates,libicu72,libssl3,tzdata
build_base() {
    command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq debootstrap >/dev/null 2>&1 \
        || fail "debootstrap is missing and could not be installed"
    local root
    root="$(mktemp -d)"
    debootstrap --variant=minbase --include="${base_packages}" bookworm "${root}" http://deb.debian.org/debian \
        >"${root}.log" 2>&1 || { tail -5 "${root}.log" >&2; rm -rf "${root}" "${root}.log"; return 1; }
    rm -rf "${root}"/var/cache/apt/archives/*.deb "${root}"/var/lib/apt/lists/*
    tar -C "${root}" -c . | docker import -c 'CMD ["bash"]' -c "LABEL ${label}" - "${base_image}" >/dev/null
    local rc=$?
    rm -rf "${root}" "${root}.log"
    return "${rc}"
}

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
nuget_packages="${NUGET_PACKAGES:-${HOME}/.nuget/packages}"

build_postgres() {
    docker build -q --label "${label}" --build-arg "BASE_IMAGE=${base_image}" \
        -t ingestion-standin/postgres:15 -f "${standins}/postgres.Dockerfile" "${standins}" >/dev/null
}
runtime_deps_standin=ingestion-standin/runtime-deps:10.0
sdk_standin=ingestion-standin/dotnet-sdk:10.0-aot
build_runtime_deps() {
    docker build -q --label "${label}" --build-arg "BASE_IMAGE=${base_image}" \
        -t "${runtime_deps_standin}" -f "${standins}/runtime-deps.Dockerfile" "${standins}" >/dev/null
}
# The context is streamed as tar from where the files are: nothing is copied to disk first.
build_sdk() {
    tar -c -C "${standins}" sdk.Dockerfile NuGet.Config \
        -C "$(dirname "${dotnet_root}")" --transform "s|^$(basename "${dotnet_root}")/|dotnet/|" "$(basename "${dotnet_root}")" \
        -C "$(dirname "${nuget_packages}")" --transform "s|^$(basename "${nuget_packages}")/|packages/|" "$(basename "${nuget_packages}")" \
        | docker build -q --label "${label}" --build-arg "RUNTIME_DEPS_IMAGE=${runtime_deps_standin}" \
            -t "${sdk_standin}" -f sdk.Dockerfile - >/dev/null
}

standins_used=""
if ! upstream_available "${postgres_images[0]}" || ! upstream_available "${postgres_images[1]}" \
    || ! upstream_available "${sdk_image}" || ! upstream_available "${runtime_image}"; then
    standins_used=1
    build_standin "${base_image}" "$(echo "bookworm minbase ${base_packages}" | inputs_hash)" build_base
    base_id="$(docker image inspect -f '{{.Id}}' "${base_image}")"
    build_standin ingestion-standin/postgres:15 \
        "$(cat "${standins}"/postgres* <(echo "${base_id}") | inputs_hash)" build_postgres
    for tag in "${postgres_images[@]}"; do
        # Tagged with the upstream names, so Testcontainers' and compose's defaults resolve locally.
        docker tag ingestion-standin/postgres:15 "${tag}"
    done
    build_standin "${runtime_deps_standin}" \
        "$(cat "${standins}/runtime-deps.Dockerfile" <(echo "${base_id}") | inputs_hash)" build_runtime_deps
    runtime_deps_id="$(docker image inspect -f '{{.Id}}' "${runtime_deps_standin}")"
    # The package list is the folder's id/version directories: a restore that adds one (the ILCompiler
    # packages of a first Native AOT restore, say) rebuilds the SDK.
    build_standin "${sdk_standin}" \
        "$(cat "${standins}/sdk.Dockerfile" "${standins}/NuGet.Config" <(echo "${runtime_deps_id}") <(dotnet --version) \
            <(dotnet --list-runtimes) <(cd "${nuget_packages}" && ls -d -- */*/) | inputs_hash)" build_sdk
    sdk_image="${sdk_standin}"
    runtime_image="${runtime_deps_standin}"

    # Stand-ins of earlier versions of this script (the ASP.NET runtime, the SDK without clang) would
    # otherwise keep their 1.5 GB on disk for good. By repository, not by label: images built on a
    # stand-in (ingestion:local) inherit its label.
    current=" ${base_image} ingestion-standin/postgres:15 ${runtime_deps_standin} ${sdk_standin} "
    while read -r tag; do
        [[ "${current}" == *" ${tag} "* ]] && continue
        log "removing ${tag}, a stand-in this script no longer builds"
        docker image rm "${tag}" >/dev/null 2>&1 || log "kept ${tag}: a container still uses it"
    done < <(docker image ls --format '{{.Repository}}:{{.Tag}}' 'ingestion-standin/*' | grep -v ':<none>$' || true)
fi

# Rebuilt stand-ins leave their previous versions untagged.
if ((${#rebuilt[@]} > 0)); then
    docker image prune --force --filter label=ingestion.standin.inputs >/dev/null
fi

# --- output ----------------------------------------------------------------------------------------

echo "SDK_IMAGE=${sdk_image}"
echo "RUNTIME_IMAGE=${runtime_image}"
echo "INGESTION_TEST_POSTGRES_IMAGE=${postgres_images[0]}"
# A local engine publishes on this machine's addresses; Testcontainers would otherwise take a /.dockerenv
# (a sandbox that is itself a container) as "inside Docker" and dial the bridge gateway instead.
if [[ "${DOCKER_HOST:-unix://}" == unix://* ]]; then
    echo "TESTCONTAINERS_HOST_OVERRIDE=${DOCKER_PUBLISH_IP:-127.0.0.1}"
fi
if [[ -n "${standins_used}" ]]; then
    echo "TESTCONTAINERS_RYUK_DISABLED=true"
    what="stand-in images (no registry; ${#rebuilt[@]} rebuilt${rebuilt:+: ${rebuilt[*]}})"
else
    what="upstream images"
fi
echo "docker-host: ${engine_used}, compose $(docker compose version --short), ${what}" >&2
