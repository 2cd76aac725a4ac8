using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Map;

public sealed class MapTests
{
    [Fact]
    public async Task MapAsync_SendsTheDocumentedRequestAndMapsLinks()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/map", TestClient.Json("""
            { "success": true, "links": [ { "url": "https://blog.example.io/2026/launch", "source": "sitemap" }, { "url": "https://blog.example.io/about", "source": "html" } ], "warning": null }
            """));

        var result = await t.Client.MapAsync(new MapRequest { Url = "https://blog.example.io/", Search = "2026", IncludeSubdomains = false, IgnoreQueryParameters = true });

        JsonAssert.Equivalent(t.Requests.Single().Body, """{ "url": "https://blog.example.io/", "search": "2026", "include_subdomains": false, "ignore_query_parameters": true }""");
        result.Success.Should().BeTrue();
        result.Links.Select(l => (l.Url, l.Source)).Should().Equal(
            ("https://blog.example.io/2026/launch", MapLinkSource.Sitemap), ("https://blog.example.io/about", (MapLinkSource?)MapLinkSource.Html));
        result.Warning.Should().BeNull();
    }

    [Fact]
    public async Task MapAsync_Timeout408_IsNotRetriedAndSurfaces()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/map", TestClient.Status(HttpStatusCode.RequestTimeout, """{"code":"MAP_TIMEOUT","message":"discovery timed out"}"""));

        (await FluentActions.Awaiting(() => t.Client.MapAsync(new MapRequest { Url = "https://slow.example.io/" })).Should().ThrowAsync<ScraperApiException>())
            .Which.StatusCode.Should().Be(HttpStatusCode.RequestTimeout);
        t.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GetMapJobAsync_And_ListMapJobsAsync_MapEveryDocumentedField()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/map/m1", TestClient.Json("""
            { "job_id": "m1", "url": "https://blog.example.io/", "status": "completed", "links_count": 1, "duration_ms": 812, "tokens_charged": 1, "search": "2026",
              "include_subdomains": false, "ignore_query_parameters": true, "error_code": null, "error_message": null,
              "created_at": "2026-09-01T12:00:00Z", "completed_at": "2026-09-01T12:00:01Z", "links": [ { "url": "https://blog.example.io/2026/launch", "source": "sitemap" } ] }
            """));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/map/jobs?url=blog&job_status=failed&page=1&page_size=10", TestClient.Json("""
            { "jobs": [ { "job_id": "m2", "url": "https://blog.example.io/", "status": "failed", "links_count": 0, "duration_ms": 30000, "search": null, "error_code": "MAP_TIMEOUT",
              "created_at": "2026-09-01T12:00:00Z", "completed_at": null } ], "page": 1, "page_size": 10, "page_count": 1 }
            """));

        var job = await t.Client.GetMapJobAsync("m1");
        var list = await t.Client.ListMapJobsAsync(new MapJobQuery { Url = "blog", Status = JobStatus.Failed });

        job.TokensCharged.Should().Be(1);
        job.IgnoreQueryParameters.Should().BeTrue();
        job.Links.Single().Source.Should().Be(MapLinkSource.Sitemap);
        list.Items.Single().ErrorCode.Should().Be("MAP_TIMEOUT");
        list.Items.Single().DurationMs.Should().Be(30000);
    }
}
