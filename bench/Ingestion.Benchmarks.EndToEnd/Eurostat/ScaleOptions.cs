using System.Globalization;
using Ingestion.Testing.FakeEurostat;

namespace Ingestion.Benchmarks.EndToEnd.Eurostat;

/// <summary>
/// Command line of <c>eurostat-scale</c>: how many of the full-size release's years to ingest (the last N of
/// 2008–2025; 18 is the whole ≈ 12-million-observation release), whether to stop after the first publish (a quicker
/// check of the slowest scenario) and, optionally, a server of one's own.
/// </summary>
internal sealed record ScaleOptions(int Years, bool FirstPublishOnly, string? ConnectionString)
{
    public const string Usage = "usage: eurostat-scale [--years N (1-18, default 18)] [--first-publish-only] [--connection <superuser connection string>]";

    public int FirstYear => EurostatFullSize.LastYear - Years + 1;

    public static ScaleOptions? Parse(string[] args)
    {
        var years = EurostatFullSize.LastYear - EurostatFullSize.FirstYear + 1;
        string? connection = null;
        var firstPublishOnly = false;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--first-publish-only":
                    firstPublishOnly = true;
                    i--; // a flag: no value follows
                    break;
                case "--years" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 18:
                    years = n;
                    break;
                case "--connection" when value is not null:
                    connection = value;
                    break;
                default:
                    return null;
            }
        }

        return new ScaleOptions(years, firstPublishOnly, connection);
    }
}
