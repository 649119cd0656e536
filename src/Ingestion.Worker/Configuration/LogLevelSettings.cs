using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace Ingestion.Worker.Configuration;

/// <summary>
/// The log levels the configuration may set, with the keys Serilog's own settings reader used:
/// <c>Serilog:MinimumLevel:Default</c> (or <c>Serilog:MinimumLevel</c> alone) and
/// <c>Serilog:MinimumLevel:Override:&lt;source&gt;</c>. Read here rather than by that reader, which finds sinks by
/// reflection over assemblies, something the natively compiled executable cannot do; sinks are the code's business
/// (<see cref="Hosting.LoggingSetup"/>).
/// </summary>
public static class LogLevelSettings
{
    private const string Section = "Serilog";
    private const string Level = Section + ":MinimumLevel";
    private const string DefaultLevel = Level + ":Default";
    private const string OverridePrefix = Level + ":Override:";

    private static readonly string Levels = string.Join(", ", Enum.GetNames<LogEventLevel>());

    /// <summary>Every <c>Serilog:</c> key that is not a level this reads, and every level that is not one of Serilog's.</summary>
    public static IReadOnlyList<ConfigurationProblem> Check(IConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>();
        foreach (var (key, value) in configuration.GetSection(Section).AsEnumerable().OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            if (!IsLevelKey(key))
            {
                problems.Add(new ConfigurationProblem(key, $"unknown key {key} (value '{value}'; only the log levels are configurable)", IsUnknownKey: true));
            }
            else if (!TryParse(value, out _))
            {
                problems.Add(new ConfigurationProblem(key, $"{key} must be one of {Levels}, was '{value}'", IsUnknownKey: false));
            }
        }

        return problems;
    }

    /// <summary>Applies the configured levels over the code's defaults; the configuration was checked at start.</summary>
    public static void Apply(LoggerConfiguration logger, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection(Section).AsEnumerable())
        {
            if (value is null || !IsLevelKey(key) || !TryParse(value, out var level))
            {
                continue;
            }

            if (key.StartsWith(OverridePrefix, StringComparison.OrdinalIgnoreCase))
            {
                logger.MinimumLevel.Override(key[OverridePrefix.Length..], level);
            }
            else
            {
                logger.MinimumLevel.Is(level);
            }
        }
    }

    /// <summary>Whether the key sets a log level this reads.</summary>
    public static bool IsLevelKey(string key) =>
        key.Equals(Level, StringComparison.OrdinalIgnoreCase)
        || key.Equals(DefaultLevel, StringComparison.OrdinalIgnoreCase)
        || (key.StartsWith(OverridePrefix, StringComparison.OrdinalIgnoreCase) && key.Length > OverridePrefix.Length);

    private static bool TryParse(string value, out LogEventLevel level)
    {
        level = default;
        // Names only: Enum.TryParse alone would also take "3" or "Information, Error".
        return Enum.GetNames<LogEventLevel>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
            && Enum.TryParse(value, ignoreCase: true, out level);
    }
}
