using Ingestion.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Sources.Publishing;

/// <summary>
/// A publisher: the datasets it declares and the sources that read them. Everything else (pipeline, store, views,
/// CLI, scheduler) is shared; adding a publisher is one folder and one line in <see cref="Publishers"/>.
/// </summary>
public interface IPublisher
{
    /// <summary>The prefix of its dataset names, e.g. <c>unhcr</c>.</summary>
    string Name { get; }

    IReadOnlyList<DatasetDescriptor> Datasets { get; }

    /// <summary>The configuration section its options bind from (e.g. <c>Ingestion:Sources:Unhcr</c>) and their type, so unknown keys are reported.</summary>
    OptionsSection Options { get; }

    /// <summary>Registers one <see cref="Core.Ports.IDatasetSource"/> per dataset, with the publisher's options and HTTP plumbing.</summary>
    void AddSources(IServiceCollection services, IConfiguration configuration);
}
