using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Batch;

/// <summary>Watching results while a job runs: each item once, no page read twice without cause, faults ridden out.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task WatchBatchItemsAsync_ThousandItemsWithOneSlowItem_ReadsEachSettledPageOnceAndStaysWithinTheRequestBound()
    {
        using var t = new TestClient();
        var server = new BatchServer(total: 1000, settlePerPoll: 100, slowIndex: 500, slowExtraPolls: 6);
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/b1").Respond(server.Answer);

        var items = await t.Run(t.Client.WatchBatchItemsAsync("b1"));

        items.Select(i => i.InputIndex).Should().OnlyHaveUniqueItems().And.HaveCount(1000);
        items.Should().OnlyContain(i => i.Status == JobStatus.Completed);
        var polls = server.StatusPolls;
        var pageReads = server.PageReads;

        // 20 result pages of 50; besides those, only the page holding the slow item is read again, once per poll at which
        // something new had settled, and the final drain checks it once more.
        pageReads.Should().BeLessThanOrEqualTo(polls + 20 + 3, $"{polls} status polls were made");
        server.ReadsOfPage(1).Should().Be(1, "a page whose items have all settled is not read again");
    }

    [Fact]
    public async Task WatchBatchItemsAsync_TransientErrorOnAPageRead_IsRetriedLikeAPoll()
    {
        using var t = new TestClient();
        var server = new BatchServer(total: 120, settlePerPoll: 60, slowIndex: -1, slowExtraPolls: 0) { FailPageReads = 1 };
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/b1").Respond(server.Answer);

        var items = await t.Run(t.Client.WatchBatchItemsAsync("b1"));

        items.Select(i => i.InputIndex).Should().BeEquivalentTo(Enumerable.Range(0, 120));
        server.FailedPageReads.Should().Be(1);
    }

    [Fact]
    public async Task WatchBatchItemsAsync_PageChangesBetweenReads_TheFinalDrainRescansAndYieldsWhatSlippedBetween()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(Job("completed", 60, [])));

        // The first read of page 1 has items 0..49; by the time page 2 is read, item 55 has moved to the top of page 1.
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=50",
            TestClient.Json(Job("completed", 60, Enumerable.Range(0, 50))),
            TestClient.Json(Job("completed", 60, new[] { 55 }.Concat(Enumerable.Range(0, 49)))));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=2&page_size=50",
            TestClient.Json(Job("completed", 60, Enumerable.Range(49, 6).Concat(Enumerable.Range(56, 4)))));

        var items = await t.Run(t.Client.WatchBatchItemsAsync("b1"));

        items.Select(i => i.InputIndex).Should().BeEquivalentTo(Enumerable.Range(0, 60)).And.OnlyHaveUniqueItems();
    }

    private static string Job(string status, int total, IEnumerable<int> indexes) => new JsonObject
    {
        ["job_id"] = "b1",
        ["status"] = status,
        ["created_at"] = "2026-09-01T12:00:00Z",
        ["total_urls"] = total,
        ["completed_urls"] = total,
        ["results"] = new JsonArray(indexes.Select(i => (JsonNode)new JsonObject { ["input_index"] = i, ["url"] = $"https://a.test/{i}", ["status"] = "completed" }).ToArray()),
    }.ToJsonString();

    /// <summary>A batch whose items settle in input order, <c>settlePerPoll</c> per status poll, except one slow item.</summary>
    private sealed class BatchServer(int total, int settlePerPoll, int slowIndex, int slowExtraPolls)
    {
        private readonly object _lock = new();
        private readonly Dictionary<int, int> _pageReads = [];
        private int _polls;
        private int _settled;
        private int _pollsSinceOthersDone;

        public int FailPageReads { get; init; }

        public int FailedPageReads { get; private set; }

        public int StatusPolls => _polls;

        public int PageReads => _pageReads.Values.Sum();

        public int ReadsOfPage(int page) => _pageReads.GetValueOrDefault(page);

        public HttpResponseMessage Answer(HttpRequestMessage request)
        {
            var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var page = int.Parse(query["page"]!);
            var size = int.Parse(query["page_size"]!);
            lock (_lock)
            {
                if (size == 1)
                {
                    _polls++;
                    _settled = Math.Min(total, _settled + settlePerPoll);
                    if (_settled == total)
                    {
                        _pollsSinceOthersDone++;
                    }
                }
                else
                {
                    _pageReads[page] = _pageReads.GetValueOrDefault(page) + 1;
                    if (FailedPageReads < FailPageReads)
                    {
                        FailedPageReads++;
                        return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                    }
                }

                var slowDone = slowIndex < 0 || _pollsSinceOthersDone > slowExtraPolls;
                bool Settled(int i) => i < _settled && (i != slowIndex || slowDone);
                var done = Enumerable.Range(0, total).Count(Settled);
                var results = new JsonArray();
                for (var i = (page - 1) * size; i < Math.Min(total, page * size); i++)
                {
                    results.Add((JsonNode)new JsonObject { ["input_index"] = i, ["url"] = $"https://a.test/{i}", ["status"] = Settled(i) ? "completed" : "processing" });
                }

                return TestClient.Json(new JsonObject
                {
                    ["job_id"] = "b1",
                    ["status"] = done == total ? "completed" : "processing",
                    ["created_at"] = "2026-09-01T12:00:00Z",
                    ["total_urls"] = total,
                    ["completed_urls"] = done,
                    ["pending_urls"] = total - done,
                    ["results"] = results,
                }.ToJsonString())();
            }
        }
    }
}
