using Ingestion.Sources.Http;
using Microsoft.Extensions.Options;

namespace Ingestion.Sources.Unhcr;

/// <summary>Reports every bad UNHCR source setting at start, each with its configuration key and value.</summary>
public sealed class UnhcrSourceOptionsValidator : IValidateOptions<UnhcrSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, UnhcrSourceOptions options) =>
        SourceHttpOptionsRules.Validate(UnhcrSourceOptions.SectionName, options, rules =>
        {
            rules.Positive(nameof(options.PageSize), options.PageSize);
            rules.Positive(nameof(options.MaxConcurrency), options.MaxConcurrency);
        });
}
