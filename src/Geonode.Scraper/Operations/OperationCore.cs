namespace Geonode.Scraper.Internal;

/// <summary>What an operation does for any kind of job: read its status, and wait for it under the client's rules. The
/// snapshots it reads become the operation's <see cref="JobOperation{TJob}.LastSnapshot"/>.</summary>
internal abstract class OperationCore<TJob>
    where TJob : class, IScraperJob
{
    private TJob? _last;

    protected OperationCore(OperationRuntime runtime, string jobId, bool justStarted)
    {
        Runtime = runtime;
        JobId = jobId;
        JustStarted = justStarted;
    }

    public OperationRuntime Runtime { get; }

    public string JobId { get; }

    public TJob? Last => Volatile.Read(ref _last);

    /// <summary>Gets or sets a value indicating whether the job was started by this operation and no wait has run yet: its
    /// first wait waits about <see cref="PollingOptions.InitialDelay"/> before the first poll.</summary>
    protected bool JustStarted { get; set; }

    public async Task<TJob> UpdateAsync(CancellationToken cancellationToken)
    {
        var job = await ReadAsync(cancellationToken).ConfigureAwait(false);
        Seen(job);
        return job;
    }

    public Task<TJob> WaitAsync(JobWaitOptions? options, IProgress<TJob>? progress, CancellationToken cancellationToken)
    {
        var request = Request(options, progress, nameof(options));
        return Runtime.RecordingFinishAsync(JobId, Runtime.Poller.WaitAsync(request, cancellationToken));
    }

    /// <summary>Records the latest snapshot read for the operation.</summary>
    public void Seen(TJob job) => Volatile.Write(ref _last, job);

    /// <summary>The request of one wait: validated options, the operation's record of snapshots before the caller's progress.</summary>
    protected PollRequest<TJob> Request(JobWaitOptions? options, IProgress<TJob>? progress, string paramName)
    {
        var polling = Runtime.Polling(options?.Polling, paramName);
        var timeLimit = options?.ValidatedTimeLimit(paramName);
        var request = CreateRequest(polling, new Relay(this, progress), options?.Budget, timeLimit, JustStarted, paramName);
        JustStarted = false;
        return request;
    }

    protected abstract Task<TJob> ReadAsync(CancellationToken cancellationToken);

    protected abstract PollRequest<TJob> CreateRequest(PollingSettings polling, IProgress<TJob> progress, TokenBudget? budget, TimeSpan? timeLimit, bool justStarted, string paramName);

    /// <summary>Passes each snapshot on synchronously, in order: first to the operation, then to the caller's progress
    /// (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Relay(OperationCore<TJob> owner, IProgress<TJob>? inner) : IProgress<TJob>
    {
        public void Report(TJob value)
        {
            owner.Seen(value);
            inner?.Report(value);
        }
    }
}
