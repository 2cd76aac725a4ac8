using Microsoft.Extensions.Logging;

namespace Geonode.Scraper.Internal;

/// <summary>The services a client may be given (by dependency injection, or its options) beyond its options.</summary>
internal sealed class ClientServices
{
    public IJobLedger? Ledger { get; init; }

    public IJobCompletionSignal? Signal { get; init; }

    public JobCompletionSignalOptions? SignalOptions { get; init; }

    public IJobConcurrencyLimiter? Limiter { get; init; }

    public ITokenBudgetStore? Budgets { get; init; }
}

/// <summary>Puts a client's parts together, the same way for the constructors and for dependency injection.</summary>
internal static class ClientComposition
{
    /// <summary>The limiter of the clients of this process that were given none: one pool per account.</summary>
    private static readonly InProcessJobConcurrencyLimiter ProcessLimiter = new();

    /// <summary>The budget store of the clients of this process that were given none.</summary>
    private static readonly InProcessTokenBudgetStore ProcessBudgets = new();

    public static OperationRuntime Compose(ResolvedOptions options, Func<HttpClient> http, TimeProvider timeProvider, ILogger logger, ClientServices services)
    {
        var api = new ApiConnection(http, options.Connection, timeProvider, logger, ResponseShape.Check);
        var ledger = options.JobLedger ?? services.Ledger;
        JobPoller poller;
        if (services.Signal is { } signal)
        {
            var signalOptions = services.SignalOptions ?? new JobCompletionSignalOptions();
            var coverage = new SignalCoverage(signalOptions.Events, api, timeProvider, logger);
            poller = new JobPoller(timeProvider, logger, options.Connection.Retry, signal, ValidatedFallback(signalOptions), coverage.CoversAsync);
        }
        else
        {
            poller = new JobPoller(timeProvider, logger, options.Connection.Retry);
        }

        return new OperationRuntime(
            api,
            options.Polling,
            poller,
            ledger,
            ledger is null ? null : new LeaseKeeper(ledger, timeProvider, logger, options.JobLedgerLeaseDuration),
            services.Limiter ?? ProcessLimiter,
            services.Budgets ?? ProcessBudgets);
    }

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
