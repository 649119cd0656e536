-- The run ledger, the snapshot list, the versions store and the raw page archive (DESIGN §4).

CREATE TABLE ingestion.runs (
    run_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset         text        NOT NULL,
    trigger         text        NOT NULL CHECK (trigger IN ('schedule', 'manual', 'backfill', 'reprocess')),
    status          text        NOT NULL CHECK (status IN ('running', 'published', 'unchanged', 'quarantined', 'failed', 'abandoned', 'skipped')),
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    year_from       integer,
    year_to         integer,
    pages           bigint      NOT NULL DEFAULT 0,
    rows_read       bigint      NOT NULL DEFAULT 0,
    snapshot_id     bigint,
    error           text,
    -- Beyond the contract: dry runs, reprocess lineage, diff counts and the backend that owns a running run.
    dry_run         boolean     NOT NULL DEFAULT false,
    dry_run_outcome text CHECK (dry_run_outcome IN ('published', 'unchanged', 'quarantined')),
    reprocess_of    bigint REFERENCES ingestion.runs (run_id),
    added           bigint,
    revised         bigint,
    removed         bigint,
    backend_pid     integer,
    backend_start   timestamptz
);

CREATE INDEX runs_dataset_started ON ingestion.runs (dataset, run_id DESC);
CREATE INDEX runs_running ON ingestion.runs (dataset) WHERE status = 'running';

CREATE SEQUENCE ingestion.snapshot_ids;

CREATE TABLE ingestion.snapshots (
    snapshot_id      bigint      PRIMARY KEY DEFAULT nextval('ingestion.snapshot_ids'),
    dataset          text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('published', 'quarantined', 'rejected')),
    run_id           bigint      NOT NULL REFERENCES ingestion.runs (run_id),
    created_at       timestamptz NOT NULL,
    published_at     timestamptz,
    year_from        integer,
    year_to          integer,
    content_sha256   text        NOT NULL,
    row_count        bigint      NOT NULL,
    added            bigint      NOT NULL,
    revised          bigint      NOT NULL,
    removed          bigint      NOT NULL,
    quality_report   jsonb,
    -- The dataset's latest published snapshot when this one was diffed (approve refuses if it moved on).
    base_snapshot_id bigint
);

ALTER SEQUENCE ingestion.snapshot_ids OWNED BY ingestion.snapshots.snapshot_id;
CREATE INDEX snapshots_dataset ON ingestion.snapshots (dataset, snapshot_id DESC);

-- One row per version of one key. A version is current while valid_to IS NULL; a revision closes the old
-- version (valid_to = the snapshot) and opens a new one (valid_from = the snapshot). Unchanged rows are
-- never rewritten. Measures, detail and attributes (UNHCR codes, names) are arrays in the order of the
-- dataset's fields (ingestion.datasets); a measure added upstream is appended, and older rows read NULL for it,
-- so it needs no table change. Measures are bigint[] rather than jsonb: binary array input is several times
-- cheaper than jsonb parsing on publish, and the views read measures[i] instead of ->> plus a cast.
CREATE TABLE ingestion.versions (
    dataset         text     NOT NULL,
    year            integer  NOT NULL,
    origin          text     NOT NULL,
    asylum          text     NOT NULL,
    detail          text[]   NOT NULL,
    measures        bigint[] NOT NULL,
    attributes      text[]   NOT NULL,
    suppressed_mask bigint   NOT NULL DEFAULT 0,
    row_hash        bytea    NOT NULL,
    valid_from      bigint   NOT NULL,
    valid_to        bigint,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

CREATE UNIQUE INDEX versions_current_key ON ingestion.versions (dataset, year, origin, asylum, detail) WHERE valid_to IS NULL;
-- Snapshot ids are unique across datasets, so the id alone finds a snapshot's opened and closed versions.
CREATE INDEX versions_opened ON ingestion.versions (valid_from);
CREATE INDEX versions_closed ON ingestion.versions (valid_to) WHERE valid_to IS NOT NULL;

-- A quarantined snapshot's diff, kept until it is approved (applied like a publish) or rejected.
CREATE TABLE ingestion.pending_changes (
    snapshot_id     bigint   NOT NULL REFERENCES ingestion.snapshots (snapshot_id) ON DELETE CASCADE,
    change          text     NOT NULL CHECK (change IN ('added', 'revised', 'removed')),
    year            integer  NOT NULL,
    origin          text     NOT NULL,
    asylum          text     NOT NULL,
    detail          text[]   NOT NULL,
    measures        bigint[],
    attributes      text[],
    suppressed_mask bigint,
    row_hash        bytea
);

CREATE INDEX pending_changes_snapshot ON ingestion.pending_changes (snapshot_id);

-- Raw pages, content-addressed: the same bytes are stored once however many runs fetched them.
CREATE TABLE ingestion.raw_pages (
    sha256       bytea       PRIMARY KEY CHECK (length(sha256) = 32),
    byte_length  integer     NOT NULL,
    gzip         bytea       NOT NULL,
    first_seen   timestamptz NOT NULL
);

ALTER TABLE ingestion.raw_pages ALTER COLUMN gzip SET STORAGE EXTERNAL; -- already compressed

CREATE TABLE ingestion.run_pages (
    run_id      bigint  NOT NULL REFERENCES ingestion.runs (run_id),
    page_number integer NOT NULL,
    request_uri text    NOT NULL,
    sha256      bytea   NOT NULL REFERENCES ingestion.raw_pages (sha256),
    PRIMARY KEY (run_id, page_number)
);
