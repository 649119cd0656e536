using Npgsql;

namespace Ingestion.Postgres.Store;

/// <summary>
/// A statement whose work grows with the release (the diff, applying it, parking it, counting a scope): no command
/// timeout. Npgsql's default of 30 s is a guard for interactive queries; the 12-million-row Eurostat release needs
/// longer than that to insert its versions, and a run is bounded by its cancellation (shutdown, a stopped process)
/// instead. Everything else keeps the default.
/// </summary>
internal static class BulkCommand
{
    public static NpgsqlCommand Create(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = 0 };
}
