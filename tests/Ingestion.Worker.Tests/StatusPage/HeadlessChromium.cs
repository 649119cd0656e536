using System.Diagnostics;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ingestion.Testing;

namespace Ingestion.Worker.Tests.StatusPage;

/// <summary>
/// Debian's <c>chromium</c>, headless, one process per page: <c>--dump-dom</c> for the DOM it rendered, <c>--screenshot</c>
/// for a PNG. Each call gets a fresh profile, so no state leaks between pages. Without chromium on PATH the test skips,
/// or fails where INGESTION_REQUIRE_SHARED_DATA=1 (CI), as <see cref="SharedData"/> does for missing data.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly Lazy<string?> Executable = new(() => FindOnPath("chromium") ?? FindOnPath("chromium-browser"));

    /// <summary>The rendered DOM of <paramref name="url"/>, parsed for CSS-selector asserts.</summary>
    public static async Task<IDocument> RenderAsync(Uri url, CancellationToken cancellationToken)
    {
        var html = await RunAsync(["--dump-dom", url.AbsoluteUri], cancellationToken);
        Assert.Contains("</html>", html, StringComparison.Ordinal);
        return await new HtmlParser().ParseDocumentAsync(html, cancellationToken);
    }

    /// <summary>A 1280-pixel-wide screenshot of <paramref name="url"/> at <paramref name="path"/> (a PNG).</summary>
    public static async Task ScreenshotAsync(Uri url, string path, int height, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        await RunAsync([$"--screenshot={path}", $"--window-size=1280,{height}", "--hide-scrollbars", url.AbsoluteUri], cancellationToken);
        Assert.True(new FileInfo(path).Length > 10_000, $"chromium wrote no real screenshot at {path}");
    }

    private static string Require()
    {
        if (Executable.Value is { } path)
        {
            return path;
        }

        const string reason = "Debian's chromium is not installed (apt-get install -y chromium); the status page tests need a real browser.";
        if (SharedData.IsRequired)
        {
            throw new InvalidOperationException(reason + " INGESTION_REQUIRE_SHARED_DATA=1 makes this a failure.");
        }

        Assert.Skip(reason);
        return null!; // unreachable: Assert.Skip throws
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("ingestion-chromium-");
        try
        {
            var start = new ProcessStartInfo(Require())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // As root chromium needs --no-sandbox; the rest keeps it from reaching out (updates, sync, QUIC probes).
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                $"--user-data-dir={profile.FullName}", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
