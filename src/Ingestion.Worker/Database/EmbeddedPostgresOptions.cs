namespace Ingestion.Worker.Database;

/// <summary>The Development-only embedded server. Section <c>Ingestion:Postgres</c>.</summary>
public sealed class EmbeddedPostgresOptions
{
    public const string Section = "Ingestion:Postgres";

    /// <summary>Folder (relative to the working directory) holding the embedded cluster; it survives restarts.</summary>
    public string EmbeddedFolder { get; set; } = ".ingestion";
}
