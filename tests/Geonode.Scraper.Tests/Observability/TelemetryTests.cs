using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Observability;

public sealed class TelemetryTests
{
    private const string JobId = "telemetry-job-7";

    [Fact]
    public async Task AsyncExtract_EmitsRequestAndWaitSpansAndMetrics_WithoutTheKey()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Geonode.Scraper",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Geonode.Scraper")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
        meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, tags.ToArray())));
        meterListener.Start();

        using var t = new TestClient();
        t.Respond(HttpMethod.Post, TestClient.Base + "v1/extract", TestClient.Json($$"""{"job_id":"{{JobId}}","status":"queued"}""", HttpStatusCode.Accepted));
        t.Sequence(HttpMethod.Get, TestClient.Base + "v1/extract/" + JobId,
            TestClient.Status(HttpStatusCode.ServiceUnavailable),
            TestClient.Json(TestClient.Job(JobId, "completed", """, "data": {"markdown": "# ok"} """)));

        await t.Client.ExtractAsync(new ExtractRequest { Url = "https://example.org/", ProcessingMode = ProcessingMode.Async });

        var mine = activities.Where(a => a.DisplayName.Contains(JobId, StringComparison.Ordinal) || Equals(a.GetTagItem("geonode.job.id"), JobId)).ToList();
        mine.Select(a => a.DisplayName).Should().Contain(["GET /v1/extract/" + JobId, "wait for job"]);
        mine.Single(a => a.DisplayName == "wait for job").GetTagItem("geonode.job.outcome").Should().Be("completed");
        var get = mine.Single(a => a.DisplayName.StartsWith("GET", StringComparison.Ordinal));
        get.GetTagItem("http.response.status_code").Should().Be(200);
        get.Events.Should().ContainSingle(e => e.Name == "retry").Which.Tags.Should().Contain(new KeyValuePair<string, object?>("retry.reason", "HTTP 503"));
        measurements.Should().Contain(m => m.Instrument == "geonode.scraper.retries");
        measurements.Should().Contain(m => m.Instrument == "geonode.scraper.polls");
        measurements.Should().Contain(m => m.Instrument == "geonode.scraper.job.wait" && m.Tags.Any(tag => Equals(tag.Value, "completed")));
        measurements.Should().Contain(m => m.Instrument == "geonode.scraper.requests" && m.Tags.Any(tag => Equals(tag.Value, 503)));

        var everything = activities.SelectMany(a => a.TagObjects.Select(tag => $"{a.DisplayName} {tag.Value}"))
            .Concat(measurements.SelectMany(m => m.Tags.Select(tag => $"{tag.Value}")));
        everything.Should().NotContain(s => s.Contains(TestClient.ApiKey, StringComparison.Ordinal));
    }
}
