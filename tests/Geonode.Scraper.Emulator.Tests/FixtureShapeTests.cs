using System.Net;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The emulator's answers against the documented example payloads in Fixtures/ (copied from shared/fixtures).</summary>
public sealed class FixtureShapeTests
{
    [Fact]
    public async Task Extract_DocumentedRequest_AnswersTheDocumentedAcceptedProcessingAndCompletedShapes()
    {
        await using var api = await Api.StartAsync();

        var accepted = await api.PostAsync("/v1/extract", JsonShape.Fixture("extract-request-async.json"));
        var id = accepted.Get("job_id");
        api.Advance(TimeSpan.FromSeconds(1.5));
        var processing = await api.GetAsync($"/v1/extract/{id}");
        api.Advance(TimeSpan.FromSeconds(1));
        var completed = await api.GetAsync($"/v1/extract/{id}");

        accepted.Status.Should().Be(HttpStatusCode.Accepted);
        JsonShape.ShouldMatch(accepted.Json, JsonShape.Fixture("extract-accepted.json"));
        accepted.Get("status_url").Should().Be($"/v1/extract/{id}", "status_url is a relative path (API.md §4.3)");
        processing.Get("status").Should().Be("processing");
        JsonShape.ShouldMatch(processing.Json, JsonShape.Fixture("extract-job-processing.json"));
        completed.Get("status").Should().Be("completed");
        JsonShape.ShouldMatch(completed.Json, JsonShape.Fixture("extract-job-completed.json"));
        completed.Json!["metadata"]!["url"]!.GetValue<string>().Should().Be("https://docs.python.org/3/library/json.html");
    }

    [Fact]
    public async Task Batch_InProgress_MatchesTheDocumentedStatusPage()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 1);
        var accepted = await api.PostAsync("/v1/batch", JsonNode.Parse("""
            { "urls": ["https://quotes.toscrape.com/", "https://quotes.toscrape.com/page/2/"], "formats": ["markdown"],
              "proxy": { "country": "US", "type": "residential" } }
            """)!);
        api.Advance(TimeSpan.FromSeconds(2.5));

        var page = await api.GetAsync($"/v1/batch/{accepted.Get("job_id")}?page=1&page_size=10");

        page.Get("status").Should().Be("processing");
        (page.Int("completed_urls"), page.Int("pending_urls")).Should().Be((1, 1));
        JsonShape.ShouldMatch(page.Json, JsonShape.Fixture("batch-job-processing.json"));
    }

    [Fact]
    public async Task Crawl_InProgress_MatchesTheDocumentedStatusPage()
    {
        await using var api = await Api.StartAsync(o => o.Parallelism = 1);
        var id = await api.StartCrawlAsync("https://quotes.toscrape.com/", depth: 2, limit: 25);
        api.Advance(TimeSpan.FromSeconds(2.5));

        var page = await api.GetAsync($"/v1/crawl/{id}?page=1&page_size=10");

        page.Get("status").Should().Be("processing");
        page.Int("completed_pages").Should().Be(1);
        page.Int("total_pages").Should().BeGreaterThan(1, "pages linked from the seed are listed once the seed is done");
        JsonShape.ShouldMatch(page.Json, JsonShape.Fixture("crawl-job-processing.json"));
        page.Array("results")[0]!["depth"]!.GetValue<int>().Should().Be(1, "the seed is depth 1 (API.md §12.6)");
    }
}
