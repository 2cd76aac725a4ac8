using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

/// <summary>
/// Waits for jobs. <see cref="Start"/> opens a <see cref="JobWait{TJob}"/>, which holds the SDK's only polling loop;
/// <see cref="WaitAsync"/> is "the last snapshot, or the job exception", and the result readers' watches read result pages
/// between the snapshots of the same loop. Two seams: <see cref="WakeSignal"/> cuts a sleep short, and
/// <see cref="DelayStrategy"/> chooses the delays (Azure.Core's <c>OperationPoller</c> keeps its loop apart from its
/// delay strategy in the same way).
/// </summary>
internal sealed class JobPoller
{
    /// <summary>The most the final poll is placed before the deadline (a tenth of the timeout when that is less).</summary>
    internal static readonly TimeSpan MaxFinalPollMargin = TimeSpan.FromSeconds(1);

    /// <summary>How long the cancel sent after a timeout (<see cref="PollingOptions.CancelJobOnTimeout"/>) may take.</summary>
    internal static readonly TimeSpan CancelOnTimeoutLimit = TimeSpan.FromSeconds(10);

    public JobPoller(TimeProvider timeProvider, ILogger logger, RetrySettings retry)
    {
        TimeProvider = timeProvider;
        Logger = logger;
        Retry = retry;
    }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Gets the retry settings; their <see cref="RetrySettings.MaxRetryAfter"/> caps a poll's <c>Retry-After</c> too.</summary>
    public RetrySettings Retry { get; }

    /// <summary>Gets or sets the source of wake-ups, or <see langword="null"/> for none.</summary>
    public IJobCompletionSignal? WakeSignal { get; set; }

    /// <summary>Gets or sets how delays between polls are chosen.</summary>
    public IPollDelayStrategy DelayStrategy { get; set; } = FinishPrediction.Instance;

    /// <summary>Opens a wait; dispose it when done.</summary>
    public JobWait<TJob> Start<TJob>(JobWaitRequest<TJob> request, CancellationToken cancellationToken)
        where TJob : class, IScraperJob => new(this, request, cancellationToken);

    /// <summary>Polls until the job ends; returns the completed snapshot or throws a <see cref="JobException"/>.</summary>
    public async Task<TJob> WaitAsync<TJob>(JobWaitRequest<TJob> request, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var wait = Start(request, cancellationToken);
        await using (wait.ConfigureAwait(false))
        {
            TJob? last = null;
            await foreach (var snapshot in wait.SnapshotsAsync().ConfigureAwait(false))
            {
                last = snapshot;
            }

            return EnsureCompleted(request, last!);
        }
    }

    /// <summary>Returns a completed snapshot; throws <see cref="JobFailedException"/> or <see cref="JobCancelledException"/> otherwise.</summary>
    public static TJob EnsureCompleted<TJob>(JobWaitRequest<TJob> request, TJob snapshot)
        where TJob : class, IScraperJob
    {
        if (snapshot.Status == JobStatus.Failed)
        {
            throw new JobFailedException(request.JobId, snapshot, request.ErrorOf(snapshot));
        }

        if (snapshot.Status == JobStatus.Cancelled)
        {
            throw new JobCancelledException(request.JobId, snapshot);
        }

        return snapshot;
    }

    /// <summary>Whether a failed read is worth another try within a wait.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        ScraperApiException api => (int)api.StatusCode is 408 or 429 or >= 500,
        ScraperResponseException => true,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };
}
