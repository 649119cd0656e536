using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Ingestion.Postgres.Migrations;

/// <summary>Loads the embedded <c>Sql/Migrations/NNNN_name.sql</c> files in version order.</summary>
public static partial class MigrationCatalog
{
    private const string ResourcePrefix = "Ingestion.Postgres.Sql.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> LazyAll = new(Load);

    public static IReadOnlyList<Migration> All => LazyAll.Value;

    public static int LatestVersion => All.Count == 0 ? 0 : All[^1].Version;

    private static List<Migration> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = resource[ResourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Embedded migration '{fileName}' is not named NNNN_name.sql.");
            }

            var sql = ReadResource(assembly, resource);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql, checksum));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two embedded migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
