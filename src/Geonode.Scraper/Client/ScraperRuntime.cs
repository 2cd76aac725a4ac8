using Microsoft.Extensions.Logging;
using Polly;

namespace Geonode.Scraper.Internal;

/// <summary>What every <see cref="ScraperClient"/> built from the same options shares: the options, the clock, the logger,
/// the resilience pipelines and the poller. <c>AddGeonodeScraper</c> registers one per container, so resolving a typed
/// client is cheap.</summary>
internal sealed class ScraperRuntime
{
    public ScraperRuntime(ResolvedOptions options, TimeProvider timeProvider, ILogger logger, IJobCompletionSignal? signal = null, JobCompletionSignalOptions? signalOptions = null, IJobLedger? ledger = null)
    {
        Options = options;
        Ledger = options.JobLedger ?? ledger;
        TimeProvider = timeProvider;
        Logger = logger;
        Retrying = ScraperResilience.Build(options, timeProvider, logger, retries: true);
        SingleAttempt = ScraperResilience.Build(options, timeProvider, logger, retries: false);
        Poller = new JobPoller(timeProvider, logger, options.Retry);
        Leases = Ledger is null ? null : new LeaseKeeper(Ledger, timeProvider, logger);
        if (signal is not null)
        {
            // Completed jobs wake their waits; polls are only the fallback for failed and cancelled jobs and lost signals.
            Poller.WakeSignal = signal;
            Poller.DelayStrategy = new SignalledPolling(ValidatedFallback(signalOptions ?? new JobCompletionSignalOptions()));
        }
    }

    public ResolvedOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the pipeline of ordinary calls: retries around a per-attempt timeout.</summary>
    public ResiliencePipeline<HttpResponseMessage> Retrying { get; }

    /// <summary>Gets the pipeline of reads made by a wait, which retries them itself: the per-attempt timeout only.</summary>
    public ResiliencePipeline<HttpResponseMessage> SingleAttempt { get; }

    public JobPoller Poller { get; }

    /// <summary>Gets the heartbeat of this process's claims in the ledger; null without a ledger.</summary>
    public LeaseKeeper? Leases { get; }

    /// <summary>Gets where started jobs are recorded: the options' ledger, else the container's; null for none.</summary>
    public IJobLedger? Ledger { get; }

    private static TimeSpan ValidatedFallback(JobCompletionSignalOptions options)
    {
        var interval = options.FallbackPollInterval;
        if (interval < JobCompletionSignalOptions.MinFallbackPollInterval || interval > JobCompletionSignalOptions.MaxFallbackPollInterval)
        {
            throw new ArgumentException(
                $"JobCompletionSignalOptions.FallbackPollInterval must be between {Durations.Format(JobCompletionSignalOptions.MinFallbackPollInterval)} and {Durations.Format(JobCompletionSignalOptions.MaxFallbackPollInterval)}; got {options.FallbackPollInterval}.",
                nameof(options));
        }

        return interval;
    }
}
