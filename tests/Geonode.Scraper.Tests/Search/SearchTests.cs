using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Search;

public sealed class SearchTests
{
    [Fact]
    public async Task SearchAsync_SendsTheDocumentedRequestAndMapsResults()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/search", TestClient.Json("""
            { "job_id": "1a2b3c4d", "query": "headless browser pooling", "page": 1, "attempts": 1,
              "results": [ { "position": 1, "title": "Pooling headless browsers", "url": "https://eng.example.com/pooling", "snippet": "How we reuse browser contexts...",
                             "displayed_url": "eng.example.com › pooling", "source_host": "eng.example.com" } ],
              "suggestions": ["browser pool"], "spelling_correction": null }
            """));

        var response = await t.Client.SearchAsync(new SearchRequest { Query = "headless browser pooling", Locale = "en-US", Page = 1, Safe = SearchSafety.Moderate });

        JsonAssert.Equivalent(t.Requests.Single().Body, """{ "query": "headless browser pooling", "locale": "en-US", "page": 1, "safe": "moderate" }""");
        response.JobId.Should().Be("1a2b3c4d");
        response.Attempts.Should().Be(1);
        response.Suggestions.Should().Equal("browser pool");
        response.Results.Single().Should().BeEquivalentTo(new SearchHit
        {
            Position = 1,
            Title = "Pooling headless browsers",
            Url = "https://eng.example.com/pooling",
            Snippet = "How we reuse browser contexts...",
            DisplayedUrl = "eng.example.com › pooling",
            SourceHost = "eng.example.com",
        });
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("   ", 1)]
    [InlineData("ok", 0)]
    [InlineData("ok", 21)]
    public async Task SearchAsync_QueryOrPageOutOfRange_ThrowsBeforeAnyRequest(string query, int page)
    {
        using var t = new TestClient();
        await FluentActions.Awaiting(() => t.Client.SearchAsync(new SearchRequest { Query = query, Page = page })).Should().ThrowAsync<ArgumentException>();
        t.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task SearchAsync_QueryOf1001Characters_Throws()
    {
        using var t = new TestClient();
        await FluentActions.Awaiting(() => t.Client.SearchAsync(new SearchRequest { Query = new string('q', 1001) })).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task GetAndListSearchJobs_MapTheDocumentedFieldsAndKeepUnknownOnes()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/search/s1", TestClient.Json("""
            { "job_id": "s1", "query": "q", "status": "completed", "results_count": 10, "duration_ms": 1200, "block_reason": null, "error_code": null,
              "created_at": "2026-09-01T12:00:00Z", "completed_at": "2026-09-01T12:00:01Z", "locale": "en" }
            """));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/search/jobs?query=q&page=1&page_size=10", TestClient.Json("""
            { "jobs": [ { "job_id": "s2", "query": "q", "status": "failed", "results_count": 0, "duration_ms": 300, "block_reason": "captcha", "error_code": "BLOCKED",
              "created_at": "2026-09-01T12:00:00Z", "completed_at": null } ], "page": 1, "page_size": 10, "page_count": 1 }
            """));

        var job = await t.Client.GetSearchJobAsync("s1");
        var listed = (await t.Client.ListSearchJobsAsync(new SearchJobQuery { Query = "q" })).Items.Single();

        job.ResultsCount.Should().Be(10);
        job.AdditionalProperties!["locale"].GetString().Should().Be("en");
        listed.BlockReason.Should().Be("captcha");
        listed.ErrorCode.Should().Be("BLOCKED");
    }
}
