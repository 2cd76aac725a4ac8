using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Common;

/// <summary>Each job list sends exactly one name for its status filter: <c>status</c> where the API documents it (extraction
/// jobs), <c>job_status</c> where the name comes from the API's MCP tools (map, search) or by analogy (batch, crawl).</summary>
public sealed class ListFilterTests
{
    private const string EmptyJobs = """{ "jobs": [], "page": 1, "page_size": 10, "page_count": 0 }""";
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 9, 2, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string> Lists => new()
    {
        { "extract", "v1/extract/jobs", "status=failed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=1&page_size=10" },
        { "batch", "v1/batch/jobs", "job_status=failed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=1&page_size=10" },
        { "crawl", "v1/crawl/jobs", "job_status=failed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=1&page_size=10" },
        { "map", "v1/map/jobs", "url=docs&job_status=failed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=1&page_size=10" },
        { "search", "v1/search/jobs", "query=pooling&job_status=failed&start_date=2026-09-01T00%3A00%3A00Z&end_date=2026-09-02T00%3A00%3A00Z&page=1&page_size=10" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task ListJobs_StatusFilter_SendsExactlyTheExpectedQuery(string list, string path, string query)
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + path).WithExactQueryString(query).Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json(EmptyJobs)();
        });

        await List(t.Client, list, JobStatus.Failed);

        var sent = t.Requests.Should().ContainSingle().Subject.Uri.Query;
        sent.Should().Be("?" + query);
        (CountParameter(sent, "status") + CountParameter(sent, "job_status")).Should().Be(1, "exactly one name is sent for the status filter");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task ListJobs_NoStatus_SendsNoStatusParameter(string list, string path, string query)
    {
        using var t = new TestClient();
        var expected = string.Join("&", query.Split('&').Where(p => !p.StartsWith("status=", StringComparison.Ordinal) && !p.StartsWith("job_status=", StringComparison.Ordinal)));
        t.Mock.When(HttpMethod.Get, TestClient.Base + path).WithExactQueryString(expected).Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json(EmptyJobs)();
        });

        await List(t.Client, list, null);

        t.Requests.Should().ContainSingle().Which.Uri.Query.Should().Be("?" + expected);
    }

    [Fact]
    public async Task ListAllBatchJobsAsync_KeepsTheFilterOnEveryPage()
    {
        using var t = new TestClient();
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/jobs").WithExactQueryString("job_status=cancelled&page=1&page_size=1").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json("""{ "jobs": [ { "job_id": "b1", "status": "cancelled", "created_at": "2026-09-01T12:00:00Z" } ], "page": 1, "page_size": 1, "page_count": 2 }""")();
        });
        t.Mock.When(HttpMethod.Get, TestClient.Base + "v1/batch/jobs").WithExactQueryString("job_status=cancelled&page=2&page_size=1").Respond(async req =>
        {
            await t.Record(req);
            return TestClient.Json("""{ "jobs": [ { "job_id": "b2", "status": "cancelled", "created_at": "2026-09-01T12:00:00Z" } ], "page": 2, "page_size": 1, "page_count": 2 }""")();
        });

        var jobs = await t.Client.ListAllBatchJobsAsync(new JobListQuery { Status = JobStatus.Cancelled, PageSize = 1 }).ToListAsync();

        jobs.Select(j => j.JobId).Should().Equal("b1", "b2");
        t.Requests.Should().HaveCount(2);
    }

    private static Task List(ScraperClient client, string list, JobStatus? status) => list switch
    {
        "extract" => client.ListExtractJobsAsync(new ExtractJobQuery { Status = status, StartDate = From, EndDate = To, PageSize = 10 }),
        "batch" => client.ListBatchJobsAsync(new JobListQuery { Status = status, StartDate = From, EndDate = To }),
        "crawl" => client.ListCrawlJobsAsync(new JobListQuery { Status = status, StartDate = From, EndDate = To }),
        "map" => client.ListMapJobsAsync(new MapJobQuery { Url = "docs", Status = status, StartDate = From, EndDate = To }),
        "search" => client.ListSearchJobsAsync(new SearchJobQuery { Query = "pooling", Status = status, StartDate = From, EndDate = To }),
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    private static int CountParameter(string query, string name) =>
        query.TrimStart('?').Split('&').Count(p => p.StartsWith(name + "=", StringComparison.Ordinal));
}
