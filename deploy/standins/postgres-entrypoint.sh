#!/bin/bash
# The official postgres image's entrypoint contract, in short: `postgres [-c k=v ...]` (or only the
# flags) initialises PGDATA on first start with POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, runs
# /docker-entrypoint-initdb.d/*.sh and *.sql against a server listening on its socket only, then
# execs the real server on all addresses. Anything else is run as given.
set -euo pipefail

if [[ "${1:-}" == -* ]]; then
    set -- postgres "$@"
fi
if [[ "${1:-}" != postgres ]]; then
    exec "$@"
fi

if [[ "$(id -u)" == 0 ]]; then
    mkdir -p "${PGDATA}"
    chown postgres:postgres "${PGDATA}"
    chmod 700 "${PGDATA}"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_DB="${POSTGRES_DB:-${POSTGRES_USER}}"

if [[ ! -s "${PGDATA}/PG_VERSION" ]]; then
    [[ -n "${POSTGRES_PASSWORD:-}" ]] || { echo "docker-entrypoint: POSTGRES_PASSWORD is not set" >&2; exit 1; }
    initdb --username="${POSTGRES_USER}" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD}") \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    printf "listen_addresses = '*'\n" >>"${PGDATA}/postgresql.conf"
    printf 'host all all all scram-sha-256\n' >>"${PGDATA}/pg_hba.conf"

    # Socket only while initialising, so clients (and health checks over TCP) wait for the real start.
    pg_ctl --pgdata="${PGDATA}" --silent --wait -o "-c listen_addresses=''" start
    export PGUSER="${POSTGRES_USER}"
    if [[ "${POSTGRES_DB}" != postgres ]]; then
        # From stdin: psql interpolates :"db" there, not in -c.
        psql --no-psqlrc -v ON_ERROR_STOP=1 --dbname=postgres --set=db="${POSTGRES_DB}" -q \
            <<<'CREATE DATABASE :"db"' >/dev/null
    fi
    for f in /docker-entrypoint-initdb.d/*; do
        case "${f}" in
            *.sh) if [[ -x "${f}" ]]; then "${f}"; else . "${f}"; fi ;;
            *.sql) psql --no-psqlrc -v ON_ERROR_STOP=1 --dbname="${POSTGRES_DB}" -q -f "${f}" ;;
            *) ;;
        esac
    done
    pg_ctl --pgdata="${PGDATA}" --silent --wait -m fast stop
    unset PGUSER
    echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
