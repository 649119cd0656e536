using Ingestion.Core.Model;
using Ingestion.Core.Ports;
using Ingestion.Sources.Unhcr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Ingestion.Sources.Tests.Unhcr;

public sealed class UnhcrSourceOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new UnhcrSourceOptionsValidator().Validate(null, new UnhcrSourceOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_BadValues_ReportsEveryFailureWithKeyAndValue()
    {
        var options = new UnhcrSourceOptions
        {
            BaseAddress = "ftp://api.unhcr.org/",
            PageSize = 0,
            MaxConcurrency = -1,
            MinRequestInterval = TimeSpan.FromSeconds(-1),
            AttemptTimeout = TimeSpan.FromMinutes(2),
            TotalTimeout = TimeSpan.FromMinutes(1),
            CircuitBreakerFailureRatio = 1.5,
        };

        var result = new UnhcrSourceOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "Ingestion:Sources:Unhcr:BaseAddress must be an absolute http or https URI, was 'ftp://api.unhcr.org/'.",
                "Ingestion:Sources:Unhcr:PageSize must be greater than 0, was '0'.",
                "Ingestion:Sources:Unhcr:MaxConcurrency must be greater than 0, was '-1'.",
                "Ingestion:Sources:Unhcr:MinRequestInterval must be at least 00:00:00, was '-00:00:01'.",
                "Ingestion:Sources:Unhcr:TotalTimeout must not be shorter than AttemptTimeout (00:02:00), was '00:01:00'.",
                "Ingestion:Sources:Unhcr:CircuitBreakerFailureRatio must be greater than 0 and at most 1, was '1.5'.",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("/population/v1/")]
    [InlineData("")]
    public void Validate_RelativeOrMalformedBaseAddress_Fails(string address)
    {
        var result = new UnhcrSourceOptionsValidator().Validate(null, new UnhcrSourceOptions { BaseAddress = address });

        Assert.Equal([$"Ingestion:Sources:Unhcr:BaseAddress must be an absolute http or https URI, was '{address}'."], result.Failures);
    }

    [Fact]
    public void AddUnhcrSources_BadConfiguration_StartupValidationNamesKeyAndValue()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ingestion:Sources:Unhcr:PageSize"] = "0" })
            .Build();
        using var services = new ServiceCollection().AddPublishers(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Ingestion:Sources:Unhcr:PageSize must be greater than 0, was '0'.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUnhcrSources_NoConfiguration_UsesDocumentedDefaults()
    {
        using var services = new ServiceCollection().AddPublishers(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<UnhcrSourceOptions>>().Value;

        Assert.Equal(("https://api.unhcr.org/population/v1/", 10000, 4), (options.BaseAddress, options.PageSize, options.MaxConcurrency));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MinRequestInterval);
    }

    [Fact]
    public void AddPublishers_Always_RegistersOneSourcePerDatasetOfEveryPublisher()
    {
        using var services = new ServiceCollection().AddPublishers(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var datasets = services.GetServices<IDatasetSource>().Select(s => s.Dataset).ToList();

        Assert.Equal([.. UnhcrDatasets.All, .. Ingestion.Sources.Eurostat.EurostatDatasets.All], datasets);
        Assert.Equal(Publishers.Catalog.All, datasets);
    }
}
