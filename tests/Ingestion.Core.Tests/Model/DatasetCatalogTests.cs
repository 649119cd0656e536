using Ingestion.Core.Model;
using Xunit;

namespace Ingestion.Core.Tests.Model;

/// <summary>The catalogue refuses declarations the read schema could not be generated from, naming every problem.</summary>
public sealed class DatasetCatalogTests
{
    private static DatasetDescriptor Pair(string name, string view, params KeyDimension[] key) =>
        new(name, view, PeriodKind.Year, key.Length > 0 ? key : [new KeyDimension("origin", CountryRole.Origin)], ["total"], []);

    [Fact]
    public void Create_ConsistentDeclarations_KeepsDatasetsAndViewsWhoseDatasetsAreAllThere()
    {
        var catalog = new DatasetCatalog(
            [Pair("a.one", "a_one"), Pair("b.two", "b_two")],
            [new CrossDatasetView("both", "a and b", ["a.one", "b.two"], "SELECT 1"), new CrossDatasetView("half", "a and c", ["a.one", "c.three"], "SELECT 1")]);

        Assert.Equal(["a.one", "b.two"], catalog.Names);
        Assert.Equal(["both"], catalog.Views.Select(v => v.ViewName));
    }

    [Fact]
    public void Create_ViewsClaimedTwiceAndRolesTwice_NamesEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatasetCatalog(
            [
                Pair("a.one", "shared"),
                Pair("b.two", "shared"),
                Pair("c.three", "c_three", new KeyDimension("origin", CountryRole.Origin), new KeyDimension("citizen", CountryRole.Origin)),
            ],
            [new CrossDatasetView("c_three", "claims a dataset's view", ["a.one", "c.three"], "SELECT 1")]));

        Assert.StartsWith("The dataset catalogue is inconsistent: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("c.three: more than one key dimension has the Origin role", error.Message, StringComparison.Ordinal);
        Assert.Contains("view shared is claimed by a.one and b.two", error.Message, StringComparison.Ordinal);
        Assert.Contains("view c_three is claimed by c.three and a cross-dataset view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NamesThatAreNotSqlIdentifiers_NamesEach()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatasetCatalog([Pair("A.one", "a_one"), Pair("b.two", "b-two")]));

        Assert.Contains("dataset name 'A.one' is not <publisher>.<name> in lower case", error.Message, StringComparison.Ordinal);
        Assert.Contains("b.two: 'b-two' is not a lower-case SQL identifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NameTooLongForItsVersionsTable_NamesIt()
    {
        var longest = "a." + new string('n', DatasetShapeRules.MaxNameLength - 2);

        var error = Assert.Throws<ArgumentException>(() => new DatasetCatalog([Pair(longest, "a_one"), Pair(longest + "n", "a_two")]));

        Assert.Contains($"dataset name '{longest}n' is longer than 54 characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"'{longest}'", error.Message, StringComparison.Ordinal);
    }
}
