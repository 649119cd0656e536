using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Ingestion.Postgres.Local;

/// <summary>
/// A PostgreSQL server started from the machine's own binaries in a folder of ours:
/// <c>{folder}/pgdata</c> (the cluster), <c>{folder}/password</c> (the superuser's), <c>{folder}/server.log</c>.
/// It listens on 127.0.0.1 only, on a free port, with password authentication and no Unix socket.
/// A server already running on the folder (left by a killed process) is reused.
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    public const string SuperUser = "ingestion";

    private readonly string _binaries;
    private readonly bool _throwaway;
    private readonly string? _settings;

    private LocalPostgresServer(string binaries, string folder, int port, string password, bool reused, bool throwaway, string? settings = null)
    {
        _binaries = binaries;
        _settings = settings;
        _throwaway = throwaway;
        Folder = folder;
        Port = port;
        Reused = reused;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>True when the server was already running on this folder and we attached to it.</summary>
    public bool Reused { get; }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(Folder, "pgdata");

    /// <param name="folder">Where the cluster lives; created and initialized when absent.</param>
    /// <param name="throwaway">Tuned for tests (no fsync) and deleted on dispose.</param>
    public static async Task<LocalPostgresServer> StartAsync(string folder, bool throwaway, CancellationToken cancellationToken)
    {
        var binaries = PostgresBinaries.Find();
        folder = await UsableFolder.ResolveAsync(Path.GetFullPath(folder), cancellationToken);
        var dataDirectory = Path.Combine(folder, "pgdata");
        var passwordFile = Path.Combine(folder, "password");

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(binaries, folder, dataDirectory, passwordFile, cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        var runningPort = RunningPort(dataDirectory);
        if (runningPort is not null)
        {
            return new LocalPostgresServer(binaries, folder, runningPort.Value, password, reused: true, throwaway);
        }

        var port = FreePort();
        var settings = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' -c max_connections=200"
            + (throwaway ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        await ProcessRunner.RunAsync(
            Path.Combine(binaries, "pg_ctl"),
            ["-D", dataDirectory, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o", settings, "start"],
            cancellationToken);
        return new LocalPostgresServer(binaries, folder, port, password, reused: false, throwaway, settings);
    }

    /// <summary>
    /// Restarts the server as an operator does (<c>pg_ctl restart -m fast</c>): every session is terminated (57P01)
    /// and open transactions roll back; the port stays.
    /// </summary>
    public Task RestartAsync(CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            // With its log file: a server started without one writes to pg_ctl's output, which would then never end.
            ["-D", DataDirectory, "-l", Path.Combine(Folder, "server.log"), "-m", "fast", "-w", "-t", "60", "restart"],
            cancellationToken);

    /// <summary>Stops the server, keeping its cluster, until <see cref="ResumeAsync"/>: a database that is gone for a while.</summary>
    public Task PauseAsync(CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);

    /// <summary>Starts a server this instance started and <see cref="PauseAsync"/> stopped, on the same port.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60",
             "-o", _settings ?? throw new InvalidOperationException("A server this process attached to (not started) cannot be resumed."), "start"],
            cancellationToken);

    public async Task StopAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await ProcessRunner.RunAsync(
                Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        }

        if (_throwaway)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task InitializeAsync(string binaries, string folder, string dataDirectory, string passwordFile, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        if (Directory.Exists(dataDirectory))
        {
            // A half-initialized cluster from an interrupted initdb: start over.
            Directory.Delete(dataDirectory, recursive: true);
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await ProcessRunner.ChownToServerUserAsync(folder, cancellationToken);
        await ProcessRunner.RunAsync(
            Path.Combine(binaries, "initdb"),
            ["-D", dataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C"],
            cancellationToken);
    }

    /// <summary>The port of a live server on this data directory, from line 4 of postmaster.pid.</summary>
    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4
            || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid)
            || !Directory.Exists($"/proc/{pid}")
            || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
        {
            return null; // stale: pg_ctl start cleans it up
        }

        return port;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
