using Ingestion.Sources.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Eurostat;

/// <summary>Reports every bad Eurostat source setting at start, each with its configuration key and value.</summary>
public sealed class EurostatSourceOptionsValidator : IValidateOptions<EurostatSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, EurostatSourceOptions options) =>
        SourceHttpOptionsRules.Validate(EurostatSourceOptions.SectionName, options, rules =>
        {
            rules.Positive(nameof(options.MaxConcurrency), options.MaxConcurrency);
            rules.AtLeast(nameof(options.AsyncPollInterval), options.AsyncPollInterval, TimeSpan.FromMilliseconds(1));
            rules.AtLeast(nameof(options.AsyncTimeout), options.AsyncTimeout, options.AsyncPollInterval);
        });
}
