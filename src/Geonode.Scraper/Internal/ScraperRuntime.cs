using Microsoft.Extensions.Logging;
using Polly;

namespace Geonode.Scraper.Internal;

/// <summary>What every <see cref="ScraperClient"/> built from the same options shares: the options, the clock, the logger,
/// the resilience pipelines and the poller. <c>AddGeonodeScraper</c> registers one per container, so resolving a typed
/// client is cheap.</summary>
internal sealed class ScraperRuntime
{
    public ScraperRuntime(ResolvedOptions options, TimeProvider timeProvider, ILogger logger)
    {
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger;
        Retrying = ScraperResilience.Build(options, timeProvider, logger, retries: true);
        SingleAttempt = ScraperResilience.Build(options, timeProvider, logger, retries: false);
        Poller = new JobPoller(timeProvider, logger, options.Retry);
    }

    public ResolvedOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the pipeline of ordinary calls: retries around a per-attempt timeout.</summary>
    public ResiliencePipeline<HttpResponseMessage> Retrying { get; }

    /// <summary>Gets the pipeline of reads made by a wait, which retries them itself: the per-attempt timeout only.</summary>
    public ResiliencePipeline<HttpResponseMessage> SingleAttempt { get; }

    public JobPoller Poller { get; }
}
