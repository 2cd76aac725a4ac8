using System.Net;
using Geonode.Scraper.Tests.Support;

namespace Geonode.Scraper.Tests.Internal;

public sealed class ErrorMappingTests
{
    private const string Url = TestClient.Base + "v1/extract/j1";

    private static async Task<T> Fails<T>(HttpStatusCode status, string body, string mediaType = "application/json")
        where T : Exception
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 0);
        t.Respond(HttpMethod.Get, Url, TestClient.Status(status, body, mediaType));
        return (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<T>()).Which;
    }

    [Fact]
    public async Task ApiEnvelope_FillsEveryField()
    {
        var ex = await Fails<ScraperInsufficientBalanceException>(HttpStatusCode.PaymentRequired,
            """{ "code": "INSUFFICIENT_BALANCE", "message": "Not enough requests left", "correlation_id": "corr-1", "retryable": false }""");

        ex.StatusCode.Should().Be(HttpStatusCode.PaymentRequired);
        ex.ErrorCode.Should().Be("INSUFFICIENT_BALANCE");
        ex.ServerMessage.Should().Be("Not enough requests left");
        ex.CorrelationId.Should().Be("corr-1");
        ex.IsRetryable.Should().BeFalse();
        ex.ValidationErrors.Should().BeEmpty();
        ex.ResponseBody.Should().Contain("INSUFFICIENT_BALANCE");
        ex.Message.Should().Be("GET /v1/extract/j1 failed with HTTP 402 Payment Required (INSUFFICIENT_BALANCE): Not enough requests left. Correlation id: corr-1.");
    }

    [Fact]
    public async Task FastApiDetail_BecomesValidationErrors()
    {
        var ex = await Fails<ScraperValidationException>(HttpStatusCode.UnprocessableEntity,
            """{ "detail": [ { "loc": ["body", "urls", 3], "msg": "invalid or missing URL scheme", "type": "url_parsing" }, { "loc": ["query", "page_size"], "msg": "Input should be less than or equal to 50", "type": "less_than_equal" } ] }""");

        ex.ValidationErrors.Should().HaveCount(2);
        ex.ValidationErrors[0].Location.Should().Equal("body", "urls", "3");
        ex.ValidationErrors[0].Message.Should().Be("invalid or missing URL scheme");
        ex.ValidationErrors[0].Type.Should().Be("url_parsing");
        ex.Message.Should().Contain("body.urls.3: invalid or missing URL scheme").And.Contain("query.page_size");
        ex.ErrorCode.Should().BeNull();
    }

    [Fact]
    public async Task EmptyBody_MapsByStatusWithAClearMessage()
    {
        var ex = await Fails<ScraperNotFoundException>(HttpStatusCode.NotFound, "");

        ex.ResponseBody.Should().BeNull();
        ex.ErrorCode.Should().BeNull();
        ex.Message.Should().Be("GET /v1/extract/j1 failed with HTTP 404 Not Found: not found.");
    }

    [Fact]
    public async Task NonJsonBody_IsKeptRawAndCut()
    {
        var html = "<html><body>" + new string('x', 10_000) + "</body></html>";
        var ex = await Fails<ScraperApiException>(HttpStatusCode.BadGateway, html, "text/html");

        ex.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        ex.ResponseBody.Should().StartWith("<html><body>xxx").And.HaveLength(4096);
        ex.ServerMessage.Should().BeNull();
    }

    [Fact]
    public async Task StringDetail_BecomesTheServerMessage()
    {
        var ex = await Fails<ScraperNotFoundException>(HttpStatusCode.NotFound, """{"detail":"Job not found"}""");
        ex.ServerMessage.Should().Be("Job not found");
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(ScraperAuthenticationException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(ScraperAuthenticationException))]
    [InlineData(HttpStatusCode.PaymentRequired, typeof(ScraperInsufficientBalanceException))]
    [InlineData(HttpStatusCode.NotFound, typeof(ScraperNotFoundException))]
    [InlineData(HttpStatusCode.Conflict, typeof(ScraperConflictException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(ScraperValidationException))]
    [InlineData(HttpStatusCode.UnprocessableEntity, typeof(ScraperValidationException))]
    [InlineData(HttpStatusCode.TooManyRequests, typeof(ScraperRateLimitException))]
    [InlineData(HttpStatusCode.InternalServerError, typeof(ScraperApiException))]
    public async Task Status_MapsToItsExceptionType(HttpStatusCode status, Type expected)
    {
        var ex = await Fails<ScraperApiException>(status, """{"code":"X","message":"m"}""");
        ex.GetType().Should().Be(expected);
    }

    [Fact]
    public async Task SuccessWithHtmlBody_ThrowsScraperResponseExceptionWithTheFirstBytes()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, Url, TestClient.Status(HttpStatusCode.OK, "<!DOCTYPE html><html>captive portal</html>", "text/html"));

        var ex = (await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperResponseException>()).Which;

        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.ContentType.Should().StartWith("text/html");
        ex.BodyPrefix.Should().StartWith("<!DOCTYPE html>");
        ex.Message.Should().Contain("<!DOCTYPE html>");
    }

    [Theory]
    [InlineData("""{"job_id":"j1","status":"comp""")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{"status":"completed"}""")]
    [InlineData("""{"job_id":"j1","status":"completed","tokens_charged":"many"}""")]
    public async Task SuccessWithTruncatedEmptyOrWrongShape_ThrowsScraperResponseException(string body)
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, Url, TestClient.Status(HttpStatusCode.OK, body));

        await FluentActions.Awaiting(() => t.Client.GetExtractJobAsync("j1")).Should().ThrowAsync<ScraperResponseException>();
    }

    [Fact]
    public async Task UnknownFields_AreIgnored()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Get, Url, TestClient.Json("""{"job_id":"j1","status":"queued","created_at":"2026-09-01T12:00:00Z","brand_new_field":{"a":[1,2]},"priority":7}"""));

        (await t.Client.GetExtractJobAsync("j1")).Status.Should().Be(JobStatus.Queued);
    }

    [Fact]
    public async Task CancelConflict_SaysTheJobCanNoLongerBeCancelled()
    {
        using var t = new TestClient();
        t.Respond(HttpMethod.Delete, TestClient.Base + "v1/batch/b1", TestClient.Status(HttpStatusCode.Conflict, """{"code":"JOB_NOT_CANCELLABLE","message":"Job already completed"}"""));
        t.Respond(HttpMethod.Get, TestClient.Base + "v1/batch/b1?page=1&page_size=1", TestClient.Json(TestClient.Job("b1", "completed")));

        var ex = (await FluentActions.Awaiting(() => t.Client.CancelBatchAsync("b1")).Should().ThrowAsync<ScraperConflictException>()).Which;

        ex.Message.Should().Contain("can no longer be cancelled").And.Contain("Job already completed");
        t.Requests.Select(r => r.Method).Should().Equal([HttpMethod.Delete, HttpMethod.Get], "a 409 is always followed by one read: the job may be cancelled after all");
    }
}
