using Ingestion.Worker.Hosting;

namespace Ingestion.Worker.Tests.Hosting;

public sealed class BuildInfoTests
{
    [Fact]
    public void FromInformationalVersion_VersionPlusCommit_SplitsThem()
    {
        var build = BuildInfo.FromInformationalVersion("1.4.0+0123abcd", ".NET 10.0.1");

        Assert.Equal(new BuildInfo("1.4.0", "0123abcd", ".NET 10.0.1"), build);
    }

    [Fact]
    public void FromInformationalVersion_NoCommit_CommitUnknown()
    {
        var build = BuildInfo.FromInformationalVersion("1.4.0", ".NET 10.0.1");

        Assert.Equal(new BuildInfo("1.4.0", BuildInfo.UnknownCommit, ".NET 10.0.1"), build);
    }
}
