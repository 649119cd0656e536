using Ingestion.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Postgres.Store;

/// <summary>The scope predicate every diff query shares: the dataset's current versions inside the run's years.</summary>
internal static class ScopeSql
{
    /// <summary>Filter on <c>ingestion.versions v</c>; binds @dataset, @period_from, @period_to.</summary>
    public const string CurrentInScope = """
        v.dataset = @dataset AND v.valid_to IS NULL AND (@period_from IS NULL OR v.period BETWEEN @period_from AND @period_to)
        """;

    public static void Bind(NpgsqlCommand command, DatasetDescriptor dataset, YearScope scope)
    {
        var (from, to) = PeriodBounds(dataset, scope);
        command.Parameters.AddWithValue("dataset", dataset.Name);
        command.Parameters.Add(new NpgsqlParameter("period_from", NpgsqlDbType.Integer) { Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("period_to", NpgsqlDbType.Integer) { Value = (object?)to ?? DBNull.Value });
    }

    /// <summary>The stored periods a year scope covers (yyyy, or yyyy01..yyyy12 for monthly data); none for all years.</summary>
    private static (int? From, int? To) PeriodBounds(DatasetDescriptor dataset, YearScope scope) =>
        scope.IsAll || !dataset.HasPeriod ? (null, null)
        : dataset.Period == PeriodKind.YearMonth ? (scope.From * 100 + 1, scope.To * 100 + 12)
        : (scope.From, scope.To);
}
