-- Schemas: `stats` is what downstream services read; `ingestion` holds the machinery.
CREATE SCHEMA IF NOT EXISTS ingestion;
CREATE SCHEMA IF NOT EXISTS stats;

-- The read-only role downstream services are granted. Roles are cluster-wide, so another database
-- of the same cluster may have created it already (possibly at this very moment).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ingestion_reader') THEN
        CREATE ROLE ingestion_reader NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA stats TO ingestion_reader;
