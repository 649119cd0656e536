using System.Globalization;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Configuration;

public sealed class EndpointOptionsValidator : IValidateOptions<EndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, EndpointOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{EndpointOptions.Section}:Port must be between 1 and 65535, was {options.Port.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{EndpointOptions.Section}:ShutdownTimeout must be positive, was {options.ShutdownTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
