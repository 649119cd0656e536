using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// Checks the whole configuration before anything else runs and reports every problem at once (DESIGN §6): values
/// the options cannot hold, every failure of every options validator across all sections, and unknown keys.
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Throws a <see cref="UsageException"/> listing every problem, separated by "; ", when there is any.</summary>
    public static void ThrowIfInvalid(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = Problems(configuration, environment);
        if (problems.Count > 0)
        {
            throw new UsageException("invalid configuration: " + string.Join("; ", problems));
        }
    }

    /// <summary>Every problem, each naming its key and value: unconvertible values, then validator failures, then unknown keys.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, IHostEnvironment environment)
    {
        IReadOnlyList<ConfigurationProblem> keyProblems =
            [.. ServiceCollectionExtensions.ConfigurationKeys().Check(configuration), .. LogLevelSettings.Check(configuration)];
        var unknown = keyProblems.Where(p => p.IsUnknownKey).Select(p => p.Message);
        var unconvertible = keyProblems.Where(p => !p.IsUnknownKey).Select(p => p.Message);

        // A value the binder cannot convert would make binding throw before any validator runs; validating the rest
        // without those keys still reports every other failure in the same pass.
        var badKeys = keyProblems.Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var convertible = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.AsEnumerable().Where(pair => pair.Value is not null && !badKeys.Contains(pair.Key)))
            .Build();
        return [.. unconvertible, .. ValidatorFailures(convertible, environment), .. unknown];
    }

    /// <summary>
    /// Runs the options' start-up validation (every <c>ValidateOnStart</c> section) on a container of the options
    /// alone. It throws one <see cref="OptionsValidationException"/> for one failing section and an
    /// <see cref="AggregateException"/> of them for several; both are unpacked into their failure messages.
    /// </summary>
    private static IEnumerable<string> ValidatorFailures(IConfiguration configuration, IHostEnvironment environment)
    {
        using var services = new ServiceCollection().AddIngestionOptions(configuration, environment).BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return Messages(e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return [.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(Messages)];
        }
    }

    /// <summary>The validators end each failure with a full stop; joined with "; " the stops only get in the way.</summary>
    private static IEnumerable<string> Messages(OptionsValidationException e) => e.Failures.Select(f => f.TrimEnd('.', ' '));
}
