using System.Globalization;
using Ingestion.Core.Diagnostics;
using Ingestion.Core.Runs;
using Ingestion.Worker.Cli.Output;

namespace Ingestion.Worker.StatusPage;

/// <summary>How values read on the pages: numbers with thousands separators, times in UTC, ages in words, status badges.</summary>
public static class Display
{
    public static string Number(long? value) => value is { } v ? Format.Number(v) : "–";

    public static string SignedNumber(long value) => (value > 0 ? "+" : "") + Format.Number(value);

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "–";

    /// <summary>"3 d 4 h ago", "45 min ago", "just now"; "never" without a time.</summary>
    public static string Age(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "never";
        }

        var age = now - t;
        return age switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)age.TotalHours} h {age.Minutes} min ago",
            { TotalDays: < 60 } => $"{(int)age.TotalDays} d {age.Hours} h ago",
            _ => $"{(int)age.TotalDays} days ago",
        };
    }

    /// <summary>A status badge; its CSS class (<c>badge-failed</c>, …) gives the colour and <c>data-status</c> the value.</summary>
    public static Html Badge(string status) =>
        new HtmlWriter().Write($"<span class=\"badge badge-{status}\" data-status=\"{status}\">{status}</span>").ToHtml();

    public static Html Badge(RunStatus status) => Badge(Format.Lower(status));

    public static Html Badge(FreshnessState freshness) => Badge(Format.Lower(freshness));

    /// <summary>The first line of an error, cut to <paramref name="max"/> characters; the whole text stays in the title.</summary>
    public static string OneLine(string? error, int max = 140)
    {
        if (string.IsNullOrEmpty(error))
        {
            return "";
        }

        var line = ErrorText.FirstLine(error);
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    public static string Years(int? from, int? to) => (from, to) switch
    {
        (null, null) => "all",
        ({ } f, { } t) when f == t => f.ToString(CultureInfo.InvariantCulture),
        _ => $"{from?.ToString(CultureInfo.InvariantCulture) ?? "…"}–{to?.ToString(CultureInfo.InvariantCulture) ?? "…"}",
    };

    public static string Period(int period) => period > 9999
        ? $"{period / 100:D4}-{period % 100:D2}"
        : period.ToString(CultureInfo.InvariantCulture);
}
