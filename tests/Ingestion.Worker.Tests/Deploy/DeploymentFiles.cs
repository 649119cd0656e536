using System.Text.RegularExpressions;
using Ingestion.Testing;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>Reads the environment the deployment files give the worker (docker-compose.yml, the k8s ConfigMap and Secret).</summary>
public static partial class DeploymentFiles
{
    public static string Path(string relative) => System.IO.Path.Combine(
        SharedData.RepositoryRoot ?? throw new InvalidOperationException("Repository root (Ingestion.sln) not found."), relative);

    /// <summary>The worker service's <c>environment:</c> block of docker-compose.yml, with <c>${VAR:-default}</c> resolved to its default.</summary>
    public static Dictionary<string, string> ComposeWorkerEnvironment()
    {
        var lines = File.ReadAllLines(Path("docker-compose.yml"));
        var worker = Array.FindIndex(lines, l => l.TrimEnd() == "  worker:");
        var environment = Array.FindIndex(lines, worker, l => l.Trim() == "environment:");
        return Entries(lines.Skip(environment + 1).TakeWhile(l => l.StartsWith("      ", StringComparison.Ordinal) || l.Trim().Length == 0 || l.TrimStart().StartsWith('#')));
    }

    /// <summary>The <c>data:</c>/<c>stringData:</c> entries of a Kubernetes ConfigMap or Secret manifest.</summary>
    public static Dictionary<string, string> KubernetesData(string relative)
    {
        var lines = File.ReadAllLines(Path(relative));
        var data = Array.FindIndex(lines, l => l is "data:" or "stringData:");
        return Entries(lines.Skip(data + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal) || l.Trim().Length == 0));
    }

    /// <summary>The allow-list deploy/check.sh holds the files to.</summary>
    public static IReadOnlyList<string> AllowedKeys() => File.ReadAllLines(Path("deploy/config-keys.txt"))
        .Select(l => l.Split('#')[0].Trim())
        .Where(l => l.Length > 0)
        .ToList();

    private static Dictionary<string, string> Entries(IEnumerable<string> lines)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = Entry().Match(line);
            if (match.Success)
            {
                var value = match.Groups["value"].Value.Trim().Trim('"', '\'');
                entries[match.Groups["key"].Value] = Default().Replace(value, m => m.Groups["default"].Value);
            }
        }

        return entries;
    }

    [GeneratedRegex(@"^\s+(?<key>[A-Za-z_][A-Za-z0-9_.]*):\s*(?<value>.*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"\$\{[A-Za-z0-9_]+:-(?<default>[^}]*)\}")]
    private static partial Regex Default();
}
