#region usings
using Geonode.Scraper;
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace DocsExamples;

/// <summary>The standard resilience handler example of docs/errors-and-retries.md.</summary>
public static class ResilienceExample
{
    public static IServiceCollection AddWithCircuitBreaker(IServiceCollection services, Action<ScraperClientOptions> configure)
    {
        #region errors-standard-resilience
        services.AddGeonodeScraper(configure)
            .AddStandardResilienceHandler(options =>
            {
                // Only for its circuit breaker and rate limiter: the SDK switches off its retries for you (they would nest
                // inside the SDK's own) and never lets it resend a POST or time out sooner than the SDK's attempts.
                options.CircuitBreaker.FailureRatio = 0.5;
                options.CircuitBreaker.MinimumThroughput = 20;
            });
        #endregion
        return services;
    }
}
