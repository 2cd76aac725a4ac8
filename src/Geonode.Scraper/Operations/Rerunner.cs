using System.Text.Json;

namespace Geonode.Scraper.Internal;

/// <summary>
/// Re-runs only what failed: the failed URLs of a batch, or the failed pages of a crawl, as new batches (a crawl takes one
/// seed URL, so its pages are re-run as URLs, not followed again). Under a job ledger each batch is started with a key made
/// from the source job's id, so a re-run asked for again (after a restart, or on another replica) gets the same batches
/// instead of billing them twice.
/// </summary>
internal static class Rerunner
{
    public static async Task<RerunResult> BatchAsync(BatchOperationCore source, RerunOptions? options, CancellationToken cancellationToken)
    {
        var settings = Validated(options);
        var (job, failed) = await source.FailedAsync(cancellationToken).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return new RerunResult { SourceJobId = source.JobId };
        }

        var (template, from) = await BatchSettingsAsync(source.Runtime, job, settings, cancellationToken).ConfigureAwait(false);
        return await StartAsync(source.Runtime, source.JobId, failed, template, from, settings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RerunResult> CrawlAsync(CrawlOperationCore source, RerunOptions? options, CancellationToken cancellationToken)
    {
        var settings = Validated(options);
        var (job, failed) = await source.FailedAsync(cancellationToken).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return new RerunResult { SourceJobId = source.JobId };
        }

        var (template, from) = await CrawlSettingsAsync(source.Runtime, job, settings, cancellationToken).ConfigureAwait(false);
        return await StartAsync(source.Runtime, source.JobId, failed, template, from, settings, cancellationToken).ConfigureAwait(false);
    }

    private static RerunOptions Validated(RerunOptions? options)
    {
        var copy = new RerunOptions
        {
            OriginalRequest = options?.OriginalRequest,
            MaxThrottleWait = options?.MaxThrottleWait ?? new RerunOptions().MaxThrottleWait,
        };
        if (copy.MaxThrottleWait < TimeSpan.Zero && copy.MaxThrottleWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"options.MaxThrottleWait must not be negative; got {copy.MaxThrottleWait}.", nameof(options));
        }

        return copy;
    }

    private static async Task<(BatchRequest Template, RerunSettingsSource Source)> BatchSettingsAsync(
        OperationRuntime runtime, BatchJob job, RerunOptions options, CancellationToken cancellationToken)
    {
        if (options.OriginalRequest is { } given)
        {
            return (given, RerunSettingsSource.OriginalRequest);
        }

        if (Recorded(await runtime.RecordedAsync(job.JobId, cancellationToken).ConfigureAwait(false), JobLedgerEntry.BatchKind, ScraperJsonContext.Default.BatchRequest) is { } request)
        {
            // The ledger keeps no headers for target sites (they may carry secrets): those come from the status's echo.
            return (request with { Headers = request.Headers ?? job.BatchConfig?.Headers }, RerunSettingsSource.Recorded);
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
        }, RerunSettingsSource.JobStatus);
    }

    private static async Task<(BatchRequest Template, RerunSettingsSource Source)> CrawlSettingsAsync(
        OperationRuntime runtime, CrawlJob job, RerunOptions options, CancellationToken cancellationToken)
    {
        if (options.OriginalRequest is { } given)
        {
            return (given, RerunSettingsSource.OriginalRequest);
        }

        if (Recorded(await runtime.RecordedAsync(job.JobId, cancellationToken).ConfigureAwait(false), JobLedgerEntry.CrawlKind, ScraperJsonContext.Default.CrawlRequest) is { } request)
        {
            return (new BatchRequest { Urls = [], Formats = request.Formats, RenderJs = request.RenderJs, Proxy = request.Proxy, WaitConfig = request.WaitConfig }, RerunSettingsSource.Recorded);
        }

        var config = job.CrawlConfig;
        return (new BatchRequest { Urls = [], Formats = config?.Formats, RenderJs = config?.RenderJs, Proxy = config?.Proxy, WaitConfig = config?.WaitConfig }, RerunSettingsSource.JobStatus);
    }

    /// <summary>A recorded request that does not read back (written by another version, or by hand) is ignored: the re-run
    /// then falls back to the job's echoed settings, as without a ledger.</summary>
    private static T? Recorded<T>(JobLedgerEntry? entry, string kind, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (entry is not { RequestJson: { } json } || entry.Kind != kind)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<RerunResult> StartAsync(
        OperationRuntime runtime, string sourceJobId, List<string> failed, BatchRequest template, RerunSettingsSource source, RerunOptions options, CancellationToken cancellationToken)
    {
        var batches = new List<BatchOperation>();
        var chunk = 0;
        for (var offset = 0; offset < failed.Count; offset += BatchJobs.MaxUrls, chunk++)
        {
            var urls = failed.GetRange(offset, Math.Min(BatchJobs.MaxUrls, failed.Count - offset));

            // These URLs were accepted once, so they are valid: the server must not skip one silently.
            var request = template with { Urls = urls, IgnoreInvalidUrls = false };
            var key = runtime.Ledger is null ? null : new JobStartOptions { IdempotencyKey = $"rerun:{sourceJobId}:{chunk}" };
            try
            {
                var accepted = await runtime.Starter.StartAsync(runtime.BatchStart, request, request with { Headers = null }, key, options.MaxThrottleWait, cancellationToken).ConfigureAwait(false);
                batches.Add(new BatchOperation(new BatchOperationCore(runtime, accepted.JobId, accepted)));
            }
            catch (Exception ex) when (batches.Count > 0 && ex is not ArgumentException)
            {
                throw new RerunIncompleteException(sourceJobId, batches, failed.GetRange(offset, failed.Count - offset), ex);
            }
        }

        return new RerunResult { SourceJobId = sourceJobId, FailedUrls = failed, Batches = batches, SettingsSource = source };
    }
}
