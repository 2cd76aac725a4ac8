namespace Geonode.Scraper.Internal;

/// <summary>What a <see cref="CrawlOperation"/> does beyond every batch-or-crawl operation: its counters (a crawl reports
/// no pending count: what has not settled of its total is pending).</summary>
internal sealed class CrawlOperationCore(OperationRuntime runtime, string jobId, CrawlJobAccepted? accepted)
    : ResultOperationCore<CrawlJob, CrawlPage, CrawlCancellation>(runtime, runtime.Crawls, jobId, justStarted: accepted is not null)
{
    public CrawlJobAccepted? Accepted { get; } = accepted;

    protected override ExportSpec<CrawlPage> Export => Exporter.Crawl;

    protected override JobCounters Counters(CrawlJob job) =>
        new(job.TotalPages, job.CompletedPages, job.FailedPages, job.CancelledPages,
            Math.Max(0, job.TotalPages - job.CompletedPages - job.FailedPages - job.CancelledPages), [], job.TokenSummary?.TokensChargedTotal);
}
