using System.Diagnostics;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>Publishes the worker the way deploy/Dockerfile does (<c>dotnet publish -c Release</c>: the natively compiled <c>ingestion</c>).</summary>
internal static class WorkerPublish
{
    public static async Task<string> PublishAsync(string repositoryRoot, string output, CancellationToken cancellationToken)
    {
        var project = Path.Combine(repositoryRoot, "src", "Ingestion.Worker", "Ingestion.Worker.csproj");
        Console.WriteLine($"publishing {Path.GetRelativePath(repositoryRoot, project)} (Release) …");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "--configuration", "Release", "--output", output, "-nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }

        return output;
    }

    /// <summary>
    /// How to start the worker published in <paramref name="folder"/>: the native executable, or for a build from
    /// before Native AOT (compared with <c>--app</c>) <c>dotnet ingestion.dll</c>, as its image ran it.
    /// </summary>
    public static (string FileName, string[] Arguments) Command(string folder, params string[] verb)
    {
        var dll = Path.Combine(folder, "ingestion.dll");
        return File.Exists(dll) ? ("dotnet", [dll, .. verb]) : (Path.Combine(folder, "ingestion"), verb);
    }
}
