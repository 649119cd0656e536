namespace Ingestion.Postgres.Store;

/// <summary>The columns a version has beyond a staged row: its dataset and the snapshot that opens it.</summary>
internal sealed record VersionColumns(string Dataset, long ValidFrom);
