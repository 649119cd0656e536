using System.CommandLine;

namespace Ingestion.Worker.Cli;

/// <summary>Options several verbs share, built fresh per command (System.CommandLine symbols belong to one parent).</summary>
public static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to stdout." };

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Fetch, diff and gate, but publish nothing." };

    public static Option<int?> From() => new("--from") { Description = "First year (inclusive); needs --to." };

    public static Option<int?> To() => new("--to") { Description = "Last year (inclusive); needs --from." };

    public static Option<int> Limit(int defaultValue) => new("--limit")
    {
        Description = $"At most this many rows (default {defaultValue}).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Argument<string> Dataset() => new("dataset") { Description = "A dataset name, e.g. unhcr.population (see `ingestion datasets`)." };

    public static Argument<long> Id(string name, string description) => new(name) { Description = description };
}
