using System.Net;
using System.Text.Json.Nodes;
using Geonode.Scraper.Emulator.Tests.Support;

namespace Geonode.Scraper.Emulator.Tests;

/// <summary>The list endpoints take exactly the filter names decided from API.md (one name each); any other name is ignored,
/// as FastAPI ignores unknown query parameters. Lists are newest first.</summary>
public sealed class ListFilterTests
{
    private static async Task<List<string>> Ids(Api api, string path)
    {
        var answer = await api.GetAsync(path);
        answer.Status.Should().Be(HttpStatusCode.OK, answer.Text);
        return answer.Array("jobs").Select(j => j!["job_id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task ExtractJobs_FilterByStatusOutputJobIdUrlAndDates_NewestFirst()
    {
        await using var api = await Api.StartAsync();
        var alpha = await api.StartExtractAsync("https://Alpha.example.test/x");
        var beta = (await api.PostAsync("/v1/extract", """{"url": "https://beta.fail.test/y", "formats": ["html"], "processing_mode": "async"}""")).Get("job_id");
        api.Advance(TimeSpan.FromHours(1));
        var gamma = await api.StartExtractAsync("https://gamma.example.test/z");
        var gammaCreated = Api.Epoch.AddHours(1);

        (await Ids(api, "/v1/extract/jobs")).Should().Equal(gamma, beta, alpha);
        (await Ids(api, "/v1/extract/jobs?status=failed")).Should().Equal(beta);
        (await Ids(api, "/v1/extract/jobs?status=queued")).Should().Equal(gamma);
        (await Ids(api, "/v1/extract/jobs?output=html")).Should().Equal(beta);
        (await Ids(api, "/v1/extract/jobs?output=markdown")).Should().Equal(gamma, alpha);
        (await Ids(api, $"/v1/extract/jobs?job_id={alpha}")).Should().Equal(alpha);
        (await Ids(api, "/v1/extract/jobs?url=alpha.EXAMPLE")).Should().Equal(alpha);
        (await Ids(api, $"/v1/extract/jobs?start_date={Uri.EscapeDataString(gammaCreated.ToString("O"))}")).Should().Equal(new[] { gamma }, "start_date is inclusive");
        (await Ids(api, $"/v1/extract/jobs?end_date={Uri.EscapeDataString(Api.Epoch.ToString("O"))}")).Should().Equal(new[] { beta, alpha }, "end_date is inclusive");
        (await Ids(api, "/v1/extract/jobs?job_status=failed")).Should().HaveCount(3, "job_status is not the extraction list's name");
        (await api.GetAsync("/v1/extract/jobs?status=done")).Status.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await api.GetAsync("/v1/extract/jobs?output=pdf")).Status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task BatchAndCrawlJobs_FilterByJobStatusAndDates_IgnoreStatus()
    {
        await using var api = await Api.StartAsync();
        var batchA = await api.StartBatchAsync("https://a.example.test/");
        var batchB = await api.StartBatchAsync("https://b.example.test/");
        var crawlA = await api.StartCrawlAsync("https://a.example.test/");
        var crawlB = await api.StartCrawlAsync("https://b.example.test/");
        (await api.DeleteAsync($"/v1/batch/{batchA}")).Status.Should().Be(HttpStatusCode.Accepted);
        (await api.DeleteAsync($"/v1/crawl/{crawlA}")).Status.Should().Be(HttpStatusCode.Accepted);
        api.Advance(TimeSpan.FromMinutes(5));
        var batchC = await api.StartBatchAsync("https://c.example.test/");
        var later = Uri.EscapeDataString(Api.Epoch.AddMinutes(1).ToString("O"));

        (await Ids(api, "/v1/batch/jobs?job_status=cancelled")).Should().Equal(batchA);
        (await Ids(api, "/v1/batch/jobs?job_status=completed")).Should().Equal(batchB);
        (await Ids(api, "/v1/batch/jobs?status=cancelled")).Should().Equal([batchC, batchB, batchA], "status is not the batch list's name");
        (await Ids(api, $"/v1/batch/jobs?start_date={later}")).Should().Equal(batchC);
        (await Ids(api, $"/v1/batch/jobs?end_date={later}")).Should().Equal(batchB, batchA);
        (await Ids(api, "/v1/crawl/jobs?job_status=cancelled")).Should().Equal(crawlA);
        (await Ids(api, "/v1/crawl/jobs?status=cancelled")).Should().Equal(crawlB, crawlA);
        (await Ids(api, $"/v1/crawl/jobs?start_date={later}")).Should().BeEmpty();
        (await api.GetAsync("/v1/crawl/jobs?job_status=canceled")).Status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task MapJobs_FilterByPartialUrlJobStatusAndDates_IgnoreStatusAndSearch()
    {
        await using var api = await Api.StartAsync();
        (await api.PostAsync("/v1/map", """{"url": "https://Docs.Example.test/"}""")).Status.Should().Be(HttpStatusCode.OK);
        api.Advance(TimeSpan.FromMinutes(5));
        (await api.PostAsync("/v1/map", """{"url": "https://blog.other.test/"}""")).Status.Should().Be(HttpStatusCode.OK);
        var all = await Ids(api, "/v1/map/jobs");
        var later = Uri.EscapeDataString(Api.Epoch.AddMinutes(1).ToString("O"));

        all.Should().HaveCount(2);
        (await Ids(api, "/v1/map/jobs?url=docs.example")).Should().Equal(all[1]);
        (await Ids(api, "/v1/map/jobs?job_status=completed")).Should().Equal(all);
        (await Ids(api, "/v1/map/jobs?job_status=failed")).Should().BeEmpty();
        (await Ids(api, "/v1/map/jobs?status=failed")).Should().Equal(all, "status is not the map list's name");
        (await Ids(api, "/v1/map/jobs?query=docs")).Should().Equal(all, "query belongs to the search list");
        (await Ids(api, $"/v1/map/jobs?start_date={later}")).Should().Equal(all[0]);
        (await Ids(api, $"/v1/map/jobs?end_date={later}")).Should().Equal(all[1]);
    }

    [Fact]
    public async Task SearchJobs_FilterByPartialQueryJobStatusAndDates_IgnoreStatusAndUrl()
    {
        await using var api = await Api.StartAsync();
        var first = (await api.PostAsync("/v1/search", """{"query": "Headless Browser pooling"}""")).Get("job_id");
        api.Advance(TimeSpan.FromMinutes(5));
        var second = (await api.PostAsync("/v1/search", """{"query": "rust async runtimes"}""")).Get("job_id");
        var later = Uri.EscapeDataString(Api.Epoch.AddMinutes(1).ToString("O"));

        (await Ids(api, "/v1/search/jobs")).Should().Equal(second, first);
        (await Ids(api, "/v1/search/jobs?query=browser")).Should().Equal(first);
        (await Ids(api, "/v1/search/jobs?job_status=completed")).Should().Equal(second, first);
        (await Ids(api, "/v1/search/jobs?job_status=failed")).Should().BeEmpty();
        (await Ids(api, "/v1/search/jobs?status=failed")).Should().Equal(second, first);
        (await Ids(api, "/v1/search/jobs?url=rust")).Should().Equal(second, first);
        (await Ids(api, $"/v1/search/jobs?start_date={later}")).Should().Equal(second);
        (await Ids(api, $"/v1/search/jobs?end_date={later}")).Should().Equal(first);
    }

    [Fact]
    public async Task JobsCreatedAtTheSameInstant_AreListedNewestFirstAndStably()
    {
        await using var api = await Api.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await api.StartBatchAsync($"https://same.example.test/{i}"));
        }

        var firstPage = await Ids(api, "/v1/batch/jobs?page=1&page_size=5");
        var all = await Ids(api, "/v1/batch/jobs?page_size=100");

        all.Should().Equal(Enumerable.Reverse(ids));
        firstPage.Should().Equal(all.Take(5));
        (await Ids(api, "/v1/batch/jobs?page=3&page_size=5")).Should().Equal(all.Skip(10));
    }

    [Fact]
    public async Task Deliveries_FilterByStatus()
    {
        await using var api = await Api.StartAsync();
        // Not loopback: the emulator records failed attempts and sends nothing.
        var hook = (await api.PostAsync("/v1/webhooks", """{"url": "https://hooks.example.dev/x", "event_type": "extract_completed"}""")).Get("id");
        await api.StartExtractAsync("https://hooked.example.test/");
        api.Advance(TimeSpan.FromSeconds(3));

        var all = await WaitForDeliveriesAsync(api, hook, 3);

        all.Select(d => d!["status"]!.GetValue<string>()).Should().Equal("abandoned", "failed", "failed");
        all.Select(d => d!["attempt_number"]!.GetValue<int>()).Should().Equal(3, 2, 1);
        (await api.GetAsync($"/v1/webhooks/{hook}/deliveries?status=failed")).Array("items").Should().HaveCount(2);
        (await api.GetAsync($"/v1/webhooks/{hook}/deliveries?status=abandoned")).Array("items").Should().ContainSingle();
        (await api.GetAsync($"/v1/webhooks/{hook}/deliveries?status=success")).Array("items").Should().BeEmpty();
        (await api.GetAsync($"/v1/webhooks/{hook}/deliveries?status=ok")).Status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>Retries wait on the emulator's clock: move it until the attempts are recorded (bounded, in real time too).</summary>
    internal static async Task<JsonArray> WaitForDeliveriesAsync(Api api, string hook, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var items = (await api.GetAsync($"/v1/webhooks/{hook}/deliveries")).Array("items");
            if (items.Count >= count)
            {
                return items;
            }

            api.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        throw new TimeoutException($"fewer than {count} deliveries recorded");
    }
}
