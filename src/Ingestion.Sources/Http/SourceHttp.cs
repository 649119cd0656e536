using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Ingestion.Sources.Http;

/// <summary>Registers one publisher's HTTP plumbing: its client, pipeline and pacer, behind a keyed <see cref="SourceHttpClient"/>.</summary>
public static class SourceHttp
{
    /// <summary>
    /// Validates a publisher's options (bound by the caller, where their type is known to the generated binder) at
    /// start with <typeparamref name="TValidator"/> (every bad value named with its key), and registers its HTTP
    /// plumbing under <paramref name="publisher"/>.
    /// </summary>
    public static void AddPublisherHttp<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(OptionsBuilder<TOptions> options, string publisher)
        where TOptions : SourceHttpOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ValidateOnStart();
        options.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        Add<TOptions>(options.Services, publisher);
    }

    /// <summary>
    /// Registers the plumbing for <paramref name="publisher"/>, tuned by its options; resolve it with
    /// <c>GetRequiredKeyedService&lt;SourceHttpClient&gt;(publisher)</c>. Each publisher gets its own pacer and breaker.
    /// </summary>
    public static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string publisher)
        where TOptions : SourceHttpOptions
    {
        var name = SourceResiliencePipeline.NameFor(publisher);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan); // the pipeline times attempts out
        services.AddResiliencePipeline(name, (builder, context) => SourceResiliencePipeline.Configure(
            builder,
            publisher,
            context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>(),
            context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(name)));
        services.AddKeyedSingleton(publisher, (sp, _) => new SourceHttpClient(
            publisher,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ResiliencePipelineProvider<string>>(),
            new RequestPacer(sp.GetRequiredService<IOptions<TOptions>>().Value.MinRequestInterval, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(name)));
    }
}
