namespace Geonode.Scraper.Internal;

/// <summary>What a batch or crawl operation does: everything of <see cref="OperationCore{TJob}"/>, plus its results (read
/// once, or watched while the job runs), its cancel, its export, re-running what failed, and its receipt.</summary>
internal abstract class ResultOperationCore<TJob, TItem, TCancellation> : OperationCore<TJob>
    where TJob : class, IScraperJob
    where TCancellation : class, IScraperJob
{
    protected ResultOperationCore(OperationRuntime runtime, ResultJobs<TJob, TItem, TCancellation> jobs, string jobId, bool justStarted)
        : base(runtime, jobId, justStarted) => Jobs = jobs;

    public ResultJobs<TJob, TItem, TCancellation> Jobs { get; }

    /// <summary>Gets what an export writes of a result.</summary>
    protected abstract ExportSpec<TItem> Export { get; }

    public IAsyncEnumerable<TItem> WatchAsync(JobWaitOptions? options, IProgress<TJob>? progress, CancellationToken cancellationToken)
    {
        var request = Request(options, progress, nameof(options));
        var reader = Jobs.Reader(JobId);
        var items = Runtime.Poller.WatchAsync(request, loop => reader.WatchAsync(loop, request, Runtime.Logger), cancellationToken);
        return Runtime.RecordingFinish(JobId, items, () => Last is { Status.IsTerminal: true }, cancellationToken);
    }

    public IAsyncEnumerable<TItem> ReadAllAsync(CancellationToken cancellationToken) => Jobs.Reader(JobId).ReadAllAsync(cancellationToken);

    public Task<TCancellation> CancelAsync(CancellationToken cancellationToken) => Jobs.CancelAsync(JobId, cancellationToken);

    public async Task<ExportResult> ExportAsync(string directory, ExportOptions? options, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = Exporter.Validated(directory, options);
        var submitted = await SubmittedAsync(cancellationToken).ConfigureAwait(false);
        return await Exporter.RunAsync<TJob, TItem>(
            Export,
            Runtime.ApiKey,
            JobId,
            directory,
            settings,
            jobProgress => WatchAsync(settings.Wait, jobProgress, cancellationToken),
            (job, read) => read.Build(JobId, job.Status, Counters(job), submitted),
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The receipt of the ended job, from every result read now.</summary>
    public async Task<JobReceipt> ReceiptAsync(CancellationToken cancellationToken)
    {
        var job = await UpdateAsync(cancellationToken).ConfigureAwait(false);
        if (!job.Status.IsTerminal)
        {
            throw new InvalidOperationException($"The {Export.Kind} {JobId} is still running (status '{job.Status}'): wait for it to end before asking for its receipt.");
        }

        var read = new ReceiptBuilder(Export.Kind, text => ErrorMapper.Redact(text, Runtime.ApiKey));
        await foreach (var item in ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var view = Export.View(item);
            read.Add(view.Key, view.Url, view.Status, view.ErrorCode, view.ErrorMessage);
        }

        return read.Build(JobId, job.Status, Counters(job), await SubmittedAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The URLs of the results that failed, in the order of the results, once the job has ended.</summary>
    public async Task<(TJob Job, List<string> Failed)> FailedAsync(CancellationToken cancellationToken)
    {
        var job = await UpdateAsync(cancellationToken).ConfigureAwait(false);
        if (!job.Status.IsTerminal)
        {
            throw new InvalidOperationException(
                $"The {Export.Kind} {JobId} is still running (status '{job.Status}'): wait for it to end before re-running what failed, so that nothing is extracted twice.");
        }

        var failed = new List<string>();
        if (Counters(job).Failed > 0)
        {
            await foreach (var item in ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Export.View(item) is { Status: var status, Url: var url } && status == JobStatus.Failed)
                {
                    failed.Add(url);
                }
            }
        }

        return (job, failed);
    }

    protected override Task<TJob> ReadAsync(CancellationToken cancellationToken) => Jobs.GetAsync(JobId, 1, 1, cancellationToken);

    protected override PollRequest<TJob> CreateRequest(PollingSettings polling, IProgress<TJob> progress, TokenBudget? budget, TimeSpan? timeLimit, bool justStarted, string paramName) =>
        Jobs.PollRequest(JobId, polling, progress, justStarted, Runtime.Stops(budget, Jobs.Descriptor.Usage, paramName), timeLimit);

    /// <summary>The job's counters in a snapshot.</summary>
    protected abstract JobCounters Counters(TJob job);

    /// <summary>The URLs submitted, when the caller knows them better than the job (a batch started here, or recorded).</summary>
    protected virtual Task<int?> SubmittedAsync(CancellationToken cancellationToken) => Task.FromResult<int?>(null);
}
