using Ingestion.Core.Model;

namespace Ingestion.Worker.Runs;

/// <summary>Splits a year range into consecutive chunks of at most N years.</summary>
public static class BackfillChunks
{
    public static IReadOnlyList<YearScope> Split(int from, int to, int chunkYears)
    {
        if (from > to)
        {
            throw new ArgumentException($"--from {from} is after --to {to}.");
        }

        if (chunkYears < 1)
        {
            throw new ArgumentException($"--chunk must be at least 1, was {chunkYears}.");
        }

        var chunks = new List<YearScope>();
        for (var start = from; start <= to; start += chunkYears)
        {
            chunks.Add(YearScope.Between(start, Math.Min(to, start + chunkYears - 1)));
        }

        return chunks;
    }
}
