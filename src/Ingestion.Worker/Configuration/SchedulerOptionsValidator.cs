using System.Globalization;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Configuration;

public sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.InstanceName))
        {
            failures.Add($"{SchedulerOptions.Section}:InstanceName must not be empty, was '{options.InstanceName}'.");
        }

        if (options.MaxConcurrency < 1)
        {
            failures.Add($"{SchedulerOptions.Section}:MaxConcurrency must be at least 1, was {options.MaxConcurrency.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.ClusterCheckinInterval <= TimeSpan.Zero)
        {
            failures.Add($"{SchedulerOptions.Section}:ClusterCheckinInterval must be positive, was {options.ClusterCheckinInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
