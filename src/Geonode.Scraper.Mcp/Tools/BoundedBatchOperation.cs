namespace Geonode.Scraper.Mcp.Tools;

/// <summary>A batch's operation whose waits end at the tool call's bound and report MCP progress (the agent tools wait
/// through <c>WaitForCompletionAsync</c>); every other member is the real operation's.</summary>
internal sealed class BoundedBatchOperation(BatchOperation inner, ToolScraperClient client) : BatchOperation
{
    public override string JobId => inner.JobId;

    public override BatchJob? LastSnapshot => inner.LastSnapshot;

    public override JobStatus? Status => inner.Status;

    public override bool HasCompleted => inner.HasCompleted;

    public override BatchJobAccepted? Accepted => inner.Accepted;

    public override Task<BatchJob> WaitForCompletionAsync(JobWaitOptions? options = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        client.WaitForBatchWithinAsync(JobId, options?.Polling, progress, options?.StopWaitingAfter, cancellationToken);

    public override Task<BatchJob> UpdateStatusAsync(CancellationToken cancellationToken = default) => inner.UpdateStatusAsync(cancellationToken);

    public override IAsyncEnumerable<BatchItem> WatchItemsAsync(JobWaitOptions? options = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        inner.WatchItemsAsync(options, progress, cancellationToken);

    public override IAsyncEnumerable<BatchItem> GetItemsAsync(CancellationToken cancellationToken = default) => inner.GetItemsAsync(cancellationToken);

    public override Task<BatchCancellation> CancelAsync(CancellationToken cancellationToken = default) => inner.CancelAsync(cancellationToken);

    public override Task<ExportResult> ExportAsync(string directory, ExportOptions? options = null, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.ExportAsync(directory, options, progress, cancellationToken);

    public override Task<RerunResult> RerunFailedAsync(RerunOptions? options = null, CancellationToken cancellationToken = default) => inner.RerunFailedAsync(options, cancellationToken);

    public override Task<JobReceipt> GetReceiptAsync(CancellationToken cancellationToken = default) => inner.GetReceiptAsync(cancellationToken);
}
