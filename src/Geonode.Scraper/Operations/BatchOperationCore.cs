namespace Geonode.Scraper.Internal;

/// <summary>What a <see cref="BatchOperation"/> does beyond every batch-or-crawl operation: its counters and what it submitted.</summary>
internal sealed class BatchOperationCore(OperationRuntime runtime, string jobId, BatchJobAccepted? accepted)
    : ResultOperationCore<BatchJob, BatchItem, BatchCancellation>(runtime, runtime.Batches, jobId, justStarted: accepted is not null)
{
    public BatchJobAccepted? Accepted { get; } = accepted;

    protected override ExportSpec<BatchItem> Export => Exporter.Batch;

    public static JobCounters CountersOf(BatchJob job) =>
        new(job.TotalUrls, job.CompletedUrls, job.FailedUrls, job.CancelledUrls, job.PendingUrls, job.InvalidUrls, job.TokenSummary?.TokensChargedTotal);

    protected override JobCounters Counters(BatchJob job) => CountersOf(job);

    protected override async Task<int?> SubmittedAsync(CancellationToken cancellationToken) =>
        Accepted is { } accepted
            ? accepted.AcceptedUrls + accepted.InvalidUrls.Count
            : (await Runtime.RecordedAsync(JobId, cancellationToken).ConfigureAwait(false))?.UrlCount;
}
