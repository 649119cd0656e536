using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ingestion.Worker.Metrics;

/// <summary>
/// Sets <c>ingestion_last_publish_timestamp_seconds</c> and <c>ingestion_seconds_since_last_publish</c> at scrape
/// time from the latest <c>published_at</c> of each dataset's published snapshots. A dataset never published
/// reads 0 and NaN: a series is there from the first scrape, and "never" cannot pass for "just now" in an
/// alert (NaN compares false). While the database cannot be read, the last publish times read stay, and the
/// age keeps growing from them: nothing can publish meanwhile.
/// </summary>
public sealed class LastPublishGauge(IngestionMetrics metrics, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<LastPublishGauge> logger)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    private volatile IReadOnlyDictionary<string, DateTimeOffset> _latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, DateTimeOffset> latest = await ReadLatestPublishAsync(cancellationToken) ?? _latest;
        _latest = latest;
        var now = clock.GetUtcNow();
        foreach (var dataset in metrics.Datasets)
        {
            if (latest.TryGetValue(dataset, out var publishedAt))
            {
                metrics.LastPublishTimestamp.WithLabels(dataset).Set(publishedAt.ToUnixTimeMilliseconds() / 1000.0);
                metrics.LastPublish.WithLabels(dataset).Set((now - publishedAt).TotalSeconds);
            }
            else
            {
                metrics.LastPublishTimestamp.WithLabels(dataset).Set(0);
                metrics.LastPublish.WithLabels(dataset).Set(double.NaN);
            }
        }
    }

    private async Task<Dictionary<string, DateTimeOffset>?> ReadLatestPublishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("""
                SELECT dataset, max(published_at)
                FROM ingestion.snapshots
                WHERE status = 'published' AND published_at IS NOT NULL
                GROUP BY dataset
                """);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            while (await reader.ReadAsync(timeout.Token))
            {
                latest[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }

            return latest;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal); // not migrated that far yet: nothing published
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException
            || (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(e, "Could not read the latest publish times; {Metric} keeps the times last read", "ingestion_last_publish_timestamp_seconds");
            return null;
        }
    }
}
