namespace Ingestion.Postgres.Migrations;

/// <summary>One numbered, forward-only migration script embedded in this assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
