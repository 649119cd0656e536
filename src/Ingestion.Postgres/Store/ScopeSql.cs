using Ingestion.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>The scope predicate every diff query shares: the dataset's current versions inside the run's years.</summary>
internal static class ScopeSql
{
    /// <summary>Filter on <c>ingestion.versions v</c>; binds @dataset, @year_from, @year_to.</summary>
    public const string CurrentInScope = """
        v.dataset = @dataset AND v.valid_to IS NULL AND (@year_from IS NULL OR v.year BETWEEN @year_from AND @year_to)
        """;

    public static void Bind(NpgsqlCommand command, DatasetDescriptor dataset, YearScope scope)
    {
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.Add(new NpgsqlParameter("year_from", NpgsqlDbType.Integer) { Value = (object?)scope.From ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("year_to", NpgsqlDbType.Integer) { Value = (object?)scope.To ?? DBNull.Value });
    }
}
