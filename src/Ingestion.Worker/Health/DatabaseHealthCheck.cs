using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Ingestion.Worker.Health;

/// <summary>Ready only when the ingestion database answers a query.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("The database answers.");
    }
}
