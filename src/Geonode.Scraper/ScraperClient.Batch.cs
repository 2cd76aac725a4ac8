using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string BatchPath = "v1/batch";

    /// <summary>The most URLs one batch may hold.</summary>
    internal const int MaxBatchUrls = 1000;

    /// <summary>The largest result page the batch and crawl status endpoints serve.</summary>
    internal const int MaxResultPageSize = 50;

    /// <inheritdoc/>
    public Task<BatchJob> GetBatchAsync(string jobId, int page = 1, int pageSize = 10, CancellationToken cancellationToken = default) =>
        _api.GetAsync(ResultPagePath(BatchPath + "/", jobId, page, pageSize), ScraperJsonContext.Default.BatchJob, cancellationToken);

    /// <inheritdoc/>
    public Task<BatchJob> WaitForBatchAsync(string jobId, PollingOptions? polling = null, IProgress<BatchJob>? progress = null, CancellationToken cancellationToken = default)
    {
        var statusPath = ResultPagePath(BatchPath + "/", jobId, 1, 1);
        return _poller.WaitAsync(
            jobId,
            ct => _api.SendAsync(HttpMethod.Get, statusPath, null, ScraperJsonContext.Default.BatchJob, RequestKind.Default, ct),
            static _ => null,
            ResolvePolling(polling),
            progress,
            ct => CancelBatchAsync(jobId, ct),
            delayFirstPoll: false,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<BatchCancellation> CancelBatchAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var response = await _api.SendAsync(
            HttpMethod.Delete, JobPath(BatchPath + "/", jobId, nameof(jobId)), null, ScraperJsonContext.Default.BatchCancellation, RequestKind.Cancel, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Builds <c>{prefix}{jobId}?page=..&amp;page_size=..</c> for the batch and crawl status endpoints.</summary>
    private static string ResultPagePath(string prefix, string jobId, int page, int pageSize, string pageParam = "page", string pageSizeParam = "pageSize")
    {
        var path = JobPath(prefix, jobId, nameof(jobId));
        if (page < 1)
        {
            throw new ArgumentOutOfRangeException(pageParam, page, "The page number starts at 1.");
        }

        if (pageSize is < 1 or > MaxResultPageSize)
        {
            throw new ArgumentOutOfRangeException(pageSizeParam, pageSize, $"The page size must be between 1 and {MaxResultPageSize}.");
        }

        return path + new QueryString().Add("page", page).Add("page_size", pageSize);
    }
}
