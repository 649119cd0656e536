namespace Ingestion.Core.Publishing;

/// <summary>Keys added, revised and removed by a diff.</summary>
public sealed record DiffCounts(long Added, long Revised, long Removed)
{
    public static DiffCounts None { get; } = new(0, 0, 0);

    public bool IsEmpty => Added == 0 && Revised == 0 && Removed == 0;
}
