namespace Ingestion.Postgres.Store;

/// <summary>A row as it is staged: measures and attributes as JSON objects and the SHA-256 of the whole row.</summary>
internal readonly record struct EncodedRow(string MeasuresJson, string AttributesJson, byte[] RowHash);
