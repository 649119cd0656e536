using Ingestion.Core.Model;
using System.Globalization;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestion.Worker.Configuration;

/// <summary>Reports every bad dataset setting with its key and value.</summary>
public sealed class DatasetsOptionsValidator(DatasetCatalog catalog, TimeProvider clock) : IValidateOptions<DatasetsOptions>
{
    public ValidateOptionsResult Validate(string? name, DatasetsOptions options)
    {
        var failures = new List<string>();
        var nextYear = clock.GetUtcNow().Year + 1;
        foreach (var (key, dataset) in options.ByName)
        {
            var prefix = $"{DatasetsOptions.Section}:{key}";
            if (DatasetsOptions.Resolve(catalog, key) is null)
            {
                failures.Add($"{prefix} names no known dataset (known: {string.Join(", ", catalog.Names)}).");
                continue;
            }

            if (!IsValidCron(dataset.Schedule, out var cronError))
            {
                failures.Add($"{prefix}:Schedule must be a Quartz cron expression, was '{dataset.Schedule}' ({cronError}).");
            }

            if (dataset.YearFrom is { } year && (year < 1950 || year > nextYear))
            {
                failures.Add($"{prefix}:YearFrom must be between 1950 and {nextYear}, was {year.ToString(CultureInfo.InvariantCulture)}.");
            }

            AddFractionFailure(failures, $"{prefix}:Gate:MaxRemovedFraction", dataset.Gate.MaxRemovedFraction);
            AddFractionFailure(failures, $"{prefix}:Gate:MaxRowCountDropFraction", dataset.Gate.MaxRowCountDropFraction);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddFractionFailure(List<string> failures, string key, double value)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            failures.Add($"{key} must be a fraction between 0 and 1, was {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static bool IsValidCron(string? expression, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "empty";
            return false;
        }

        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }
}
