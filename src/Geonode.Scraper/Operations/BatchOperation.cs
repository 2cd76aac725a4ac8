using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A batch job's whole life: wait for it, read or watch its items, cancel it, export it, re-run what failed, and get its
/// receipt. Start one with <see cref="IScraperClient.StartBatchOperationAsync"/>, or get one back from a job id with
/// <see cref="IScraperClient.GetBatchOperation"/> (in any process: the id is all there is to keep).
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public class BatchOperation : JobOperation<BatchJob>
{
    private readonly BatchOperationCore? _core;

    /// <summary>Initializes a new instance of the <see cref="BatchOperation"/> class for a test double: override the members
    /// it uses; the others throw <see cref="InvalidOperationException"/>.</summary>
    protected BatchOperation()
    {
    }

    internal BatchOperation(BatchOperationCore core)
        : base(core) => _core = core;

    /// <summary>Gets the API's answer to the request that started the batch (its accepted and invalid URLs);
    /// <see langword="null"/> for an operation got back from a job id.</summary>
    public virtual BatchJobAccepted? Accepted => _core?.Accepted;

    private BatchOperationCore Batch => _core ?? (BatchOperationCore)Core;

    /// <summary>Yields each item once it has settled, while the batch runs, then the rest once it has ended; reads a result
    /// page again only when the counters say something on it changed.</summary>
    /// <param name="options">How to poll, a token budget, and a time limit (after which the watch ends with what had settled).</param>
    /// <param name="progress">Receives every status snapshot, once.</param>
    /// <param name="cancellationToken">Stops the watch (the batch goes on).</param>
    /// <returns>Every item once.</returns>
    /// <exception cref="JobFailedException">The batch failed (its items are yielded first).</exception>
    /// <exception cref="JobCancelledException">The batch was cancelled (its items are yielded first).</exception>
    public virtual IAsyncEnumerable<BatchItem> WatchItemsAsync(JobWaitOptions? options = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default) =>
        Batch.WatchAsync(options, progress, cancellationToken);

    /// <summary>Reads every item of the batch as it stands now, across its result pages, each once.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The items.</returns>
    public virtual IAsyncEnumerable<BatchItem> GetItemsAsync(CancellationToken cancellationToken = default) => Batch.ReadAllAsync(cancellationToken);

    /// <summary>Cancels the batch. A batch that can no longer be cancelled (409) is read once: one that is cancelled is
    /// reported cancelled (an earlier attempt, or someone else, cancelled it).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The API's answer.</returns>
    /// <exception cref="ScraperConflictException">The batch has ended otherwise (completed or failed).</exception>
    public virtual Task<BatchCancellation> CancelAsync(CancellationToken cancellationToken = default) => Batch.CancelAsync(cancellationToken);

    /// <summary>Writes every item into <paramref name="directory"/> (a Markdown tree or one JSON Lines file), following the
    /// batch while it runs; resumes where an earlier run stopped (every item written once), and writes the batch's receipt
    /// beside the files once it has ended.</summary>
    /// <param name="directory">The folder (created if missing). One that holds another export or other files is refused
    /// unless <see cref="ExportOptions.Overwrite"/>.</param>
    /// <param name="options">The format, overwrite, and how to follow the batch.</param>
    /// <param name="progress">Receives the counts after every item.</param>
    /// <param name="cancellationToken">Stops the export (the batch goes on); a rerun continues where it stopped.</param>
    /// <returns>What was written, what failed, and the receipt.</returns>
    /// <exception cref="ExportFolderInUseException">The folder holds another export or other files.</exception>
    /// <exception cref="IOException">Another export is writing into the folder, or a file cannot be written.</exception>
    /// <exception cref="JobFailedException">The batch failed (its items and its receipt are written first).</exception>
    /// <exception cref="JobCancelledException">The batch was cancelled (its items and its receipt are written first).</exception>
    public virtual Task<ExportResult> ExportAsync(string directory, ExportOptions? options = null, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Batch.ExportAsync(directory, options, progress, cancellationToken);

    /// <summary>Starts a batch of the URLs that failed in this (ended) batch, with its original settings. Only items whose
    /// status is <c>failed</c> are sent again; nothing is started when nothing failed.</summary>
    /// <param name="options">The settings and limits of the re-run.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The batches started, or a result saying that nothing failed.</returns>
    /// <exception cref="InvalidOperationException">The batch is still running.</exception>
    public virtual Task<RerunResult> RerunFailedAsync(RerunOptions? options = null, CancellationToken cancellationToken = default) =>
        Rerunner.BatchAsync(Batch, options, cancellationToken);

    /// <summary>Reads every item of the ended batch and returns its receipt: what was submitted, what succeeded, failed
    /// (each URL with its error), was cancelled or invalid, and the tokens charged, with every mismatch listed.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="InvalidOperationException">The batch is still running.</exception>
    public virtual Task<JobReceipt> GetReceiptAsync(CancellationToken cancellationToken = default) => Batch.ReceiptAsync(cancellationToken);
}
