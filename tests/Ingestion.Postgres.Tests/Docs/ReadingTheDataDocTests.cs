using System.Text.RegularExpressions;
using Ingestion.Postgres.Tests.Support;
using Ingestion.Testing;

namespace Ingestion.Postgres.Tests.Docs;

/// <summary>
/// Runs every ```sql block of docs/reading-the-data.md as ingestion_reader against the real population releases
/// 2025.06.0 → 2025.12.1, UNHCR's asylum applications and Eurostat's real export (<see cref="DocExamplesDatabase"/>)
/// and checks the figures the page quotes (SOURCES.md: China 2012 15,362; 2025 99,716, mid-year 178,725; 300 added,
/// 233 removed, 4,589 revised; China → Germany 2015: UNHCR 537, Eurostat 520).
/// </summary>
public sealed partial class ReadingTheDataDocTests(DocExamplesDatabase db) : IClassFixture<DocExamplesDatabase>
{
    private static readonly Dictionary<string, Action<List<string>>> Checks = new(StringComparer.Ordinal)
    {
        ["china-by-year"] = rows =>
        {
            Assert.Contains("2012|15362|193449", rows);
            Assert.Contains("2025|99716|153962", rows);
        },
        ["china-top-asylum-2025"] = rows => Assert.Equal(
            ["USA|United States of America|68691", "AUS|Australia|8507", "CAN|Canada|7304"], rows.Take(3)),
        ["china-as-of-first"] = rows => Assert.Equal(["2012|15362", "2025|178725"], rows),
        ["snapshots"] = rows => Assert.Equal(2, rows.Count),
        ["latest-changes"] = rows => Assert.Equal(["added|300", "removed|233", "revised|4589"], rows),
        ["latest-china-revisions"] = rows => Assert.Equal("2025|USA|147909|68691|-79218", rows[0]),
        ["with-country-names"] = Assert.Empty,
        ["eurostat-china-germany"] = rows => Assert.Equal(["2012|280|", "2013|370|", "2014|460|", "2015|520|", "2016|1015|"], rows),
        ["eurostat-flags"] = rows => Assert.Equal(["-|33551", "d|926", "p|203"], rows),
        ["compared-china-germany"] = rows =>
        {
            Assert.Equal(5, rows.Count);
            Assert.Equal("2015|537|520", rows[3]);
            Assert.Equal(["280", "370", "460", "520", "1015"], rows.Select(r => r.Split('|')[2]));
        },
        ["runs"] = rows => Assert.Equal(4, rows.Count),
        ["listen"] = Assert.Empty,
    };

    [Fact]
    public async Task DocumentedSql_RunAsReader_GivesDocumentedFigures()
    {
        var blocks = SqlBlocks();
        Assert.Equal(Checks.Keys.Order(), blocks.Keys.Order());

        foreach (var (name, sql) in blocks)
        {
            var rows = await db.DataSource.RowsAsync(sql, asReader: true);
            try
            {
                Checks[name](rows);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"Example '{name}' in docs/reading-the-data.md: {e.Message}");
            }
        }
    }

    private static Dictionary<string, string> SqlBlocks()
    {
        var path = Path.Combine(SharedData.RepositoryRoot ?? throw new InvalidOperationException("Repository root not found."), "docs", "reading-the-data.md");
        return SqlBlock().Matches(File.ReadAllText(path)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["sql"].Value);
    }

    [GeneratedRegex(@"```sql\n-- example: (?<name>[a-z0-9-]+)\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
