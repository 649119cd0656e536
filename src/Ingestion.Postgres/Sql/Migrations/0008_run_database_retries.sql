-- How many times a run retried the database (a lost connection, a restart or failover, a serialization
-- failure): appended, as the read contract only ever grows.
ALTER TABLE ingestion.runs ADD COLUMN db_retries integer NOT NULL DEFAULT 0;
