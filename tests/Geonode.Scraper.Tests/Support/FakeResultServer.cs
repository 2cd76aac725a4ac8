using System.Text.Json.Nodes;
using System.Web;

namespace Geonode.Scraper.Tests.Support;

/// <summary>
/// A stateful stand-in for the batch/crawl status endpoint: every status poll (page_size=1) lets the job discover
/// <c>step</c> more results and settles those discovered before; result pages are served from the current state.
/// </summary>
public sealed class FakeResultServer
{
    private readonly object _lock = new();
    private readonly int _total;
    private readonly int _step;
    private readonly string _finalStatus;
    private int _discovered;
    private int _settled;

    public FakeResultServer(int total, int step, string finalStatus = "completed")
    {
        _total = total;
        _step = step;
        _finalStatus = finalStatus;
    }

    public List<(int Page, int PageSize)> Calls { get; } = [];

    public HttpResponseMessage Crawl(HttpRequestMessage request)
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var page = int.Parse(query["page"]!);
        var size = int.Parse(query["page_size"]!);
        lock (_lock)
        {
            Calls.Add((page, size));
            if (size == 1)
            {
                _settled = _discovered;
                _discovered = Math.Min(_total, _discovered + _step);
            }

            var done = _settled == _total;
            var results = new JsonArray();
            for (var i = (page - 1) * size; i < Math.Min(_discovered, page * size); i++)
            {
                results.Add(new JsonObject
                {
                    ["url"] = $"https://docs.example.test/p{i}",
                    ["depth"] = 1 + (i % 3),
                    ["status"] = i < _settled ? "completed" : "processing",
                    ["data"] = new JsonObject { ["markdown"] = $"# Page {i}" },
                });
            }

            var body = new JsonObject
            {
                ["job_id"] = "c1",
                ["status"] = done ? _finalStatus : "processing",
                ["created_at"] = "2026-09-01T12:00:00Z",
                ["total_pages"] = _discovered,
                ["completed_pages"] = _settled,
                ["results"] = results,
            };
            return TestClient.Json(body.ToJsonString())();
        }
    }
}
