using System.Globalization;

namespace Ingestion.Testing.FakeEurostat;

/// <summary>
/// <c>migr_asyappctza</c> at its real size (about 12.1 million observations: every citizen × geo × sex × age ×
/// applicant type × 2008–2025), computed from the key instead of stored: counting a request multiplies the number
/// of codes selected per dimension, and serving one generates its rows one at a time, so memory stays flat however
/// much is asked. Values are deterministic: a multiple of 5 from a stable hash of key and period, 5 % not available
/// (a tenth of those confidential, CONF_STATUS <c>C</c>), 1 % flagged <c>p</c> and 1 % <c>d</c>.
/// <para>
/// Releases: release 0 is the base. In release r, each observation is revised with probability
/// <see cref="RevisedPercent"/> % (chosen by hash, independently per release) to base + 5·r; it keeps the value of
/// the latest release that revised it. So <see cref="Next"/> changes about that share of the values and nothing else.
/// </para>
/// </summary>
public sealed class EurostatFullSize : IEurostatFlow
{
    public const int FirstYear = 2008;
    public const int LastYear = 2025;

    /// <summary>The citizen aggregates added to the real citizenships (UNK is already one of them).</summary>
    public static readonly IReadOnlyList<string> CitizenAggregates = ["TOTAL", "EU28", "EXT_EU28", "UNK"];

    public static readonly IReadOnlyList<string> Sexes = ["T", "M", "F", "UNK"];

    public static readonly IReadOnlyList<string> Ages = ["TOTAL", "Y_LT14", "Y14-17", "Y_LT18", "Y18-34", "Y35-64", "Y_GE65", "UNK"];

    public static readonly IReadOnlyList<string> ApplicantTypes = ["TOTAL", "FRST", "SSEQ"];

    private static readonly string[] Years = [.. Enumerable.Range(FirstYear, LastYear - FirstYear + 1).Select(y => y.ToString(CultureInfo.InvariantCulture))];

    private readonly string[][] _codes;
    private readonly EurostatLabels _labels;

    /// <param name="citizens">Citizen codes (aggregates included); served sorted and distinct.</param>
    /// <param name="geos">Reporting countries and aggregates; served sorted and distinct.</param>
    public EurostatFullSize(
        IEnumerable<string> citizens, IEnumerable<string> geos, DateTimeOffset lastUpdate, int release = 0, double revisedPercent = 1, EurostatLabels? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(release);
        ArgumentOutOfRangeException.ThrowIfNegative(revisedPercent);
        LastUpdate = lastUpdate;
        Release = release;
        RevisedPercent = revisedPercent;
        _labels = labels ?? EurostatLabels.Common;
        // Dimension order of EurostatFlowDefinition.Applicants: freq, unit, citizen, sex, applicant, age, geo.
        _codes = [["A"], ["PER"], Sorted(citizens), Sorted(Sexes), Sorted(ApplicantTypes), Sorted(Ages), Sorted(geos)];
        TotalCount = _codes.Aggregate((long)Years.Length, (product, codes) => product * codes.Length);
    }

    /// <summary>The real 204 citizenships and 34 geo codes of <see cref="EurostatRealData.Applicants"/>, plus the citizen aggregates.</summary>
    public static EurostatFullSize FromRealCodes(DateTimeOffset lastUpdate, int release = 0, double revisedPercent = 1)
    {
        var real = EurostatRealData.Applicants;
        var citizen = EurostatFlowDefinition.Applicants.PositionOf("citizen");
        var geo = EurostatFlowDefinition.Applicants.PositionOf("geo");
        return new EurostatFullSize(
            real.Codes(citizen).Concat(CitizenAggregates), real.Codes(geo), lastUpdate, release, revisedPercent, real.Labels);
    }

    public EurostatFlowDefinition Definition => EurostatFlowDefinition.Applicants;

    public DateTimeOffset LastUpdate { get; }

    /// <summary>0 for the base values; each later release revises <see cref="RevisedPercent"/> % of them.</summary>
    public int Release { get; }

    public double RevisedPercent { get; }

    public long TotalCount { get; }

    public string? FirstPeriod => Years[0];

    public string? LastPeriod => Years[^1];

    /// <summary>The following release, under a new LAST UPDATE.</summary>
    public EurostatFullSize Next(DateTimeOffset lastUpdate) =>
        new(_codes[2], _codes[6], lastUpdate, Release + 1, RevisedPercent, _labels);

    public IReadOnlyList<string> Codes(int position) => _codes[position];

    public string Label(int position, string code) => _labels.Name(Definition.Dimensions[position], code);

    public long Count(EurostatQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        long count = Years.Count(query.MatchesPeriod);
        for (var i = 0; i < _codes.Length && count > 0; i++)
        {
            count *= query.Selected(i) is { } selected ? _codes[i].Count(selected.Contains) : _codes[i].Length;
        }

        return count;
    }

    public IEnumerable<EurostatObservation> Matching(EurostatQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var years = Years.Where(query.MatchesPeriod).ToArray();
        var codes = _codes.Select((all, i) => query.Selected(i) is { } selected ? [.. all.Where(selected.Contains)] : all).ToArray();
        if (years.Length == 0 || codes.Any(c => c.Length == 0))
        {
            yield break;
        }

        // An odometer over the selected codes, last dimension fastest: series in key order, then their years.
        var digits = new int[codes.Length];
        while (true)
        {
            var key = new string[codes.Length];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = codes[i][digits[i]];
            }

            foreach (var year in years)
            {
                yield return Observation(key, year);
            }

            var position = codes.Length - 1;
            while (position >= 0 && ++digits[position] == codes[position].Length)
            {
                digits[position--] = 0;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>The observation this release serves for a key (dimension order) and year, whether or not it is in the code lists.</summary>
    public EurostatObservation Observation(string[] key, string timePeriod)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = StableHash.Of(key, timePeriod, 0);
        var flag = ((hash >> 24) % 100) switch
        {
            0 => "p",
            1 => "d",
            _ => null,
        };
        if (hash % 20 == 0)
        {
            return new EurostatObservation(key, timePeriod, null, flag, (hash >> 40) % 10 == 0 ? "C" : null);
        }

        var value = 5 * (long)((hash >> 8) % 400);
        for (var release = Release; release > 0; release--)
        {
            if (StableHash.Of(key, timePeriod, release) % 10_000 < RevisedPercent * 100)
            {
                value += 5L * release;
                break;
            }
        }

        return new EurostatObservation(key, timePeriod, value, flag);
    }

    private static string[] Sorted(IEnumerable<string> codes) => [.. codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
