-- ingestion.versions becomes a table partitioned by dataset, one partition per dataset (docs/storage.md). Why: a
-- dataset's first publish loads a new partition with no index, builds its indexes afterwards, all at once and in
-- parallel, and attaches it in the publish transaction — instead of maintaining every index row by row while the
-- rows stream in (the whole first publish of UNHCR's population table took about 1.5 s, 1.1 s of it the COPY). And
-- the indexes no longer repeat the dataset in every entry: within a partition it is always the same.
--
-- Readers see the same columns, the same rows and the same views throughout: the views over the old table are
-- redefined over the new one with their own definitions, in this transaction, so they keep their names, grants and
-- dependants (the cross-dataset views). Existing versions are moved as they are, one dataset at a time.

-- The name of the table for one dataset's versions: versions_<publisher>_<name> (the catalogue limits dataset names to
-- 54 characters, so this fits an identifier's 63 bytes). Only a new partition is found by its name: an existing one is
-- found by its bound (ingestion.version_partition_of).
CREATE FUNCTION ingestion.version_partition_name(dataset text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'versions_' || replace($1, '.', '_')
$$;

-- The dataset's partition of ingestion.versions, or NULL when it has none yet.
CREATE FUNCTION ingestion.version_partition_of(dataset text) RETURNS regclass LANGUAGE sql STABLE AS $$
    SELECT i.inhrelid::regclass
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'ingestion.versions'::regclass AND pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $1)
$$;

-- The indexes of every partition, one statement each (a first publish runs them in parallel, after the load):
-- - the current key, unique: at most one current version per key, and how a diff looks keys up;
-- - the first two key dimensions, for readers' as-of queries by country pair (every dataset with two country
--   dimensions declares them first; for the others it is merely a key-prefix index);
-- - the snapshot that opened, and that closed, a version (the revisions feed, as-of queries, approve).
CREATE FUNCTION ingestion.version_partition_indexes(partition text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    VALUES (format('CREATE UNIQUE INDEX ON ingestion.%I (period, key) WHERE valid_to IS NULL', partition)),
           (format('CREATE INDEX ON ingestion.%I ((key[1]), (key[2]))', partition)),
           (format('CREATE INDEX ON ingestion.%I (valid_from)', partition)),
           (format('CREATE INDEX ON ingestion.%I (valid_to) WHERE valid_to IS NOT NULL', partition))
$$;

-- A new, empty table for the dataset's versions, not attached yet, so nobody reads it: a first publish loads it,
-- indexes it and attaches it. NULL when the dataset has its partition already. A table of that name that an
-- interrupted first publish left unattached is dropped first.
CREATE FUNCTION ingestion.begin_version_partition(dataset text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    partition text := ingestion.version_partition_name(dataset);
BEGIN
    IF ingestion.version_partition_of(dataset) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    IF (SELECT c.relispartition FROM pg_class c WHERE c.oid = to_regclass(format('ingestion.%I', partition))) THEN
        RAISE EXCEPTION 'ingestion.% holds the versions of another dataset; % needs a name of its own', partition, dataset;
    END IF;
    EXECUTE format('DROP TABLE IF EXISTS ingestion.%I', partition);
    -- The check states the partition's bound, so attaching it needs no scan to prove it.
    EXECUTE format('CREATE TABLE ingestion.%I (LIKE ingestion.versions INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (dataset = %L))',
                   partition, dataset);
    RETURN partition;
END
$$;

-- Gathers a partition's statistics, lightly and only on the columns the diff's and the readers' plans depend on. A
-- publish calls it in its transaction, so the statistics describe the snapshot that lands with them: planned on
-- statistics that predate it, a revisions query for the new snapshot expects one row where there are thousands and
-- joins them in a nested loop (seconds for one release of UNHCR's population table), and the next run's diff hashes
-- every current row to look up a few keys. Autovacuum still analyzes it fully later, since an ANALYZE of some
-- columns leaves its count of changed rows as it was.
CREATE FUNCTION ingestion.analyze_version_partition(partition regclass) RETURNS void LANGUAGE plpgsql
SET default_statistics_target = 10 AS $$
BEGIN
    EXECUTE format('ANALYZE %s (dataset, period, valid_from, valid_to)', partition);
END
$$;

-- Makes the dataset's loaded and indexed table its partition, analyzed, visible to readers when the caller's
-- transaction commits.
CREATE FUNCTION ingestion.attach_version_partition(dataset text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    partition text := ingestion.version_partition_name(dataset);
BEGIN
    PERFORM ingestion.analyze_version_partition(format('ingestion.%I', partition)::regclass);
    EXECUTE format('ALTER TABLE ingestion.versions ATTACH PARTITION ingestion.%I FOR VALUES IN (%L)', partition, dataset);
END
$$;

-- Drops the dataset's new table when a first publish that began it did not attach it (a no-op otherwise).
CREATE FUNCTION ingestion.drop_unattached_version_partition(dataset text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    partition text := ingestion.version_partition_name(dataset);
BEGIN
    IF NOT (SELECT c.relispartition FROM pg_class c WHERE c.oid = to_regclass(format('ingestion.%I', partition))) THEN
        EXECUTE format('DROP TABLE ingestion.%I', partition);
    END IF;
END
$$;

-- Every view reading the versions table, with its definition as it reads now (names schema-qualified).
SET LOCAL search_path = pg_catalog;
CREATE TEMP TABLE versions_readers ON COMMIT DROP AS
SELECT DISTINCT r.ev_class::regclass::text AS view_name, pg_get_viewdef(r.ev_class) AS definition
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = 'ingestion.versions'::regclass AND r.ev_class <> d.refobjid;

ALTER TABLE ingestion.versions RENAME TO versions_unpartitioned;

CREATE TABLE ingestion.versions (
    dataset         text     NOT NULL,
    period          integer  NOT NULL,
    key             text[]   NOT NULL,
    measures        bigint[] NOT NULL,
    attributes      text[]   NOT NULL,
    suppressed_mask bigint   NOT NULL DEFAULT 0,
    row_hash        bytea    NOT NULL,
    valid_from      bigint   NOT NULL,
    valid_to        bigint,
    CONSTRAINT versions_valid_range CHECK (valid_to IS NULL OR valid_to > valid_from)
) PARTITION BY LIST (dataset);
GRANT SELECT ON ingestion.versions TO ingestion_reader;

DO $$
DECLARE
    moving    text;
    partition text;
    statement text;
BEGIN
    FOR moving IN SELECT DISTINCT v.dataset FROM ingestion.versions_unpartitioned v LOOP
        partition := ingestion.begin_version_partition(moving);
        EXECUTE format('INSERT INTO ingestion.%I (dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from, valid_to)
                        SELECT dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from, valid_to
                        FROM ingestion.versions_unpartitioned WHERE dataset = %L', partition, moving);
        FOR statement IN SELECT ingestion.version_partition_indexes(partition) LOOP
            EXECUTE statement;
        END LOOP;
        PERFORM ingestion.attach_version_partition(moving);
    END LOOP;
END
$$;

DO $$
DECLARE
    reader record;
BEGIN
    FOR reader IN SELECT view_name, definition FROM pg_temp.versions_readers LOOP
        EXECUTE format('CREATE OR REPLACE VIEW %s AS %s', reader.view_name, reader.definition);
    END LOOP;
END
$$;

DROP TABLE ingestion.versions_unpartitioned;
