using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string CrawlPath = "v1/crawl";

    /// <inheritdoc/>
    public Task<CrawlJob> GetCrawlAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _api.GetAsync(ResultPagePath(CrawlPath + "/", jobId, page, pageSize), ScraperJsonContext.Default.CrawlJob, cancellationToken);

    /// <inheritdoc/>
    public Task<CrawlJob> WaitForCrawlAsync(string jobId, PollingOptions? polling = null, IProgress<CrawlJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(CrawlPath + "/", jobId, 1, 1);
        return _poller.WaitAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.CrawlJob, RequestKind.Default, ct),
            static _ => null,
            ResolvePolling(polling),
            progress,
            ct => CancelCrawlAsync(jobId, ct),
            delayFirstPoll: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<CrawlCancellation> CancelCrawlAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var response = await _api.SendAsync(
            HttpMethod.Delete, JobPath(CrawlPath + "/", jobId, nameof(jobId)), null, ScraperJsonContext.Default.CrawlCancellation, RequestKind.Cancel, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}
