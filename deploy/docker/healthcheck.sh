#!/usr/bin/env bash
# HTTP probe for the container's HEALTHCHECK (and for smoke.sh's readiness wait).
#
#   healthcheck.sh [path]      path defaults to /health/live; exit 0 only on an HTTP 200
#
# The runtime-deps:10.0 image (Ubuntu 24.04) ships no curl or wget, but bash is an Essential package
# there, and bash can open TCP connections itself (/dev/tcp). So the probe needs nothing
# installed and checks the real HTTP status, not only that the port accepts connections.
# The port is the worker's own setting, so the probe follows Ingestion__Host__Port.
set -u

path="${1:-/health/live}"
port="${Ingestion__Host__Port:-8080}"

# HTTP/1.0: Kestrel answers and closes the connection, so there is nothing to keep alive.
{ exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || { echo "no listener on port ${port}" >&2; exit 1; }
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "${path}" >&3

# Status line: "HTTP/1.1 200 OK".
if ! IFS=' ' read -r -t 5 _ status _ <&3; then
    echo "no HTTP answer from port ${port}" >&2
    exit 1
fi
# Read the rest so the server is not reset mid-write; HTTP/1.0 means it closes when done.
while IFS= read -r -t 2 _ <&3; do :; done
exec 3<&-

if [[ "${status}" != "200" ]]; then
    echo "GET ${path} answered ${status}" >&2
    exit 1
fi
