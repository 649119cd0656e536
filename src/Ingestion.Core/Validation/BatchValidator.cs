using Ingestion.Core.Model;

namespace Ingestion.Core.Validation;

/// <summary>
/// Checks the rows of one batch as they stream past: no duplicate keys, no negative counts, years within
/// 1950..next year (reference data: year 0). <see cref="Complete"/> throws a <see cref="ValidationException"/>
/// naming every broken rule with examples. Memory: one key string per row (needed to find duplicates).
/// </summary>
public sealed class BatchValidator(DatasetDescriptor dataset, TimeProvider timeProvider)
{
    public const int FirstYear = 1950;
    private const int MaxExamples = 5;

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly int _lastYear = timeProvider.GetUtcNow().Year + 1;
    private readonly RuleExamples _duplicates = new("duplicate keys");
    private readonly RuleExamples _negatives = new("negative counts");
    private readonly RuleExamples _years = new($"years outside {FirstYear}..{timeProvider.GetUtcNow().Year + 1}");

    public long Rows { get; private set; }

    public void Add(StatRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Rows++;
        var key = row.KeyText;
        if (!_keys.Add(key))
        {
            _duplicates.Add(key);
        }

        if (dataset.HasYear ? row.Year < FirstYear || row.Year > _lastYear : row.Year != 0)
        {
            _years.Add($"{key} has year {row.Year}");
        }

        for (var i = 0; i < row.Measures.Length; i++)
        {
            if (row.Measures[i] < 0)
            {
                _negatives.Add($"{key} {dataset.Measures[i]}={row.Measures[i]}");
            }
        }
    }

    /// <summary>Throws when any rule was broken; the message lists each rule with its count and up to five examples.</summary>
    public void Complete()
    {
        var broken = new[] { _duplicates, _negatives, _years }.Where(r => r.Count > 0).ToList();
        if (broken.Count > 0)
        {
            throw new ValidationException(
                dataset.Name,
                string.Join(", ", broken.Select(r => $"{r.Count} {r.Rule}")),
                [.. broken.SelectMany(r => r.Examples.Take(Math.Max(1, MaxExamples / broken.Count)))]);
        }
    }

    private sealed class RuleExamples(string rule)
    {
        public string Rule { get; } = rule;

        public long Count { get; private set; }

        public List<string> Examples { get; } = [];

        public void Add(string example)
        {
            Count++;
            if (Examples.Count < MaxExamples)
            {
                Examples.Add(example);
            }
        }
    }
}
