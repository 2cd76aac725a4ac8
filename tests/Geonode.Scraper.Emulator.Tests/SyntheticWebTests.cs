using System.Net;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The hosts that exist for "re-run what failed", "failed pages of a crawl" and export-safety tests.</summary>
public sealed class SyntheticWebTests
{
    [Fact]
    public async Task FlakyHost_FailsTheFirstExtractionOfAUrl_AndSucceedsLater()
    {
        await using var api = await Api.StartAsync(o => o.PageTime = TimeSpan.FromMilliseconds(1));
        var first = await api.StartBatchAsync("https://a.flaky.test/1", "https://a.flaky.test/2", "https://a.example.test/3");
        api.Advance(TimeSpan.FromMinutes(1));
        var rerun = await api.StartBatchAsync("https://a.flaky.test/1", "https://a.flaky.test/2");
        api.Advance(TimeSpan.FromMinutes(1));
        var syncFirst = await api.PostAsync("/v1/extract", """{"url": "https://a.flaky.test/sync"}""");
        var syncAgain = await api.PostAsync("/v1/extract", """{"url": "https://a.flaky.test/sync"}""");

        static async Task<List<string>> Statuses(Api api, string id) =>
            (await api.GetAsync($"/v1/batch/{id}")).Array("results").Select(r => r!["status"]!.GetValue<string>()).ToList();
        (await Statuses(api, first)).Should().Equal("failed", "failed", "completed");
        (await Statuses(api, rerun)).Should().Equal("completed", "completed");
        syncFirst.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        syncAgain.Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PartialHost_ACrawlCompletesWithFailedPages()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 50);
        var id = await api.StartCrawlAsync("https://docs.partial.test/", depth: 3, limit: 40);
        api.Advance(TimeSpan.FromMinutes(5));

        var pages = new List<JsonNode>();
        for (var page = 1; page <= 4; page++)
        {
            pages.AddRange((await api.GetAsync($"/v1/crawl/{id}?page={page}&page_size=10")).Array("results").Select(r => r!));
        }

        var job = await api.GetAsync($"/v1/crawl/{id}?page_size=1");
        var failed = pages.Where(p => p["status"]!.GetValue<string>() == "failed").Select(p => p["url"]!.GetValue<string>()).ToList();

        job.Get("status").Should().Be("completed");
        job.Int("failed_pages").Should().Be(failed.Count).And.BeGreaterThan(0);
        failed.Should().Contain(["https://docs.partial.test/p/7", "https://docs.partial.test/p/14"]);
        failed.Select(u => int.Parse(u.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture) % 7).Should().OnlyContain(r => r == 0);
        pages.Where(p => p["status"]!.GetValue<string>() == "failed").Should().OnlyContain(p => p["error_code"]!.GetValue<string>() == "TARGET_UNREACHABLE");
    }

    [Fact]
    public async Task HostileHost_LinksToPathsThatAreUnsafeAsFileNames_AndACrawlFollowsThem()
    {
        await using var api = await Api.StartAsync(o => { o.Parallelism = 50; o.PageTime = TimeSpan.FromMilliseconds(1); });
        var extract = await api.PostAsync("/v1/extract", """{"url": "https://www.hostile.test/", "extract_links": true}""");
        var id = await api.StartCrawlAsync("https://www.hostile.test/", depth: 2, limit: 100);
        api.Advance(TimeSpan.FromMinutes(1));
        var crawled = (await api.GetAsync($"/v1/crawl/{id}?page_size=50")).Array("results").Select(r => r!["url"]!.GetValue<string>()).ToList();

        var links = extract.Json!["data"]!["links"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        foreach (var expected in new[] { "/docs/../../etc/passwd", "/docs/%2e%2e/%2e%2e/secret", "/CON", "/aux.txt", "/" + new string('a', 300), "/caf\u00e9/", "/caf%C3%A9/", "/page?x=1&next=../../z" })
        {
            links.Should().Contain(l => l.Contains(expected, StringComparison.Ordinal), expected);
            crawled.Should().Contain(l => l.Contains(expected, StringComparison.Ordinal), expected);
        }
    }

    [Fact]
    public async Task FailHost_SyncIs422_AsyncJobFails_BatchItemFails()
    {
        await using var api = await Api.StartAsync(o => o.PageTime = TimeSpan.FromMilliseconds(1));
        var sync = await api.PostAsync("/v1/extract", """{"url": "https://www.fail.test/"}""");
        var job = await api.StartExtractAsync("https://www.fail.test/");
        api.Advance(TimeSpan.FromMinutes(1));
        var failed = await api.GetAsync($"/v1/extract/{job}");

        sync.Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        (sync.Get("code"), sync.Json!["retryable"]!.GetValue<bool>()).Should().Be(("TARGET_UNREACHABLE", true));
        failed.Get("status").Should().Be("failed");
        failed.Json!["error"]!["code"]!.GetValue<string>().Should().Be("TARGET_UNREACHABLE");
        failed.Json!["tokens_charged"]!.GetValue<int>().Should().Be(0);
    }
}
