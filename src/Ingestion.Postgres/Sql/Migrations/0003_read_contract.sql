-- The read contract (DESIGN §4): typed current views, as-of functions and stats.revisions, all on top of
-- ingestion.versions, plus the ingestion_reader grants.

-- The shape of each dataset the views were generated from (the catalogue in Ingestion.Core.Model.Datasets).
CREATE TABLE ingestion.datasets (
    dataset       text    PRIMARY KEY,
    view_name     text    NOT NULL UNIQUE,
    detail_fields text[]  NOT NULL,
    measures      text[]  NOT NULL,
    attributes    text[]  NOT NULL,
    is_reference  boolean NOT NULL
);

-- Creates (or replaces) stats.<view> and stats.<view>_as_of(snapshot_id) for one dataset and grants them to
-- ingestion_reader. A later migration adding a publisher's dataset only calls this procedure.
CREATE PROCEDURE ingestion.define_dataset_views(
    p_dataset text, p_view text, p_detail_fields text[], p_measures text[], p_attributes text[], p_is_reference boolean)
LANGUAGE plpgsql AS $procedure$
DECLARE
    columns text;
    field   text;
    ordinal integer;
BEGIN
    INSERT INTO ingestion.datasets (dataset, view_name, detail_fields, measures, attributes, is_reference)
    VALUES (p_dataset, p_view, p_detail_fields, p_measures, p_attributes, p_is_reference)
    ON CONFLICT (dataset) DO UPDATE
        SET view_name = excluded.view_name, detail_fields = excluded.detail_fields, measures = excluded.measures,
            attributes = excluded.attributes, is_reference = excluded.is_reference;

    IF p_is_reference THEN
        columns := 'v.origin AS iso3';
        FOR ordinal IN 1 .. coalesce(array_length(p_attributes, 1), 0) LOOP
            columns := columns || format(', v.attributes[%s] AS %I', ordinal, p_attributes[ordinal]);
        END LOOP;
    ELSE
        columns := format('v.year, v.origin AS origin_iso, v.attributes[%s] AS origin_unhcr, v.attributes[%s] AS origin_name, '
                       || 'v.asylum AS asylum_iso, v.attributes[%s] AS asylum_unhcr, v.attributes[%s] AS asylum_name',
                          array_position(p_attributes, 'origin_unhcr'), array_position(p_attributes, 'origin_name'),
                          array_position(p_attributes, 'asylum_unhcr'), array_position(p_attributes, 'asylum_name'));
        FOR ordinal IN 1 .. coalesce(array_length(p_detail_fields, 1), 0) LOOP
            columns := columns || format(', v.detail[%s] AS %I', ordinal, p_detail_fields[ordinal]);
        END LOOP;
        FOR ordinal IN 1 .. coalesce(array_length(p_measures, 1), 0) LOOP
            columns := columns || format(', v.measures[%s] AS %I', ordinal, p_measures[ordinal]);
        END LOOP;
    END IF;
    columns := columns || ', v.valid_from AS snapshot_id';

    EXECUTE format(
        'CREATE OR REPLACE VIEW stats.%I AS SELECT %s FROM ingestion.versions v WHERE v.dataset = %L AND v.valid_to IS NULL',
        p_view, columns, p_dataset);
    EXECUTE format(
        'CREATE OR REPLACE FUNCTION stats.%I(snapshot_id bigint) RETURNS SETOF stats.%I '
        'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS %L',
        p_view || '_as_of', p_view,
        format('SELECT %s FROM ingestion.versions v WHERE v.dataset = %L AND v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1)',
               columns, p_dataset));
    EXECUTE format('COMMENT ON VIEW stats.%I IS %L', p_view, 'Current published rows of ' || p_dataset || ' (see docs/reading-the-data.md).');
    EXECUTE format('REVOKE ALL ON FUNCTION stats.%I(bigint) FROM PUBLIC', p_view || '_as_of');
    EXECUTE format('GRANT SELECT ON stats.%I TO ingestion_reader', p_view);
    EXECUTE format('GRANT EXECUTE ON FUNCTION stats.%I(bigint) TO ingestion_reader', p_view || '_as_of');
END
$procedure$;

REVOKE ALL ON PROCEDURE ingestion.define_dataset_views(text, text, text[], text[], text[], boolean) FROM PUBLIC;

CALL ingestion.define_dataset_views('unhcr.population', 'unhcr_population', '{}',
    '{refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.asylum_applications', 'unhcr_asylum_applications',
    '{procedure_type,app_type,dec_level,app_pc}', '{applied}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.asylum_decisions', 'unhcr_asylum_decisions',
    '{procedure_type,dec_level,dec_pc}', '{dec_recognized,dec_other,dec_rejected,dec_closed,dec_total}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.demographics', 'unhcr_demographics',
    '{pop_type,location,loc_type,acc_type}',
    '{f_0_4,f_5_11,f_12_17,f_18_59,f_60,f_other,f_total,m_0_4,m_5_11,m_12_17,m_18_59,m_60,m_other,m_total,total}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.solutions', 'unhcr_solutions', '{}',
    '{returned_refugees,resettlement,naturalisation,returned_idps}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.idmc', 'unhcr_idmc', '{}', '{total}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.unrwa', 'unhcr_unrwa', '{}', '{total}',
    '{origin_unhcr,origin_name,asylum_unhcr,asylum_name}', false);
CALL ingestion.define_dataset_views('unhcr.countries', 'countries', '{}', '{}',
    '{unhcr_code,iso2,name,name_long,major_area,region}', true);

-- One row per changed key and measure of each published snapshot. A key whose measures did not change
-- (only a name or code did, or it has no measures at all) gets one row with measure NULL, so counting
-- distinct keys per change always matches the snapshot's added / revised / removed counts.
CREATE VIEW stats.revisions AS
SELECT ch.dataset, ch.snapshot_id, ch.year, ch.origin_iso, ch.asylum_iso,
       jsonb_object(d.detail_fields, ch.detail) AS detail,
       m.measure, m.old_value, m.new_value, ch.change
FROM (
    SELECT n.dataset, n.valid_from AS snapshot_id, n.year, n.origin AS origin_iso, n.asylum AS asylum_iso, n.detail,
           o.measures AS old_measures, n.measures AS new_measures,
           CASE WHEN o.dataset IS NULL THEN 'added' ELSE 'revised' END AS change
    FROM ingestion.versions n
    LEFT JOIN ingestion.versions o
        ON o.dataset = n.dataset AND o.valid_to = n.valid_from
       AND o.year = n.year AND o.origin = n.origin AND o.asylum = n.asylum AND o.detail = n.detail
    UNION ALL
    SELECT o.dataset, o.valid_to, o.year, o.origin, o.asylum, o.detail, o.measures, NULL, 'removed'
    FROM ingestion.versions o
    WHERE o.valid_to IS NOT NULL
      AND NOT EXISTS (
          SELECT FROM ingestion.versions n
          WHERE n.dataset = o.dataset AND n.valid_from = o.valid_to
            AND n.year = o.year AND n.origin = o.origin AND n.asylum = o.asylum AND n.detail = o.detail)
) ch
JOIN ingestion.datasets d ON d.dataset = ch.dataset
CROSS JOIN LATERAL (
    SELECT d.measures[k.i] AS measure, ch.old_measures[k.i] AS old_value, ch.new_measures[k.i] AS new_value
    FROM generate_subscripts(d.measures, 1) AS k (i)
    WHERE ch.old_measures[k.i] IS DISTINCT FROM ch.new_measures[k.i]
    UNION ALL
    SELECT NULL, NULL, NULL
    WHERE NOT EXISTS (SELECT FROM generate_subscripts(d.measures, 1) AS j (i) WHERE ch.old_measures[j.i] IS DISTINCT FROM ch.new_measures[j.i])
) m;

COMMENT ON VIEW stats.revisions IS 'One row per changed key and measure of each published snapshot (see docs/reading-the-data.md).';

-- ingestion_reader: SELECT/EXECUTE on the contract and nothing else.
GRANT SELECT ON stats.revisions TO ingestion_reader;
GRANT USAGE ON SCHEMA ingestion TO ingestion_reader;
GRANT SELECT ON ingestion.snapshots, ingestion.runs TO ingestion_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA stats GRANT SELECT ON TABLES TO ingestion_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA stats GRANT EXECUTE ON FUNCTIONS TO ingestion_reader;
