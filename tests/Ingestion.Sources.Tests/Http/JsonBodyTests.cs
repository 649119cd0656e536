using System.Text;
using Ingestion.Sources.Http;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("{\"page\":1,\"items\":[]}")]
    [InlineData("  {\"a\":[1,2,{\"b\":\"-\"}]}\n")]
    public void Problem_CompleteJson_ReturnsNull(string body)
    {
        Assert.Null(JsonBody.Problem(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("{\"page\":1,\"items\":[{\"year\":19")]
    [InlineData("<!DOCTYPE html><html></html>")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    public void Problem_TruncatedOrNotJson_DescribesWhere(string body)
    {
        var problem = JsonBody.Problem(Encoding.UTF8.GetBytes(body));

        Assert.NotNull(problem);
        Assert.StartsWith("not complete JSON after ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_EmptyBody_ReportsEmpty()
    {
        Assert.Equal("empty body", JsonBody.Problem([]));
    }
}
