-- The CLI's read verbs (runs, snapshots, diff, datasets) work with a login granted only ingestion_reader:
-- they check the schema version instead of migrating, and diff and datasets read the version history and
-- the dataset catalogue. Still nothing to write, and raw pages stay private. GRANT is idempotent.
GRANT SELECT ON ingestion.schema_migrations, ingestion.versions, ingestion.datasets TO ingestion_reader;
