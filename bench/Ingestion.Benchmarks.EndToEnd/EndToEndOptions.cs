using System.Globalization;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>
/// Command line. Without <c>--app</c> the worker is published from this checkout; each <c>--app label=folder</c>
/// is an already published worker (a folder holding the native <c>ingestion</c>, or <c>ingestion.dll</c> for a build from before Native AOT), so variants are compared in one run.
/// <c>--startup-only</c> times only <c>datasets</c> on a migrated database: cheap, so many repetitions fit, for
/// decisions about cold start.
/// </summary>
internal sealed record EndToEndOptions(
    int Repetitions, bool Paced, bool StartupOnly, string? ConnectionString, string DataFolder, IReadOnlyList<(string Label, string Folder)> Apps)
{
    public const string Usage =
        "usage: [--repetitions N (>= 1)] [--paced | --startup-only] [--connection <superuser connection string>] [--app label=<published folder>]... [--data <shared data folder>]";

    public static EndToEndOptions? Parse(string[] args)
    {
        var repetitions = 5;
        var paced = false;
        var startupOnly = false;
        string? connection = null;
        var data = Path.Combine(RepositoryRoot(), "..", "shared", "data");
        var apps = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--paced":
                    paced = true;
                    continue;
                case "--startup-only":
                    startupOnly = true;
                    continue;
                case "--repetitions" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 1:
                    repetitions = n;
                    break;
                case "--connection" when value is not null:
                    connection = value;
                    break;
                case "--data" when value is not null:
                    data = value;
                    break;
                case "--app" when value?.Split('=', 2) is [var label, var folder] && label.Length > 0:
                    apps.Add((label, Path.GetFullPath(folder)));
                    break;
                default:
                    return null;
            }

            i++;
        }

        return new EndToEndOptions(repetitions, paced, startupOnly, connection, Path.GetFullPath(data), apps);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ingestion.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
