using Ingestion.Sources.Unhcr;
using Ingestion.Worker.Configuration;
using Ingestion.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Tests.Deploy;

/// <summary>
/// Every environment key the deployment files set binds to a real option and validates, through the same
/// registrations the worker uses: a key renamed in code breaks this test, not a production rollout.
/// </summary>
public sealed class DeploymentConfigurationTests
{
    public static TheoryData<string> EnvironmentSources => ["docker-compose.yml", "deploy/k8s/configmap.yaml", "deploy/k8s/secret.example.yaml"];

    [Theory]
    [MemberData(nameof(EnvironmentSources))]
    public void EnvironmentKeys_InDeploymentFile_BindAndValidateThroughRealOptions(string file)
    {
        var environment = file == "docker-compose.yml" ? DeploymentFiles.ComposeWorkerEnvironment() : DeploymentFiles.KubernetesData(file);
        Assert.NotEmpty(environment);

        using var services = BuildServices(environment, out var configuration);

        var catalog = services.GetRequiredService<ConfigurationKeyCatalog>();
        Assert.Empty(ConfigurationCheck.Problems(configuration, new TestEnvironment()));
        foreach (var key in environment.Keys.Where(k => k.StartsWith("Ingestion__", StringComparison.Ordinal)))
        {
            Assert.True(catalog.IsKnown(key.Replace("__", ":", StringComparison.Ordinal)), key);
        }
    }

    [Fact]
    public void ComposeAndConfigMap_SetValues_AreTheOnesTheWorkerReads()
    {
        var configMap = DeploymentFiles.KubernetesData("deploy/k8s/configmap.yaml");
        using var services = BuildServices(configMap, out _);

        var endpoint = services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var scheduler = services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        var datasets = services.GetRequiredService<IOptions<DatasetsOptions>>().Value;

        Assert.Equal(int.Parse(configMap["Ingestion__Host__Port"], System.Globalization.CultureInfo.InvariantCulture), endpoint.Port);
        Assert.True(scheduler.Clustered);
        Assert.Equal(configMap["Ingestion__Datasets__unhcr_population__Schedule"], datasets.For(Ingestion.Sources.Unhcr.UnhcrDatasets.Population).Schedule);
        Assert.Equal(configMap["Ingestion__Datasets__unhcr_unrwa__Schedule"], datasets.For(Ingestion.Sources.Unhcr.UnhcrDatasets.Unrwa).Schedule);
    }

    [Fact]
    public void AllowList_EveryKey_IsKnownToTheWorker()
    {
        var catalog = new ServiceCollection().AddIngestionOptions(new ConfigurationBuilder().Build(), new TestEnvironment())
            .BuildServiceProvider().GetRequiredService<ConfigurationKeyCatalog>();

        var unknown = DeploymentFiles.AllowedKeys()
            .Where(k => k.StartsWith("Ingestion__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            .Where(k => !catalog.IsKnown(k.Replace("__", ":", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unknown);
        Assert.Contains("Ingestion__Datasets__unhcr_population__Schedule", DeploymentFiles.AllowedKeys());
    }

    [Fact]
    public void KubernetesProbes_UseTheWorkersPathsAndPort()
    {
        var deployment = File.ReadAllText(DeploymentFiles.Path("deploy/k8s/deployment.yaml"));
        var dockerfile = File.ReadAllText(DeploymentFiles.Path("deploy/Dockerfile"));

        Assert.Contains("path: /health/live", deployment, StringComparison.Ordinal);
        Assert.Contains("path: /health/ready", deployment, StringComparison.Ordinal);
        Assert.Contains($"containerPort: {new EndpointOptions().Port}", deployment, StringComparison.Ordinal);
        Assert.Contains("/health/live", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {new EndpointOptions().Port}", dockerfile, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(IReadOnlyDictionary<string, string> environment, out IConfiguration configuration)
    {
        configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        return new ServiceCollection().AddIngestionOptions(configuration, new TestEnvironment()).BuildServiceProvider();
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "ingestion";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
