using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Account;

public sealed class AccountTests
{
    [Fact]
    public async Task GetStatisticsAsync_SendsTheDateRangeAndMapsTheDocumentedBody()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/statistics?start_date=2026-08-01T00%3A00%3A00Z&end_date=2026-08-31T00%3A00%3A00Z", TestClient.Json("""
            { "extraction_count": 310, "previous_period_extraction_count": 120, "success_rate": 0.955, "average_extraction_duration": 1204.5, "period_tokens_used": 296,
              "requests": [ { "date": "2026-08-30T00:00:00Z", "success_request_count": 21, "failed_request_count": 1 } ],
              "tokens_used": [ { "date": "2026-08-30T00:00:00Z", "tokens_used": 21 } ] }
            """));

        var stats = await t.Client.GetStatisticsAsync(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 8, 31, 0, 0, 0, TimeSpan.Zero));

        stats.ExtractionCount.Should().Be(310);
        stats.SuccessRate.Should().Be(0.955);
        stats.AverageExtractionDuration.Should().Be(1204.5);
        stats.Requests.Single().FailedRequestCount.Should().Be(1);
        stats.TokensUsed.Single().TokensUsed.Should().Be(21);
    }

    [Fact]
    public async Task GetStatisticsAsync_StartAfterEnd_Throws()
    {
        using var t = new TestClient();
        (await FluentActions.Awaiting(() => t.Client.GetStatisticsAsync(DateTimeOffset.UnixEpoch.AddDays(2), DateTimeOffset.UnixEpoch)).Should().ThrowAsync<ArgumentException>())
            .Which.ParamName.Should().Be("startDate");
    }

    [Fact]
    public async Task GetUsageAsync_KeepsEveryFieldOfTheUndocumentedShape()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/usage", TestClient.Json("""{ "concurrency_in_use": 3, "concurrency_limit": 25, "plan": "unlimited-25" }"""));

        var usage = await t.Client.GetUsageAsync();

        usage.ConcurrencyInUse.Should().Be(3);
        usage.ConcurrencyLimit.Should().Be(25);
        usage.AdditionalProperties!["plan"].GetString().Should().Be("unlimited-25");
    }

    [Fact]
    public async Task CheckHealthAsync_2xxIsHealthyAnd5xxUnhealthy()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 0);
        t.Sequence(HttpMethod.Get, TestClient.Base + "health", TestClient.Json("""{"status":"ok"}"""), TestClient.Status(HttpStatusCode.ServiceUnavailable, "down", "text/plain"));

        var healthy = await t.Run(t.Client.CheckHealthAsync());
        var unhealthy = await t.Run(t.Client.CheckHealthAsync());

        healthy.IsHealthy.Should().BeTrue();
        healthy.Status.Should().Be("ok");
        unhealthy.IsHealthy.Should().BeFalse();
        unhealthy.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        unhealthy.RawBody.Should().Be("down");
    }
}
