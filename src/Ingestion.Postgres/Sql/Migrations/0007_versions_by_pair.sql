-- As-of lookups by country pair: stats.<view>_as_of(id) is an inlinable SQL function, so a reader's
-- "WHERE origin = … AND asylum = …" becomes a condition on key[1] and key[2] of every version ever written,
-- not only the current ones (which versions_current_key serves). Every dataset with two country dimensions
-- declares them first (UNHCR origin_iso, asylum_iso; Eurostat citizen, geo); for the others the index is merely
-- a key-prefix index. Measured: one pair as of a past snapshot of the 12-million-row Eurostat release in
-- milliseconds instead of a scan of every version (docs/performance.md).
CREATE INDEX versions_by_pair ON ingestion.versions (dataset, (key[1]), (key[2]));
