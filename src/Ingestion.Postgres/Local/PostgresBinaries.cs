namespace Ingestion.Postgres.Local;

/// <summary>Finds the machine's own PostgreSQL server binaries (initdb, pg_ctl): on PATH, else the newest /usr/lib/postgresql/*/bin.</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl"];

    public static string? TryFind()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasAll(dir))
            {
                return dir;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
            .Where(c => HasAll(c.Bin))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    public static string Find() => TryFind() ?? throw new InvalidOperationException(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin; " +
        "install PostgreSQL or set ConnectionStrings__Ingestion.");

    private static bool HasAll(string dir) => Required.All(name => File.Exists(Path.Combine(dir, name)));
}
