using System.Diagnostics;

namespace Ingestion.Benchmarks.EndToEnd;

/// <summary>Publishes the worker the way deploy/Dockerfile does (<c>dotnet publish -c Release</c>, framework-dependent).</summary>
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
}
