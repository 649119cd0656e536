using Ingestion.Core.Model;

namespace Ingestion.Core.Validation;

/// <summary>
/// Checks the rows of one batch as they stream past: shape (one value per declared field, no missing key value),
/// period inside the run's scope and within 1950..next year (reference data: period 0), no negative counts, and no
/// duplicate keys. <see cref="Complete"/> throws a <see cref="ValidationException"/> naming every broken rule with
/// examples. Duplicates are tracked per year by a 16-byte key hash, so memory follows the largest year, not the
/// dataset; sources therefore yield a year's rows together, and a year that comes back later is itself an error.
/// </summary>
public sealed class BatchValidator(DatasetDescriptor dataset, YearScope scope, TimeProvider timeProvider)
{
    public const int FirstYear = 1950;
    private const int MaxExamples = 5;

    private readonly HashSet<UInt128> _keysOfYear = [];
    private readonly HashSet<int> _finishedYears = [];
    private readonly int _lastYear = timeProvider.GetUtcNow().Year + 1;
    private readonly RuleExamples _shape = new("rows not matching the dataset's fields");
    private readonly RuleExamples _duplicates = new("duplicate keys");
    private readonly RuleExamples _negatives = new("negative counts");
    private readonly RuleExamples _years = new($"periods outside {FirstYear}..{timeProvider.GetUtcNow().Year + 1}");
    private readonly RuleExamples _scope = new($"rows outside the run's scope ({scope})");
    private readonly RuleExamples _order = new("years that came back after other years (a source must yield a year's rows together)");
    private int? _currentYear;

    public long Rows { get; private set; }

    /// <summary>Checks one row; returns false when it is unusable (its shape is wrong), so nothing downstream sees it.</summary>
    public bool Add(StatRow row, UInt128 keyHash)
    {
        ArgumentNullException.ThrowIfNull(row);
        Rows++;
        if (ShapeProblem(row) is { } problem)
        {
            _shape.Add($"{row.KeyText}: {problem}");
            return false;
        }

        var year = dataset.YearOf(row.Period);
        CheckPeriod(row, year);
        if (year != _currentYear)
        {
            if (_currentYear is { } finished)
            {
                _finishedYears.Add(finished);
                _keysOfYear.Clear();
            }

            if (_finishedYears.Contains(year))
            {
                _order.Add($"{year} after {_currentYear}");
            }

            _currentYear = year;
        }

        if (!_keysOfYear.Add(keyHash))
        {
            _duplicates.Add(row.KeyText);
        }

        for (var i = 0; i < row.Measures.Length; i++)
        {
            if (row.Measures[i] < 0)
            {
                _negatives.Add($"{row.KeyText} {dataset.Measures[i]}={row.Measures[i]}");
            }
        }

        return true;
    }

    /// <summary>Throws when any rule was broken; the message lists each rule with its count and a few examples.</summary>
    public void Complete()
    {
        var broken = new[] { _shape, _scope, _years, _order, _duplicates, _negatives }.Where(r => r.Count > 0).ToList();
        if (broken.Count > 0)
        {
            throw new ValidationException(
                dataset.Name,
                string.Join(", ", broken.Select(r => $"{r.Count} {r.Rule}")),
                [.. broken.SelectMany(r => r.Examples.Take(Math.Max(1, MaxExamples / broken.Count)))]);
        }
    }

    private void CheckPeriod(StatRow row, int year)
    {
        if (!dataset.HasPeriod)
        {
            if (row.Period != 0)
            {
                _years.Add($"{row.KeyText} has period {row.Period}");
            }

            return;
        }

        var month = row.Period % 100;
        if (year < FirstYear || year > _lastYear || (dataset.Period == PeriodKind.YearMonth && month is < 1 or > 12))
        {
            _years.Add($"{row.KeyText} has period {row.Period}");
        }

        if (!scope.Contains(year))
        {
            _scope.Add(row.KeyText);
        }
    }

    private string? ShapeProblem(StatRow row)
    {
        if (row.Key.Length != dataset.Key.Count || row.Measures.Length != dataset.Measures.Count || row.Attributes.Length != dataset.Attributes.Count)
        {
            return $"{row.Key.Length} key values, {row.Measures.Length} measures, {row.Attributes.Length} attributes; " +
                   $"expected {dataset.Key.Count}, {dataset.Measures.Count}, {dataset.Attributes.Count}";
        }

        // The first key value names the row (a country, a code): it must be there. Later ones may be empty, not absent.
        var missing = row.Key.Length > 0 && string.IsNullOrEmpty(row.Key[0]) ? 0 : Array.IndexOf(row.Key, null);
        return missing < 0 ? null : $"key field {dataset.Key[missing].Name} is missing";
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
