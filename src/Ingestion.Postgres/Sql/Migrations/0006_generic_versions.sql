-- The storage becomes generic over a dataset's declared shape (DESIGN §2): a version is (dataset, period, key[])
-- instead of (dataset, year, origin, asylum, detail[]). Existing versions, pending changes, snapshots and runs are
-- moved in place: snapshot ids, valid_from/valid_to and row hashes are kept, so history and the read contract answer
-- exactly as before. The typed views, the _as_of functions and stats.revisions are dropped here and generated again,
-- with the same columns, from the dataset catalogue right after the migrations (Migrations/ReadContract.cs).

DROP VIEW stats.revisions;
DO $$
DECLARE
    dataset_view text;
BEGIN
    FOR dataset_view IN SELECT view_name FROM ingestion.datasets LOOP
        EXECUTE format('DROP FUNCTION IF EXISTS stats.%I(bigint)', dataset_view || '_as_of');
        EXECUTE format('DROP VIEW IF EXISTS stats.%I', dataset_view);
    END LOOP;
END
$$;
DROP PROCEDURE ingestion.define_dataset_views(text, text, text[], text[], text[], boolean);

-- Period: the year for yearly data (yyyymm for monthly, 0 for reference data). Key: one value per key dimension,
-- in the dataset's order; for the first release's datasets that is origin, asylum, then the detail fields, and for
-- unhcr.countries its code alone. Row hashes were computed over exactly (period, key…) for the pair datasets, so they
-- stay valid; the countries' rows keep theirs too (the diff compares content when hashes differ).
CREATE TABLE ingestion.versions_generic (
    dataset         text     NOT NULL,
    period          integer  NOT NULL,
    key             text[]   NOT NULL,
    measures        bigint[] NOT NULL,
    attributes      text[]   NOT NULL,
    suppressed_mask bigint   NOT NULL DEFAULT 0,
    row_hash        bytea    NOT NULL,
    valid_from      bigint   NOT NULL,
    valid_to        bigint,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

INSERT INTO ingestion.versions_generic (dataset, period, key, measures, attributes, suppressed_mask, row_hash, valid_from, valid_to)
SELECT v.dataset, v.year,
       CASE WHEN d.is_reference THEN ARRAY[v.origin] ELSE ARRAY[v.origin, v.asylum] || v.detail END,
       v.measures, v.attributes, v.suppressed_mask, v.row_hash, v.valid_from, v.valid_to
FROM ingestion.versions v
JOIN ingestion.datasets d ON d.dataset = v.dataset;

DROP TABLE ingestion.versions;
ALTER TABLE ingestion.versions_generic RENAME TO versions;
CREATE UNIQUE INDEX versions_current_key ON ingestion.versions (dataset, period, key) WHERE valid_to IS NULL;
-- Snapshot ids are unique across datasets, so the id alone finds a snapshot's opened and closed versions.
CREATE INDEX versions_opened ON ingestion.versions (valid_from);
CREATE INDEX versions_closed ON ingestion.versions (valid_to) WHERE valid_to IS NOT NULL;
GRANT SELECT ON ingestion.versions TO ingestion_reader;

CREATE TABLE ingestion.pending_changes_generic (
    snapshot_id     bigint   NOT NULL REFERENCES ingestion.snapshots (snapshot_id) ON DELETE CASCADE,
    change          text     NOT NULL CHECK (change IN ('added', 'revised', 'removed')),
    period          integer  NOT NULL,
    key             text[]   NOT NULL,
    measures        bigint[],
    attributes      text[],
    suppressed_mask bigint,
    row_hash        bytea
);

INSERT INTO ingestion.pending_changes_generic (snapshot_id, change, period, key, measures, attributes, suppressed_mask, row_hash)
SELECT p.snapshot_id, p.change, p.year,
       CASE WHEN d.is_reference THEN ARRAY[p.origin] ELSE ARRAY[p.origin, p.asylum] || p.detail END,
       p.measures, p.attributes, p.suppressed_mask, p.row_hash
FROM ingestion.pending_changes p
JOIN ingestion.snapshots s ON s.snapshot_id = p.snapshot_id
JOIN ingestion.datasets d ON d.dataset = s.dataset;

DROP TABLE ingestion.pending_changes;
ALTER TABLE ingestion.pending_changes_generic RENAME TO pending_changes;
CREATE INDEX pending_changes_snapshot ON ingestion.pending_changes (snapshot_id);

-- The catalogue as the database knows it, rewritten from the program's catalogue at every migrate. Field lists
-- may only grow at their end: versions store measures and attributes by position.
DROP TABLE ingestion.datasets;
CREATE TABLE ingestion.datasets (
    dataset      text   PRIMARY KEY,
    publisher    text   NOT NULL,
    view_name    text   NOT NULL UNIQUE,
    period       text   NOT NULL CHECK (period IN ('none', 'year', 'year_month')),
    key_fields   text[] NOT NULL,
    origin_field text,
    asylum_field text,
    measures     text[] NOT NULL,
    attributes   text[] NOT NULL,
    view_columns text[] NOT NULL
);
GRANT SELECT ON ingestion.datasets TO ingestion_reader;

-- The publisher's own release marker (e.g. Eurostat's "last update of data"), when it has one: a run that sees the
-- same release for the same scope ends unchanged without downloading the data.
ALTER TABLE ingestion.snapshots ADD COLUMN source_release text;

-- Which generated read contract the database holds (SHA-256 of its SQL), so migrate regenerates it only when the
-- catalogue changed, and read-only verbs can tell a database whose views are behind the program's catalogue.
CREATE TABLE ingestion.read_contract (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    sql_sha256   text        NOT NULL,
    generated_at timestamptz NOT NULL
);
GRANT SELECT ON ingestion.read_contract TO ingestion_reader;
