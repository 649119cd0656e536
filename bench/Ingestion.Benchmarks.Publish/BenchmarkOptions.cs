using System.Globalization;

namespace Ingestion.Benchmarks.Publish;

/// <summary>Command line: repetitions, an optional superuser connection string, an optional shared data folder.</summary>
internal sealed record BenchmarkOptions(int Repetitions, string? ConnectionString, string DataFolder)
{
    public static BenchmarkOptions? Parse(string[] args)
    {
        var repetitions = 5;
        string? connection = null;
        var data = Path.Combine(RepositoryRoot(), "..", "shared", "data");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--repetitions" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 1:
                    repetitions = n;
                    break;
                case "--connection":
                    connection = args[i + 1];
                    break;
                case "--data":
                    data = args[i + 1];
                    break;
                default:
                    return null;
            }
        }

        return args.Length % 2 == 0 ? new BenchmarkOptions(repetitions, connection, Path.GetFullPath(data)) : null;
    }

    private static string RepositoryRoot()
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
