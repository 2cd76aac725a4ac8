using System.Runtime.CompilerServices;
using Geonode.Scraper.Internal;
using Microsoft.Extensions.Logging;

namespace Geonode.Scraper;

/// <summary>
/// Waits for jobs: what every wait of a client shares (the clock, the logger, the retry settings, the base delay strategy,
/// the completion signal and the kinds of job it covers), the entry points that run one wait's loop
/// (<see cref="WaitAsync{TJob}"/>, <see cref="WatchAsync{TJob, TItem}"/>), and the one place where a wait that stopped
/// before its job ended becomes the caller's answer (<see cref="StoppedAsync{TJob}"/>, with the one cancel that follows a
/// stop: <see cref="CancelAfterStopAsync"/>). Azure.Core's <c>OperationPoller</c> keeps its loop apart from its delay
/// strategy in the same way.
/// </summary>
internal sealed class JobPoller
{
    /// <summary>The most the final poll is placed before the deadline (a tenth of the timeout when that is less).</summary>
    internal static readonly TimeSpan MaxFinalPollMargin = TimeSpan.FromSeconds(1);

    /// <summary>How long the cancel sent after a wait stopped (a timeout with <see cref="PollingOptions.CancelJobOnTimeout"/>,
    /// a crossed budget) may take: the caller's token no longer applies to it.</summary>
    internal static readonly TimeSpan CancelAfterStopLimit = TimeSpan.FromSeconds(10);

    private readonly Func<JobKind, CancellationToken, ValueTask<bool>> _signalCovers;

    /// <param name="timeProvider">The clock of every delay.</param>
    /// <param name="logger">Where the waits log.</param>
    /// <param name="retry">The retry settings; their <see cref="RetrySettings.MaxRetryAfter"/> caps a poll's <c>Retry-After</c>.</param>
    /// <param name="signal">The completion signal, or <see langword="null"/> for none.</param>
    /// <param name="fallbackInterval">How often a wait polls while the signal covers it.</param>
    /// <param name="signalCovers">Whether the signal covers a kind of job (the app receives its events).</param>
    /// <param name="strategy">The base delay strategy; <see langword="null"/> for a new <see cref="DefaultPollStrategy"/>
    /// (one per poller, so per client: what it learns from one extraction shapes the polls of the next).</param>
    public JobPoller(
        TimeProvider timeProvider,
        ILogger logger,
        RetrySettings retry,
        IJobCompletionSignal? signal = null,
        TimeSpan? fallbackInterval = null,
        Func<JobKind, CancellationToken, ValueTask<bool>>? signalCovers = null,
        IPollDelayStrategy? strategy = null)
    {
        TimeProvider = timeProvider;
        Logger = logger;
        Retry = retry;
        Signal = signal;
        FallbackInterval = fallbackInterval ?? TimeSpan.FromMinutes(1);
        _signalCovers = signalCovers ?? (static (_, _) => new ValueTask<bool>(true));
        Strategy = strategy ?? new DefaultPollStrategy();
    }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public RetrySettings Retry { get; }

    /// <summary>Gets the source of wake-ups, or <see langword="null"/> for none.</summary>
    public IJobCompletionSignal? Signal { get; }

    /// <summary>Gets how often a wait polls while a listening signal covers its kind of job.</summary>
    public TimeSpan FallbackInterval { get; }

    /// <summary>Gets the base delay strategy.</summary>
    public IPollDelayStrategy Strategy { get; }

    public static string KindName(JobKind kind) => kind switch { JobKind.Batch => "batch", JobKind.Crawl => "crawl", _ => "extract" };

    /// <summary>Opens a wait (dispose it when done): its signal coverage is settled first, so that it subscribes before its
    /// first poll reads the status.</summary>
    public async Task<PollLoop<TJob>> StartAsync<TJob>(PollRequest<TJob> request, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var covered = Signal is not null && await _signalCovers(request.Kind, cancellationToken).ConfigureAwait(false);
        return new PollLoop<TJob>(this, request, covered, cancellationToken);
    }

    /// <summary>Polls until the job ends and returns the completed snapshot, or throws the job's failure or cancellation;
    /// a wait that stops first gives what <see cref="StoppedAsync{TJob}"/> says.</summary>
    public async Task<TJob> WaitAsync<TJob>(PollRequest<TJob> request, CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var loop = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        await using (loop.ConfigureAwait(false))
        {
            TJob? last = null;
            try
            {
                await foreach (var snapshot in loop.SnapshotsAsync().ConfigureAwait(false))
                {
                    last = snapshot;
                }
            }
            catch (WaitStoppedException stop)
            {
                return await StoppedAsync(request, stop).ConfigureAwait(false);
            }

            return EnsureCompleted(request, last!);
        }
    }

    /// <summary>
    /// Runs a watch: <paramref name="body"/> reads what it needs between the snapshots of one wait's loop (the result pages
    /// of a batch or crawl) and yields items. A wait that stops at its time limit ends the watch after what it yielded; one
    /// that stops otherwise throws what <see cref="StoppedAsync{TJob}"/> says.
    /// </summary>
    public async IAsyncEnumerable<TItem> WatchAsync<TJob, TItem>(
        PollRequest<TJob> request, Func<PollLoop<TJob>, IAsyncEnumerable<TItem>> body, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TJob : class, IScraperJob
    {
        var loop = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        await using (loop.ConfigureAwait(false))
        {
            var items = body(loop).GetAsyncEnumerator(cancellationToken);
            await using (items.ConfigureAwait(false))
            {
                while (true)
                {
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }
                    }
                    catch (WaitStoppedException stop)
                    {
                        // A time limit returns the job as it stands: the watch simply ends; every other stop throws.
                        await StoppedAsync(request, stop).ConfigureAwait(false);
                        yield break;
                    }

                    yield return items.Current;
                }
            }
        }
    }

    /// <summary>
    /// What the caller of a wait that stopped before its job ended gets: after its time limit, the job as it stands (it goes
    /// on running); after its deadline, <see cref="JobTimeoutException"/> (the job cancelled first when
    /// <see cref="PollingOptions.CancelJobOnTimeout"/> asks for it); after a stop condition, the job cancelled and the
    /// condition's exception.
    /// </summary>
    public async Task<TJob> StoppedAsync<TJob>(PollRequest<TJob> request, WaitStoppedException stop)
        where TJob : class, IScraperJob
    {
        var last = stop.Last as TJob;
        switch (stop.End)
        {
            case WaitEnd.TimeLimit when last is not null:
                return last;
            case WaitEnd.Stopped when stop.Condition is WaitStopCondition<TJob> condition && last is not null:
            {
                var (cancelled, error) = await CancelAfterStopAsync(request.CancelJob).ConfigureAwait(false);
                Log.WaitStopped(Logger, request.JobId, condition.Name, cancelled ? "cancelled on the server" : "cancel failed");
                throw condition.CreateException(request.JobId, last, cancelled, error);
            }

            default:
            {
                var (cancelled, error) = request.Polling.CancelJobOnTimeout ? await CancelAfterStopAsync(request.CancelJob).ConfigureAwait(false) : (false, null);
                var timeout = stop.End == WaitEnd.TimeLimit ? request.TimeLimit!.Value : request.Polling.Timeout;
                Log.JobTimedOut(Logger, request.JobId, stop.Elapsed, Durations.Format(timeout), request.Polling.CancelJobOnTimeout ? (cancelled ? "cancelled on the server" : "cancel failed") : "left running");
                throw new JobTimeoutException(request.JobId, last, stop.Elapsed, timeout, cancelled, error);
            }
        }
    }

    /// <summary>Cancels a job after its wait stopped, whatever the cause: not under the caller's token (the wait is over,
    /// but the cancel must still reach the server), within its own short limit, and reporting what really happened.</summary>
    public async Task<(bool Cancelled, Exception? Error)> CancelAfterStopAsync(Func<CancellationToken, Task>? cancel)
    {
        if (cancel is null)
        {
            return (false, null);
        }

        using var limit = TimeProvider.CreateTimeoutSource(CancelAfterStopLimit);
        try
        {
            await cancel(limit.Token).ConfigureAwait(false);
            return (true, null);
        }
        catch (Exception ex) when (ex is ScraperException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
        {
            return (false, ex);
        }
    }

    /// <summary>Returns a completed snapshot; throws <see cref="JobFailedException"/> or <see cref="JobCancelledException"/> otherwise.</summary>
    public static TJob EnsureCompleted<TJob>(PollRequest<TJob> request, TJob snapshot)
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
}
