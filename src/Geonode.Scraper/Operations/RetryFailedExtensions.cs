using System.Diagnostics.CodeAnalysis;
using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

/// <summary>Re-runs only what failed: the failed URLs of a batch, or the failed pages of a crawl, as a new batch.</summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public static class RetryFailedExtensions
{
    /// <summary>
    /// Starts a batch of the URLs that failed in batch <paramref name="batchJobId"/>, with the original settings, and returns
    /// it. Nothing is started when nothing failed (<see cref="RetryFailedResult.NothingFailed"/>).
    /// </summary>
    /// <remarks>
    /// <para>Only items whose status is <c>failed</c> are sent again: completed items, cancelled ones (the job was
    /// stopped) and the URLs the server skipped as invalid are not. The batch must have ended.</para>
    /// <para>The settings come from <see cref="RetryFailedOptions.OriginalRequest"/> when given, else from the request
    /// recorded when the job was started (when the client records them), else from what the job's status reports, which
    /// leaves out <c>extract_links</c>, <c>processing_mode</c> and <c>ignore_invalid_urls</c>
    /// (<see cref="RetryFailedResult.SettingsSource"/> says which). A 429 for the account's concurrency limit is waited out
    /// (<see cref="RetryFailedOptions.MaxThrottleWait"/>).</para>
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="batchJobId">The id of the batch whose failed URLs to re-run.</param>
    /// <param name="options">The settings and limits of the re-run; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The batch started, or a result saying that nothing failed.</returns>
    /// <exception cref="ArgumentException"><paramref name="batchJobId"/> is empty or not a job id.</exception>
    /// <exception cref="InvalidOperationException">The batch is still running.</exception>
    public static async Task<RetryFailedResult> RetryFailedItemsAsync(
        this IScraperClient client, string batchJobId, RetryFailedOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.JobId(batchJobId);
        var settings = Validated(options);

        var job = await client.GetBatchAsync(batchJobId, 1, 1, cancellationToken).ConfigureAwait(false);
        RequireEnded(job, "batch", batchJobId);
        if (job.FailedUrls == 0)
        {
            return new RetryFailedResult { SourceJobId = batchJobId };
        }

        var failed = new List<string>();
        await foreach (var item in client.GetBatchItemsAsync(batchJobId, cancellationToken).ConfigureAwait(false))
        {
            if (item.Status == JobStatus.Failed)
            {
                failed.Add(item.Url);
            }
        }

        var (template, source) = await BatchSettingsAsync(client, batchJobId, job, settings, cancellationToken).ConfigureAwait(false);
        return await StartAsync(client, batchJobId, failed, template, source, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a batch of the pages that failed in crawl <paramref name="crawlJobId"/> (a crawl takes one seed URL, so the
    /// pages are re-run as a batch of URLs, not followed again), with the crawl's settings, and returns it. More than 1,000
    /// failed pages are split into several batches. Nothing is started when nothing failed.
    /// </summary>
    /// <remarks>
    /// <para>Only pages whose status is <c>failed</c> are sent again. The crawl must have ended. The settings come from
    /// <see cref="RetryFailedOptions.OriginalRequest"/> when given, else from the crawl request recorded when the job was
    /// started, else from what the crawl's status reports (formats, rendering, proxy, wait); the crawl-only settings
    /// (depth, limit, domain rules) have no meaning for a batch.</para>
    /// </remarks>
    /// <param name="client">The client.</param>
    /// <param name="crawlJobId">The id of the crawl whose failed pages to re-run.</param>
    /// <param name="options">The settings and limits of the re-run; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The batches started, or a result saying that nothing failed.</returns>
    /// <exception cref="ArgumentException"><paramref name="crawlJobId"/> is empty or not a job id.</exception>
    /// <exception cref="InvalidOperationException">The crawl is still running.</exception>
    /// <exception cref="RetryFailedIncompleteException">Some batches were started and the next could not be.</exception>
    public static async Task<RetryFailedResult> RetryFailedPagesAsync(
        this IScraperClient client, string crawlJobId, RetryFailedOptions? options = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(client);
        Guard.JobId(crawlJobId);
        var settings = Validated(options);

        var job = await client.GetCrawlAsync(crawlJobId, 1, 1, cancellationToken).ConfigureAwait(false);
        RequireEnded(job, "crawl", crawlJobId);
        if (job.FailedPages == 0)
        {
            return new RetryFailedResult { SourceJobId = crawlJobId };
        }

        var failed = new List<string>();
        await foreach (var page in client.GetCrawlPagesAsync(crawlJobId, cancellationToken).ConfigureAwait(false))
        {
            if (page.Status == JobStatus.Failed)
            {
                failed.Add(page.Url);
            }
        }

        var (template, source) = await CrawlSettingsAsync(client, crawlJobId, job, settings, cancellationToken).ConfigureAwait(false);
        return await StartAsync(client, crawlJobId, failed, template, source, settings, cancellationToken).ConfigureAwait(false);
    }

    private static RetryFailedOptions Validated(RetryFailedOptions? options)
    {
        var copy = new RetryFailedOptions
        {
            OriginalRequest = options?.OriginalRequest,
            MaxThrottleWait = options?.MaxThrottleWait ?? new RetryFailedOptions().MaxThrottleWait,
        };
        if (copy.MaxThrottleWait < TimeSpan.Zero && copy.MaxThrottleWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"options.MaxThrottleWait must not be negative; got {copy.MaxThrottleWait}.", nameof(options));
        }

        return copy;
    }

    private static void RequireEnded(IScraperJob job, string kind, string jobId)
    {
        if (!job.Status.IsTerminal)
        {
            throw new InvalidOperationException(
                $"The {kind} {jobId} is still running (status '{job.Status}'): wait for it to end before re-running what failed, so that nothing is extracted twice.");
        }
    }

    private static async Task<(BatchRequest Template, RetrySettingsSource Source)> BatchSettingsAsync(
        IScraperClient client, string jobId, BatchJob job, RetryFailedOptions options, CancellationToken cancellationToken)
    {
        if (options.OriginalRequest is { } given)
        {
            return (given, RetrySettingsSource.OriginalRequest);
        }

        if ((client as ScraperClient)?.RequestSource is { } recorded
            && await recorded.FindBatchRequestAsync(jobId, cancellationToken).ConfigureAwait(false) is { } request)
        {
            // The ledger keeps no headers for target sites (they may carry secrets): those come from the status's echo.
            return (request with { Headers = request.Headers ?? job.BatchConfig?.Headers }, RetrySettingsSource.Recorded);
        }

        // What the status echoes back; the rest (extract_links, processing_mode) is not reported and stays the API's default.
        var config = job.BatchConfig;
        return (new BatchRequest
        {
            Urls = [],
            Formats = config?.Formats,
            RenderJs = config?.RenderJs,
            Proxy = config?.Proxy,
            Headers = config?.Headers,
            WaitConfig = config?.WaitConfig,
        }, RetrySettingsSource.JobStatus);
    }

    private static async Task<(BatchRequest Template, RetrySettingsSource Source)> CrawlSettingsAsync(
        IScraperClient client, string jobId, CrawlJob job, RetryFailedOptions options, CancellationToken cancellationToken)
    {
        if (options.OriginalRequest is { } given)
        {
            return (given, RetrySettingsSource.OriginalRequest);
        }

        if ((client as ScraperClient)?.RequestSource is { } recorded
            && await recorded.FindCrawlRequestAsync(jobId, cancellationToken).ConfigureAwait(false) is { } request)
        {
            return (new BatchRequest { Urls = [], Formats = request.Formats, RenderJs = request.RenderJs, Proxy = request.Proxy, WaitConfig = request.WaitConfig }, RetrySettingsSource.Recorded);
        }

        var config = job.CrawlConfig;
        return (new BatchRequest { Urls = [], Formats = config?.Formats, RenderJs = config?.RenderJs, Proxy = config?.Proxy, WaitConfig = config?.WaitConfig }, RetrySettingsSource.JobStatus);
    }

    private static async Task<RetryFailedResult> StartAsync(
        IScraperClient client, string sourceJobId, List<string> failed, BatchRequest template, RetrySettingsSource source, RetryFailedOptions options, CancellationToken cancellationToken)
    {
        if (failed.Count == 0)
        {
            // The counters said something failed, but no item does any more: nothing to re-run.
            return new RetryFailedResult { SourceJobId = sourceJobId };
        }

        var batches = new List<BatchJobAccepted>();
        for (var offset = 0; offset < failed.Count; offset += ScraperClient.MaxBatchUrls)
        {
            var urls = failed.GetRange(offset, Math.Min(ScraperClient.MaxBatchUrls, failed.Count - offset));

            // These URLs were accepted once, so they are valid: the server must not skip one silently.
            var request = template with { Urls = urls, IgnoreInvalidUrls = false };
            try
            {
                batches.Add(await BatchStarter.StartAsync(client, request, options.MaxThrottleWait, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (batches.Count > 0 && ex is not ArgumentException)
            {
                throw new RetryFailedIncompleteException(sourceJobId, batches, failed.GetRange(offset, failed.Count - offset), ex);
            }
        }

        return new RetryFailedResult { SourceJobId = sourceJobId, FailedUrls = failed, Batches = batches, SettingsSource = source };
    }
}
