using System.Net.Sockets;
using Npgsql;

namespace Ingestion.Postgres.Resilience;

/// <summary>
/// Which database errors are worth waiting out: the connection was lost or refused, the server is shutting down or
/// starting (57P01, 57P02, 57P03), out of connections (53300), or the transaction was rolled back by a conflict
/// (40001, 40P01). Everything else (a constraint, a syntax error, a permission) fails at once.
/// </summary>
public static class DatabaseFaults
{
    private static readonly HashSet<string> TransientStates = ["57P01", "57P02", "57P03", "53300", "40001", "40P01"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => TransientStates.Contains(postgres.SqlState)
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.IsTransient,
        // Npgsql's own verdict for a non-server error: an I/O, socket or timeout failure underneath.
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException => true,
        DatabaseStateNotSettledException => true,
        _ => false,
    };
}
