using System.Text.Json.Nodes;
using System.Web;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Common;

public sealed class PagingTests
{
    private static Func<HttpResponseMessage> JobsPage(int page, int pageCount, params string[] ids) => TestClient.Json(new JsonObject
    {
        ["jobs"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject { ["job_id"] = id, ["status"] = "completed", ["created_at"] = "2026-09-01T12:00:00Z" }).ToArray()),
        ["page"] = page,
        ["page_size"] = 2,
        ["page_count"] = pageCount,
    }.ToJsonString());

    private static async Task<List<string>> ListAll(TestClient t) =>
        await t.Client.ListAllCrawlJobsAsync(new JobListQuery { PageSize = 2 }).Select(j => j.JobId).ToListAsync();

    [Fact]
    public async Task ListAll_WalksEveryPageInOrder()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=2", JobsPage(1, 3, "a", "b"));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=2&page_size=2", JobsPage(2, 3, "c", "d"));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=3&page_size=2", JobsPage(3, 3, "e"));

        (await ListAll(t)).Should().Equal("a", "b", "c", "d", "e");
        t.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task ListAll_EmptyList_YieldsNothingAfterOneRequest()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=2", JobsPage(1, 0));

        (await ListAll(t)).Should().BeEmpty();
        t.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ListAll_PageCountZeroWithItems_StopsAfterTheFirstPage()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=2", JobsPage(1, 0, "a", "b"));

        (await ListAll(t)).Should().Equal("a", "b");
        t.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ListAll_ServerAlwaysAnswersPageOne_StopsWithAResponseErrorInsteadOfLooping()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs").Respond(async req =>
        {
            await t.Record(req);
            return JobsPage(1, 1000, "a", "b")();
        });
        var seen = new List<string>();

        var ex = (await FluentActions.Awaiting(async () =>
        {
            await foreach (var job in t.Client.ListAllCrawlJobsAsync(new JobListQuery { PageSize = 2 }))
            {
                seen.Add(job.JobId);
            }
        }).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.Message.Should().Contain("asked for page 2, the server answered page 1");
        seen.Should().Equal("a", "b");
        t.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task ListAll_ServerEchoesThePageButRepeatsItsItems_StopsWithAResponseError()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=2", JobsPage(1, 1000, "a", "b"));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=2&page_size=2", JobsPage(2, 1000, "a", "b"));

        await FluentActions.Awaiting(() => ListAll(t)).Should().ThrowAsync<ScraperResponseException>();
        t.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task ListAll_NewJobShiftsTheListBetweenPageReads_YieldsEveryJobOnce()
    {
        using var t = new TestClient();

        // Newest first: page 1 is read, then job "new" is created, so "b" moves to page 2.
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=1&page_size=2", JobsPage(1, 2, "a", "b"));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=2&page_size=2", JobsPage(2, 3, "b", "c"));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/crawl/jobs?page=3&page_size=2", JobsPage(3, 3, "d"));

        (await ListAll(t)).Should().Equal("a", "b", "c", "d");
    }

    [Fact]
    public async Task GetCrawlPagesAsync_ReadsEveryPageOfFiftyUntilTheTotal()
    {
        using var t = new TestClient();
        var server = new FakeResultServer(total: 120, step: 120);
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1").Respond(server.Crawl);
        await t.Client.GetCrawlAsync("c1", pageSize: 1); // discover everything
        await t.Client.GetCrawlAsync("c1", pageSize: 1); // settle everything
        server.Calls.Clear();

        var pages = await t.Client.GetCrawlPagesAsync("c1").ToListAsync();

        pages.Select(p => p.Url).Should().Equal(Enumerable.Range(0, 120).Select(i => $"https://docs.example.test/p{i}"));
        server.Calls.Should().Equal((1, 50), (2, 50), (3, 50));
    }

    [Fact]
    public async Task GetBatchItemsAsync_EmptyResults_EndsAtOnce()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=50", TestClient.Json(TestClient.Job("b1", "queued", """, "total_urls": 10, "results": [] """)));

        (await t.Client.GetBatchItemsAsync("b1").ToListAsync()).Should().BeEmpty();
        t.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetBatchItemsAsync_ServerIgnoresPageAndLiesAboutTheTotal_YieldsEachItemOnceThenStopsWithAResponseError()
    {
        using var t = new TestClient();
        var items = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"input_index":{{i}},"url":"https://a.test/{{i}}","status":"completed"}"""));
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/b1").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json(TestClient.Job("b1", "completed", $$""", "total_urls": 1000, "results": [{{items}}] """))();
        });

        var read = new List<BatchItem>();

        (await FluentActions.Awaiting(async () =>
        {
            await foreach (var item in t.Client.GetBatchItemsAsync("b1"))
            {
                read.Add(item);
            }
        }).Should().ThrowAsync<ScraperResponseException>()).Which.Message.Should().Contain("ignores the 'page' parameter");

        read.Select(i => i.InputIndex).Should().Equal(Enumerable.Range(0, 50));
        t.Requests.Should().HaveCount(2, "the repeated page ends the walk");
    }

    [Fact]
    public async Task GetBatchItemsAsync_TotalLargerThanWhatExists_StopsAtTheShortPage()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/b1").Respond(async req =>
        {
            await t.Record(req);
            var page = int.Parse(HttpUtility.ParseQueryString(req.RequestUri!.Query)["page"]!);
            var count = page == 1 ? 50 : 25;
            var items = string.Join(",", Enumerable.Range((page - 1) * 50, count).Select(i => $$"""{"input_index":{{i}},"url":"https://a.test/{{i}}","status":"failed","error_code":"E"}"""));
            return TestClient.Json(TestClient.Job("b1", "completed", $$""", "total_urls": 5000, "results": [{{items}}] """))();
        });

        (await t.Client.GetBatchItemsAsync("b1").ToListAsync()).Should().HaveCount(75);
        t.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetCrawlPagesAsync_TotalGrowsWhileReading_ReadsTheNewPagesToo()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1").Respond(async req =>
        {
            await t.Record(req);
            var page = int.Parse(HttpUtility.ParseQueryString(req.RequestUri!.Query)["page"]!);

            // While the first page is read, 50 pages are known; by the second read the crawl has found 80.
            var total = page == 1 ? 50 : 80;
            var count = Math.Min(50, total - ((page - 1) * 50));
            var pages = string.Join(",", Enumerable.Range((page - 1) * 50, count).Select(i => $$"""{"url":"https://d.test/p{{i}}","depth":2,"status":"completed"}"""));
            return TestClient.Json(TestClient.Job("c1", "processing", $$""", "total_pages": {{total}}, "results": [{{pages}}] """))();
        });

        var read = await t.Client.GetCrawlPagesAsync("c1").ToListAsync();

        read.Should().HaveCount(80).And.OnlyHaveUniqueItems();
        t.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task WatchCrawlPagesAsync_YieldsEveryPageExactlyOnceWhileTheCrawlRuns()
    {
        using var t = new TestClient();
        var server = new FakeResultServer(total: 137, step: 20);
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1").Respond(server.Crawl);
        var firstSeenAtStatusPoll = new List<int>();

        var urls = new List<string>();
        await t.Run(Task.Run(async () =>
        {
            await foreach (var page in t.Client.WatchCrawlPagesAsync("c1"))
            {
                page.Status.Should().Be(JobStatus.Completed, "pages are yielded once settled");
                urls.Add(page.Url);
                firstSeenAtStatusPoll.Add(server.Calls.Count(c => c.PageSize == 1));
            }
        }));

        urls.Should().OnlyHaveUniqueItems().And.HaveCount(137);
        urls.Should().BeEquivalentTo(Enumerable.Range(0, 137).Select(i => $"https://docs.example.test/p{i}"));
        server.Calls.Should().OnlyContain(c => c.PageSize == 1 || c.PageSize == 50, "status polls and result fetches are separate");
        firstSeenAtStatusPoll.First().Should().BeLessThan(firstSeenAtStatusPoll.Last(), "pages stream while the crawl runs, not only at the end");
    }

    [Fact]
    public async Task WatchCrawlPagesAsync_JobNotVisibleYet_WaitsThroughTheGracePeriod()
    {
        using var t = new TestClient();
        var server = new FakeResultServer(total: 3, step: 3);
        var calls = 0;
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1").Respond(req =>
            Interlocked.Increment(ref calls) == 1 ? new HttpResponseMessage(System.Net.HttpStatusCode.NotFound) : server.Crawl(req));

        var pages = await t.Run(t.Client.WatchCrawlPagesAsync("c1"));

        pages.Should().HaveCount(3);
    }

    [Fact]
    public async Task WatchCrawlPagesAsync_CancelledCrawl_YieldsWhatSettledThenThrows()
    {
        using var t = new TestClient();
        var server = new FakeResultServer(total: 30, step: 10, finalStatus: "canceled");
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/crawl/c1").Respond(server.Crawl);
        var urls = new List<string>();

        var act = async () =>
        {
            await foreach (var page in t.Client.WatchCrawlPagesAsync("c1"))
            {
                urls.Add(page.Url);
            }
        };

        await FluentActions.Awaiting(() => t.Run(act())).Should().ThrowAsync<JobCancelledException>();
        urls.Should().HaveCount(30).And.OnlyHaveUniqueItems();
    }
}
