using Xunit;

namespace Ingestion.Testing;

/// <summary>
/// Locates the real UNHCR data in <c>../shared/data</c> (beside the repository root). A test that needs it
/// skips with the reason when the folder is absent, and fails instead when INGESTION_REQUIRE_SHARED_DATA=1 (CI).
/// INGESTION_SHARED_DATA names the folder instead, for a host with no repository around it (the fake APIs' container).
/// </summary>
public static class SharedData
{
    public const string RootVariable = "INGESTION_SHARED_DATA";

    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    public static bool IsRequired =>
        Environment.GetEnvironmentVariable("INGESTION_REQUIRE_SHARED_DATA") == "1";

    /// <summary>The absolute path of a file or folder under <c>../shared/data</c>, or a skip/failure when it is missing.</summary>
    public static string File(params string[] relative)
    {
        var root = LazyRoot.Value;
        var path = root is null ? null : Path.Combine([root, .. relative]);
        if (path is not null && (System.IO.File.Exists(path) || Directory.Exists(path)))
        {
            return path;
        }

        var reason = $"Shared data '{string.Join('/', relative)}' not found under ../shared/data (repository root: {RepositoryRoot ?? "unknown"}).";
        if (IsRequired)
        {
            throw new InvalidOperationException(reason + " INGESTION_REQUIRE_SHARED_DATA=1 makes this a failure.");
        }

        Assert.Skip(reason);
        return null!; // unreachable: Assert.Skip throws
    }

    /// <summary>The folder holding Ingestion.sln, found by walking up from the test binaries.</summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (RepositoryRoot is null)
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Ingestion.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
