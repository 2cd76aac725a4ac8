namespace Geonode.Scraper.Mcp.Tools;

/// <summary>A crawl's operation whose waits end at the tool call's bound and report MCP progress (the agent tools wait
/// through <c>WaitForCompletionAsync</c>); every other member is the real operation's.</summary>
internal sealed class BoundedCrawlOperation(CrawlOperation inner, ToolScraperClient client) : CrawlOperation
{
    public override string JobId => inner.JobId;

    public override CrawlJob? LastSnapshot => inner.LastSnapshot;

    public override JobStatus? Status => inner.Status;

    public override bool HasCompleted => inner.HasCompleted;

    public override CrawlJobAccepted? Accepted => inner.Accepted;

    public override Task<CrawlJob> WaitForCompletionAsync(JobWaitOptions? options = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        client.WaitForCrawlWithinAsync(JobId, options?.Polling, progress, options?.StopWaitingAfter, cancellationToken);

    public override Task<CrawlJob> UpdateStatusAsync(CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(cancellationToken);

    public override IAsyncEnumerable<CrawlPage> WatchPagesAsync(JobWaitOptions? options = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        inner.WatchPagesAsync(options, progress, cancellationToken);

    public override IAsyncEnumerable<CrawlPage> GetPagesAsync(CancellationToken cancellationToken = default) => inner.GetPagesAsync(cancellationToken);

    public override Task<CrawlCancellation> CancelAsync(CancellationToken cancellationToken = default) => inner.CancelAsync(cancellationToken);

    public override Task<ExportResult> ExportAsync(string directory, ExportOptions? options = null, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.ExportAsync(directory, options, progress, cancellationToken);

    public override Task<RerunResult> RerunFailedAsync(RerunOptions? options = null, CancellationToken cancellationToken = default) => inner.RerunFailedAsync(options, cancellationToken);

    public override Task<JobReceipt> GetReceiptAsync(CancellationToken cancellationToken = default) => inner.GetReceiptAsync(cancellationToken);
}
