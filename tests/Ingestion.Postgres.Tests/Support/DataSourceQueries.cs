using Ingestion.Testing.Postgres;
using Npgsql;

namespace Ingestion.Postgres.Tests.Support;

/// <summary>Small query helpers for assertions.</summary>
internal static class DataSourceQueries
{
    public static async Task<T> ScalarAsync<T>(this NpgsqlDataSource dataSource, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Every row of a query as text cells joined with '|', optionally run as ingestion_reader.</summary>
    public static async Task<List<string>> RowsAsync(this NpgsqlDataSource dataSource, string sql, bool asReader = false)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (asReader)
        {
            await using var role = new NpgsqlCommand("SET LOCAL ROLE ingestion_reader", connection, transaction);
            await role.ExecuteNonQueryAsync(ct);
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await RowText.ReadAllAsync(reader, ct);
    }
}
