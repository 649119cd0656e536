namespace Ingestion.Postgres.Local;

/// <summary>
/// initdb and postgres refuse to run as root. When we are root, the server runs as an unprivileged
/// system user (the Debian package's <c>postgres</c>, else <c>nobody</c>) through <c>runuser</c>.
/// </summary>
internal static class OsUser
{
    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>The user the server runs as when we are root; null when we can run it ourselves.</summary>
    public static string? ServerUser => IsRoot ? (UserExists("postgres") ? "postgres" : "nobody") : null;

    private static bool UserExists(string name) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));
}
