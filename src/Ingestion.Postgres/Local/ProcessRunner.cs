using System.Diagnostics;

namespace Ingestion.Postgres.Local;

/// <summary>Runs a PostgreSQL tool to completion, as the server user when we are root, and fails with its output.</summary>
internal static class ProcessRunner
{
    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var user = OsUser.ServerUser;
        if (user is null)
        {
            info.FileName = executable;
        }
        else
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(user);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await stdout) + (await stderr);
        if (process.ExitCode != 0)
        {
            var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            throw new InvalidOperationException($"{Path.GetFileName(executable)} exited with {process.ExitCode}: {lastLine}");
        }

        return output;
    }

    /// <summary>Gives the server user ownership of a folder we created (only when we are root).</summary>
    public static async Task ChownToServerUserAsync(string path, CancellationToken cancellationToken)
    {
        var user = OsUser.ServerUser;
        if (user is null)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("chown", ["-R", $"{user}:", path]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start chown.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {user} {path} failed with exit code {process.ExitCode}.");
        }
    }
}
