using Microsoft.Extensions.Options;

namespace Ingestion.Postgres.Resilience;

/// <summary>Every bad value of <c>Ingestion:Database</c>, each with its key and value.</summary>
public sealed class DatabaseResilienceOptionsValidator : IValidateOptions<DatabaseResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.RetryBudget), options.RetryBudget);
        Positive(failures, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        Positive(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay);
        if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{DatabaseResilienceOptions.Section}:{nameof(options.MaxRetryDelay)} must be at least {nameof(options.RetryBaseDelay)} ({options.RetryBaseDelay:c}), was {options.MaxRetryDelay:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{DatabaseResilienceOptions.Section}:{key} must be positive, was {value:c}.");
        }
    }
}
