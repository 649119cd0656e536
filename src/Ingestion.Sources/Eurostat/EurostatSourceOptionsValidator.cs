using Ingestion.Sources.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Eurostat;

/// <summary>Reports every bad Eurostat source setting at start, each with its configuration key and value.</summary>
public sealed class EurostatSourceOptionsValidator : IValidateOptions<EurostatSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, EurostatSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new SourceHttpOptionsRules(EurostatSourceOptions.SectionName, []);
        rules.Check(options);
        rules.Positive(nameof(options.MaxConcurrency), options.MaxConcurrency);
        rules.AtLeast(nameof(options.AsyncPollInterval), options.AsyncPollInterval, TimeSpan.FromMilliseconds(1));
        rules.AtLeast(nameof(options.AsyncTimeout), options.AsyncTimeout, options.AsyncPollInterval);
        rules.CheckTimings(options);
        return rules.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules.Failures);
    }
}
