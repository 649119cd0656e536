#!/bin/sh
# Runs once, when the postgres volume is first initialised (/docker-entrypoint-initdb.d).
#
# Creates `reader`, the example downstream login, as a member of `ingestion_reader`. The worker's
# migrations create ingestion_reader when it is missing and grant it SELECT on the read contract
# (schema stats), so `reader` can read as soon as the worker has migrated; it can write nothing.
# Idempotent: to add the user to an existing volume, run it by hand:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-reader.sh
# No `set -u`: the postgres entrypoint sources this file instead of running it when it is not
# executable (e.g. a checkout that lost the mode bit), and must not inherit it.
set -e

psql --no-psqlrc -v ON_ERROR_STOP=1 \
     --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
     --set=reader_password="${READER_PASSWORD:-reader}" <<'SQL'
SELECT 'CREATE ROLE ingestion_reader NOLOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ingestion_reader') \gexec

SELECT format('CREATE ROLE reader LOGIN PASSWORD %L IN ROLE ingestion_reader', :'reader_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') \gexec
SQL
