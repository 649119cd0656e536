using Ingestion.Sources.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Xunit;

namespace Ingestion.Sources.Tests.Http;

public sealed class SourceResiliencePipelineTests
{
    [Fact]
    public void GetPipeline_Configured_ComposesTotalTimeoutRetryBreakerAttemptTimeout()
    {
        using var services = TestSources.Create(new Uri("http://127.0.0.1:1/"), new Dictionary<string, string>
        {
            ["AttemptTimeout"] = "00:00:07",
            ["TotalTimeout"] = "00:01:30",
            ["MaxRetryAttempts"] = "5",
            ["CircuitBreakerFailureRatio"] = "0.7",
        });

        var descriptor = services.GetRequiredService<ResiliencePipelineProvider<string>>()
            .GetPipeline(SourceResiliencePipeline.NameFor("unhcr")).GetPipelineDescriptor();

        Assert.Collection(
            descriptor.Strategies,
            total => Assert.Equal(TimeSpan.FromSeconds(90), Assert.IsType<TimeoutStrategyOptions>(total.Options).Timeout),
            retry =>
            {
                var options = Assert.IsType<RetryStrategyOptions>(retry.Options);
                Assert.Equal((5, DelayBackoffType.Exponential, true), (options.MaxRetryAttempts, options.BackoffType, options.UseJitter));
                Assert.NotNull(options.DelayGenerator);
            },
            breaker => Assert.Equal(0.7, Assert.IsType<CircuitBreakerStrategyOptions>(breaker.Options).FailureRatio),
            attempt => Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<TimeoutStrategyOptions>(attempt.Options).Timeout));
    }
}
