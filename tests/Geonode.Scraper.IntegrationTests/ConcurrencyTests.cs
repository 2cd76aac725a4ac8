namespace Geonode.Scraper.IntegrationTests;

/// <summary>One client shared by many concurrent waits of every kind, over real sockets: each gets its own job's result.</summary>
public sealed class ConcurrencyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly IScraperClient _client = fixture.Client;

    [Fact]
    public async Task OneClient_TwoHundredConcurrentWaitsOfMixedKinds_EachGetsItsOwnJobsResult()
    {
        // Every job has its own host, and the emulator's content and links are computed from the URL: a result that came
        // from another job (a mixed-up response, a shared buffer, a wrong id) shows in the hosts.
        static string Host(int i) => $"c{i}.concurrency.example.test";

        var waits = Enumerable.Range(0, 200).Select(i => (i % 4) switch
        {
            0 => ExtractAsync(i, Host(i)),
            1 => BatchAsync(Host(i)),
            2 => CrawlAsync(Host(i)),
            _ => WatchAsync(Host(i)),
        }).ToList();

        var results = await Task.WhenAll(waits);

        for (var i = 0; i < results.Length; i++)
        {
            var own = Host(i);
            results[i].Should().NotBeEmpty($"wait {i} read something").And.OnlyContain(host => host == own, $"wait {i} gets its own job's result only");
        }
    }

    private async Task<List<string>> ExtractAsync(int i, string host)
    {
        var result = await _client.ExtractAsync(new ExtractRequest { Url = $"https://{host}/page/{i}", ProcessingMode = ProcessingMode.Async }, EmulatorFixture.FastPolling());
        result.Data.Markdown.Should().StartWith($"# {host}/page/{i}");
        return [new Uri(result.Metadata!.Url!).Host];
    }

    private async Task<List<string>> BatchAsync(string host)
    {
        string[] urls = [.. Enumerable.Range(0, 7).Select(n => $"https://{host}/item/{n}")];
        var accepted = await _client.StartBatchAsync(new BatchRequest { Urls = urls });
        var job = await _client.WaitForBatchAsync(accepted.JobId, EmulatorFixture.FastPolling());
        var items = await _client.GetBatchItemsAsync(accepted.JobId).ToListAsync();

        job.CompletedUrls.Should().Be(7);
        items.Select(item => item.Url).Should().Equal(urls);
        return [.. items.Select(item => new Uri(item.Url).Host)];
    }

    private async Task<List<string>> CrawlAsync(string host)
    {
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = $"https://{host}/", Depth = 2, Limit = 6 });
        var job = await _client.WaitForCrawlAsync(accepted.JobId, EmulatorFixture.FastPolling());
        var pages = await _client.GetCrawlPagesAsync(accepted.JobId).ToListAsync();

        pages.Should().HaveCount(job.TotalPages).And.HaveCount(6);
        return [.. pages.Select(page => new Uri(page.Url).Host)];
    }

    private async Task<List<string>> WatchAsync(string host)
    {
        var accepted = await _client.StartCrawlAsync(new CrawlRequest { Url = $"https://{host}/", Depth = 2, Limit = 6 });
        var pages = await _client.WatchCrawlPagesAsync(accepted.JobId, EmulatorFixture.FastPolling()).ToListAsync();

        pages.Select(page => page.Url).Should().OnlyHaveUniqueItems().And.HaveCount(6);
        return [.. pages.Select(page => new Uri(page.Url).Host)];
    }
}
