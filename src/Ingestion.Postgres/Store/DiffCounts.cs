namespace Ingestion.Postgres.Store;

/// <summary>Keys added, revised and removed by a diff.</summary>
internal sealed record DiffCounts(long Added, long Revised, long Removed)
{
    public bool IsEmpty => Added == 0 && Revised == 0 && Removed == 0;
}
