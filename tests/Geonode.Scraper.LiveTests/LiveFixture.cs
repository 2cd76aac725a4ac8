namespace Geonode.Scraper.LiveTests;

/// <summary>One client for the live tests, and the few billed calls they share (a sync extract, a 1-URL batch, a depth-1
/// crawl, a map, a search), each made at most once per run and only when a test that needs it runs, so the list checks find
/// jobs whatever order the tests run in. Creates nothing when every test is skipped.</summary>
public sealed class LiveFixture : IDisposable
{
    public const string TinyPage = "https://example.com/";

    private readonly Lazy<ScraperClient> _client = new(() => new ScraperClient(new ScraperClientOptions
    {
        Polling = new PollingOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMinutes(10) },
    }));

    private readonly Lazy<Task<(ExtractResult Result, ScraperValidationException? NetworkIdleRejected)>> _extract;
    private readonly Lazy<Task<BatchJob>> _batch;
    private readonly Lazy<Task<CrawlJob>> _crawl;
    private readonly Lazy<Task<MapResult>> _map;
    private readonly Lazy<Task<SearchResponse>> _search;

    public LiveFixture()
    {
        _extract = new(async () =>
        {
            try
            {
                return (await Client.ExtractAsync(new ExtractRequest { Url = TinyPage, WaitConfig = new WaitConfig { WaitUntil = WaitUntil.NetworkIdle } }), null);
            }
            catch (ScraperValidationException ex)
            {
                // Validation errors are not charged: the same page again, without networkidle.
                return (await Client.ExtractAsync(new ExtractRequest { Url = TinyPage }), ex);
            }
        });
        _batch = new(async () =>
        {
            var accepted = await Client.StartBatchAsync(new BatchRequest { Urls = [TinyPage], ExtractLinks = true });
            return await Client.WaitForBatchAsync(accepted.JobId);
        });
        _crawl = new(async () =>
        {
            var accepted = await Client.StartCrawlAsync(new CrawlRequest { Url = TinyPage, Depth = 1, Limit = 1 });
            return await Client.WaitForCrawlAsync(accepted.JobId);
        });
        _map = new(() => Client.MapAsync(new MapRequest { Url = TinyPage }));
        _search = new(() => Client.SearchAsync(new SearchRequest { Query = "example domain" }));
    }

    public IScraperClient Client => _client.Value;

    /// <summary>A sync extract of <see cref="TinyPage"/> with no formats and <c>wait_until: networkidle</c>, repeated without
    /// it if the server refuses the value (1 request).</summary>
    public Task<(ExtractResult Result, ScraperValidationException? NetworkIdleRejected)> SyncExtract => _extract.Value;

    /// <summary>A map of <see cref="TinyPage"/>.</summary>
    public Task<MapResult> Map => _map.Value;

    /// <summary>A search for "example domain" (1 request).</summary>
    public Task<SearchResponse> Search => _search.Value;

    /// <summary>A finished 1-URL batch of <see cref="TinyPage"/> with <c>extract_links</c> (1 request).</summary>
    public Task<BatchJob> FinishedBatch => _batch.Value;

    /// <summary>A finished depth-1, limit-1 crawl of <see cref="TinyPage"/> (1 request).</summary>
    public Task<CrawlJob> FinishedCrawl => _crawl.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
