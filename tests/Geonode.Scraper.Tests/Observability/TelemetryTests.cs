using System.Diagnostics;
using System.Net;
using Geonode.Scraper.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Geonode.Scraper.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    private static readonly string[] Routes =
    [
        "/v1/extract", "/v1/extract/{job_id}", "/v1/extract/jobs", "/v1/batch", "/v1/batch/{job_id}", "/v1/batch/jobs", "/v1/crawl", "/v1/crawl/{job_id}",
        "/v1/crawl/jobs", "/v1/map", "/v1/map/{job_id}", "/v1/map/jobs", "/v1/search", "/v1/search/{job_id}", "/v1/search/jobs", "/v1/usage", "/v1/statistics",
        "/health", "/v1/webhooks", "/v1/webhooks/{webhook_id}", "/v1/webhooks/{webhook_id}/rotate-secret", "/v1/webhooks/{webhook_id}/deliveries",
    ];

    [Fact]
    public async Task AsyncExtractAndARetriedRead_EmitFixedSpanNamesAndMetricsWithIdsOnlyAsAttributesAndNoKey()
    {
        var jobId = "telemetry-" + Guid.NewGuid().ToString("N");
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Geonode.Scraper").AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter("Geonode.Scraper").AddInMemoryExporter(metrics).Build();

        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json($$"""{"job_id":"{{jobId}}","status":"queued"}""", HttpStatusCode.Accepted));
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/" + jobId,
            TestClient.Status(HttpStatusCode.ServiceUnavailable),
            TestClient.Json(TestClient.Job(jobId, "completed", """, "data": {"markdown": "# ok"} """)),
            TestClient.Status(HttpStatusCode.BadGateway),
            TestClient.Json(TestClient.Job(jobId, "completed", """, "data": {"markdown": "# ok"} """)));

        await t.Run(t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/", ProcessingMode = ProcessingMode.Async }));
        await t.Run(t.Client.GetExtractJobAsync(jobId));
        tracing.ForceFlush();
        metering.ForceFlush();

        var mine = spans.Where(a => Equals(a.GetTagItem("geonode.resource.id"), jobId) || Equals(a.GetTagItem("geonode.job.id"), jobId)).ToList();
        spans.Should().OnlyContain(a => a.DisplayName == "wait for job" || Routes.Any(r => a.DisplayName.EndsWith(" " + r, StringComparison.Ordinal)),
            "span names are fixed strings: ids go into attributes, never into names");
        mine.Select(a => a.DisplayName).Should().Contain(["GET /v1/extract/{job_id}", "wait for job"]);
        mine.Single(a => a.DisplayName == "wait for job").GetTagItem("geonode.job.outcome").Should().Be("completed");

        // The poll that failed is retried by the wait (a new poll), the plain read by the connection (a retry event).
        var reads = mine.Where(a => a.DisplayName == "GET /v1/extract/{job_id}").ToList();
        reads.Should().HaveCount(3);
        reads.Last().Events.Should().ContainSingle(e => e.Name == "retry").Which.Tags.Should().Contain(new KeyValuePair<string, object?>("retry.reason", "HTTP 502"));
        reads.Last().GetTagItem("http.response.status_code").Should().Be(200);

        metrics.Select(m => m.Name).Should().Contain(["geonode.scraper.requests", "geonode.scraper.retries", "geonode.scraper.polls", "geonode.scraper.job.wait"]);
        var tags = new List<string>();
        foreach (var metric in metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }
            }
        }

        tags.Should().Contain("geonode.job.outcome=completed").And.Contain("http.response.status_code=503");
        var everything = spans.SelectMany(a => a.TagObjects.Select(tag => $"{a.DisplayName} {tag.Value}")).Concat(tags);
        everything.Should().NotContain(s => s.Contains(TestClient.ApiKey, StringComparison.Ordinal));
        tags.Should().NotContain(s => s.Contains(jobId, StringComparison.Ordinal), "metric tags stay low-cardinality: no ids");
    }
}
