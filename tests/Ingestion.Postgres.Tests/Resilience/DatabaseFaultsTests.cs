using System.Net.Sockets;
using Ingestion.Postgres.Resilience;
using Npgsql;

namespace Ingestion.Postgres.Tests.Resilience;

public sealed class DatabaseFaultsTests
{
    [Theory]
    [InlineData("57P01")] // admin shutdown: pg_ctl restart -m fast, a failover
    [InlineData("57P02")]
    [InlineData("57P03")] // cannot connect now: starting up
    [InlineData("53300")] // too many connections
    [InlineData("40001")] // serialization failure
    [InlineData("40P01")] // deadlock
    [InlineData("08006")] // connection failure
    [InlineData("08001")]
    public void IsTransient_ServerStateWorthWaitingOut_True(string sqlState) =>
        Assert.True(DatabaseFaults.IsTransient(new PostgresException("m", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("23505")] // unique violation
    [InlineData("42P01")] // undefined table
    [InlineData("42501")] // insufficient privilege
    public void IsTransient_PermanentError_False(string sqlState) =>
        Assert.False(DatabaseFaults.IsTransient(new PostgresException("m", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void IsTransient_ConnectionRefusedOrBrokenPipe_True()
    {
        Assert.True(DatabaseFaults.IsTransient(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseFaults.IsTransient(new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"))));
    }

    [Fact]
    public void IsTransient_HttpFailureOrOtherException_False()
    {
        // The source's own failures (after its HTTP retries) must not make a run retry the database.
        Assert.False(DatabaseFaults.IsTransient(new HttpRequestException("reset", new IOException("reset"))));
        Assert.False(DatabaseFaults.IsTransient(new IOException("truncated body")));
        Assert.False(DatabaseFaults.IsTransient(new InvalidOperationException("x")));
    }
}
