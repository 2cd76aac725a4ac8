using System.Globalization;

namespace Geonode.Scraper.Tests.Support;

/// <summary>A completed crawl on the mock whose every page failed: its status poll and its result pages of 50.</summary>
public static class FakeCrawl
{
    public static IReadOnlyList<string> WithFailedPages(TestClient t, string jobId, int failed)
    {
        var urls = Enumerable.Range(0, failed).Select(i => $"https://docs.example.org/p/{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        var counters = $$""","url":"https://docs.example.org/","total_pages":{{failed}},"completed_pages":0,"failed_pages":{{failed}},"crawl_config":{"render_js":true,"formats":["html"]}""";
        t.Respond(HttpMethod.Get, $"{TestClient.Base}v1/crawl/{jobId}?page=1&page_size=1", TestClient.Json(TestClient.Job(jobId, "completed", counters)));
        for (var page = 1; (page - 1) * 50 < failed; page++)
        {
            var results = string.Join(",", urls.Skip((page - 1) * 50).Take(50).Select(u => $$"""{"url":"{{u}}","depth":2,"status":"failed","error_code":"TARGET_UNREACHABLE"}"""));
            t.Respond(HttpMethod.Get, $"{TestClient.Base}v1/crawl/{jobId}?page={page}&page_size=50", TestClient.Json(TestClient.Job(jobId, "completed", counters + $$""","results":[{{results}}]""")));
        }

        return urls;
    }

    public static Func<HttpResponseMessage> Accepted(string jobId, int urls) =>
        TestClient.Json($$"""{"job_id":"{{jobId}}","status":"queued","status_url":"/v1/batch/{{jobId}}","accepted_urls":{{urls}},"invalid_urls":[]}""", System.Net.HttpStatusCode.Accepted);
}
