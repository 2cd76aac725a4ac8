using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>
/// A crawl job's whole life: wait for it, read or watch its pages, cancel it, export it, re-run what failed, and get its
/// receipt. Start one with <see cref="IScraperClient.StartCrawlOperationAsync"/>, or get one back from a job id with
/// <see cref="IScraperClient.GetCrawlOperation"/> (in any process: the id is all there is to keep).
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public class CrawlOperation : JobOperation<CrawlJob>
{
    private readonly CrawlOperationCore? _core;

    /// <summary>Initializes a new instance of the <see cref="CrawlOperation"/> class for a test double: override the members
    /// it uses; the others throw <see cref="InvalidOperationException"/>.</summary>
    protected CrawlOperation()
    {
    }

    internal CrawlOperation(CrawlOperationCore core)
        : base(core) => _core = core;

    /// <summary>Gets the API's answer to the request that started the crawl;
    /// <see langword="null"/> for an operation got back from a job id.</summary>
    public virtual CrawlJobAccepted? Accepted => _core?.Accepted;

    private CrawlOperationCore Crawl => _core ?? (CrawlOperationCore)Core;

    /// <summary>Yields each page once it has settled, while the crawl runs (its total grows as links are found), then the
    /// rest once it has ended; reads a result page again only when the counters say something on it changed.</summary>
    /// <param name="options">How to poll, a token budget, and a time limit (after which the watch ends with what had settled).</param>
    /// <param name="progress">Receives every status snapshot, once.</param>
    /// <param name="cancellationToken">Stops the watch (the crawl goes on).</param>
    /// <returns>Every page once.</returns>
    /// <exception cref="JobFailedException">The crawl failed (its pages are yielded first).</exception>
    /// <exception cref="JobCancelledException">The crawl was cancelled (its pages are yielded first).</exception>
    public virtual IAsyncEnumerable<CrawlPage> WatchPagesAsync(JobWaitOptions? options = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default) =>
        Crawl.WatchAsync(options, progress, cancellationToken);

    /// <summary>Reads every page of the crawl as it stands now, across its result pages, each once.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The pages.</returns>
    public virtual IAsyncEnumerable<CrawlPage> GetPagesAsync(CancellationToken cancellationToken = default) => Crawl.ReadAllAsync(cancellationToken);

    /// <summary>Cancels the crawl. A crawl that can no longer be cancelled (409) is read once: one that is cancelled is
    /// reported cancelled (an earlier attempt, or someone else, cancelled it).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The API's answer.</returns>
    /// <exception cref="ScraperConflictException">The crawl has ended otherwise (completed or failed).</exception>
    public virtual Task<CrawlCancellation> CancelAsync(CancellationToken cancellationToken = default) => Crawl.CancelAsync(cancellationToken);

    /// <summary>Writes every page into <paramref name="directory"/> (a Markdown tree or one JSON Lines file), following the
    /// crawl while it runs; resumes where an earlier run stopped (every page written once), and writes the crawl's receipt
    /// beside the files once it has ended.</summary>
    /// <param name="directory">The folder (created if missing). One that holds another export or other files is refused
    /// unless <see cref="ExportOptions.Overwrite"/>.</param>
    /// <param name="options">The format, overwrite, and how to follow the crawl.</param>
    /// <param name="progress">Receives the counts after every page.</param>
    /// <param name="cancellationToken">Stops the export (the crawl goes on); a rerun continues where it stopped.</param>
    /// <returns>What was written, what failed, and the receipt.</returns>
    /// <exception cref="ExportFolderInUseException">The folder holds another export or other files.</exception>
    /// <exception cref="IOException">Another export is writing into the folder, or a file cannot be written.</exception>
    /// <exception cref="JobFailedException">The crawl failed (its pages and its receipt are written first).</exception>
    /// <exception cref="JobCancelledException">The crawl was cancelled (its pages and its receipt are written first).</exception>
    public virtual Task<ExportResult> ExportAsync(string directory, ExportOptions? options = null, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Crawl.ExportAsync(directory, options, progress, cancellationToken);

    /// <summary>Starts a batch of the pages that failed in this (ended) crawl, with the crawl's settings (a crawl takes one
    /// seed URL, so the pages are re-run as URLs, not followed again; more than 1,000 are split into several batches). Only
    /// pages whose status is <c>failed</c> are sent again; nothing is started when nothing failed.</summary>
    /// <param name="options">The settings and limits of the re-run.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The crawles started, or a result saying that nothing failed.</returns>
    /// <exception cref="InvalidOperationException">The crawl is still running.</exception>
    public virtual Task<RerunResult> RerunFailedAsync(RerunOptions? options = null, CancellationToken cancellationToken = default) =>
        Rerunner.CrawlAsync(Crawl, options, cancellationToken);

    /// <summary>Reads every page of the ended crawl and returns its receipt: what was submitted, what succeeded, failed
    /// (each URL with its error), was cancelled or invalid, and the tokens charged, with every mismatch listed.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The receipt.</returns>
    /// <exception cref="InvalidOperationException">The crawl is still running.</exception>
    public virtual Task<JobReceipt> GetReceiptAsync(CancellationToken cancellationToken = default) => Crawl.ReceiptAsync(cancellationToken);
}
